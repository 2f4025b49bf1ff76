"""The demo's events: a seminar with a waitlist, a paid course, a campaign for the public and a
seminar held with its attendance and evaluations."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from samverkan.audit.models import AuditEntry
from samverkan.events import selectors
from samverkan.events.models import Evaluation, Event, Registration, RegistrationStatus


@pytest.fixture
def demo(db, settings):
    """The demo as seen on 27 November 2026, as the agreement's demo tests see it."""
    settings.DEMO_MODE = True
    with time_machine.travel(datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC), tick=False):
        call_command("demo", stdout=StringIO())
        yield


def test_the_demo_has_a_year_of_events_with_registrations_across_the_county(demo) -> None:
    events = {e.title: e for e in Event.objects.filter(collaboration__slug="miljosamverkan-vasterbotten")}
    seminar = events["Omvärldsseminarium: nya EU-krav för miljötillsynen"]
    course = events["Fördjupningskurs: förorenade områden"]
    campaign = events["Skrota bilen rätt – öppet hus för bilägare"]
    held = events["Vindkraftens buller – tillsyn och vägledning"]
    assert all(e.status == "published" and e.public for e in events.values())

    # the seminar is full, three wait in order
    assert seminar.registrations.confirmed().count() == seminar.capacity == 12
    assert [r.name for r in seminar.registrations.waitlist()] == ["Malin Ek", "Robin Strand", "Jonas Lind"]

    # the course has the activity's fees: the members' for the parties, the other for the rest
    assert course.activity.fee_member_ore == 150_000 and course.activity.fee_other_ore == 350_000
    fees = Counter(selectors.fee_of(r) for r in course.registrations.select_related("event__activity"))
    assert fees == {150_000: 10, 350_000: 3}  # a municipality outside and two businesses pay more
    assert {r.category for r in course.registrations.all()} == {"municipality", "authority", "business"}

    # the campaign is for the public
    assert campaign.for_citizens and campaign.capacity is None
    assert Counter(r.category for r in campaign.registrations.all())["citizen"] == 9

    # the seminar held: attendance as the activity's follow-up has it, and evaluations
    came = held.registrations.filter(attended=True)
    assert Counter(r.gender for r in came) == {"woman": 7, "man": 10, "other": 1}
    assert held.activity.participants_women == 7 and held.activity.participants_men == 10
    assert held.registrations.filter(attended=False).count() == 2
    assert Evaluation.objects.filter(event=held).count() == 5

    everyone = Registration.objects.filter(event__in=events.values())
    assert everyone.values("organisation").distinct().count() >= 15  # municipalities across the county
    assert {r.gender for r in everyone} == {"woman", "man", "other", "not_stated"}
    assert everyone.filter(person__isnull=False).exists()  # some registered logged in as members
    # the confirmations "went out" when they registered: the worker has none of them to send
    assert not DBTaskResult.objects.filter(task_path__startswith="samverkan.events.").exists()


def test_loading_the_demo_again_changes_no_event(demo) -> None:
    before = (Event.objects.count(), Registration.objects.count(), AuditEntry.objects.count())
    statuses = list(Registration.objects.values_list("status", flat=True))
    with time_machine.travel(datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC), tick=False):
        call_command("demo", stdout=StringIO())
    assert (Event.objects.count(), Registration.objects.count(), AuditEntry.objects.count()) == before
    assert list(Registration.objects.values_list("status", flat=True)) == statuses
    assert RegistrationStatus.WAITLISTED in statuses
