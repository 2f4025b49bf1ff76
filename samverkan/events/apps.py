from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "samverkan.events"
    verbose_name = _("Evenemang")

    def ready(self) -> None:
        from samverkan.audit.display import register_actions
        from samverkan.collaborations import desk, generation
        from samverkan.collaborations.checks import RuleSet, register
        from samverkan.events import checks, generate, permissions, rules  # noqa: F401  (declares the actions)
        from samverkan.events import desk as events_desk
        from samverkan.events.erasure import erase_registrations
        from samverkan.organisations.personal_data import register_eraser

        # a person's registrations are erased with the person (GDPR)
        register_eraser(erase_registrations)

        # its audited actions as the change history says them
        register_actions(
            {
                "publish_event": _("Publicerade evenemanget"),
                "cancel_event": _("Ställde in evenemanget"),
                "create_registration": _("Anmälde en deltagare"),
                "cancel_registration": _("Avbokade en anmälan"),
                "move_up_registration": _("Flyttade upp från väntelistan"),
                "set_attendance": _("Markerade närvaron"),
                "book_event_fees": _("Bokförde deltagaravgifterna"),
                "update_registration": _("Ändrade anmälan"),
                "send_event_reminders": _("Skickade påminnelser"),
                "send_event_evaluation": _("Skickade länken till utvärderingen"),
            }
        )

        # registrants' personal data: anonymised after the model file's retention period by the
        # retention job, and their registrations in a person's own export (GDPR)
        from samverkan.events import retention
        from samverkan.organisations.personal_data import register_exporter, register_retention

        register_retention(retention.apply_retention)
        register_exporter(retention.person_registrations)
        register_actions(
            {
                "anonymise_registrations": _("Anonymiserade anmälningarna efter gallringstiden"),
                "erase_registration": _("Raderade uppgifterna i anmälan på den anmäldas begäran"),
            }
        )

        # its part of the data generator (`samverkan generate`)
        generation.register(70, "events", generate.events)

        # its sessions in the kalendarium, a member's events in their feed, and their to-dos
        desk.register_calendar(events_desk.calendar_entries)
        desk.register_feed(events_desk.feed_events)
        desk.register_todos(events_desk.todos)

        # its clause of the agreement check: M3, the year's events reach each target group
        register(RuleSet("events", collect=checks.collect, judge=rules.judge, order=70))

        # Its API router (api.py) is mounted in samverkan/api/api.py. See docs/events.md.
