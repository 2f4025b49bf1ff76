"""The change history (Ändringshistorik) in the words a user knows: what was done as a phrase,
fields by their labels, values as the page shows them (choices, local date and time, names)."""

import datetime
import zoneinfo

from django.urls import reverse

from samverkan.audit.models import AuditEntry
from samverkan.audit.services import record
from samverkan.meetings import services
from samverkan.meetings.models import Meeting

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def history_of(html: str) -> str:
    return html.split("Ändringshistorik")[1].split("</details>")[0]


def test_the_meeting_history_shows_labels_and_values_not_code_names_or_offsets(client_for, world):
    start = datetime.datetime(2027, 3, 9, 9, 30, tzinfo=STOCKHOLM)
    meeting = services.plan_meeting(
        group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2), place="Umeå", actor=None
    )
    later = start + datetime.timedelta(days=1)
    services.update_meeting(meeting=meeting, actor=None, starts_at=later, ends_at=later + datetime.timedelta(hours=2))
    history = history_of(
        client_for("coordinator")
        .get(reverse("meeting_detail", args=[world.collaboration.slug, meeting.pk]))
        .content.decode()
    )
    for code in ("plan_meeting", "update_meeting", "starts_at", "planned", "+01:00", "+00:00", "T09"):
        assert code not in history
    assert "Planerade mötet" in history and "Ändrade mötet" in history
    assert "Börjar" in history and "Status: – → planerat" in history
    assert "9 mars 2027, 09:30 → 10 mars 2027, 09:30" in history
    assert "Rubrik" not in history  # nothing became nothing
    assert history.index("Börjar") < history.index("Slutar")  # in the order of the form


def test_an_unknown_action_and_field_still_read_as_words(world):
    meeting = Meeting.objects.filter(group=world.sg).first()
    entry = record(
        actor=None,
        action="update_some_new_thing",
        obj=meeting,
        after={"holiday_confirmed": True, "brand_new_field": "x", "amount_ore": -150000, "group": world.sg.pk},
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.action_label == "Ändrade möte"
    changes = {label: after for label, _before, after in entry.display_changes()}
    assert changes["Hålls trots helgdag"] == "ja"
    assert changes["Brand new field"] == "x"
    assert changes["Grupp"] == "Samverkansgruppen"  # a foreign key by its name
    assert changes["Belopp"] == "\u22121\xa0500,00\xa0kr"
