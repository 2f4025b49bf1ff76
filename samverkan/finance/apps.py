from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samverkan.finance"
    verbose_name = _("Ekonomi")

    def ready(self) -> None:
        from samverkan.finance import permissions  # noqa: F401  (declares the app's actions)
        from samverkan.finance.plan_kind import BUDGET
        from samverkan.plans import kinds

        kinds.register(BUDGET)  # the budget is a plan document whose lines are the economy's

        from samverkan.collaborations.checks import RuleSet, register
        from samverkan.finance import checks, rules

        register(RuleSet("finance", collect=checks.collect, judge=rules.judge, order=50))
