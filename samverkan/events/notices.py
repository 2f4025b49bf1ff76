"""What the events app's e-mails and feeds share: an event's addresses and its calendar entries.

The confirmation, the "you have a seat" mail, the reminder and the feeds all describe an event the
same way, so they take it from here: one UID per session for the event's whole life, the
event's `sequence` raised when its time, place or status changes, so a calendar updates the entry
instead of adding a second one.
"""

from __future__ import annotations

import datetime
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.collaborations.ical import CalendarEvent, Invitee, calendar_bytes
from samverkan.events.models import Event, EventSession, EventStatus, Registration, RegistrationStatus
from samverkan.lib.documents_text import one_line


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def event_url(event: Event) -> str:
    """The event's public page (members-only events ask for a login there)."""
    return absolute(reverse("event_detail", args=[event.collaboration.slug, event.pk]))


def manage_url(registration: Registration) -> str:
    """The registrant's personal link: see, change or cancel without an account."""
    return absolute(reverse("registration_manage", args=[registration.token]))


def session_uid(session: EventSession) -> str:
    return f"event-{session.event_id}-session-{session.pk}"


def calendar_events(
    event: Event, *, attendee: Registration | None = None, cancelled: bool | None = None
) -> list[CalendarEvent]:
    """The event's sessions as calendar entries; with `attendee`, an invitation addressed to them.

    A cancelled event (or, with `cancelled=True`, a cancelled registration) gives cancelled
    entries with the same UIDs, so the calendar removes them."""
    if cancelled is None:
        cancelled = event.status == EventStatus.CANCELLED or (
            attendee is not None and attendee.status == RegistrationStatus.CANCELLED
        )
    organizer = _organizer(event)
    return [
        CalendarEvent(
            uid=session_uid(session),
            sequence=event.sequence,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=event.title,
            location=place_of(session),
            description=event.description,
            url=event_url(event),
            organizer=organizer,
            attendees=(Invitee(attendee.name, attendee.email),) if attendee is not None else (),
            cancelled=cancelled,
        )
        for session in event.sessions.all()
    ]


def _organizer(event: Event) -> Invitee | None:
    """The contact person, as every calendar entry of the event names its organiser."""
    contact = event.contact_person
    return Invitee(contact.full_name, contact.email) if contact and contact.email else None


def place_of(session: EventSession) -> str:
    """Where a session is, as its calendar entry says it: the place, the video link, or both."""
    if session.place and session.video_link:
        return f"{session.place} – {session.video_link}"
    return session.place or session.video_link


def removed_entries(event: Event, removed: list[dict[str, Any]], *, attendee: Registration) -> list[CalendarEvent]:
    """Cancelled calendar entries of sessions removed from the event (`Event.removed_sessions`),
    with their own UIDs and the event's current version, so the calendar takes each entry away."""
    organizer = _organizer(event)
    return [
        CalendarEvent(
            uid=entry["uid"],
            sequence=event.sequence,
            starts_at=datetime.datetime.fromisoformat(entry["starts_at"]),
            ends_at=datetime.datetime.fromisoformat(entry["ends_at"]),
            summary=event.title,
            location=entry.get("place", ""),
            url=event_url(event),
            organizer=organizer,
            attendees=(Invitee(attendee.name, attendee.email),),
            cancelled=True,
        )
        for entry in removed
    ]


def invitation(registration: Registration, *, cancelled: bool | None = None) -> bytes:
    """The .ics a registrant gets: REQUEST while they have a seat, CANCEL when it is gone (then
    also for the sessions removed from the event earlier, in case a notice of that never came)."""
    event = registration.event
    events = calendar_events(event, attendee=registration, cancelled=cancelled)
    if events and events[0].cancelled:
        events += removed_entries(event, event.removed_sessions, attendee=registration)
        return calendar_bytes(events, method="CANCEL")
    return calendar_bytes(events, method="REQUEST")


def removal(registration: Registration, removed: list[dict[str, Any]]) -> bytes:
    """The .ics that takes the removed sessions out of a registrant's calendar."""
    return calendar_bytes(removed_entries(registration.event, removed, attendee=registration), method="CANCEL")


def sender(event: Event) -> tuple[str, list[str]]:
    """From "<contact person or collaboration> via Samverkan"; replies go to the contact person."""
    contact = event.contact_person
    name = one_line(contact.full_name if contact else event.collaboration.name)
    from_email = formataddr((_("%(name)s via Samverkan") % {"name": name}, settings.DEFAULT_FROM_EMAIL))
    return from_email, [contact.email] if contact and contact.email else []
