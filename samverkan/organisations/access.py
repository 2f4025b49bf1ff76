"""Who a user is in the collaborations, for the permission mechanism (accounts.permissions)."""

from __future__ import annotations

import datetime
from typing import Any

from samverkan.accounts.permissions import Seats
from samverkan.organisations.models import Membership, Person


def seats_for(user: Any, day: datetime.date) -> Seats | None:
    """The user's person and every seat they hold on the day; None for a user who is no person."""
    person = Person.objects.filter(user=user).only("id", "organisation_id").first()
    if person is None:
        return None
    seats = Membership.objects.current(day).filter(person=person)
    return Seats(
        person_id=person.pk,
        organisation_id=person.organisation_id,
        seats=tuple(seats.values_list("role", "group_id", "group__collaboration_id", "group__kind")),
    )
