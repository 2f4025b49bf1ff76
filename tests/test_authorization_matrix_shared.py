"""The authorization matrix with two collaborations that share a person and an organisation.

A (Miljösamverkan Västerbotten) and B (the example waste collaboration) share Lycksele, a party in
both, and a person from Lycksele who chairs A's support group and sits in B's steering group.
Storuman's member sits only in A, though Storuman is a party in B too. Every persona requests
every person and organisation route of both collaborations (pages, downloads, the API) and
forges the writes; a refused write changes nothing. See tests/shared_world.py for the set-up and
docs/security.md for the rule.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from samverkan.organisations.models import Membership, Person, Population
from tests.shared_world import PERSONAS, Two

pytestmark = pytest.mark.django_db

ALL_200 = (200,) * 7
ALL_404 = (404,) * 7
#              anon outs memb shar coA  coB  admi
SELF_OR_ADMIN = (302, 403, 403, 200, 403, 403, 200)
ADMIN_ONLY = (302, 403, 403, 403, 403, 403, 200)


def _a(two: Two, name: str, pk: int) -> str:
    return reverse(name, args=[two.a.slug, pk])


def _b(two: Two, name: str, pk: int) -> str:
    return reverse(name, args=[two.b.slug, pk])


#   label: (url of the shared world, expected per persona)
READS: dict[str, tuple[Callable[[Two], str], tuple[int, ...]]] = {
    "A person page, shared": (lambda t: _a(t, "person_detail", t.shared.pk), ALL_200),
    "B person page, shared": (lambda t: _b(t, "person_detail", t.shared.pk), ALL_200),
    "B person page, A only": (lambda t: _b(t, "person_detail", t.a_only.pk), ALL_404),
    "A edit person, shared": (lambda t: _a(t, "person_edit", t.shared.pk), SELF_OR_ADMIN),
    "B edit person, shared": (lambda t: _b(t, "person_edit", t.shared.pk), SELF_OR_ADMIN),
    "B edit person, A only": (lambda t: _b(t, "person_edit", t.a_only.pk), ALL_404),
    "A edit person, A only": (
        lambda t: _a(t, "person_edit", t.a_only.pk),
        (302, 403, 403, 403, 200, 403, 200),
    ),
    "A uppgifter.json, shared": (lambda t: _a(t, "person_data", t.shared.pk), ADMIN_ONLY),
    "B uppgifter.json, shared": (lambda t: _b(t, "person_data", t.shared.pk), ADMIN_ONLY),
    "A uppgifter.json, A only": (
        lambda t: _a(t, "person_data", t.a_only.pk),
        (302, 403, 403, 403, 200, 403, 200),
    ),
    "B uppgifter.json, A only": (
        lambda t: _b(t, "person_data", t.a_only.pk),
        (302, 403, 403, 403, 403, 404, 404),
    ),
    "A erase page, shared": (lambda t: _a(t, "person_erase", t.shared.pk), (302, 403, 403, 403, 200, 403, 200)),
    "B erase page, shared": (lambda t: _b(t, "person_erase", t.shared.pk), (302, 403, 403, 403, 403, 200, 200)),
    "B erase page, A only": (lambda t: _b(t, "person_erase", t.a_only.pk), (302, 403, 403, 403, 403, 404, 404)),
    # B's coordinator works for Lycksele, a party in A: staff of a party read A's contact cards
    "A vCard, shared": (lambda t: _a(t, "person_vcard", t.shared.pk), (302, 403, 200, 200, 200, 200, 200)),
    "B vCard, shared": (lambda t: _b(t, "person_vcard", t.shared.pk), (302, 403, 403, 200, 403, 200, 200)),
    "B vCard, A only": (lambda t: _b(t, "person_vcard", t.a_only.pk), (302, 403, 403, 404, 403, 404, 404)),
    "A contact list export": (
        lambda t: reverse("contact_export", args=[t.a.slug, "csv"]),
        (302, 403, 200, 200, 200, 200, 200),
    ),
    "B contact list export": (
        lambda t: reverse("contact_export", args=[t.b.slug, "csv"]),
        (302, 403, 403, 200, 403, 200, 200),
    ),
    "A organisation page, shared": (lambda t: _a(t, "organisation_detail", t.lycksele.pk), ALL_200),
    "B organisation page, shared": (lambda t: _b(t, "organisation_detail", t.lycksele.pk), ALL_200),
    "A edit organisation, shared": (lambda t: _a(t, "organisation_edit", t.lycksele.pk), ADMIN_ONLY),
    "B edit organisation, shared": (lambda t: _b(t, "organisation_edit", t.lycksele.pk), ADMIN_ONLY),
    "A edit organisation, A only": (
        lambda t: _a(t, "organisation_edit", t.umea.pk),
        (302, 403, 403, 403, 200, 403, 200),
    ),
    "B edit organisation, A only": (
        lambda t: _b(t, "organisation_edit", t.umea.pk),
        (302, 403, 403, 403, 403, 404, 404),
    ),
    "API A person, shared": (lambda t: f"/api/v1/collaborations/{t.a.slug}/people/{t.shared.pk}", ALL_200),
    "API B person, shared": (lambda t: f"/api/v1/collaborations/{t.b.slug}/people/{t.shared.pk}", ALL_200),
    "API B person, A only": (lambda t: f"/api/v1/collaborations/{t.b.slug}/people/{t.a_only.pk}", ALL_404),
    "API B organisations": (lambda t: f"/api/v1/collaborations/{t.b.slug}/organisations", ALL_200),
    "own data": (lambda t: reverse("my_data"), (302,) + (200,) * 6),
}


@pytest.mark.parametrize("label", list(READS))
def test_each_persona_reads_what_the_owner_rule_allows(label, two, as_persona):
    url_of, expected = READS[label]
    url = url_of(two)
    got = {persona: as_persona(persona).get(url).status_code for persona in PERSONAS}
    assert got == dict(zip(PERSONAS, expected, strict=True)), url


def test_b_lists_and_exports_only_its_own_people(two, as_persona):
    client = as_persona("coordinator_b")
    listed = client.get(reverse("person_list", args=[two.b.slug])).content.decode()
    exported = client.get(reverse("contact_export", args=[two.b.slug, "csv"])).content.decode()
    api = client.get(f"/api/v1/collaborations/{two.b.slug}/people").json()
    for text in (listed, exported):
        assert two.shared.email in text or "Delad" in text
        assert two.a_only.last_name not in text and two.a_only.email not in text
    assert {p["id"] for p in api} == {two.shared.pk, two.coordinator_b.pk}


def _state(two: Two) -> tuple:
    shared = Person.objects.get(pk=two.shared.pk)
    a_only = Person.objects.get(pk=two.a_only.pk)
    current = Membership.objects.current()
    return (
        (shared.first_name, shared.last_name, shared.phone, shared.erased_at is None),
        current.filter(person=shared, group__collaboration=two.a).count(),
        current.filter(person=shared, group__collaboration=two.b).count(),
        (a_only.last_name, a_only.erased_at is None, current.filter(person=a_only).count()),
        dict(Population.objects.filter(organisation=two.lycksele).values_list("year", "count")),
        sorted(two.lycksele.supervision_units.values_list("name", flat=True)),
    )


def _person_form(two: Two) -> dict:
    return {
        "first_name": "Dana",
        "last_name": "Ändrad",
        "organisation": two.lycksele.pk,
        "email": "delad@example.se",
        "phone": "0950-9",
    }


def _org_form(two: Two) -> dict:
    return {
        "name": "Lycksele",
        "municipality_code": "2481",
        "supervision_unit": "",
        "population_year": 2025,
        "population": 4294967296,
    }


@dataclass(frozen=True)
class Write:
    url: Callable[[Two], str]
    data: Callable[[Two], dict]
    expected: tuple[int, ...]
    changes: dict[str, str]  # persona → what changed (the state's part), all others change nothing


WRITES = {
    "edit shared person in A": Write(
        lambda t: _a(t, "person_edit", t.shared.pk),
        _person_form,
        (302, 403, 403, 302, 403, 403, 302),
        {"shared": "person", "admin": "person"},
    ),
    "edit shared person in B": Write(
        lambda t: _b(t, "person_edit", t.shared.pk),
        _person_form,
        (302, 403, 403, 302, 403, 403, 302),
        {"shared": "person", "admin": "person"},
    ),
    "erase shared person in B": Write(
        lambda t: _b(t, "person_erase", t.shared.pk),
        lambda t: {"bekrafta": "ja"},
        (302, 403, 403, 403, 403, 302, 302),
        {"coordinator_b": "b_part", "admin": "everything"},
    ),
    "erase shared person in A": Write(
        lambda t: _a(t, "person_erase", t.shared.pk),
        lambda t: {"bekrafta": "ja"},
        (302, 403, 403, 403, 302, 403, 302),
        {"coordinator_a": "a_part", "admin": "everything"},
    ),
    "erase A-only person in B": Write(
        lambda t: _b(t, "person_erase", t.a_only.pk),
        lambda t: {"bekrafta": "ja"},
        (302, 403, 403, 403, 403, 404, 404),
        {},
    ),
    "edit A-only person in B": Write(
        lambda t: _b(t, "person_edit", t.a_only.pk),
        lambda t: {**_person_form(t), "email": "storuman@example.se"},
        (302,) + (404,) * 6,  # anonymous writes are sent to log in before anything is looked up
        {},
    ),
    # the admin may change Lycksele, but not to an absurd population: a form error
    "overwrite Lycksele in B": Write(lambda t: _b(t, "organisation_edit", t.lycksele.pk), _org_form, ADMIN_ONLY, {}),
    "overwrite Lycksele in A": Write(lambda t: _a(t, "organisation_edit", t.lycksele.pk), _org_form, ADMIN_ONLY, {}),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("label", list(WRITES))
def test_each_forged_write_is_refused_unless_the_owner_rule_allows_it(label, persona, two, as_persona):
    write = WRITES[label]
    before = _state(two)

    status = as_persona(persona).post(write.url(two), write.data(two)).status_code

    assert status == dict(zip(PERSONAS, write.expected, strict=True))[persona]
    after = _state(two)
    change = write.changes.get(persona)
    if change is None:
        assert after == before
    elif change == "person":
        assert after[0][1] == "Ändrad" and after[1:] == before[1:]
    elif change == "b_part":  # ended in B only; the person, their login and A's seat stay
        assert after[0] == before[0] and after[1] == before[1] and after[2] == 0
        assert Person.objects.get(pk=two.shared.pk).user.is_active
    elif change == "a_part":
        assert after[0] == before[0] and after[1] == 0 and after[2] == before[2]
    elif change == "everything":
        assert after[0][3] is False and after[1] == after[2] == 0
