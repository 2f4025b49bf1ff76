"""Each app's to-do provider on the shared world (conftest.world): who gets which to-do, and when
it goes away."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samverkan.accounts.permissions import access_for
from samverkan.agreement import desk as agreement_desk
from samverkan.agreement.services import check_collaboration
from samverkan.collaborations.findings import COLLABORATION
from samverkan.meetings import desk as meetings_desk
from samverkan.meetings import minutes as minutes_service
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.organisations import desk as organisations_desk
from samverkan.organisations.models import Person
from samverkan.plans import desk as plans_desk
from samverkan.plans import services as plan_services
from samverkan.plans.models import PlanStatus, PlanVersion

pytestmark = pytest.mark.django_db


def _todos(provider, world, user, today=None):
    collaboration = world.collaboration
    return list(provider(collaboration, access_for(user, collaboration), today or timezone.localdate()))


def _meeting(world, group, *, days: float, **fields):
    start = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.create(group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=2), **fields)


def _for(todos, meeting):
    return [t for t in todos if t.link.split("/")[3:4] == [str(meeting.pk)]]


def test_the_secretary_writes_the_minutes_of_a_held_meeting_then_sends_them_for_approval(world, personas):
    meeting = _meeting(world, world.sg, days=-2, status=MeetingStatus.HELD)
    slug = world.collaboration.slug
    (todo,) = _for(_todos(meetings_desk.todos, world, personas["coordinator"]), meeting)
    assert (todo.kind, todo.link) == ("minutes_write", f"/{slug}/moten/{meeting.pk}/protokoll/")
    assert todo.title == f"Skriv protokollet från {meeting.display_title}"
    assert todo.deadline == timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=14)
    assert _for(_todos(meetings_desk.todos, world, personas["chair"]), meeting) == []  # SG4: the coordinator writes

    minutes = minutes_service.start_minutes(meeting=meeting, actor=None)
    (todo,) = _for(_todos(meetings_desk.todos, world, personas["coordinator"]), meeting)
    assert todo.kind == "minutes_send"

    chair, adjuster = world.people["skelleftea"], world.people["umea"]
    minutes_service.record_attendance(
        minutes=minutes, statuses={chair.pk: ("present", ""), adjuster.pk: ("present", "")}, guests=[], actor=None
    )
    minutes_service.add_minute_item(minutes=minutes, title="Mötets öppnande", actor=None)
    minutes_service.set_adjusters(minutes=minutes, people=[adjuster], actor=None)
    minutes_service.send_for_approval(minutes=minutes, actor=None)
    assert _for(_todos(meetings_desk.todos, world, personas["coordinator"]), meeting) == []
    for persona in ("chair", "member"):  # the chair and the adjuster each approve
        (todo,) = _for(_todos(meetings_desk.todos, world, personas[persona]), meeting)
        assert (todo.kind, todo.link) == ("minutes_approve", f"/{slug}/protokoll/{meeting.pk}/")

    minutes_service.approve_minutes(minutes=minutes, person=chair, actor=None)
    assert _for(_todos(meetings_desk.todos, world, personas["chair"]), meeting) == []
    assert len(_for(_todos(meetings_desk.todos, world, personas["member"]), meeting)) == 1


def test_the_convener_is_reminded_of_a_notice_not_sent_two_weeks_before(world, personas):
    soon = _meeting(world, world.sg, days=10)
    later = _meeting(world, world.sg, days=60)
    support = _meeting(world, world.st, days=12)
    chair_todos = _todos(meetings_desk.todos, world, personas["chair"])
    (todo,) = _for(chair_todos, soon)  # SG4: the chair convenes the collaboration group
    assert todo.kind == "notice_send"
    assert todo.deadline == timezone.localtime(soon.starts_at).date() - datetime.timedelta(days=14)
    assert _for(chair_todos, later) == [] and _for(chair_todos, support) == []
    coordinator_todos = _todos(meetings_desk.todos, world, personas["coordinator"])
    assert [t.kind for t in _for(coordinator_todos, support)] == ["notice_send"]  # convener: the coordinator
    assert _for(coordinator_todos, soon) == []

    Meeting.objects.filter(pk=soon.pk).update(status=MeetingStatus.CALLED, notice_sent_at=timezone.now())
    assert _for(_todos(meetings_desk.todos, world, personas["chair"]), soon) == []


def test_the_drafting_body_has_each_document_to_propose_until_it_is_proposed(world, personas):
    year = timezone.localdate().year
    today = datetime.date(year, 9, 1)
    titles = {t.title: t for t in _todos(plans_desk.todos, world, personas["support"], today)}
    assert set(titles) == {
        f"Lämna förslag: Verksamhetsplan {year + 1}",
        f"Lämna förslag: Aktivitetsplan och kalendarium {year + 1}",
        f"Lämna förslag: Budget {year + 1}",
        f"Lämna förslag: Verksamhetsberättelse {year - 1}",  # due 31 May: overdue
    }
    assert titles[f"Lämna förslag: Budget {year + 1}"].deadline == datetime.date(year, 10, 31)
    assert titles[f"Lämna förslag: Budget {year + 1}"].link == f"/{world.collaboration.slug}/planer/?ar={year + 1}"
    assert _todos(plans_desk.todos, world, personas["chair"], today) == []  # not in the support group

    document = plan_services.start_document(
        collaboration=world.collaboration, doc_type="budget", year=year + 1, actor=None
    )
    todos = {t.title: t for t in _todos(plans_desk.todos, world, personas["support"], today)}
    assert todos[f"Lämna förslag: Budget {year + 1}"].link == f"/{world.collaboration.slug}/planer/{document.pk}/"
    PlanVersion.objects.filter(document=document).update(status=PlanStatus.PROPOSAL)
    todos = {t.title for t in _todos(plans_desk.todos, world, personas["support"], today)}
    assert f"Lämna förslag: Budget {year + 1}" not in todos


def test_an_assignment_is_on_its_owners_desk_from_a_month_before_it_is_due(world, personas, approved_decision):
    today = timezone.localdate()

    def assignment(title, days, **owner):
        fields = {"owner_kind": "coordinator", "owner_group": None, "owner_person": None, **owner}
        return plan_services.create_assignment(
            collaboration=world.collaboration,
            actor=None,
            decision=approved_decision,
            title=title,
            description="",
            due_on=today + datetime.timedelta(days=days),
            **fields,
        )

    assignment("Checklista", 10, owner_kind="person", owner_person=world.people["umea"])
    assignment("Sammanställning", -3)
    assignment("Långt fram", 45)

    def due(persona):
        todos = _todos(plans_desk.todos, world, personas[persona], today)
        return [(t.title, t.deadline) for t in todos if t.kind == "assignment_due"]

    assert due("member") == [("Slutför uppdraget: Checklista", today + datetime.timedelta(days=10))]
    assert due("coordinator") == [("Slutför uppdraget: Sammanställning", today - datetime.timedelta(days=3))]
    assert due("chair") == []


def test_a_person_confirms_their_own_details_when_the_confirmation_is_older_than_the_model_file_allows(world, personas):
    person = world.people["umea"]
    assert _todos(organisations_desk.todos, world, personas["member"]) == []
    confirmed = timezone.now() - datetime.timedelta(days=400)
    Person.objects.filter(pk=person.pk).update(confirmed_at=confirmed)
    (todo,) = _todos(organisations_desk.todos, world, personas["member"])
    assert todo.kind == "contact_confirm"
    assert todo.link == f"/{world.collaboration.slug}/personer/{person.pk}/andra/"
    assert todo.deadline == datetime.date(
        timezone.localtime(confirmed).year + 1, timezone.localtime(confirmed).month, timezone.localtime(confirmed).day
    )
    assert _todos(organisations_desk.todos, world, personas["coordinator"]) == []  # theirs, not the coordinator's


def test_the_coordinator_has_every_warning_and_breach_of_the_check_to_fix_and_nobody_else_does(world, personas):
    _meeting(world, world.sg, days=-30, status=MeetingStatus.HELD)  # minutes not approved in time: SG4
    expected = [
        (f"{f.rule}: {f.message}", (f.link or COLLABORATION).url(world.collaboration.slug), f"check_{f.status}")
        for f in check_collaboration(world.collaboration)
        if f.status != "ok"
    ]
    assert expected
    todos = _todos(agreement_desk.todos, world, personas["coordinator"])
    assert [(t.title, t.link, t.kind) for t in todos] == expected
    assert _todos(agreement_desk.todos, world, personas["chair"]) == []


def test_saving_ones_own_details_on_the_linked_page_confirms_them_and_the_to_do_goes(world, personas, client):
    person = world.people["umea"]
    Person.objects.filter(pk=person.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=400))
    (todo,) = _todos(organisations_desk.todos, world, personas["member"])
    client.force_login(personas["member"])
    page = client.get(todo.link)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["organisation"] = person.organisation_id
    response = client.post(todo.link, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _todos(organisations_desk.todos, world, personas["member"]) == []
    person.refresh_from_db()
    assert person.confirmed_at > timezone.now() - datetime.timedelta(minutes=1)
