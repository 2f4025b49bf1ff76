from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "samverkan.plans"
    verbose_name = _("Planer")

    def ready(self) -> None:
        from samverkan.collaborations import desk, generation
        from samverkan.collaborations.checks import RuleSet, register
        from samverkan.plans import checks, generate, permissions, rules, signals  # noqa: F401  (declares the actions; connects the receiver)
        from samverkan.plans import desk as plans_desk

        desk.register_todos(plans_desk.todos)
        desk.register_calendar(plans_desk.calendar_entries)
        register(RuleSet("plans", collect=checks.collect, judge=rules.judge, order=30))

        # its part of the data generator (`samverkan generate`)
        generation.register(50, "plans", generate.plans)
