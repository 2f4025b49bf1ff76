"""/api/v1/…/events: the coming events, registering and cancelling by API."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.services import create_api_token
from samverkan.agreement.services import load_collaboration_model
from samverkan.events import notices, services
from samverkan.events.models import Registration, RegistrationStatus
from samverkan.plans import services as plans
from tests.test_hostile_input import corpus_for

ROOT = "/api/v1"


def _events_url(world, event=None):
    base = f"{ROOT}/collaborations/{world.collaboration.slug}/events"
    return base if event is None else f"{base}/{event.pk}"


def _post(client, url, payload, **headers):
    return client.post(url, data=json.dumps(payload), content_type="application/json", **headers)


def _payload(**fields):
    return {"name": "Anna Ek", "email": "anna@example.se", "category": "citizen", **fields}


def _register(client, world, event, **fields):
    return _post(client, _events_url(world, event) + "/registrations", _payload(**fields))


def _token(user) -> str:
    return create_api_token(user=user, name="test", actor=None)[1]


# --- reading --------------------------------------------------------------------------------


def test_the_list_has_the_coming_events_the_caller_may_see(make_event, world, client, personas):
    seminar = make_event(title="Seminariet", capacity=10)
    course = make_event(title="Kursen", public=False)
    services.register(seminar, name="Bo", email="bo@example.se", category="business")
    response = client.get(_events_url(world))
    assert response.status_code == 200
    assert response["X-Total-Count"] == "1"
    (shown,) = response.json()
    assert shown["title"] == "Seminariet"
    assert shown["url"] == notices.event_url(seminar)
    assert (shown["capacity"], shown["seats_left"], shown["registration_open"]) == (10, 9, True)
    assert shown["sessions"][0]["place"] == "Umeå" and shown["sessions"][0]["online"] is False
    assert "video_link" not in shown["sessions"][0]
    token = _token(personas["officer"])
    mine = client.get(_events_url(world), HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert {e["title"] for e in mine} == {"Seminariet", "Kursen"}
    assert client.get(_events_url(world, course)).status_code == 404  # anonymous: members only


def test_the_list_is_windowed(make_event, world, client):
    for number in range(3):
        make_event(title=f"Evenemang {number}")
    response = client.get(_events_url(world) + "?limit=2&offset=1")
    assert response["X-Total-Count"] == "3"
    assert len(response.json()) == 2
    assert 'rel="prev"' in response["Link"]
    assert client.get(_events_url(world) + "?limit=501").status_code == 422


def test_the_list_reads_a_constant_number_of_queries(make_event, world, client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_events_url(world)).status_code == 200
        return len(queries)

    event = make_event(title="Ett")
    services.add_question(event=event, actor=None, text="Kost?")
    few = count()
    for number in range(5):
        more = make_event(title=f"Fler {number}")
        services.add_question(event=more, actor=None, text="Kost?")
        services.register(more, name="Bo", email="bo@example.se", category="business")
    assert count() == few


def test_an_event_shows_its_questions_and_whether_registration_is_open(make_event, world, client):
    event = make_event(registration_closes=timezone.now() + datetime.timedelta(days=1), capacity=1)
    question = services.add_question(event=event, actor=None, text="Kost?", kind="choice", choices=["Vegansk", "Allt"])
    services.register(event, name="Bo", email="bo@example.se", category="business")
    shown = client.get(_events_url(world, event)).json()
    assert shown["questions"] == [
        {"id": question.pk, "text": "Kost?", "kind": "choice", "choices": ["Vegansk", "Allt"], "required": False}
    ]
    assert shown["seats_left"] == 0 and shown["registration_open"] is True  # full: the waitlist is open
    event.registration_closes = timezone.now() - datetime.timedelta(minutes=1)
    event.registration_opens = None
    event.save()
    assert client.get(_events_url(world, event)).json()["registration_open"] is False


# --- registering and cancelling -------------------------------------------------------------


def test_register_then_cancel_moves_the_first_on_the_waitlist_up(make_event, world, client):
    event = make_event(capacity=1)
    first = _register(client, world, event)
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "confirmed" and first.json()["waitlist_place"] is None
    second = _register(client, world, event, name="Bo", email="bo@example.se")
    assert second.json()["status"] == "waitlisted" and second.json()["waitlist_place"] == 1
    # the answer is the registrant's own: nothing of anyone else
    assert set(second.json()) == {"status", "waitlist_place", "manage_url"}
    anna = Registration.objects.get(email="anna@example.se")
    assert first.json()["manage_url"] == notices.manage_url(anna)
    cancelled = _post(client, f"{ROOT}/registrations/{anna.token}/cancel", {})
    assert cancelled.status_code == 200 and cancelled.json() == {"status": "cancelled"}
    assert Registration.objects.get(email="bo@example.se").status == RegistrationStatus.CONFIRMED
    again = _post(client, f"{ROOT}/registrations/{anna.token}/cancel", {})
    assert again.status_code == 400 and again.json()["detail"] == "Anmälan är redan avbokad."


def test_the_same_address_twice_is_refused_with_the_message(make_event, world, client):
    event = make_event()
    assert _register(client, world, event).status_code == 201
    twice = _register(client, world, event, email="ANNA@example.se")
    assert twice.status_code == 400
    assert twice.json() == {"detail": "Den här e-postadressen är redan anmäld till evenemanget.", "field": "email"}
    assert Registration.objects.count() == 1


def test_the_refusal_speaks_english_when_asked(make_event, world, client):
    event = make_event()
    refused = _post(
        client, _events_url(world, event) + "/registrations", _payload(email="nej"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 400 and refused.json()["detail"] == "Enter a valid e-mail address."


def test_a_required_answer_and_a_party_organisation(make_event, world, client):
    event = make_event()
    question = services.add_question(event=event, actor=None, text="Kost?", required=True)
    refused = _register(client, world, event)
    assert refused.status_code == 400 and not Registration.objects.exists()
    outsider = _register(client, world, event, answers={str(question.pk): "Allt"}, organisation_id=999_999)
    assert outsider.status_code == 400 and outsider.json()["field"] == "organisation_id"
    umea = world.municipality("2480")
    done = _register(client, world, event, answers={str(question.pk): "Allt"}, organisation_id=umea.pk)
    assert done.status_code == 201
    registration = Registration.objects.get()
    assert registration.organisation == umea and registration.answers.get().value == "Allt"


def test_consent_is_needed_when_the_event_asks_for_it(make_event, world, client):
    event = make_event()
    event.consent_text = "Bilder tas under dagen."
    event.save()
    refused = _register(client, world, event)
    assert refused.status_code == 400 and refused.json()["field"] == "consent"
    assert _register(client, world, event, consent=True).status_code == 201


def test_a_members_only_event_needs_a_participant(make_event, world, client, personas):
    course = make_event(public=False)
    assert _register(client, world, course).status_code == 404  # not even seen
    outsider = _token(personas["outsider"])
    url = _events_url(world, course) + "/registrations"
    assert _post(client, url, _payload(), HTTP_AUTHORIZATION=f"Bearer {outsider}").status_code == 404
    officer = _token(personas["officer"])
    response = _post(client, url, _payload(email="inspektor@example.se"), HTTP_AUTHORIZATION=f"Bearer {officer}")
    assert response.status_code == 201
    assert Registration.objects.get().person == world.people["officer"]  # in their feed and on their desk


def test_a_session_must_send_its_csrf_token(make_event, world, personas):
    event = make_event()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["officer"])
    refused = _register(browser, world, event)
    assert refused.status_code == 403 and not Registration.objects.exists()
    browser.get(reverse("event_list", args=[world.collaboration.slug]))  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    done = _post(
        browser,
        _events_url(world, event) + "/registrations",
        _payload(email="inspektor@example.se"),
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert done.status_code == 201
    assert Registration.objects.get().person == world.people["officer"]
    anonymous = Client(enforce_csrf_checks=True)  # no session: nothing to forge
    assert _register(anonymous, world, event, email="bo@example.se").status_code == 201


def test_another_collaborations_event_is_not_found_and_nothing_changes(make_event, world, client):
    other = load_collaboration_model(
        path=Path(__file__).resolve().parents[3] / "agreements" / "example-avfallssamverkan.toml", actor=None
    ).collaboration
    activity = plans.create_activity(
        collaboration=other,
        actor=None,
        year=timezone.localdate().year + 1,
        title="Kurs",
        area=other.model.collaboration_areas[0].key,
        kind="seminar",
        for_municipalities=True,
    )
    theirs = services.create_event(activity=activity, actor=None, title="Deras", public=True)
    start = timezone.now() + datetime.timedelta(days=10)
    services.add_session(event=theirs, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    services.publish_event(event=theirs, actor=None)
    assert client.get(_events_url(world, theirs)).status_code == 404
    assert _register(client, world, theirs).status_code == 404
    assert not Registration.objects.exists()
    assert client.get(_events_url(world, theirs).replace(world.collaboration.slug, other.slug)).status_code == 200


def test_an_unknown_or_malformed_token_is_404_or_422(world, client):
    assert _post(client, f"{ROOT}/registrations/inte-en-giltig-lank/cancel", {}).status_code == 404
    assert _post(client, f"{ROOT}/registrations/{'a' * 65}/cancel", {}).status_code == 422
    assert _post(client, f"{ROOT}/registrations/a.b/cancel", {}).status_code == 422


FIELDS = {"name": "text", "email": "text", "organisation_text": "text", "category": "choice", "gender": "choice"}


@pytest.mark.parametrize("name", [*FIELDS, "answers", "organisation_id", "consent"])
def test_hostile_payloads_are_refused_or_harmless(make_event, world, name, settings):
    client = Client(raise_request_exception=False)
    event = make_event()
    question = services.add_question(event=event, actor=None, text="Kost?")
    url = _events_url(world, event) + "/registrations"
    if name in FIELDS:
        values = dict(corpus_for(FIELDS[name]))
    elif name == "answers":
        text = corpus_for("text")
        values = {f"answer {k}": {str(question.pk): v} for k, v in text.items()}
        values |= {"a list": ["x"], "a key that is text": {"abc": "x"}, "a huge key": {str(10**23): "x"}}
        values |= {"another question": {"1": "x"}, "too many": {str(n): "x" for n in range(1, 200)}}
    elif name == "organisation_id":
        values = dict(corpus_for("number"))
    else:
        values = dict(corpus_for("bool"))
    for label, value in values.items():
        before = list(Registration.objects.values_list("pk", "name", "email", "organisation_text"))
        payload = {**_payload(email=f"{len(before)}@example.se"), name: value}
        response = _post(client, url, payload)
        assert response.status_code < 500, (label, response.status_code)
        if response.status_code >= 400:
            assert list(Registration.objects.values_list("pk", "name", "email", "organisation_text")) == before, label
        else:
            assert response.status_code == 201
            saved = Registration.objects.latest("pk")
            for text in (saved.name, saved.email, saved.organisation_text):
                assert "\x00" not in text and "\x1b" not in text and "\x07" not in text, label
    # a body that is not JSON, or JSON of the wrong shape
    for body in ("nej", "[]", '{"name": null}', "{" * 10_000):
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code in (400, 422), body
    assert _post(client, url.replace(f"/events/{event.pk}/", f"/events/{2**63}/"), _payload()).status_code == 422


#             anon outs offi memb supp chai coor admi
PUBLIC = (201, 201, 201, 201, 201, 201, 201, 201)
MEMBERS_ONLY = (404, 404, 201, 201, 201, 201, 201, 400)  # the admin has no person to register as
PERSONAS = ["anonymous", "outsider", "officer", "member", "support", "chair", "coordinator", "admin"]


@pytest.mark.parametrize(("public", "expected"), [(True, PUBLIC), (False, MEMBERS_ONLY)])
def test_who_may_register_by_api(make_event, world, personas, client, public, expected, settings):
    settings.DEMO_MODE = True
    event = make_event(public=public)
    got = []
    for number, persona in enumerate(PERSONAS):
        user = personas[persona]
        headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}"} if user is not None else {}
        url = _events_url(world, event) + "/registrations"
        got.append(_post(client, url, _payload(email=f"{number}@example.se"), **headers).status_code)
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, expected, strict=True))


def test_registering_someone_else_by_api_does_not_make_it_the_caller_s(make_event, world, personas, client):
    event = make_event()
    officer = _token(personas["officer"])
    url = _events_url(world, event) + "/registrations"
    response = _post(client, url, _payload(email="kollega@example.se"), HTTP_AUTHORIZATION=f"Bearer {officer}")
    assert response.status_code == 201
    assert Registration.objects.get().person is None  # not on the caller's desk or in their feed


def test_an_event_that_is_over_takes_no_registration_and_no_cancellation_by_api(make_event, world, client):
    event = make_event()
    url = _events_url(world, event) + "/registrations"
    token = _post(client, url, _payload()).json()["manage_url"].rstrip("/").rsplit("/", 1)[-1]
    yesterday = timezone.now() - datetime.timedelta(days=1)
    event.sessions.update(starts_at=yesterday - datetime.timedelta(hours=2), ends_at=yesterday)
    late = _post(client, url, _payload(email="sen@example.se"))
    assert late.status_code == 400 and late.json()["detail"] == "Evenemanget har redan ägt rum."
    refused = _post(client, f"/api/v1/registrations/{token}/cancel", {})
    assert refused.status_code == 400 and "kan inte avbokas" in refused.json()["detail"]
