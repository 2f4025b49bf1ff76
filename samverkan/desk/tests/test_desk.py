"""Att göra: the registry's order, the page, the weekly e-mail (once a week, opt-out), and the
demo's to-dos of the coordinator, the chair and a support-group member."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.agreement.services import check_collaboration
from samverkan.collaborations import desk
from samverkan.collaborations.desk import Entry, Todo
from samverkan.collaborations.findings import COLLABORATION
from samverkan.collaborations.ical import CalendarEvent
from samverkan.collaborations.models import Collaboration
from samverkan.desk import services
from samverkan.desk.models import WeeklyMail
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.plans.models import Assignment

TODAY = datetime.date(2026, 12, 2)
DEMO_DAY = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC)


def _todo(title: str, deadline: datetime.date | None, name: str = "A") -> Todo:
    return Todo(
        collaboration=Collaboration(name=name, slug="a"),
        title=title,
        link="/a/",
        deadline=deadline,
        kind="test",
        source="tests",
    )


def test_the_most_urgent_comes_first_overdue_then_by_deadline_then_without_one(monkeypatch):
    todos = [
        _todo("Utan datum", None),
        _todo("Om en vecka", TODAY + datetime.timedelta(days=7)),
        _todo("Försenad länge", TODAY - datetime.timedelta(days=30)),
        _todo("I dag", TODAY),
        _todo("Försenad i går", TODAY - datetime.timedelta(days=1)),
    ]
    monkeypatch.setattr(desk, "_todo_providers", [lambda collaboration, seat, today: todos])
    ordered = desk.todos_for([(Collaboration(name="A"), object())], TODAY)  # type: ignore[list-item]
    assert [t.title for t in ordered] == ["Försenad länge", "Försenad i går", "I dag", "Om en vecka", "Utan datum"]
    assert [t.overdue(TODAY) for t in ordered] == [True, True, False, False, False]


def test_a_new_app_adds_to_dos_and_calendar_entries_by_registering_only(monkeypatch):
    monkeypatch.setattr(desk, "_todo_providers", list(desk.todo_providers()))
    monkeypatch.setattr(desk, "_calendar_providers", [])
    monkeypatch.setattr(desk, "_feed_providers", [])
    collaboration = Collaboration(name="A", slug="a")

    @desk.register_todos
    def events(collaboration, seat, today):
        yield _todo("Svara på anmälningar", today)

    @desk.register_calendar
    def trainings(collaboration, year):
        yield Entry(uid="training-1", kind="activity", day=datetime.date(year, 3, 4), title="Kurs", url="/a/kurs/")

    @desk.register_feed
    def my_trainings(collaboration, seat):
        starts = datetime.datetime(2027, 3, 4, 9, tzinfo=datetime.UTC)
        yield CalendarEvent(
            uid="training-1", sequence=0, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), summary="Kurs"
        )

    desk.register_calendar(trainings)  # twice is once
    assert events in desk.todo_providers()
    assert [e.title for e in desk.year_entries(collaboration, 2027)] == ["Kurs"]
    assert [e.summary for e in desk.feed_events([(collaboration, object())])] == ["Kurs"]  # type: ignore[list-item]


@pytest.mark.django_db
def test_after_login_a_person_lands_on_att_gora_with_each_to_do_its_link_and_deadline(client, world, personas):
    start = timezone.now() - datetime.timedelta(days=2)
    meeting = Meeting.objects.create(
        group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=1), status=MeetingStatus.HELD
    )
    response = client.post("/accounts/login/", {"login": "samordnare", "password": "ett-langt-testlosenord"})
    assert response.status_code == 302 and response["Location"] == "/att-gora/"
    page = client.get("/att-gora/").content.decode()
    assert "<h1>Att göra</h1>" in page
    link = f'href="/{world.collaboration.slug}/moten/{meeting.pk}/protokoll/"'
    assert link in page
    deadline = (timezone.localtime(start).date() + datetime.timedelta(days=14)).isoformat()
    assert f'<time datetime="{deadline}">' in page
    assert world.collaboration.name in page


@pytest.mark.django_db
def test_someone_with_nothing_to_do_is_told_so(client, world, personas):
    client.force_login(personas["officer"])
    page = client.get("/att-gora/").content.decode()
    assert "Du har inget att göra just nu." in page
    assert 'class="todo-list"' not in page


@pytest.mark.django_db
def test_att_gora_needs_a_login(client):
    response = client.get("/att-gora/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_person_turns_the_weekly_mail_off_and_on_on_their_desk(client, world, personas):
    user = personas["coordinator"]
    client.force_login(user)
    assert 'name="weekly_todo_mail" checked' in client.get("/att-gora/").content.decode()
    client.post("/att-gora/", {})
    user.refresh_from_db()
    assert user.weekly_todo_mail is False
    assert 'name="weekly_todo_mail" checked' not in client.get("/att-gora/").content.decode()
    client.post("/att-gora/", {"weekly_todo_mail": "on"})
    user.refresh_from_db()
    assert user.weekly_todo_mail is True


def _held_meeting(world):
    start = timezone.now() - datetime.timedelta(days=2)
    return Meeting.objects.create(
        group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=1), status=MeetingStatus.HELD
    )


@pytest.mark.django_db
def test_the_weekly_mail_goes_once_a_week_to_those_with_something_to_do(world, personas):
    _held_meeting(world)
    with_todos = {u.username for u in User.objects.all() if services.todos_of(u)}
    assert "samordnare" in with_todos and "inspektor" not in with_todos
    first = services.send_weekly_mail()
    second = services.send_weekly_mail()  # the same week: nothing again
    assert (first, second) == (len(with_todos), 0)
    assert len(mail.outbox) == len(with_todos)
    coordinator = next(m for m in mail.outbox if m.to == ["samordnare@example.se"])
    assert "Skriv protokollet från" in coordinator.body
    assert WeeklyMail.objects.filter(user=personas["coordinator"]).count() == 1
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    assert services.send_weekly_mail(today=next_week) == len(with_todos)


@pytest.mark.django_db
def test_the_database_refuses_a_second_weekly_mail_for_the_same_person_and_week(world, personas):
    week = services.week_of(TODAY)
    WeeklyMail.objects.create(user=personas["coordinator"], week=week, todos=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklyMail.objects.create(user=personas["coordinator"], week=week, todos=2)


@pytest.mark.django_db
def test_a_person_who_opted_out_gets_no_weekly_mail_and_the_mails_link_opts_out(client, world, personas):
    _held_meeting(world)
    coordinator = personas["coordinator"]
    services.set_weekly_mail(user=coordinator, on=False, actor=coordinator)
    services.send_weekly_mail()
    assert all(m.to != ["samordnare@example.se"] for m in mail.outbox)
    support_mail = next(m for m in mail.outbox if m.to == [world.people["lycksele"].email])
    link = re.search(r"http://\S+/att-gora/avsluta/\S+/", support_mail.body)
    assert link is not None and support_mail.extra_headers["List-Unsubscribe"] == f"<{link.group(0)}>"
    path = link.group(0).split("8000", 1)[1]
    assert "Vill du sluta få veckobrevet" in client.get(path).content.decode()  # GET changes nothing
    assert User.objects.get(username="stod").weekly_todo_mail is True
    response = client.post(path)
    assert "Du får inte längre veckobrevet" in response.content.decode()
    assert User.objects.get(username="stod").weekly_todo_mail is False
    assert client.get("/att-gora/avsluta/fel/").status_code == 400


V = "/miljosamverkan-vasterbotten"
A = "/avfallssamverkan-sodra-lappland"
# What each demo account has to do on 2 December 2026, most urgent first, besides the agreement
# check's warnings (the coordinator's, compared with the check itself below).
DEMO_TODOS = {
    "samordnare": [
        (
            "assignment_due",
            "2026-09-30",
            "Slutför uppdraget: Sammanställ kommunernas behov av tillsynsvägledning",
            V + "/uppdrag/{assignment}/",
        ),
        ("plan_proposal", "2026-10-31", "Lämna förslag: Aktivitetsplan och kalendarium 2027", f"{V}/planer/?ar=2027"),
        ("notice_send", "2026-11-24", "Skicka kallelsen till Stödgruppen 2026-12-08", V + "/moten/{coming}/kalla/"),
        ("plan_proposal", "2027-05-31", "Lämna förslag: Verksamhetsberättelse 2026", f"{V}/planer/?ar=2026"),
    ],
    "ordforande": [
        (
            "minutes_approve",
            "2026-10-20",
            "Justera protokollet från Samverkansgruppen 2026-10-06",
            V + "/protokoll/{held}/",
        ),
    ],
    "stod": [  # in the support group here, and coordinator of the second demo collaboration
        ("plan_proposal", "2026-10-31", "Lämna förslag: Aktivitetsplan och kalendarium 2027", f"{V}/planer/?ar=2027"),
        ("plan_proposal", "2026-12-15", "Lämna förslag: Budget 2027", f"{A}/planer/?ar=2027"),
        ("plan_proposal", "2026-12-15", "Lämna förslag: Verksamhetsplan 2027", f"{A}/planer/?ar=2027"),
        ("plan_proposal", "2027-03-31", "Lämna förslag: Årsredovisning 2026", f"{A}/planer/?ar=2026"),
        ("plan_proposal", "2027-05-31", "Lämna förslag: Verksamhetsberättelse 2026", f"{V}/planer/?ar=2026"),
    ],
}
# Whose agreement check is on whose desk: the collaborations each account coordinates.
DEMO_COORDINATES = {
    "samordnare": ["miljosamverkan-vasterbotten"],
    "ordforande": [],
    "stod": ["avfallssamverkan-sodra-lappland"],
}


def demo_todos(username: str) -> list[tuple[str, str | None, str, str]]:
    """(kind, deadline, title, link) of what the demo account has to do today."""
    user = User.objects.get(username=username)
    return [
        (t.kind, t.deadline.isoformat() if t.deadline else None, t.title, t.link)
        for t in services.todos_of(user, timezone.localdate())
    ]


def check_todos(slugs: list[str]) -> list[tuple[str, str | None, str, str]]:
    """The warnings and breaches of today's agreement check of those collaborations, as to-dos."""
    found = []
    for slug in slugs:
        collaboration = Collaboration.objects.get(slug=slug)
        for f in check_collaboration(collaboration, on=timezone.localdate()):
            if f.status != "ok":
                title = f"{f.rule}: {f.message}"
                found.append(
                    (
                        collaboration.name,
                        title,
                        (f"check_{f.status}", None, title, (f.link or COLLABORATION).url(collaboration.slug)),
                    )
                )
    return [todo for _name, _title, todo in sorted(found)]  # no deadline: last, by collaboration and title


