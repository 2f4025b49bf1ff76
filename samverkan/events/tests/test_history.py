"""The change history says the events app's actions in words (registered by the app itself)."""

from samverkan.audit.display import action_label
from samverkan.audit.models import AuditEntry
from samverkan.events import services


def test_the_history_names_publishing_and_cancelling_an_event_in_swedish(make_event) -> None:
    event = make_event()
    services.cancel_event(event=event, actor=None)
    labels = {
        e.action: action_label(e)
        for e in AuditEntry.objects.filter(object_type="events.event", object_id=str(event.pk))
    }
    assert labels["publish_event"] == "Publicerade evenemanget"
    assert labels["cancel_event"] == "Ställde in evenemanget"
