"""The events' part of the data generator, at the tiny scale: an event per activity, each with a
session and registrations that keep the seats, the waitlist's order and one address per event."""

from __future__ import annotations

import pytest
from django.db import transaction

from samverkan.collaborations.generation import Progress
from samverkan.events.models import Event, Registration, RegistrationStatus
from samverkan.perf.generator import generate
from samverkan.plans.models import Activity


def _rows() -> list[tuple[object, ...]]:
    return sorted(
        Registration.objects.values_list(
            "event__activity__title", "event__capacity", "name", "category", "gender", "status", "waitlist_position"
        )
    )


@pytest.mark.django_db
def test_every_activity_gets_an_event_whose_registrations_keep_the_seats_and_the_waitlist_in_order() -> None:
    with transaction.atomic():
        generate(scale="tiny", seed=3, progress=Progress(enabled=False))
        first = _rows()
        assert Event.objects.count() == Activity.objects.count() > 0
        for event in Event.objects.prefetch_related("sessions", "registrations"):
            assert len(event.sessions.all()) == 1
            registrations = list(event.registrations.all())
            assert 22 <= len(registrations) <= 56
            confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
            waitlist = sorted(
                (r for r in registrations if r.status == RegistrationStatus.WAITLISTED), key=lambda r: r.created_at
            )
            if event.capacity is None:
                assert waitlist == []
            else:
                assert len(confirmed) <= event.capacity
                assert waitlist == [] or len(confirmed) == event.capacity
            assert [r.waitlist_position for r in waitlist] == list(range(1, len(waitlist) + 1))
            assert all(r.created_at > c.created_at for r in waitlist for c in confirmed)
        transaction.set_rollback(True)
    with transaction.atomic():
        generate(scale="tiny", seed=3, progress=Progress(enabled=False))
        assert _rows() == first  # the same seed, the same registrations
        transaction.set_rollback(True)
