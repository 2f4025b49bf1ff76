"""Use cases for people, groups and memberships: audited, and refusing bad input with a message."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.audit.models import AuditEntry
from samverkan.lib.errors import DomainError
from samverkan.organisations import services
from samverkan.organisations.models import Group, Membership, Population

D = datetime.date


def test_adding_a_membership_is_audited_with_who_and_what(world, personas):
    actor = personas["coordinator"]
    membership = services.add_membership(
        group=world.st, person=world.people["dorotea"], role="member", started_on=D(2026, 11, 1), actor=actor
    )
    entry = AuditEntry.objects.for_object(membership).get()
    assert entry.actor == actor and entry.action == "add_membership"
    assert entry.after["role"] == "member" and entry.after["group"] == "Stödgruppen"


def test_a_person_cannot_sit_twice_in_the_same_group_at_the_same_time(world):
    with pytest.raises(DomainError, match="redan med i Samverkansgruppen"):
        services.add_membership(
            group=world.sg, person=world.people["umea"], role="chair", started_on=D(2026, 1, 1), actor=None
        )
    assert Membership.objects.filter(group=world.sg, person=world.people["umea"]).count() == 1


def test_ending_a_membership_keeps_it_as_history(world):
    membership = Membership.objects.get(group=world.sg, person=world.people["vindeln"])
    services.end_membership(membership=membership, ended_on=D(2026, 6, 30), actor=None)
    membership.refresh_from_db()
    assert membership.ended_on == D(2026, 6, 30)
    entry = AuditEntry.objects.for_object(membership).get(action="end_membership")
    assert entry.before["ended_on"] is None and entry.after["ended_on"] == "2026-06-30"


def test_a_membership_cannot_end_before_it_started(world):
    membership = Membership.objects.get(group=world.sg, person=world.people["vindeln"])
    with pytest.raises(DomainError, match="före startdatum"):
        services.end_membership(membership=membership, ended_on=D(2024, 1, 1), actor=None)
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_a_new_role_ends_the_old_membership_and_starts_a_new_one(world):
    membership = Membership.objects.get(group=world.sg, person=world.people["umea"])
    new = services.change_role(membership=membership, role="vice_chair", on=D(2026, 9, 1), actor=None)
    membership.refresh_from_db()
    assert membership.ended_on == D(2026, 8, 31) and new.role == "vice_chair" and new.started_on == D(2026, 9, 1)


@pytest.mark.parametrize(
    ("purpose", "mandate", "message"),
    [
        ("", "Uppdrag", "syfte"),
        ("Syfte", " ", "uppdrag"),
    ],
)
def test_a_working_group_always_carries_purpose_and_mandate(world, sg_decision, purpose, mandate, message):
    before = Group.objects.count()
    with pytest.raises(DomainError, match=message):
        services.create_working_group(
            collaboration=world.collaboration,
            appointed_by=sg_decision,
            name="AG",
            purpose=purpose,
            mandate=mandate,
            started_on=D(2026, 1, 1),
            actor=None,
        )
    assert Group.objects.count() == before


def test_a_working_group_records_purpose_mandate_and_goal(world, sg_decision):
    group = services.create_working_group(
        collaboration=world.collaboration,
        appointed_by=sg_decision,
        name="Arbetsgrupp dagvatten",
        purpose="Gemensam syn",
        mandate="Ta fram vägledning",
        goal="Klar 2027",
        started_on=D(2026, 2, 1),
        actor=None,
    )
    assert (group.kind, group.purpose, group.mandate, group.goal) == (
        "working_group",
        "Gemensam syn",
        "Ta fram vägledning",
        "Klar 2027",
    )


def test_the_host_can_change_and_history_is_kept(world):
    umea = world.municipality("2480")
    services.change_host(collaboration=world.collaboration, organisation=umea, started_on=D(2027, 1, 1), actor=None)
    assert world.collaboration.host_on(D(2026, 12, 31)).name == "Region Västerbotten"
    assert world.collaboration.host_on(D(2027, 1, 1)) == umea
    assert world.collaboration.host_periods.count() == 2


def test_only_a_party_can_become_host(world):
    from tests.factories import OrganisationFactory

    with pytest.raises(DomainError, match="inte part"):
        services.change_host(
            collaboration=world.collaboration, organisation=OrganisationFactory(), started_on=D(2027, 1, 1), actor=None
        )


def test_editing_a_person_records_before_and_after(world):
    person = world.people["umea"]
    old_phone = person.phone
    services.update_person(person=person, collaboration=world.collaboration, actor=None, phone="070-111 22 33")
    entry = AuditEntry.objects.for_object(person).get(action="update_person")
    assert (entry.before["phone"], entry.after["phone"]) == (old_phone, "070-111 22 33")


def test_two_people_cannot_share_an_email(world):
    person = world.people["umea"]
    with pytest.raises(DomainError, match="e-postadressen"):
        services.update_person(person=person, collaboration=None, actor=None, email="LYCKSELE@example.se")
    assert person.email == "umea@example.se"  # a refused change leaves the object as it was
    person.refresh_from_db()
    assert person.email == "umea@example.se"
    assert not AuditEntry.objects.for_object(person).exists()


def test_the_scb_populations_load_and_sum_to_the_county_total(db):
    path = Path(settings.BASE_DIR) / "data" / "municipalities-vasterbotten.csv"
    assert services.import_populations(path=path, actor=None) == 30
    assert services.import_populations(path=path, actor=None) == 0  # idempotent
    totals = {year: sum(Population.objects.filter(year=year).values_list("count", flat=True)) for year in (2023, 2024)}
    assert totals == {2023: 278_729, 2024: 281_138}


def test_a_population_file_with_a_bad_code_writes_nothing(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,name,population_2024_12_31\n2480,Umeå,134249\n24x1,Fel,12\n", encoding="utf-8")
    with pytest.raises(DomainError, match="Rad 3"):
        services.import_populations(path=path, actor=None)
    assert Population.objects.count() == 0


def test_a_working_group_cannot_exist_without_the_decision_that_created_it(world, sg_decision):
    before = Group.objects.count()
    with pytest.raises(DomainError, match="genom ett beslut"):
        services.create_working_group(
            collaboration=world.collaboration,
            name="AG",
            purpose="S",
            mandate="U",
            started_on=D(2026, 1, 1),
            actor=None,
            appointed_by=None,
        )
    support_item = sg_decision.item
    support_item.group = world.st
    with pytest.raises(DomainError, match=r"fattat av Samverkansgruppen \(AG1\)"):
        services.create_working_group(
            collaboration=world.collaboration,
            name="AG",
            purpose="S",
            mandate="U",
            started_on=D(2026, 1, 1),
            actor=None,
            appointed_by=sg_decision,
        )
    assert Group.objects.count() == before


def test_without_a_working_groups_table_a_decision_of_any_of_its_groups_appoints(world, sg_decision):
    collaboration = world.collaboration
    start = collaboration.model_source.index("[working_groups]")
    end = collaboration.model_source.index("# PL2:", start)
    collaboration.model_source = collaboration.model_source[:start] + collaboration.model_source[end:]
    collaboration.save(update_fields=["model_source"])
    collaboration.__dict__.pop("model", None)
    assert collaboration.model.working_groups is None
    item = sg_decision.item
    item.group = world.st
    item.save(update_fields=["group"])
    sg_decision.item.refresh_from_db()
    group = services.create_working_group(
        collaboration=collaboration,
        name="AG",
        purpose="S",
        mandate="U",
        started_on=D(2026, 1, 1),
        actor=None,
        appointed_by=sg_decision,
    )
    assert group.appointed_by == sg_decision


def test_changing_or_closing_a_working_group_names_its_decision(world, sg_decision):
    group = services.create_working_group(
        collaboration=world.collaboration,
        name="AG dagvatten",
        purpose="S",
        mandate="U",
        started_on=D(2026, 1, 1),
        actor=None,
        appointed_by=sg_decision,
    )
    assert group.appointed_by == sg_decision
    with pytest.raises(DomainError, match="genom ett beslut"):
        services.update_group(group=group, actor=None, mandate="Nytt uppdrag")
    services.update_group(group=group, actor=None, decision=sg_decision, ended_on=D(2026, 12, 31))
    group.refresh_from_db()
    assert group.closed_by == sg_decision
    entry = AuditEntry.objects.for_object(group).filter(action="update_group").get()
    assert entry.after["decision"].startswith("Samverkansgruppen §")


def test_the_change_history_says_a_gender_changed_but_not_what_it_is(world, personas):
    person = world.people["dorotea"]
    services.update_person(
        person=person, collaboration=world.collaboration, actor=personas["coordinator"], gender="man"
    )
    services.update_person(person=person, collaboration=world.collaboration, actor=None, gender="woman")
    created = services.create_person(
        collaboration=world.collaboration,
        actor=None,
        first_name="Ny",
        last_name="Person",
        organisation=person.organisation,
        gender="other",
    )
    entries = list(AuditEntry.objects.for_object(person)) + list(AuditEntry.objects.for_object(created))
    shown = [str(value) for e in entries for _field, before, after in e.changes() for value in (before, after)]
    assert not {"man", "woman", "other"} & set(shown)
    assert [f for e in AuditEntry.objects.for_object(person) for f, _b, _a in e.changes()].count("gender") == 2


def test_genders_already_in_the_change_history_are_hidden_by_the_migration(world):
    import importlib

    from django.apps import apps

    person = world.people["dorotea"]
    old = AuditEntry.objects.create(
        action="update_person",
        object_type="organisations.person",
        object_id=str(person.pk),
        before={"gender": "woman", "title": "a"},
        after={"gender": "man", "title": "b"},
    )
    created = AuditEntry.objects.create(
        action="create_person", object_type="organisations.person", object_id=str(person.pk), after={"gender": "other"}
    )
    importlib.import_module("samverkan.audit.migrations.0002_hide_gender_in_the_trail").hide_gender(apps, None)
    old.refresh_from_db()
    created.refresh_from_db()
    assert old.changes() == [("gender", "(dolt)", "(dolt, ändrat)"), ("title", "a", "b")]
    assert created.after == {"gender": "(dolt)"}
