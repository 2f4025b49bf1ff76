"""Issue 12, items 1 and 2: people and organisations shared by two collaborations.

Who owns shared records (docs/security.md): changing a shared person or organisation needs
authority in every collaboration it belongs to, or the instance admin; erasure by one
collaboration's coordinator ends only that collaboration's part; populations are figures of record.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from samverkan.lib.errors import DomainError
from samverkan.organisations import personal_data, services
from samverkan.organisations.models import Membership, Person, Population
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _population(organisation):
    return dict(Population.objects.filter(organisation=organisation).values_list("year", "count"))


def _units(organisation):
    return sorted(organisation.supervision_units.values_list("name", flat=True))


# --- the findings, reproduced ---------------------------------------------------------------


def test_bs_coordinator_erasing_as_chair_ends_only_bs_memberships(two, as_persona):
    url = reverse("person_erase", args=[two.b.slug, two.shared.pk])
    page = as_persona("coordinator_b").get(url).content.decode()
    assert "hör också till en annan samverkan" in page

    response = as_persona("coordinator_b").post(url, {"bekrafta": "ja"}, follow=True)

    shared = Person.objects.get(pk=two.shared.pk)
    assert shared.erased_at is None and shared.first_name == "Dana" and shared.user.is_active
    assert Membership.objects.current().filter(person=shared, group__collaboration=two.a, role="chair").exists()
    assert not Membership.objects.current().filter(person=shared, group__collaboration=two.b).exists()
    assert two.b.pk not in shared.collaboration_ids()
    assert "Bara instansens administratör kan ta bort personen helt" in response.content.decode()


def test_bs_manager_cannot_read_change_or_erase_a_person_who_only_sits_in_a(two, as_persona):
    client = as_persona("coordinator_b")
    pk = two.a_only.pk
    for name in ("person_data", "person_erase", "person_edit", "person_detail", "person_vcard"):
        assert client.get(reverse(name, args=[two.b.slug, pk])).status_code == 404, name
    assert client.post(reverse("person_erase", args=[two.b.slug, pk]), {"bekrafta": "ja"}).status_code == 404
    assert client.post(reverse("person_edit", args=[two.b.slug, pk]), {"first_name": "X"}).status_code == 404
    assert client.get(f"/api/v1/collaborations/{two.b.slug}/people/{pk}").status_code == 404
    listed = client.get(f"/api/v1/collaborations/{two.b.slug}/people").json()
    assert pk not in {p["id"] for p in listed}
    a_only = Person.objects.get(pk=pk)
    assert a_only.erased_at is None and a_only.first_name == two.a_only.first_name


def test_bs_manager_cannot_overwrite_lyckseles_population_or_clear_its_unit(two, as_persona):
    url = reverse("organisation_edit", args=[two.b.slug, two.lycksele.pk])
    before = (_population(two.lycksele), _units(two.lycksele), two.lycksele.name)
    form = {"name": "Lycksele", "municipality_code": "2481", "supervision_unit": "", "population_year": 2025}

    response = as_persona("coordinator_b").post(url, {**form, "population": 4294967296})

    assert response.status_code == 403
    assert "Folkmängden kommer från SCB" in response.content.decode()
    assert "<form" not in response.content.decode().split("<main", 1)[-1]
    two.lycksele.refresh_from_db()
    assert (_population(two.lycksele), _units(two.lycksele), two.lycksele.name) == before


def test_the_service_refuses_a_shared_population_with_a_form_error(two):
    with pytest.raises(DomainError) as refusal:
        services.update_organisation(
            organisation=two.lycksele,
            actor=two.coordinator_b.user,
            name="Lycksele",
            municipality_code="2481",
            supervision_unit="Miljökontoret i Lycksele",
            population_year=2025,
            population=13_000,
        )
    assert refusal.value.field == "population"
    assert _population(two.lycksele) == {2025: 12_000}


@pytest.mark.parametrize("population", [4294967296, 10**23, -1])
def test_absurd_populations_are_a_form_error_even_for_the_owner(two, as_persona, population):
    """Umeå is a party in A only, so A's coordinator may change it; but not to an absurd figure."""
    url = reverse("organisation_edit", args=[two.a.slug, two.umea.pk])
    form = {"name": two.umea.name, "municipality_code": "2480", "population_year": 2025, "population": population}

    response = as_persona("coordinator_a").post(url, form)

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode() or "errorlist" in response.content.decode()
    assert _population(two.umea) == {}


def test_set_population_refuses_absurd_figures_from_any_source(two):
    with pytest.raises(DomainError):
        services.set_population(organisation=two.umea, year=2025, count=4294967296, source="SCB", actor=None)
    assert _population(two.umea) == {}


# --- the owner rule -----------------------------------------------------------------------------


def test_the_owner_of_an_unshared_organisation_still_edits_it(two, as_persona):
    url = reverse("organisation_edit", args=[two.a.slug, two.umea.pk])
    form = {"name": two.umea.name, "municipality_code": "2480", "population_year": 2025, "population": 130_000}
    assert as_persona("coordinator_a").post(url, form).status_code == 302
    assert _population(two.umea) == {2025: 130_000}


def test_a_shared_organisation_says_why_it_cannot_be_edited(two, as_persona):
    for persona, slug in (("coordinator_a", two.a.slug), ("coordinator_b", two.b.slug)):
        page = as_persona(persona).get(reverse("organisation_detail", args=[slug, two.lycksele.pk])).content.decode()
        assert "part också i en annan samverkan" in page
        assert reverse("organisation_edit", args=[slug, two.lycksele.pk]) not in page


