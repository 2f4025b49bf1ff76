from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samverkan.finance"
    verbose_name = _("Ekonomi")

    def ready(self) -> None:
        from samverkan.collaborations import generation
        from samverkan.finance import (
            generate,
            permissions,  # noqa: F401  (declares the app's actions)
        )
        from samverkan.finance.plan_kind import BUDGET
        from samverkan.plans import kinds

        kinds.register(BUDGET)  # the budget is a plan document whose lines are the economy's

        from samverkan.collaborations.checks import RuleSet, register
        from samverkan.finance import checks, rules

        register(RuleSet("finance", collect=checks.collect, judge=rules.judge, order=50))

        # its part of the data generator (`samverkan generate`)
        generation.register(60, "finance", generate.finance)
