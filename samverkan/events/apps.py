from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "samverkan.events"
    verbose_name = _("Evenemang")

    def ready(self) -> None:
        from samverkan.audit.display import register_actions
        from samverkan.collaborations import generation
        from samverkan.events import generate, permissions  # noqa: F401  (declares the actions)
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
                "send_event_reminders": _("Skickade påminnelser"),
                "send_event_evaluation": _("Skickade länken till utvärderingen"),
            }
        )

        # its part of the data generator (`samverkan generate`)
        generation.register(70, "events", generate.events)

        # Still to register (issue 15): its agreement rule M3 (checks.py, rules.judge), its to-dos
        # and calendar entries (desk.py) and its API router (api.py). See docs/events.md.
