from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "samverkan.events"
    verbose_name = _("Evenemang")

    def ready(self) -> None:
        # declares the app's actions, so `Access.can` and templates (`access|can:"…"`) know them
        from samverkan.events import permissions  # noqa: F401

        # Still to register (issue 15): its agreement rule M3 (checks.py, rules.judge), its to-dos
        # and calendar entries (desk.py), its part of the data generator (generate.py) and its
        # API router (api.py). See docs/events.md.
