"""Dates and times as every page, document, export and e-mail shows them, and small date arithmetic.

Times are stored in UTC; people read them in Europe/Stockholm (`TIME_ZONE`). Everything that
writes a date or time for a person goes through these helpers, so a Word file, a PDF, an e-mail
and a page say the same thing:

- prose: "10 februari 2026", with a weekday where it helps: "tisdag 10 februari 2026"
  (English "10 February 2026");
- tables and exports: ISO, "2026-09-30" and "2026-09-30 09:30";
- clock times: "09:30", a span "09:30–11:30";
- Excel: a naive local datetime, since a spreadsheet cell cannot hold a time zone.
"""

from __future__ import annotations

import calendar
import datetime

from django.utils import formats, timezone
from django.utils.dates import MONTHS, WEEKDAYS

PROSE = "j F Y"
PROSE_WITH_WEEKDAY = "l j F Y"
PROSE_DAY_MONTH = "j F"
CLOCK = "H:i"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, clamped to the month's end (31 May - 3 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def local(value: datetime.datetime) -> datetime.datetime:
    """A moment in local time (Europe/Stockholm); a naive value is taken to be local already."""
    if timezone.is_naive(value):
        return value
    return timezone.localtime(value)


DateLike = datetime.date | datetime.datetime | str


def local_date(value: DateLike) -> datetime.date:
    """The local calendar day of a moment, or the day itself (also from ISO text, as JSON keeps it)."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        return local(value).date()
    return value


def prose_date(value: DateLike | None, *, weekday: bool = False) -> str:
    """ "10 februari 2026" (or "tisdag 10 februari 2026") in the active language; "" for None.

    Written out rather than through `formats.date_format(day, PROSE)`, which gives the same text
    (a test compares them) at several times the cost: list pages show fifty of these."""
    if value is None:
        return ""
    day = local_date(value)
    text = f"{day.day} {MONTHS[day.month]} {day.year:04d}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def clock(value: datetime.datetime | datetime.time | None) -> str:
    """The local clock time, "09:30" (`CLOCK`, written out as `prose_date` is)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = local(value).time()
    return f"{value.hour:02d}:{value.minute:02d}"


def prose_datetime(value: datetime.datetime | None, *, weekday: bool = False) -> str:
    """ "10 februari 2026, 09:30" in local time."""
    if value is None:
        return ""
    return f"{prose_date(value, weekday=weekday)}, {clock(value)}"


def time_span(starts_at: datetime.datetime, ends_at: datetime.datetime | None) -> str:
    """ "09:30–11:30" in local time (only the start when there is no end)."""
    return f"{clock(starts_at)}–{clock(ends_at)}" if ends_at else clock(starts_at)


def meeting_when(starts_at: datetime.datetime, ends_at: datetime.datetime | None, *, weekday: bool = True) -> str:
    """ "tisdag 10 februari 2026, 09:30–11:30": when a meeting is held, as documents and e-mail say it."""
    return f"{prose_date(starts_at, weekday=weekday)}, {time_span(starts_at, ends_at)}"


def iso_date(value: DateLike | None) -> str:
    """ "2026-09-30", the local day, for tables and exports."""
    return "" if value is None else local_date(value).isoformat()


def iso_datetime(value: datetime.datetime | None) -> str:
    """ "2026-09-30 09:30" in local time, for tables and exports."""
    return "" if value is None else f"{iso_date(value)} {clock(value)}"


def date_span(first: DateLike | None, last: DateLike | None) -> str:
    """A period in prose: one date when it is one day ("1 mars 2026"), else "1–3 mars 2026",
    "30 mars – 2 april 2026" or "30 december 2026 – 2 januari 2027"."""
    if not first or not last:
        return prose_date(first or last or None)
    first, last = local_date(first), local_date(last)
    if first == last:
        return prose_date(first)
    if first.year != last.year:
        return f"{prose_date(first)} – {prose_date(last)}"
    if first.month != last.month:
        return f"{formats.date_format(first, PROSE_DAY_MONTH)} – {prose_date(last)}"
    return f"{first.day}–{prose_date(last)}"


def iso_span(first: DateLike | None, last: DateLike | None) -> str:
    """A period in a table: "2026-03-01" for one day, else "2026-03-01 – 2026-03-03"."""
    if not first or not last:
        return iso_date(first or last or None)
    if local_date(first) == local_date(last):
        return iso_date(first)
    return f"{iso_date(first)} – {iso_date(last)}"


def excel_datetime(value: datetime.datetime | None) -> datetime.datetime | None:
    """A naive local datetime for a spreadsheet cell, which cannot store a time zone."""
    if value is None or timezone.is_naive(value):
        return value
    return timezone.make_naive(value, timezone.get_default_timezone())
