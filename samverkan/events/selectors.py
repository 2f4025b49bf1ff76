"""Reads of events: a registrant's place in the queue and fee. Nothing here writes."""

from __future__ import annotations

import datetime

from django.utils import timezone

from samverkan.events import rules
from samverkan.events.models import Registration, RegistrationStatus
from samverkan.organisations.models import Party


def place_in_line(registration: Registration) -> int | None:
    """1 for the next to move up; None when not on the waitlist."""
    if registration.status != RegistrationStatus.WAITLISTED or registration.waitlist_position is None:
        return None
    ahead = (
        Registration.objects.filter(event_id=registration.event_id)
        .waitlist()
        .filter(waitlist_position__lt=registration.waitlist_position)
        .count()
    )
    return ahead + 1


def fee_of(registration: Registration, *, on: datetime.date | None = None) -> int:
    """The registrant's fee in öre from the event's activity (EC3): the members' fee for someone
    from a municipality or authority that is a party of the collaboration on the day."""
    event = registration.event
    activity = event.activity
    is_member = (
        registration.organisation_id is not None
        and Party.objects.current(on or timezone.localdate())
        .filter(collaboration_id=event.collaboration_id, organisation_id=registration.organisation_id)
        .exists()
    )
    return rules.fee_for(registration.category, activity.fee_member_ore, activity.fee_other_ore, is_member)
