from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "samverkan.plans"
    verbose_name = _("Planer")

    def ready(self) -> None:
        from samverkan.collaborations import desk
        from samverkan.plans import desk as plans_desk
        from samverkan.plans import permissions, signals  # noqa: F401  (declares the actions; connects the receiver)

        desk.register_todos(plans_desk.todos)
        desk.register_calendar(plans_desk.calendar_entries)
