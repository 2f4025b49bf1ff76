"""`samverkan generate`: runs every app's registered part (collaborations.generation) in order, in
one transaction, and reports what it wrote, how long it took and how large the database is."""

from __future__ import annotations

import datetime
import hashlib
import os
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from samverkan.collaborations import generation
from samverkan.collaborations.models import Collaboration
from samverkan.events.models import Event, Registration
from samverkan.finance.models import LedgerEntry
from samverkan.meetings.models import Decision, Meeting
from samverkan.organisations.models import Membership, Organisation, Person
from samverkan.plans.models import Activity, Assignment

# Every date is counted from here, never from the clock: the same seed gives the same rows.
BASE_DATE = datetime.date(2026, 7, 1)
COUNTED = {
    "collaborations": Collaboration,
    "municipalities": Organisation,
    "people": Person,
    "memberships": Membership,
    "meetings": Meeting,
    "decisions": Decision,
    "activities": Activity,
    "assignments": Assignment,
    "ledger rows": LedgerEntry,
    "events": Event,
    "registrations": Registration,
}


class AlreadyFilled(Exception):
    """The database already holds collaborations; the generator fills an empty one."""


@dataclass
class Summary:
    scale: str
    seed: int
    seconds: float
    counts: dict[str, int]
    parts: list[tuple[str, float]] = field(default_factory=list)
    database_bytes: int | None = None


def counts() -> dict[str, int]:
    result = {name: model._default_manager.count() for name, model in COUNTED.items()}
    result["municipalities"] = Organisation.objects.filter(kind="municipality").count()
    return result


def generate(*, scale: str, seed: int, progress: generation.Progress) -> Summary:
    if Collaboration.objects.exists():
        raise AlreadyFilled
    chosen = generation.SCALES[scale]
    started = time.perf_counter()
    timings: list[tuple[str, float]] = []
    with transaction.atomic():
        ctx = generation.Context(
            scale=chosen, seed=seed, rng=random.Random(seed), base_date=BASE_DATE, progress=progress
        )
        for part in generation.parts():
            # each part draws from its own stream, so a new part does not change the others' rows
            ctx.rng = random.Random(f"{seed}:{part.name}")
            begun = time.perf_counter()
            part.fn(ctx)
            timings.append((part.name, time.perf_counter() - begun))
    return Summary(scale, seed, time.perf_counter() - started, counts(), timings, database_size())


def database_size() -> int | None:
    """SQLite: the file (after a checkpoint of the write-ahead log); PostgreSQL: pg_database_size."""
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if not os.path.exists(name):
            return None  # an in-memory database (tests)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return os.path.getsize(name)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    return None


def checksum() -> str:
    """A digest of some generated rows, without database ids and in no database's order (rows are
    sorted here, so ties in ORDER BY cannot differ between SQLite and PostgreSQL): the same seed
    gives the same digest."""
    digest = hashlib.sha256()
    tables: list[Iterable[tuple[object, ...]]] = [
        Person.objects.values_list("first_name", "last_name", "email", "organisation__name"),
        Decision.objects.values_list("item__group__collaboration__slug", "item__year", "item__number", "kind", "text"),
        # a line key of an activity's cost names the activity's id ("cost:aktiviteter#17"), and
        # PostgreSQL's sequences do not roll back, so the id is left out and the activity named
        [
            (day, account, amount, line_key.split("#", 1)[0], year, title)
            for day, account, amount, line_key, year, title in LedgerEntry.objects.values_list(
                "day", "account", "amount_ore", "line_key", "activity__year", "activity__title"
            )
        ],
        Meeting.objects.values_list("group__key", "starts_at", "status"),
    ]
    for rows in tables:
        for line in sorted(repr(tuple(row)) for row in rows):
            digest.update(line.encode())
    return digest.hexdigest()
