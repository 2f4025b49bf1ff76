"""The events' workflows: which status may follow which."""

from __future__ import annotations

import pytest

from samverkan.events import rules
from samverkan.events.models import EventStatus, RegistrationStatus


@pytest.mark.parametrize(("flow", "enum"), [(rules.EVENT, EventStatus), (rules.REGISTRATION, RegistrationStatus)])
def test_each_table_decides_for_every_status_of_its_enum(flow, enum) -> None:
    assert flow.covers(enum.values)


def test_a_registration_moves_up_or_is_cancelled_and_a_cancelled_one_stays() -> None:
    moves = {
        (a, b) for a in RegistrationStatus.values for b in RegistrationStatus.values if rules.REGISTRATION.allows(a, b)
    }
    assert moves == {("confirmed", "cancelled"), ("waitlisted", "confirmed"), ("waitlisted", "cancelled")}
    labels = dict(RegistrationStatus.choices)
    assert rules.REGISTRATION.refusal("confirmed", "waitlisted", labels=labels) == (
        "En anmälan som är bekräftad kan inte bli på väntelistan."
    )


def test_an_event_is_published_then_perhaps_cancelled() -> None:
    moves = {(a, b) for a in EventStatus.values for b in EventStatus.values if rules.EVENT.allows(a, b)}
    assert moves == {("draft", "published"), ("draft", "cancelled"), ("published", "cancelled")}
