"""Ids of one collaboration's events asked under the other's address: not found, for everyone,
on the public pages, the organiser's pages, the documents and the API; and a forged write
there changes nothing. A and B are the shared world's two collaborations (tests/shared_world.py)."""

from __future__ import annotations

import pytest

from samverkan.events.models import Registration
from tests.shared_world import PERSONAS, as_persona, two  # noqa: F401  (fixtures)


@pytest.fixture
def event_of_a(make_event):
    event = make_event(capacity=10)  # of A's activity (the events conftest)
    registration = Registration.objects.create(
        event=event, name="Anna Ek", email="anna@example.se", category="citizen", status="confirmed"
    )
    return event, registration


READS = [
    "evenemang/{pk}/",
    "evenemang/{pk}/evenemang.ics",
    "evenemang/{pk}/hantera/",
    "evenemang/{pk}/andra/",
    "evenemang/{pk}/anmalningar/",
    "evenemang/{pk}/narvaro/",
    "evenemang/{pk}/deltagarlista.pdf",
    "evenemang/{pk}/namnbrickor.pdf",
    "evenemang/{pk}/fakturaunderlag/",
    "evenemang/{pk}/rackvidd/",
    "evenemang/{pk}/utvardering/",
    "evenemang/{pk}/intyg.pdf",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_s_event_under_b_s_address_is_not_found(persona, two, as_persona, event_of_a):  # noqa: F811
    event, _registration = event_of_a
    client = as_persona(persona)
    for route in READS:
        url = f"/{two.b.slug}/" + route.format(pk=event.pk)
        status = client.get(url).status_code
        # B's organisers find nothing; the others are refused before any lookup (to log in, or
        # 403 on the organiser's pages, whether the id exists or not); nobody ever reads A's event
        if persona in ("coordinator_b", "admin"):
            assert status == 404, (persona, url, status)
        else:
            assert status in (302, 403, 404), (persona, url, status)
    api = client.get(f"/api/v1/collaborations/{two.b.slug}/events/{event.pk}")
    assert api.status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "coordinator_b", "admin"])
def test_a_forged_registration_or_action_under_b_s_address_changes_nothing(
    persona,
    two,  # noqa: F811
    as_persona,  # noqa: F811
    event_of_a,
):
    event, registration = event_of_a
    client = as_persona(persona)
    before = list(Registration.objects.values_list("pk", "status"))
    form = {"name": "Falsk", "email": "falsk@example.se", "category": "citizen"}
    assert client.post(f"/{two.b.slug}/evenemang/{event.pk}/", form).status_code in (302, 404)
    for route in (f"evenemang/{event.pk}/anmalningar/{registration.pk}/", f"evenemang/{event.pk}/publicera/"):
        assert client.post(f"/{two.b.slug}/{route}", {"action": "avboka"}).status_code in (302, 404, 405)
    assert list(Registration.objects.values_list("pk", "status")) == before
