from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samverkan.finance"
    verbose_name = _("Ekonomi")

    def ready(self) -> None:
        from samverkan.finance import permissions  # noqa: F401  (declares the app's actions)
