"""Reads of events: the coming events a reader may see, a registrant's place in the queue and fee.
Nothing here writes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from samverkan.accounts.permissions import ANONYMOUS, Access
from samverkan.events import rules
from samverkan.events.models import (
    Event,
    EventSession,
    EventStatus,
    Registration,
    RegistrationQuerySet,
    RegistrationStatus,
)
from samverkan.organisations.models import Party

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration


def last_end(event: Event) -> datetime.datetime | None:
    """When the event's last session ends (None: it has none)."""
    return event.sessions.aggregate(last=Max("ends_at"))["last"]


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


def member_organisation_ids(event: Event, *, on: datetime.date | None = None) -> set[int]:
    """The organisations that are parties of the event's collaboration on the day: their
    municipalities and authorities pay the members' fee (EC3). One query for a whole list."""
    return set(
        Party.objects.current(on or timezone.localdate())
        .filter(collaboration_id=event.collaboration_id)
        .values_list("organisation_id", flat=True)
    )


def payer_of(registration: Registration) -> str:
    """Whom the fee is invoiced to: the registration's organisation, the organisation it typed, or
    (a citizen, or someone who named none) the person."""
    if registration.organisation is not None:
        return registration.organisation.name
    return registration.organisation_text or registration.name


@dataclass(frozen=True)
class FeeRow:
    registration: Registration
    fee_ore: int
    group: rules.FeeGroup | None


@dataclass(frozen=True)
class Payer:
    name: str
    rows: list[FeeRow]

    @property
    def total_ore(self) -> int:
        return sum(row.fee_ore for row in self.rows)


@dataclass(frozen=True)
class Invoicing:
    payers: list[Payer]

    @property
    def total_ore(self) -> int:
        return sum(payer.total_ore for payer in self.payers)

    @property
    def rows(self) -> list[FeeRow]:
        return [row for payer in self.payers for row in payer.rows]

    def count(self, group: str) -> int:
        return sum(1 for row in self.rows if row.group == group)


def paying_registrations(event: Event) -> RegistrationQuerySet:
    """Who pays: the confirmed, except those marked as not having come (a no-show)."""
    return event.registrations.confirmed().exclude(attended=False).select_related("organisation").order_by("name", "pk")


def invoicing(event: Event, *, on: datetime.date | None = None) -> Invoicing:
    """The invoicing list (EC3): each paying registrant's fee (as `fee_of` gives it), grouped by
    whom it is invoiced to, in the order of their names. Three queries whatever the size."""
    activity = event.activity
    members = member_organisation_ids(event, on=on)
    by_payer: dict[str, list[FeeRow]] = {}
    for registration in paying_registrations(event):
        is_member = registration.organisation_id in members
        args = (registration.category, activity.fee_member_ore, activity.fee_other_ore, is_member)
        fee = rules.fee_for(*args)
        by_payer.setdefault(payer_of(registration), []).append(FeeRow(registration, fee, rules.fee_group(*args)))
    return Invoicing([Payer(name, rows) for name, rows in sorted(by_payer.items(), key=lambda p: p[0].casefold())])


def coming_events(collaboration: Collaboration, access: Access) -> QuerySet[Event]:
    """The events this reader may see (`visible_to`) with a session that has not ended, soonest
    first, with their sessions and `first_start`, `confirmed` (the seats taken) annotated.

    Both figures are correlated subqueries, not a grouped join of sessions and registrations:
    the join multiplied each registration by the sessions, and the page's count ran it twice."""
    now = timezone.now()
    sessions = EventSession.objects.filter(event=OuterRef("pk")).order_by().values("event")
    seats = (
        Registration.objects.filter(event=OuterRef("pk"), status=RegistrationStatus.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Event.objects.filter(collaboration=collaboration)
        .visible_to(access)
        .exclude(status=EventStatus.DRAFT)
        .filter(pk__in=EventSession.objects.filter(ends_at__gte=now).values("event_id"))
        .annotate(
            first_start=Subquery(sessions.annotate(first=Min("starts_at")).values("first")),
            confirmed=Coalesce(Subquery(seats), 0),
        )
        .select_related("activity", "collaboration")
        # the collaboration for its slug and name: not its model file, several kilobytes a row
        # (nor the removed sessions, which only the change notices read)
        .defer("collaboration__model_source", "removed_sessions")
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
