"""The iCalendar builder moved to `samverkan.collaborations.ical`, below every app, so any app can
give the personal feed its events; these names stay importable from here."""

from samverkan.collaborations.ical import PRODID, UID_DOMAIN, CalendarEvent, Invitee, calendar_bytes

__all__ = ["PRODID", "UID_DOMAIN", "CalendarEvent", "Invitee", "calendar_bytes"]
