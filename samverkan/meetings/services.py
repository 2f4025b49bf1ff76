"""Use cases for meetings: plan, move, cancel. Each writes an audit entry."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.audit.services import record_created, save_changes
from samverkan.lib.errors import DomainError
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.rules import holiday_name

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.organisations.models import Group

MEETING_FIELDS = ["title", "starts_at", "ends_at", "place", "video_link", "status", "holiday_confirmed"]
# Moving these re-sends the calendar invitation with a higher SEQUENCE.
SCHEDULE_FIELDS = {"starts_at", "ends_at", "place", "video_link"}


def _check_times(*, starts_at: datetime.datetime, ends_at: datetime.datetime, holiday_confirmed: bool) -> None:
    if ends_at <= starts_at:
        raise DomainError(_("Mötet måste sluta efter att det börjar."), field="ends_at")
    if ends_at - starts_at > datetime.timedelta(days=3):
        raise DomainError(_("Ett möte kan vara högst tre dagar."), field="ends_at")
    day = timezone.localtime(starts_at).date()
    name = holiday_name(day)
    if name and not holiday_confirmed:
        raise DomainError(
            _("%(date)s är en helgdag (%(name)s). Bekräfta att mötet ändå ska hållas den dagen.")
            % {"date": day.isoformat(), "name": name},
            field="holiday_confirmed",
        )


@transaction.atomic
def plan_meeting(
    *,
    group: Group,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    actor: User | None,
    title: str = "",
    place: str = "",
    video_link: str = "",
    holiday_confirmed: bool = False,
) -> Meeting:
    """Plan a meeting of a group. A date on a Swedish holiday needs `holiday_confirmed`."""
    if group.ended_on is not None and timezone.localtime(starts_at).date() > group.ended_on:
        raise DomainError(_("Gruppen upphörde %(date)s.") % {"date": group.ended_on}, field="starts_at")
    _check_times(starts_at=starts_at, ends_at=ends_at, holiday_confirmed=holiday_confirmed)
    meeting = Meeting.objects.create(
        group=group,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        video_link=video_link.strip(),
        holiday_confirmed=holiday_confirmed,
    )
    record_created(
        obj=meeting, fields=MEETING_FIELDS, actor=actor, action="plan_meeting", collaboration=group.collaboration
    )
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, actor: User | None, **changes: object) -> Meeting:
    """Change a planned or called meeting; a moved meeting gets a new calendar SEQUENCE."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        raise DomainError(_("Ett möte som är %(status)s kan inte ändras.") % {"status": meeting.get_status_display()})
    unknown = set(changes) - {"title", "starts_at", "ends_at", "place", "video_link", "holiday_confirmed"}
    if unknown:
        raise ValueError(f"Not meeting fields: {sorted(unknown)}")
    merged = {f: changes.get(f, getattr(meeting, f)) for f in ("starts_at", "ends_at", "holiday_confirmed")}
    _check_times(**merged)  # type: ignore[arg-type]
    moved = any(changes.get(f, getattr(meeting, f)) != getattr(meeting, f) for f in SCHEDULE_FIELDS)
    if moved:
        changes = {**changes, "sequence": meeting.sequence + 1}
    save_changes(
        obj=meeting,
        changes=changes,
        fields=MEETING_FIELDS,
        actor=actor,
        action="update_meeting",
        collaboration=meeting.group.collaboration,
    )
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor: User | None) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        raise DomainError(
            _("Ett möte som är %(status)s kan inte ställas in.") % {"status": meeting.get_status_display()}
        )
    save_changes(
        obj=meeting,
        changes={"status": MeetingStatus.CANCELLED, "sequence": meeting.sequence + 1},
        fields=MEETING_FIELDS,
        actor=actor,
        action="cancel_meeting",
        collaboration=meeting.group.collaboration,
    )
    return meeting
