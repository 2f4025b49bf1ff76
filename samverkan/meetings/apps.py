from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "samverkan.meetings"
    verbose_name = _("Möten")

    def ready(self) -> None:
        from samverkan.collaborations import desk, generation
        from samverkan.collaborations.checks import RuleSet, register
        from samverkan.meetings import (
            checks,
            generate,
            permissions,  # noqa: F401  (declares the app's actions)
            rules,
        )
        from samverkan.meetings import desk as meetings_desk

        desk.register_todos(meetings_desk.todos)
        desk.register_calendar(meetings_desk.calendar_entries)
        desk.register_feed(meetings_desk.feed_events)
        register(RuleSet("meetings", collect=checks.collect, judge=rules.judge, order=20))

        # its part of the data generator (`samverkan generate`)
        generation.register(40, "meetings", generate.meetings)
