"""Reads of events: the coming events a reader may see, a registrant's place in the queue and fee.
Nothing here writes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from samverkan.accounts.permissions import ANONYMOUS, Access
from samverkan.events import rules
from samverkan.events.models import Event, EventSession, EventStatus, Registration, RegistrationStatus
from samverkan.organisations.models import Party

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration


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


def coming_events(collaboration: Collaboration, access: Access) -> QuerySet[Event]:
    """The events this reader may see (`visible_to`) with a session that has not ended, soonest
    first, with their sessions and `first_start`, `confirmed` (the seats taken) annotated."""
    now = timezone.now()
    return (
        Event.objects.filter(collaboration=collaboration)
        .visible_to(access)
        .exclude(status=EventStatus.DRAFT)
        .filter(pk__in=EventSession.objects.filter(ends_at__gte=now).values("event_id"))
        .annotate(
            first_start=Min("sessions__starts_at"),
            # distinct: the sessions' join would count each registration once per session
            confirmed=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED), distinct=True
            ),
        )
        .select_related("activity", "collaboration")
        .prefetch_related(Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "pk")))
        .order_by("first_start", "title", "pk")
    )


def coming_public_events(collaboration: Collaboration) -> QuerySet[Event]:
    """The coming events anyone may see (published and public): the feeds and the embedded list,
    which are the same for every reader."""
    return coming_events(collaboration, ANONYMOUS)


def seats_left(event: Event, confirmed: int) -> int | None:
    """Free seats (never below 0); None without a capacity."""
    return rules.seats_left(event.capacity, confirmed)


def registration_open(event: Event, *, now: datetime.datetime | None = None) -> bool:
    """Whether registrations are taken now (full or not: when full, they join the waitlist)."""
    refusal = rules.registration_window_refusal(
        now or timezone.now(), event.registration_opens, event.registration_closes, status=event.status
    )
    return refusal is None
