from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "samverkan.meetings"
    verbose_name = _("Möten")

    def ready(self) -> None:
        from samverkan.meetings import permissions  # noqa: F401  (declares the app's actions)
