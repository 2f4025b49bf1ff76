"""The facts the events' clause M3 is judged on (`events.rules.judge`), read from the database: the
published events of the activities of the check's year and their registrations that are not
cancelled, in two queries (the same reads as the reach pages, `events.reach`)."""

from __future__ import annotations

import datetime

from samverkan.collaborations.models import Collaboration
from samverkan.events import rules
from samverkan.events.reach import year_events, year_registrations


def collect(collaboration: Collaboration, on: datetime.date) -> rules.EventsFacts:
    return rules.EventsFacts(
        on=on,
        events=tuple(year_events(collaboration, on.year)),
        registrations=tuple(year_registrations(collaboration, on.year)),
    )
