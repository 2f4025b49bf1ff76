"""Events in the kalendarium (public ones for everyone), in a member's calendar feed and on Att göra."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samverkan.accounts.permissions import access_for
from samverkan.events import desk, notices, services
from samverkan.events.models import Registration
from samverkan.meetings.services import reset_calendar_feed


def _register(event, person, **fields):
    values = {
        "name": person.full_name,
        "email": person.email,
        "category": "municipality",
        "organisation": person.organisation,
        "person": person,
    }
    return services.register(event, **{**values, **fields})


def _year_of(event) -> int:
    return timezone.localtime(event.sessions.first().starts_at).year


# --- the kalendarium ------------------------------------------------------------------------


@pytest.fixture
def seminar(make_event):
    return make_event(title="Öppet seminarium")


@pytest.fixture
def course(make_event):
    return make_event(title="Kurs bara för medlemmar", public=False)


def _calendar(client, world, year):
    return client.get(reverse("calendar", args=[world.collaboration.slug]) + f"?ar={year}&vy=lista")


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_a_visitor_sees_the_public_events_in_the_kalendarium_and_nothing_else(
    seminar, course, world, client_for, persona
):
    year = _year_of(seminar)
    meeting = world.sg.meetings.create(
        starts_at=seminar.sessions.first().starts_at, ends_at=seminar.sessions.first().ends_at, place="Umeå"
    )
    response = _calendar(client_for(persona), world, year)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Öppet seminarium" in body
    assert reverse("event_detail", args=[world.collaboration.slug, seminar.pk]) in body
    assert "Kurs bara för medlemmar" not in body
    assert reverse("meeting_detail", args=[world.collaboration.slug, meeting.pk]) not in body
    assert "Här visas evenemangen som är öppna för alla." in body


def test_a_participant_sees_everything_in_the_kalendarium(seminar, course, world, client_for):
    year = _year_of(seminar)
    meeting = world.sg.meetings.create(
        starts_at=seminar.sessions.first().starts_at, ends_at=seminar.sessions.first().ends_at, place="Umeå"
    )
    body = _calendar(client_for("officer"), world, year).content.decode()
    assert "Öppet seminarium" in body and "Kurs bara för medlemmar" in body
    assert reverse("meeting_detail", args=[world.collaboration.slug, meeting.pk]) in body
    assert "Här visas evenemangen som är öppna för alla." not in body


def test_the_kalendarium_export_gives_a_visitor_the_public_entries(seminar, course, world, client):
    year = _year_of(seminar)
    response = client.get(reverse("calendar_export", args=[world.collaboration.slug, year, "ics"]))
    assert response.status_code == 200
    summaries = [str(v["summary"]) for v in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Öppet seminarium"]


def test_a_cancelled_or_draft_event_is_not_in_the_kalendarium(seminar, world):
    draft = services.create_event(activity=seminar.activity, actor=None, title="Utkast", public=True)
    start = seminar.sessions.first().starts_at
    services.add_session(event=draft, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    services.cancel_event(event=seminar, actor=None)
    assert list(desk.calendar_entries(world.collaboration, _year_of(seminar))) == []


def test_a_session_over_several_days_spans_them(make_event, world):
    event = make_event()
    session = event.sessions.get()
    session.ends_at = session.starts_at + datetime.timedelta(days=2)
    session.save()
    (entry,) = desk.calendar_entries(world.collaboration, _year_of(event))
    assert entry.last_day == timezone.localtime(session.ends_at).date()
    assert entry.public and entry.kind == "event"


# --- the personal calendar feed --------------------------------------------------------------


def _feed(client, user):
    feed = reset_calendar_feed(user=user)
    return Calendar.from_ical(client.get(reverse("calendar_feed", args=[feed.token])).content)


def test_the_personal_feed_has_the_events_registered_for_with_a_seat(make_event, world, personas, client):
    officer = world.people["officer"]  # on the contact list only, in no group
    seated = make_event(title="Med plats", capacity=1)
    full = make_event(title="Fullt", capacity=1)
    left = make_event(title="Avbokat")
    _register(seated, officer)
    _register(full, world.people["umea"])
    _register(full, officer)  # waitlisted
    services.cancel(_register(left, officer))
    make_event(title="Inte anmäld")
    calendar = _feed(client, personas["officer"])
    vevents = calendar.walk("VEVENT")
    assert [str(v["summary"]) for v in vevents] == ["Med plats"]
    assert str(vevents[0]["uid"]) == f"{notices.session_uid(seated.sessions.get())}@samverkan"


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(make_event, world, personas, client):
    event = make_event()
    _register(event, world.people["officer"])
    services.cancel_event(event=event, actor=None)
    (vevent,) = _feed(client, personas["officer"]).walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED"


def test_the_feed_reads_a_constant_number_of_queries(make_event, world):
    officer = world.people["officer"]
    access = access_for(officer.user or _user(officer), world.collaboration)

    def count():
        with CaptureQueriesContext(connection) as queries:
            events = list(desk.feed_events(world.collaboration, access))
        return len(queries), len(events)

    _register(make_event(title="Ett"), officer)
    few, one = count()
    for number in range(5):
        _register(make_event(title=f"Fler {number}"), officer)
    many, six = count()
    assert (one, six) == (1, 6)
    assert many == few


def _user(person):
    from tests.factories import UserFactory

    person.user = UserFactory(username=f"user-{person.pk}")
    person.save(update_fields=["user"])
    return person.user


# --- Att göra ---------------------------------------------------------------------------------


def _todos(world, person, today=None):
    user = person.user or _user(person)
    return list(desk.todos(world.collaboration, access_for(user, world.collaboration), today or timezone.localdate()))


def test_a_required_question_added_after_registering_is_a_todo(make_event, world):
    officer = world.people["officer"]
    event = make_event(title="Seminariet", registration_closes=timezone.now() + datetime.timedelta(days=10))
    registration = _register(event, officer)
    assert _todos(world, officer) == []
    services.add_question(event=event, actor=None, text="Kost?", required=True)
    services.add_question(event=event, actor=None, text="Frivillig?", required=False)
    (todo,) = _todos(world, officer)
    assert todo.title == "Svara på en fråga i din anmälan till Seminariet"
    assert todo.link == reverse("registration_manage", args=[registration.token])
    assert todo.deadline == timezone.localtime(event.registration_closes).date()
    assert (todo.kind, todo.source) == ("event_questions", "events")
    question = event.questions.get(text="Kost?")
    registration.answers.create(question=question, value="Vegetarisk")
    assert _todos(world, officer) == []


def test_no_question_todo_for_a_cancelled_registration_or_a_past_event(make_event, world):
    officer = world.people["officer"]
    cancelled, past = make_event(title="Avbokat"), make_event(title="Förbi")
    services.cancel(_register(cancelled, officer))
    _register(past, officer)
    past.sessions.update(
        starts_at=timezone.now() - datetime.timedelta(days=2), ends_at=timezone.now() - datetime.timedelta(days=1)
    )
    for event in (cancelled, past):
        services.add_question(event=event, actor=None, text="Kost?", required=True)
    assert _todos(world, officer) == []


def test_an_evaluation_sent_and_not_answered_is_a_todo_for_a_while(make_event, world):
    officer = world.people["officer"]
    registration = _register(make_event(title="Kursen"), officer)
    sent = timezone.now() - datetime.timedelta(days=2)
    Registration.objects.filter(pk=registration.pk).update(evaluation_sent_at=sent)
    (todo,) = _todos(world, officer)
    assert todo.title == "Utvärdera Kursen"
    assert todo.kind == "event_evaluation"
    assert todo.link == reverse("registration_manage", args=[registration.token])
    assert todo.deadline == timezone.localtime(sent).date() + datetime.timedelta(days=desk.EVALUATION_DAYS)
    Registration.objects.filter(pk=registration.pk).update(evaluated_at=timezone.now())
    assert _todos(world, officer) == []
    Registration.objects.filter(pk=registration.pk).update(
        evaluated_at=None, evaluation_sent_at=timezone.now() - datetime.timedelta(days=desk.EVALUATION_DAYS + 1)
    )
    assert _todos(world, officer) == []


def test_someone_elses_registration_is_not_my_todo(make_event, world):
    event = make_event()
    _register(event, world.people["umea"])
    services.add_question(event=event, actor=None, text="Kost?", required=True)
    assert _todos(world, world.people["officer"]) == []
    assert len(_todos(world, world.people["umea"])) == 1


def test_the_todos_read_a_constant_number_of_queries(make_event, world):
    officer = world.people["officer"]
    user = _user(officer)
    access = access_for(user, world.collaboration)

    def count():
        with CaptureQueriesContext(connection) as queries:
            todos = list(desk.todos(world.collaboration, access, timezone.localdate()))
        return len(queries), len(todos)

    def one_more(title):
        event = make_event(title=title)
        registration = _register(event, officer)
        services.add_question(event=event, actor=None, text="Kost?", required=True)
        Registration.objects.filter(pk=registration.pk).update(evaluation_sent_at=timezone.now())

    one_more("Ett")
    few, two = count()
    for number in range(4):
        one_more(f"Fler {number}")
    many, ten = count()
    assert (two, ten) == (2, 10)
    assert many == few


def test_the_desk_page_shows_the_event_todo(make_event, world, client_for):
    officer = world.people["officer"]
    client = client_for("officer")
    event = make_event(title="Seminariet")
    registration = _register(event, officer)
    services.add_question(event=event, actor=None, text="Kost?", required=True)
    body = client.get(reverse("desk")).content.decode()
    assert "Svara på en fråga i din anmälan till Seminariet" in body
    assert reverse("registration_manage", args=[registration.token]) in body