def demo_ids() -> dict[str, int]:
    """The demo's objects that the links name (their ids differ between test databases)."""
    vasterbotten = Meeting.objects.filter(group__collaboration__slug=V.strip("/"))
    return {
        "assignment": Assignment.objects.get(title="Sammanställ kommunernas behov av tillsynsvägledning").pk,
        "coming": vasterbotten.get(group__key="stodgruppen", starts_at__date=datetime.date(2026, 12, 8)).pk,
        "held": vasterbotten.get(group__key="samverkansgruppen", starts_at__date=datetime.date(2026, 10, 6)).pk,
    }


def expected_demo_todos(username: str) -> list[tuple[str, str | None, str, str]]:
    ids = demo_ids()
    listed = [(kind, deadline, title, link.format(**ids)) for kind, deadline, title, link in DEMO_TODOS[username]]
    return listed + check_todos(DEMO_COORDINATES[username])


@pytest.mark.django_db
def test_the_demo_coordinator_chair_and_support_group_member_each_have_exactly_their_own_to_dos(settings):
    from samverkan.agreement.demo import load_demo

    with time_machine.travel(DEMO_DAY, tick=False):
        load_demo()
        for username in DEMO_TODOS:
            assert demo_todos(username) == expected_demo_todos(username), username
        assert check_todos(["miljosamverkan-vasterbotten"])  # the coordinator has warnings to fix
        assert demo_todos("inspektor") == []  # an officer in no group has nothing to do


@pytest.mark.django_db
def test_the_weekly_command_queues_the_mail_for_the_worker_and_a_second_run_sends_nothing(world, personas, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    _held_meeting(world)
    out = StringIO()
    call_command("desk-weekly-mail", stdout=out)
    assert "Queued" in out.getvalue() and mail.outbox == []  # nothing is sent before the worker runs
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    sent = len(mail.outbox)
    assert sent >= 1 and any(m.to == ["samordnare@example.se"] for m in mail.outbox)
    call_command("desk-weekly-mail", stdout=out)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == sent


@pytest.mark.django_db
def test_someone_only_on_the_contact_list_is_asked_to_confirm_their_details(client, world, personas):
    from samverkan.organisations.models import Person

    officer = world.people["officer"]  # registered in the collaboration, in no group
    Person.objects.filter(pk=officer.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=400))
    todos = services.todos_of(personas["officer"])
    assert [(t.kind, t.link) for t in todos] == [
        ("contact_confirm", f"/{world.collaboration.slug}/personer/{officer.pk}/andra/")
    ]
    client.force_login(personas["officer"])
    assert "Bekräfta dina kontaktuppgifter" in client.get("/att-gora/").content.decode()
