"""What the meetings app puts on a person's desk (Att göra) and in the kalendarium; registered in
`MeetingsConfig.ready()`.

To-dos: the minutes to write and to send for approval (the secretary of a held meeting), the
minutes to approve (each chair and adjuster asked to sign) and the notice to send (the convener of
a coming meeting whose notice has not gone out `NOTICE_DAYS` before it)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.collaborations.desk import Entry, Seat, Todo
from samverkan.collaborations.ical import CalendarEvent
from samverkan.meetings import notices, visibility
from samverkan.meetings.models import Meeting, MeetingStatus, Minutes, MinutesStatus, Signatory
from samverkan.meetings.permissions import MANAGE_MEETINGS

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration
    from samverkan.organisations.models import Group

# The model file states no notice time, so the desk reminds the convener two weeks before.
NOTICE_DAYS = 14
# A coming meeting's notice shows on the desk this long before its own deadline.
NOTICE_LEAD_DAYS = 7


def _day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def _approval_deadline(collaboration: Collaboration, meeting: Meeting) -> datetime.date | None:
    rule = collaboration.model.minutes
    return _day(meeting) + datetime.timedelta(days=rule.approval_days) if rule else None


def _writes_minutes(collaboration: Collaboration, seat: Seat, group: Group) -> bool:
    """The group's secretary as the model file names the role; without one, a secretary or the coordinator."""
    spec = collaboration.model.group(group.key)
    if spec is not None and spec.secretary:
        return seat.holds(group.pk, spec.secretary)
    return seat.holds(group.pk, "secretary") or seat.is_coordinator


def _convenes(collaboration: Collaboration, seat: Seat, group: Group) -> bool:
    """The group's convener as the model file names the role; without one, whoever organises its meetings."""
    spec = collaboration.model.group(group.key)
    if spec is not None and spec.convener:
        return seat.holds(group.pk, spec.convener)
    return seat.can(MANAGE_MEETINGS, group)


def todos(collaboration: Collaboration, seat: Seat, today: datetime.date) -> Iterator[Todo]:
    if seat.person_id is None:
        return
    slug = collaboration.slug
    now = timezone.now()
    meetings = Meeting.objects.not_cancelled().filter(group__collaboration=collaboration).select_related("group")
    held = meetings.filter(starts_at__lt=now).exclude(minutes__status=MinutesStatus.APPROVED)
    drafts = {m.meeting_id: m for m in Minutes.objects.filter(meeting__in=held)}
    for meeting in held.order_by("starts_at"):
        if not _writes_minutes(collaboration, seat, meeting.group):
            continue
        minutes = drafts.get(meeting.pk)
        if minutes is None:
            title = _("Skriv protokollet från %(meeting)s") % {"meeting": meeting.display_title}
            kind = "minutes_write"
        elif minutes.sent_for_approval_at is None:
            title = _("Skicka protokollet från %(meeting)s för justering") % {"meeting": meeting.display_title}
            kind = "minutes_send"
        else:
            continue
        yield Todo(
            collaboration=collaboration,
            title=title,
            link=reverse("minutes_edit", args=[slug, meeting.pk]),
            deadline=_approval_deadline(collaboration, meeting),
            kind=kind,
            source="meetings",
        )
    asked = Signatory.objects.filter(
        person_id=seat.person_id,
        approved_at__isnull=True,
        minutes__status=MinutesStatus.DRAFT,
        minutes__sent_for_approval_at__isnull=False,
        minutes__meeting__group__collaboration=collaboration,
    ).select_related("minutes__meeting__group")
    for signatory in asked:
        meeting = signatory.minutes.meeting
        yield Todo(
            collaboration=collaboration,
            title=_("Justera protokollet från %(meeting)s") % {"meeting": meeting.display_title},
            link=reverse("minutes_detail", args=[slug, meeting.pk]),
            deadline=_approval_deadline(collaboration, meeting),
            kind="minutes_approve",
            source="meetings",
        )
    horizon = today + datetime.timedelta(days=NOTICE_DAYS + NOTICE_LEAD_DAYS + 1)
    coming = meetings.filter(
        status=MeetingStatus.PLANNED, notice_sent_at__isnull=True, starts_at__gte=now, starts_at__date__lt=horizon
    )
    for meeting in coming.order_by("starts_at"):
        if not _convenes(collaboration, seat, meeting.group):
            continue
        yield Todo(
            collaboration=collaboration,
            title=_("Skicka kallelsen till %(meeting)s") % {"meeting": meeting.display_title},
            link=reverse("meeting_call", args=[slug, meeting.pk]),
            deadline=_day(meeting) - datetime.timedelta(days=NOTICE_DAYS),
            kind="notice_send",
            source="meetings",
        )


def calendar_entries(collaboration: Collaboration, year: int) -> Iterator[Entry]:
    """The year's meetings, with their times."""
    meetings = Meeting.objects.not_cancelled().filter(group__collaboration=collaboration).in_year(year)
    for meeting in meetings.select_related("group"):
        yield Entry(
            uid=f"meeting-{meeting.uid}",
            kind="meeting",
            day=_day(meeting),
            title=meeting.display_title,
            url=reverse("meeting_detail", args=[collaboration.slug, meeting.pk]),
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            note=meeting.group.name,
        )


def feed_events(collaboration: Collaboration, seat: Seat) -> Iterator[CalendarEvent]:
    """The personal feed: every meeting of every group the person sits in (cancelled ones as
    cancelled), with what the person may see of it."""
    meetings = Meeting.objects.filter(group_id__in=seat.group_ids, group__collaboration=collaboration)
    for meeting in meetings.select_related("group__collaboration"):
        yield notices.event_for(
            meeting, include_hidden=visibility.shows_closed_items(seat), video_link=meeting.video_link_for(seat)
        )
