"""Two collaborations on one instance that share a person and an organisation.

A is Miljösamverkan Västerbotten (the `world` fixture); B is the example waste collaboration,
loaded from its own model file. Lycksele (2481) is a party in both. The shared person works for
Lycksele, chairs A's support group and sits in B's steering group. Storuman's member of A's
collaboration group works for a party of both but sits only in A.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from samverkan.agreement.services import load_collaboration_model
from samverkan.collaborations.models import Collaboration
from samverkan.organisations.models import Organisation, Person, SupervisionUnit
from tests.factories import MembershipFactory, PersonFactory, UserFactory

MODEL_B = Path(django_settings.BASE_DIR) / "agreements" / "example-avfallssamverkan.toml"
START_B = datetime.date(2026, 1, 1)

# the personas of the shared matrix, in the order of its tuples
PERSONAS = ["anonymous", "outsider", "member", "shared", "coordinator_a", "coordinator_b", "admin"]


@dataclass
class Two:
    a: Collaboration
    b: Collaboration
    shared: Person  # chair in A's support group, member of B's steering group
    a_only: Person  # works for Storuman (a party of both), sits only in A
    coordinator_b: Person
    lycksele: Organisation  # party in both
    umea: Organisation  # party in A only


@pytest.fixture
def two(world, personas) -> Two:
    b = load_collaboration_model(path=MODEL_B, actor=None, today=START_B).collaboration
    steering = b.groups.get(key="styrgruppen")
    preparatory = b.groups.get(key="beredningsgruppen")
    lycksele = world.municipality("2481")
    coordinator_b = PersonFactory(organisation=lycksele, email="samordnare-b@example.se", first_name="Berit")
    for group in (steering, preparatory):
        MembershipFactory(group=group, person=coordinator_b, role="coordinator", started_on=START_B)
    shared = PersonFactory(
        organisation=lycksele, email="delad@example.se", first_name="Dana", last_name="Delad", phone="0950-1"
    )
    MembershipFactory(group=world.st, person=shared, role="chair")
    MembershipFactory(group=steering, person=shared, role="member", started_on=START_B)
    unit, _created = SupervisionUnit.objects.get_or_create(name="Miljökontoret i Lycksele")
    unit.municipalities.add(lycksele)
    lycksele.populations.create(year=2025, count=12_000, source="SCB")
    for person, username in ((coordinator_b, "samordnare-b"), (shared, "delad")):
        person.user = UserFactory(username=username)
        person.save(update_fields=["user"])
    return Two(
        a=world.collaboration,
        b=b,
        shared=shared,
        a_only=world.people["storuman"],
        coordinator_b=coordinator_b,
        lycksele=lycksele,
        umea=world.municipality("2480"),
    )


@pytest.fixture
def as_persona(client, personas, two):
    """Log the client in as one persona of the shared matrix."""
    users = {
        "anonymous": None,
        "outsider": personas["outsider"],
        "member": personas["member"],
        "shared": two.shared.user,
        "coordinator_a": personas["coordinator"],
        "coordinator_b": two.coordinator_b.user,
        "admin": personas["admin"],
    }

    def login(persona: str):
        client.logout()
        if users[persona] is not None:
            client.force_login(users[persona])
        return client

    return login
