"""Booking an event's fees twice at the same moment books them once (EC3): on PostgreSQL two
threads, each with its own connection, book at one barrier; the event's row lock
(`select_for_update`) lets one through and refuses the other."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from samverkan.events import services
from samverkan.events.tests.test_concurrency import ON_POSTGRESQL
from samverkan.finance.models import LedgerEntry
from samverkan.lib.errors import DomainError

pytestmark = pytest.mark.skipif(not ON_POSTGRESQL, reason="needs PostgreSQL: the row lock is what this proves")


@pytest.mark.django_db(transaction=True)
def test_two_bookings_at_once_give_one_ledger_row(make_event, world) -> None:
    event = make_event()
    for n in range(3):
        services.register(event, name=f"Deltagare {n}", email=f"d{n}@example.se", category="citizen")
    start = threading.Barrier(2)

    def book(_n: int) -> str:
        try:
            start.wait()
            services.book_fees(event=event, actor=None)
            return "booked"
        except DomainError as error:
            return error.message
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(book, range(2)))

    assert outcomes == ["Avgifterna för evenemanget är redan bokförda. De bokförs bara en gång.", "booked"]
    entry = LedgerEntry.objects.get()
    assert entry.amount_ore == 3 * 150_000
    event.refresh_from_db()
    assert event.fees_entry_id == entry.pk
