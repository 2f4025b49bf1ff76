"""What the audit trail keeps of a change: a moment typed in local time that is the moment
already saved is no change (nothing saved, nothing recorded); a moment that moved is."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from samverkan.audit.models import AuditEntry
from samverkan.audit.services import save_changes, snapshot
from samverkan.meetings.models import Meeting

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


@pytest.mark.django_db
def test_the_same_moment_in_local_time_is_no_change_and_a_moved_one_is(world):
    saved = datetime.datetime(2027, 3, 10, 8, 0, tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(
        group=world.sg, title="Möte", starts_at=saved, ends_at=saved + datetime.timedelta(hours=2)
    )
    meeting.refresh_from_db()
    same = saved.astimezone(STOCKHOLM)  # 09:00 in Umeå
    assert snapshot(meeting, ["starts_at"]) == {"starts_at": "2027-03-10 08:00:00+00:00"}
    changed = save_changes(obj=meeting, changes={"starts_at": same}, fields=["starts_at"], actor=None, action="x")
    assert not changed and not AuditEntry.objects.filter(action="x").exists()
    later = same + datetime.timedelta(hours=1)
    assert save_changes(obj=meeting, changes={"starts_at": later}, fields=["starts_at"], actor=None, action="x")
    entry = AuditEntry.objects.get(action="x")
    assert (entry.before["starts_at"], entry.after["starts_at"]) == (
        "2027-03-10 08:00:00+00:00",
        "2027-03-10 09:00:00+00:00",
    )
