"""An activity of next year's plan with a published seminar, ready for registrations."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samverkan.events import services
from samverkan.plans import services as plans

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def activity(world):
    return plans.create_activity(
        collaboration=world.collaboration,
        actor=None,
        year=NEXT_YEAR,
        title="Seminarium om förorenade områden",
        area="kompetensutveckling",
        kind="seminar",
        for_municipalities=True,
        for_business=True,
        fee_member_ore=50_000,
        fee_other_ore=150_000,
    )


@pytest.fixture
def make_event(activity):
    """A published public event of the activity with one session; `fields` override."""

    def make(**fields):
        event = services.create_event(
            activity=activity,
            actor=None,
            **{"title": "Förorenade områden i praktiken", "public": True, **fields},
        )
        start = timezone.now() + datetime.timedelta(days=30)
        services.add_session(
            event=event, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=3), place="Umeå"
        )
        services.publish_event(event=event, actor=None)
        event.refresh_from_db()
        return event

    return make


@pytest.fixture
def run_worker(monkeypatch):
    """Runs the queued background tasks (the e-mails) as `samverkan db_worker` would, once."""
    from django.core.management import call_command

    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