def test_the_admin_changes_a_shared_organisation(two, as_persona):
    url = reverse("organisation_edit", args=[two.b.slug, two.lycksele.pk])
    form = {"name": "Lycksele", "municipality_code": "2481", "supervision_unit": "Miljökontoret i Lycksele"}
    assert as_persona("admin").post(url, {**form, "population_year": 2025, "population": 12_100}).status_code == 302
    assert _population(two.lycksele) == {2025: 12_100}


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("coordinator_a", False), ("coordinator_b", False), ("member", False), ("shared", True), ("admin", True)],
)
def test_a_shared_person_is_changed_only_by_themselves_or_the_admin(two, as_persona, persona, allowed):
    url = reverse("person_edit", args=[two.b.slug, two.shared.pk])
    form = {
        "first_name": "Dana",
        "last_name": "Ändrad",
        "organisation": two.lycksele.pk,
        "email": "delad@example.se",
        "phone": "0950-2",
    }
    response = as_persona(persona).post(url, form)
    assert response.status_code == (302 if allowed else 403)
    assert Person.objects.get(pk=two.shared.pk).last_name == ("Ändrad" if allowed else "Delad")


def test_update_person_refuses_a_manager_without_authority_everywhere(two):
    with pytest.raises(DomainError, match="hör också till en annan samverkan"):
        services.update_person(person=two.shared, collaboration=two.b, actor=two.coordinator_b.user, phone="1")
    with pytest.raises(DomainError):
        services.update_person(person=two.shared, collaboration=None, actor=two.coordinator_b.user, phone="1")
    assert Person.objects.get(pk=two.shared.pk).phone == "0950-1"


def test_a_coordinator_of_both_may_change_the_shared_person(two, world):
    coordinator = world.people["coordinator"]
    MembershipFactory(group=two.b.groups.get(key="styrgruppen"), person=coordinator, role="coordinator")
    services.update_person(person=two.shared, collaboration=two.b, actor=coordinator.user, phone="2")
    assert Person.objects.get(pk=two.shared.pk).phone == "2"


def test_the_full_personal_data_export_needs_authority_everywhere(two, as_persona):
    url = reverse("person_data", args=[two.a.slug, two.shared.pk])
    assert as_persona("coordinator_a").get(url).status_code == 403
    assert as_persona("admin").get(url).status_code == 200
    own = as_persona("shared").get(reverse("my_data")).json()
    assert {m["collaboration"] for m in own["memberships"]} == {two.a.name, two.b.name}
    # A's coordinator still answers for a person who is only in A
    assert as_persona("coordinator_a").get(reverse("person_data", args=[two.a.slug, two.a_only.pk])).status_code == 200


def test_only_the_admin_erases_a_shared_person_everywhere(two, personas):
    coordinator_a = personas["coordinator"]
    personal_data.erase_person(person=two.shared, actor=coordinator_a, collaboration=two.a)
    shared = Person.objects.get(pk=two.shared.pk)
    assert shared.erased_at is None and shared.user.is_active
    assert Membership.objects.current().filter(person=shared, group__collaboration=two.b).exists()

    personal_data.erase_person(person=shared, actor=personas["admin"], collaboration=two.b)
    shared.refresh_from_db()
    assert shared.erased_at is not None and shared.user is None
    assert not Membership.objects.current().filter(person=shared).exists()


def test_a_person_only_in_the_acting_collaboration_is_still_erased_fully(two, personas):
    personal_data.erase_person(person=two.a_only, actor=personas["coordinator"], collaboration=two.a)
    assert Person.objects.get(pk=two.a_only.pk).erased_at is not None


def test_a_member_cannot_erase_through_the_service(two, personas):
    with pytest.raises(DomainError):
        personal_data.erase_person(person=two.a_only, actor=personas["member"], collaboration=two.a)
    assert Person.objects.get(pk=two.a_only.pk).erased_at is None


def test_a_contact_import_cannot_rewrite_a_person_of_another_collaboration(two):
    data = "Förnamn;Efternamn;Organisation;E-post;Telefon\nDana;Delad;Lycksele;delad@example.se;070-666\n".encode()
    pending, preview = services.preview_contact_import(
        collaboration=two.b, data=data, filename="k.csv", actor=two.coordinator_b.user
    )
    assert preview.count("refused") == 1
    assert "hör också till en annan samverkan" in " ".join(preview.rows[0].errors)
    with pytest.raises(DomainError):
        services.commit_contact_import(pending=pending, actor=two.coordinator_b.user)
    assert Person.objects.get(pk=two.shared.pk).phone == "0950-1"


def test_creating_or_importing_a_person_registers_them_in_that_collaboration_only(two):
    person = services.create_person(
        collaboration=two.b, actor=None, first_name="Ny", last_name="Person", organisation=two.lycksele
    )
    assert person in Person.objects.in_collaboration(two.b)
    assert person not in Person.objects.in_collaboration(two.a)


def test_the_data_migration_registers_people_where_they_belong(two, world):
    from importlib import import_module

    fill = import_module("samverkan.organisations.migrations.0009_fill_person_registered_in").fill
    Person.registered_in.through.objects.all().delete()
    unplaced = Person.objects.create(first_name="Utan", last_name="Spår", organisation=two.lycksele)
    fill(apps, None)
    assert set(world.people["officer"].registered_in.all()) == {two.a}  # Vännäs is a party in A only
    assert set(two.a_only.registered_in.all()) == {two.a}
    assert set(two.shared.registered_in.all()) == {two.a, two.b}
    assert not unplaced.registered_in.exists()  # Lycksele is in both: neither may claim them
