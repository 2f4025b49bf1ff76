"""iCalendar (.ics) for meeting invitations and personal feeds, from plain data (RFC 5545/5546).

One meeting keeps one UID for its whole life; every move raises SEQUENCE, so calendars such as
Outlook update the event instead of adding a second one. A cancellation is METHOD:CANCEL with
STATUS:CANCELLED and the same UID.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from icalendar import Calendar, Event, vCalAddress, vText

from samverkan.lib.documents_text import one_line, printable

PRODID = "-//Samverkan//Samverkan//SV"
UID_DOMAIN = "samverkan"


@dataclass(frozen=True)
class Invitee:
    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    organizer: Invitee | None = None
    attendees: tuple[Invitee, ...] = field(default_factory=tuple)
    cancelled: bool = False


def _address(person: Invitee, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{one_line(person.email)}")
    address.params["CN"] = vText(one_line(person.name))
    for key, value in params.items():
        address.params[key] = vText(one_line(value))
    return address


def calendar_bytes(
    events: Iterable[CalendarEvent],
    *,
    method: Literal["REQUEST", "CANCEL", "PUBLISH"],
    name: str = "",
    now: datetime.datetime | None = None,
) -> bytes:
    now = now or datetime.datetime.now(datetime.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", one_line(name))
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{UID_DOMAIN}")
        event.add("sequence", item.sequence)
        event.add("dtstamp", now)
        event.add("dtstart", item.starts_at.astimezone(datetime.UTC))
        event.add("dtend", item.ends_at.astimezone(datetime.UTC))
        # stored text without control characters; icalendar escapes line breaks, commas and semicolons
        event.add("summary", one_line(item.summary))
        if item.location:
            event.add("location", one_line(item.location))
        if item.description:
            event.add("description", printable(item.description))
        if item.url:
            event.add("url", one_line(item.url))
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("transp", "OPAQUE")
        event.add("x-microsoft-cdo-busystatus", "FREE" if item.cancelled else "BUSY")
        if item.organizer is not None:
            event.add("organizer", _address(item.organizer))
        for attendee in item.attendees:
            event.add(
                "attendee",
                _address(attendee, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE", CUTYPE="INDIVIDUAL"),
            )
        calendar.add_component(event)
    return calendar.to_ical()
