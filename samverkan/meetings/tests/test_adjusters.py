"""Adjusters (justerare) are members of the meeting's group on the meeting day, or recorded present
at the meeting. Anyone else is refused, and one chosen before the rule gets no access to the draft."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.meetings import minutes as service
from samverkan.meetings.models import ApprovalLink, AttendanceStatus, Signatory
from samverkan.meetings.tests.test_approval import run_worker
from samverkan.meetings.tests.test_minutes import held
from samverkan.organisations.models import Membership

SLUG = "miljosamverkan-vasterbotten"
REFUSAL = "Justerare ska vara ledamot i"


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


@pytest.fixture
def written(world):
    """Held three days ago: every member present, one §, Umeå's member as adjuster."""
    minutes = service.start_minutes(
        meeting=held(world.sg, timezone.localdate() - datetime.timedelta(days=3)), actor=None
    )
    members = {m.person_id for m in world.sg.memberships.all()}
    service.record_attendance(
        minutes=minutes, statuses={pk: (AttendanceStatus.PRESENT, "") for pk in members}, guests=[], actor=None
    )
    service.add_minute_item(minutes=minutes, title="Budget 2027", actor=None, decision="Budgeten fastställs.")
    service.set_adjusters(minutes=minutes, people=[world.people["umea"]], actor=None)
    return minutes


def adjusters(minutes) -> set[int]:
    return set(minutes.signatories.filter(role=Signatory.Role.ADJUSTER).values_list("person_id", flat=True))


def test_the_service_refuses_a_person_outside_the_group_and_changes_nothing(written, world):
    from tests.factories import PersonFactory

    stranger = PersonFactory(organisation=world.people["umea"].organisation)
    for person in (world.people["officer"], stranger):
        with pytest.raises(DomainError) as refusal:
            service.set_adjusters(minutes=written, people=[person], actor=None)
        assert REFUSAL in refusal.value.message and world.sg.name in refusal.value.message
    with pytest.raises(DomainError):
        service.set_adjusters(minutes=written, people=[world.people["lycksele"], stranger], actor=None)
    assert adjusters(written) == {world.people["umea"].pk}


def test_a_member_who_left_after_the_meeting_can_still_be_chosen(written, world):
    lycksele = world.people["lycksele"]
    Membership.objects.filter(person=lycksele, group=world.sg).update(ended_on=timezone.localdate())
    service.set_adjusters(minutes=written, people=[lycksele], actor=None)
    assert adjusters(written) == {lycksele.pk}


def test_a_member_who_joined_after_the_meeting_is_refused(written, world):
    newcomer = world.people["officer"]
    Membership.objects.create(
        group=world.sg, person=newcomer, organisation=newcomer.organisation, role="member",
        started_on=timezone.localdate(),
    )  # fmt: skip
    with pytest.raises(DomainError):
        service.set_adjusters(minutes=written, people=[newcomer], actor=None)
    assert adjusters(written) == {world.people["umea"].pk}


def test_the_page_offers_only_the_groups_members_and_refuses_a_forged_choice(written, world, client_for):
    client = client_for("coordinator")
    url = reverse("minutes_edit", args=[SLUG, written.meeting_id])
    page = client.get(url).content.decode()
    fieldset = page[page.index('name="justerare"') - 200 : page.index('value="justerare"')]
    officer, chair = world.people["officer"], world.people["skelleftea"]
    assert f'value="{world.people["lycksele"].pk}"' in fieldset
    assert f'value="{officer.pk}"' not in fieldset and officer.full_name not in fieldset
    assert f'value="{chair.pk}"' not in fieldset  # the chair approves already
    response = client.post(url, {"action": "justerare", "justerare": [officer.pk]}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert any(REFUSAL in m for m in said), said
    assert adjusters(written) == {world.people["umea"].pk}


@pytest.fixture
def improper(written, world, personas):
    """The officer (no seat in the collaboration group) made adjuster before the rule existed."""
    officer = world.people["officer"]
    written.signatories.filter(role=Signatory.Role.ADJUSTER).delete()
    Signatory.objects.create(minutes=written, person=officer, name=officer.full_name, role=Signatory.Role.ADJUSTER)
    return officer


def test_an_improper_adjuster_already_chosen_cannot_read_or_approve_the_draft(improper, written, world, client_for):
    client = client_for("officer")
    assert client.get(reverse("minutes_detail", args=[SLUG, written.meeting_id])).status_code == 404
    assert client.get(reverse("minutes_document", args=[SLUG, written.meeting_id, "pdf"])).status_code == 404
    version = service.content_digest(written)
    client.post(reverse("minutes_approve", args=[SLUG, written.meeting_id]), {"version": version})
    assert written.signatories.get(person=improper).approved_at is None
    with pytest.raises(DomainError) as refusal:
        service.approve_minutes(minutes=written, person=improper, actor=None)
    assert REFUSAL in refusal.value.message
    assert written.signatories.get(person=improper).approved_at is None


def test_an_improper_adjuster_gets_no_link_and_an_old_link_no_longer_works(improper, written, world, client):
    mail.outbox.clear()
    with pytest.raises(DomainError) as refusal:  # the draft cannot go out with only an improper adjuster
        service.send_for_approval(minutes=written, actor=None)
    assert REFUSAL in refusal.value.message
    run_worker()
    assert mail.outbox == []
    signatory = written.signatories.get(person=improper)
    link = ApprovalLink.objects.create(
        signatory=signatory,
        kind=ApprovalLink.Kind.REQUEST,
        nonce="n" * 24,
        expires_at=timezone.now() + datetime.timedelta(days=5),
    )
    path = reverse("approve_by_link", args=[service.token_for(link)])
    page = client.get(path)
    assert page.status_code == 400 and "Budgeten fastställs." not in page.content.decode()
    assert client.post(path, {"version": service.content_digest(written)}).status_code == 400
    assert written.signatories.get(person=improper).approved_at is None


def test_the_secretary_sees_that_an_improper_adjuster_must_be_replaced(improper, written, client_for):
    page = client_for("coordinator").get(reverse("minutes_edit", args=[SLUG, written.meeting_id])).content.decode()
    assert improper.full_name in page and REFUSAL in page
