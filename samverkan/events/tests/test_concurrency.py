"""Concurrent registrations for the last seats never overbook (issue 15): on PostgreSQL, 50
registrations at once, each in its own thread with its own database connection, for an event
with 10 seats left give exactly 10 more confirmed and 40 on the waitlist, at positions 1–40 in
the order they were registered."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from samverkan.events import services
from samverkan.events.models import Registration, RegistrationStatus

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
PARALLEL = 50

pytestmark = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="needs PostgreSQL: SQLite has one writer at a time (IMMEDIATE transactions), so there "
    "is nothing to race there; the row lock is what this proves",
)


@pytest.mark.django_db(transaction=True)
def test_fifty_registrations_at_once_for_ten_seats_give_ten_seats_and_forty_on_the_waitlist_in_order(
    make_event,
) -> None:
    event = make_event(capacity=15)
    for n in range(5):  # 10 seats left
        services.register(event, name=f"Tidig {n}", email=f"tidig{n}@example.se", category="municipality")

    start = threading.Barrier(PARALLEL)

    def register(n: int) -> str:
        try:
            start.wait()  # all of them at the same moment
            return services.register(
                event, name=f"Deltagare {n}", email=f"deltagare{n}@example.se", category="citizen"
            ).status
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        statuses = list(pool.map(register, range(PARALLEL)))

    assert statuses.count(RegistrationStatus.CONFIRMED) == 10
    assert statuses.count(RegistrationStatus.WAITLISTED) == 40
    assert event.registrations.confirmed().count() == 15  # never more than the capacity
    waitlist = list(event.registrations.waitlist())
    assert [r.waitlist_position for r in waitlist] == list(range(1, 41))  # no gaps, no duplicates
    # in order: the waitlist is the order the registrations were made in, after every seat
    assert [r.pk for r in waitlist] == [r.pk for r in sorted(waitlist, key=lambda r: (r.created_at, r.pk))]
    last_seat = max(r.created_at for r in event.registrations.confirmed())
    assert all(r.created_at >= last_seat for r in waitlist)
    assert Registration.objects.filter(event=event).count() == 55
