"""The meetings' workflows: which status may follow which (the tables are pure; the last tests
show the use cases asking them)."""

import datetime

import pytest
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.meetings import minutes, rules, services
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemStatus,
    AttendanceStatus,
    DatePollStatus,
    Meeting,
    MeetingStatus,
    MinutesStatus,
)


@pytest.mark.parametrize(
    ("flow", "enum"),
    [
        (rules.MEETING, MeetingStatus),
        (rules.AGENDA_ITEM, AgendaItemStatus),
        (rules.ATTENDANCE, AttendanceStatus),
        (rules.MINUTES, MinutesStatus),
        (rules.DATE_POLL, DatePollStatus),
    ],
)
def test_each_table_decides_for_every_status_of_its_enum(flow, enum) -> None:
    assert flow.covers(enum.values)


def test_a_meeting_is_called_held_and_approved_or_cancelled_before_it_is_held() -> None:
    moves = {(a, b) for a in MeetingStatus.values for b in MeetingStatus.values if rules.MEETING.allows(a, b)}
    assert moves == {
        ("planned", "called"),
        ("planned", "held"),
        ("planned", "cancelled"),
        ("called", "called"),
        ("called", "held"),
        ("called", "cancelled"),
        ("held", "approved"),
    }


def test_a_cancelled_or_held_meeting_is_not_reopened() -> None:
    labels = dict(MeetingStatus.choices)
    assert rules.MEETING.refusal("cancelled", "called", labels=labels) == (
        "Ett möte som är inställt kan inte bli kallat."
    )
    assert rules.MEETING.refusal("cancelled", "held", labels=labels) == "Ett möte som är inställt kan inte bli hållet."
    assert rules.MEETING.refusal("held", "cancelled", labels=labels) == "Ett möte som är hållet kan inte bli inställt."
    assert rules.MEETING.next_states("approved") == set()


def test_a_suggestion_is_accepted_once() -> None:
    assert rules.AGENDA_ITEM.allows("suggested", "accepted")
    assert rules.AGENDA_ITEM.refusal("accepted", "suggested", labels=dict(AgendaItemStatus.choices)) == (
        "En punkt som är på dagordningen kan inte bli föreslagen."
    )


def test_attendance_may_be_corrected_to_anything() -> None:
    assert all(rules.ATTENDANCE.allows(a, b) for a in AttendanceStatus.values for b in AttendanceStatus.values)


def test_approved_minutes_stay_approved() -> None:
    assert rules.MINUTES.allows("draft", "approved")
    assert not rules.MINUTES.allows("draft", "draft")
    assert rules.MINUTES.refusal("approved", "draft", labels=dict(MinutesStatus.choices)) == (
        "Ett protokoll som är justerat kan inte bli utkast."
    )


def test_a_date_poll_is_decided_once() -> None:
    assert rules.DATE_POLL.allows("open", "decided")
    assert rules.DATE_POLL.refusal("decided", "open", labels=dict(DatePollStatus.choices)) == (
        "En datumförfrågan som är avgjord kan inte bli öppen."
    )
    assert not rules.DATE_POLL.allows("decided", "decided")


# --- the use cases ask the tables (database) ---------------------------------------------------


def _meeting(world, days: int, status: str) -> Meeting:
    start = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.create(
        group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2), status=status
    )


def test_a_cancelled_meeting_is_not_called_and_nothing_goes_out(world):
    meeting = _meeting(world, 10, MeetingStatus.CANCELLED)
    AgendaItem.objects.create(meeting=meeting, title="Budget", position=1)
    with pytest.raises(DomainError, match="Ett möte som är inställt kan inte kallas till"):
        services.send_notice(meeting=meeting, actor=None)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.notice_sent_at) == (MeetingStatus.CANCELLED, None)


def test_an_item_on_the_agenda_does_not_go_back_to_being_a_suggestion(world):
    meeting = _meeting(world, 10, MeetingStatus.PLANNED)
    item = services.add_agenda_item(meeting=meeting, actor=None, title="Budget")
    with pytest.raises(DomainError, match="En punkt som är på dagordningen kan inte bli föreslagen"):
        services.update_agenda_item(item=item, actor=None, status=AgendaItemStatus.SUGGESTED, title="Ny")
    item.refresh_from_db()
    assert (item.status, item.title) == (AgendaItemStatus.ACCEPTED, "Budget")


def test_minutes_of_a_meeting_that_is_not_held_are_not_approved_and_nothing_is_signed(world):
    meeting = _meeting(world, -3, MeetingStatus.HELD)
    written = minutes.start_minutes(meeting=meeting, actor=None)
    members = {m.person_id for m in world.sg.memberships.all()}
    minutes.record_attendance(
        minutes=written, statuses={pk: (AttendanceStatus.PRESENT, "") for pk in members}, guests=[], actor=None
    )
    minutes.add_minute_item(minutes=written, title="Övrigt", actor=None, text="Inget övrigt.")
    minutes.set_adjusters(minutes=written, people=[world.people["umea"]], actor=None)
    minutes.approve_minutes(minutes=written, person=world.people["skelleftea"], actor=None)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)  # however it got there
    with pytest.raises(DomainError, match="Ett möte som är inställt kan inte bli protokoll justerat"):
        minutes.approve_minutes(minutes=written, person=world.people["umea"], actor=None)
    written.refresh_from_db()
    meeting.refresh_from_db()
    assert (written.status, meeting.status) == (MinutesStatus.DRAFT, MeetingStatus.CANCELLED)
    assert written.signatories.get(person=world.people["umea"]).approved_at is None
