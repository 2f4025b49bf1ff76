from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samverkan.finance"
    verbose_name = _("Ekonomi")

    def ready(self) -> None:
        from samverkan.collaborations.checks import RuleSet, register
        from samverkan.finance import checks, rules

        register(RuleSet("finance", collect=checks.collect, judge=rules.judge, order=50))
