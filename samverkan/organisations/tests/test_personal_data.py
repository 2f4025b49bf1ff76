"""GDPR: own data as JSON, erasure of someone who has left, and the retention command."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from samverkan.accounts.services import create_api_token
from samverkan.audit.models import AuditEntry
from samverkan.lib.errors import DomainError
from samverkan.organisations import personal_data, services
from samverkan.organisations.models import Membership, Person

SLUG = "miljosamverkan-vasterbotten"


def test_a_person_downloads_their_own_data(client_for, world):
    services.update_person(person=world.people["umea"], collaboration=world.collaboration, actor=None, phone="070-999")
    response = client_for("member").get(reverse("my_data"))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"mina-uppgifter.json\"; filename*=UTF-8''mina-uppgifter.json"
    )
    data = json.loads(response.content)
    assert data["person"]["email"] == "umea@example.se"
    assert {m["group"] for m in data["memberships"]} == {"Samverkansgruppen", "Stödgruppen"}
    assert data["account"]["username"] == "umea"
    assert any(c["action"] == "update_person" and c["after"]["phone"] == "070-999" for c in data["changes"])


def test_the_coordinator_can_fetch_a_persons_data(client_for, world):
    response = client_for("coordinator").get(reverse("person_data", args=[SLUG, world.people["umea"].pk]))
    assert json.loads(response.content)["person"]["email"] == "umea@example.se"


@pytest.fixture
def erased(client_for, world, personas):
    """Umeå's representative has left: their phone was changed once (audited), then they were erased."""
    person = world.people["umea"]
    old = {"name": person.full_name, "email": person.email}
    services.update_person(person=person, collaboration=world.collaboration, actor=None, phone="070-111 22 33")
    response = client_for("coordinator").post(reverse("person_erase", args=[SLUG, person.pk]), {"bekrafta": "ja"})
    assert response.status_code == 302
    person.refresh_from_db()
    return person, old


def test_erasure_ends_memberships_and_keeps_anonymous_history(erased, world):
    person, _old = erased
    memberships = Membership.objects.filter(person=person)
    assert memberships.count() == 2 and not memberships.current().exists()
    assert person.full_name == "(borttagen person)" and person.email == person.phone == ""


def test_erasure_removes_contact_details_everywhere(erased, client_for, client, world, personas):
    person, old = erased
    for entry in AuditEntry.objects.all():
        text = json.dumps([entry.before, entry.after, entry.object_label, entry.actor_label], ensure_ascii=False)
        assert old["email"] not in text and "070-111 22 33" not in text and old["name"] not in text
    coordinator = client_for("coordinator")
    for url in (
        reverse("contact_list", args=[SLUG]),
        reverse("group_detail", args=[SLUG, world.sg.pk]),
        reverse("contact_export", args=[SLUG, "csv"]),
    ):
        content = coordinator.get(url).content.decode("utf-8-sig")
        assert old["email"] not in content and old["name"] not in content, url
    assert coordinator.get(reverse("person_detail", args=[SLUG, person.pk])).status_code == 404
    _token, plain = create_api_token(user=personas["officer"], name="t", actor=None)
    api = client.get(f"/api/v1/collaborations/{SLUG}/people", headers={"Authorization": f"Bearer {plain}"})
    assert old["email"] not in api.content.decode() and old["name"] not in api.content.decode()


def test_an_erased_person_cannot_log_in(erased, personas):
    user = personas["member"]
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()


def test_erasure_needs_an_explicit_confirmation(client_for, world):
    person = world.people["lycksele"]
    html = client_for("coordinator").post(reverse("person_erase", args=[SLUG, person.pk]), {}).content.decode()
    assert "Kryssa i" in html
    person.refresh_from_db()
    assert person.erased_at is None


def test_erasing_twice_is_refused(erased, world):
    person, _old = erased
    with pytest.raises(DomainError, match="redan borttagen"):
        personal_data.erase_person(person=person, actor=None)


def test_retention_erases_people_whose_last_membership_ended_long_ago(world):
    person = world.people["dorotea"]
    Membership.objects.filter(person=person).update(
        started_on=datetime.date(2020, 1, 1), ended_on=datetime.date(2024, 1, 31)
    )
    recent = world.people["bjurholm"]
    Membership.objects.filter(person=recent).update(ended_on=datetime.date(2026, 1, 31))
    today = datetime.date(2026, 11, 27)
    out = StringIO()
    call_command("personal-data-retention", "--dry-run", stdout=out)
    assert f"Would erase person #{person.pk}" in out.getvalue() and "Would erase 1 people." in out.getvalue()
    assert Person.objects.get(pk=person.pk).erased_at is None  # dry run changes nothing
    expired = personal_data.apply_retention(dry_run=False, today=today)
    assert [e.person.pk for e in expired] == [person.pk]
    assert Person.objects.get(pk=person.pk).erased_at is not None
    assert Person.objects.get(pk=recent.pk).erased_at is None  # ended 10 months ago: kept (24 months)
