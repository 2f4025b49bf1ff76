"""The calendar (kalendarium) of a year: meetings, activities and the deadlines of the yearly cycle,
as entries for the month view and the list, and as an iCalendar file."""

from __future__ import annotations

import calendar as month_calendar
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from samverkan.lib.documents_text import one_line
from samverkan.meetings.calendar import PRODID, UID_DOMAIN
from samverkan.meetings.models import Meeting
from samverkan.plans.models import OPEN_ASSIGNMENT, Activity, ActivityStatus, Assignment

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration

EntryKind = Literal["meeting", "activity", "deadline"]


@dataclass(frozen=True)
class Entry:
    uid: str
    kind: EntryKind
    day: datetime.date
    title: str
    url: str
    last_day: datetime.date | None = None  # for activities over several days
    starts_at: datetime.datetime | None = None  # for meetings
    ends_at: datetime.datetime | None = None
    note: str = ""

    def covers(self, day: datetime.date) -> bool:
        return self.day <= day <= (self.last_day or self.day)

    def shown_on(self, day: datetime.date, month_start: datetime.date) -> bool:
        """Whether the month view lists the entry on `day`: an entry of several days once, on its
        first day in the month, with its span, rather than in every cell it covers."""
        return self.day == day if self.last_day is None else max(self.day, month_start) == day


def _group_name(collaboration: Collaboration, key: str) -> str:
    spec = collaboration.model.group(key)
    return spec.name if spec else ""


def year_entries(collaboration: Collaboration, year: int) -> list[Entry]:
    """Everything in the year, by day: meetings, activities (planned period) and deadlines."""
    slug = collaboration.slug
    entries: list[Entry] = []
    meetings = Meeting.objects.not_cancelled().filter(group__collaboration=collaboration).in_year(year)
    for meeting in meetings.select_related("group"):
        local = timezone.localtime(meeting.starts_at)
        entries.append(
            Entry(
                uid=f"meeting-{meeting.uid}",
                kind="meeting",
                day=local.date(),
                title=meeting.display_title,
                url=reverse("meeting_detail", args=[slug, meeting.pk]),
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                note=meeting.group.name,
            )
        )
    activities = Activity.objects.filter(collaboration=collaboration, year=year).exclude(
        status=ActivityStatus.CANCELLED
    )
    for activity in activities:
        start = activity.starts_on or activity.ends_on
        if start is None:
            continue
        entries.append(
            Entry(
                uid=f"activity-{activity.pk}",
                kind="activity",
                day=start,
                last_day=activity.ends_on if activity.ends_on and activity.ends_on != start else None,
                title=activity.title,
                url=reverse("activity_detail", args=[slug, activity.pk]),
                note=activity.get_kind_display(),
            )
        )
    for spec in collaboration.model.documents:
        if spec.decide_by is None:
            continue
        about = spec.about_year(year)
        deadline = spec.deadline(about)
        assert deadline is not None
        entries.append(
            Entry(
                uid=f"deadline-{spec.type}-{about}",
                kind="deadline",
                day=deadline,
                title=_("Sista dag för beslut: %(name)s %(year)s") % {"name": spec.name, "year": about},
                url=reverse("plan_list", args=[slug]) + f"?ar={about}",
                note=_group_name(collaboration, spec.decided_by),
            )
        )
    # The drafting body's meeting that finishes each proposal, as the planner reads the year's meetings.
    from samverkan.plans.services import existing_meetings, propose_year

    planned = set(existing_meetings(collaboration, year))
    model = collaboration.model
    for step in propose_year(collaboration, year).deadlines:
        document_spec = model.document(step.document_type)
        if step.kind == "proposal" and document_spec and (document_spec.drafted_by, step.day) in planned:
            entries.append(
                Entry(
                    uid=f"proposal-{step.document_type}-{step.about_year}",
                    kind="deadline",
                    day=step.day,
                    title=step.title,
                    url=reverse("plan_list", args=[slug]) + f"?ar={step.about_year}",
                    note=_group_name(collaboration, document_spec.drafted_by),
                )
            )
    assignments = Assignment.objects.filter(collaboration=collaboration, due_on__year=year, status__in=OPEN_ASSIGNMENT)
    for assignment in assignments:
        entries.append(
            Entry(
                uid=f"assignment-{assignment.pk}",
                kind="deadline",
                day=assignment.due_on,
                title=_("Uppdrag klart: %(title)s") % {"title": assignment.title},
                url=reverse("assignment_detail", args=[slug, assignment.pk]),
            )
        )
    return sorted(entries, key=lambda e: (e.day, e.starts_at or timezone.now(), e.title))


@dataclass(frozen=True)
class MonthView:
    year: int
    month: int
    weeks: list[list[tuple[datetime.date, list[Entry]] | None]]
    entries: list[Entry]


def month_view(entries: list[Entry], year: int, month: int) -> MonthView:
    """A month as weeks from Monday to Sunday; each day with the entries that begin on it (an entry
    that began in an earlier month on the month's first day)."""
    weeks = []
    start = datetime.date(year, month, 1)
    for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [(day, [e for e in entries if e.shown_on(day, start)]) if day.month == month else None for day in week]
        )
    in_month = [
        e for e in entries if e.day <= datetime.date(year, month, month_calendar.monthrange(year, month)[1])
        and (e.last_day or e.day) >= datetime.date(year, month, 1)
    ]  # fmt: skip
    return MonthView(year=year, month=month, weeks=weeks, entries=in_month)


def ics_bytes(entries: list[Entry], *, name: str, base_url: str) -> bytes:
    """The year's calendar for Outlook and other calendars: meetings with times, the rest all-day."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    now = datetime.datetime.now(datetime.UTC)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        if entry.starts_at and entry.ends_at:
            event.add("dtstart", entry.starts_at.astimezone(datetime.UTC))
            event.add("dtend", entry.ends_at.astimezone(datetime.UTC))
        else:
            event.add("dtstart", entry.day)
            event.add("dtend", (entry.last_day or entry.day) + datetime.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        event.add("summary", one_line(entry.title))  # stored text without control characters
        if entry.note:
            event.add("description", one_line(entry.note))
        event.add("url", base_url + entry.url)
        event.add("categories", [entry.kind])
        calendar.add_component(event)
    return calendar.to_ical()
