"""The calendar (kalendarium) of a year, as entries for the month view and the list, and as an
iCalendar file. The entries come from the registry (`samverkan.collaborations.desk`): each app
registers its own (meetings in meetings/desk.py; activities, deadlines and assignments in
plans/desk.py), so a new app adds its entries without changing this module."""

from __future__ import annotations

import calendar as month_calendar
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from samverkan.collaborations import desk
from samverkan.collaborations.desk import Entry, EntryKind
from samverkan.lib.documents_text import one_line
from samverkan.meetings.calendar import PRODID, UID_DOMAIN

__all__ = ["Entry", "EntryKind", "MonthView", "ics_bytes", "month_view", "year_entries"]

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration


def year_entries(collaboration: Collaboration, year: int) -> list[Entry]:
    """Everything in the year, by day, from every app that registers calendar entries."""
    return desk.year_entries(collaboration, year)


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
