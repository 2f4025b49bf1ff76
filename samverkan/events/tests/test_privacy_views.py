"""A registrant sees, downloads and deletes their own registration by their personal link, without
an account; a person's own export lists their registrations."""

from __future__ import annotations

import datetime
import json
from unittest import mock

import pytest
from django.utils import timezone

from samverkan.audit.models import AuditEntry
from samverkan.events import services
from samverkan.events.models import Registration, RegistrationStatus
from samverkan.organisations.personal_data import personal_data
from tests.factories import UserFactory


def _data_url(registration: Registration) -> str:
    return f"/anmalan/{registration.token}/uppgifter.json"


def _erase_url(registration: Registration) -> str:
    return f"/anmalan/{registration.token}/ta-bort/"


def test_the_registrant_downloads_their_registration_as_json(make_event, client) -> None:
    event = make_event()
    question = services.add_question(
        event=event, actor=None, text="Kost", kind="choice", choices=["Vegetarisk", "Vegansk"]
    )
    registration = services.register(
        event,
        name="Åsa Öhman",
        email="asa.ohman@example.se",
        organisation_text="Öhmans Café",
        category="business",
        gender="woman",
        answers={question.pk: "Vegetarisk"},
    )
    response = client.get(_data_url(registration))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"].startswith("max-age=0")
    data = json.loads(b"".join(response.streaming_content if response.streaming else [response.content]))
    assert data["registration"]["name"] == "Åsa Öhman" and data["registration"]["email"] == "asa.ohman@example.se"
    assert data["registration"]["organisation_text"] == "Öhmans Café" and data["registration"]["gender"] == "woman"
    assert data["registration"]["status"] == "confirmed"
    assert data["answers"] == [{"question": "Kost", "answer": "Vegetarisk"}]
    assert data["event"]["title"] == event.title and data["event"]["sessions"][0]["place"] == "Umeå"
    assert data["event"]["retention_months"] == 24
    assert [c["action"] for c in data["changes"]] == ["create_registration"]


def test_the_confirmation_page_says_what_goes_and_what_stays(make_event, client) -> None:
    event = make_event(capacity=1)
    seated = services.register(event, name="Sittande", email="sitt@example.se", category="citizen")
    waiting = services.register(event, name="Väntande", email="vant@example.se", category="citizen")
    page = client.get(_erase_url(seated))
    assert page.status_code == 200
    text = page.content.decode()
    assert "din plats går till den som står först på väntelistan" in text
    assert "Kategori" in text and "24 månader efter evenemanget" in text
    assert _data_url(seated) in text and f"/anmalan/{seated.token}/" in text  # a copy first; or back
    assert "du lämnar väntelistan" in client.get(_erase_url(waiting)).content.decode()
    seated.refresh_from_db()
    assert seated.name == "Sittande" and seated.anonymised_at is None  # a GET changes nothing


def test_deleting_by_the_link_cancels_the_seat_moves_the_waitlist_up_and_the_link_stops_working(
    make_event, client, django_capture_on_commit_callbacks
) -> None:
    event = make_event(capacity=1)
    seated = services.register(event, name="Åsa Öhman", email="asa@example.se", category="citizen", gender="woman")
    waiting = services.register(event, name="Bo Ek", email="bo@example.se", category="municipality")
    token = seated.token
    with (
        mock.patch("samverkan.events.services.tell_moved_up") as told,
        django_capture_on_commit_callbacks(execute=True),
    ):
        done = client.post(_erase_url(seated))
    assert done.status_code == 200
    assert "Din anmälan till" in done.content.decode() and "är avbokad" in done.content.decode()
    told.assert_called_once_with([waiting.pk])
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    seated.refresh_from_db()
    assert seated.status == RegistrationStatus.CANCELLED and seated.anonymised_at is not None
    assert seated.name == "" and "asa" not in seated.email and seated.gender == "woman"
    assert seated.token != token
    trail = AuditEntry.objects.filter(object_type="events.registration", object_id=str(seated.pk))
    assert {e.action for e in trail} == {"create_registration", "cancel_registration", "erase_registration"}
    assert not any("Öhman" in f"{e.before} {e.after} {e.object_label} {e.actor_label}" for e in trail)

    # the link stops working, whatever is asked of it
    for gone in (
        client.get(f"/anmalan/{token}/ta-bort/"),
        client.post(f"/anmalan/{token}/ta-bort/"),
        client.get(f"/anmalan/{token}/uppgifter.json"),
    ):
        assert gone.status_code == 404 and "Länken fungerar inte" in gone.content.decode()


def test_posting_twice_or_with_a_wrong_token_changes_nothing_more(make_event, client) -> None:
    event = make_event()
    registration = services.register(event, name="Två Gånger", email="tva@example.se", category="citizen")
    other = services.register(event, name="Orörd", email="orord@example.se", category="citizen")
    url = _erase_url(registration)
    assert client.post(url).status_code == 200
    entries = AuditEntry.objects.count()
    for hostile in (url, "/anmalan/inte-en-giltig-lank/ta-bort/", f"/anmalan/{other.token[:-1]}/ta-bort/"):
        assert client.post(hostile).status_code == 404
    assert AuditEntry.objects.count() == entries
    other.refresh_from_db()
    assert other.name == "Orörd" and other.status == RegistrationStatus.CONFIRMED


def test_deleting_after_the_event_keeps_the_attendance_for_the_statistics(held_event_factory, client) -> None:
    event = held_event_factory()
    registration = services.register(event, name="Var Där", email="dar@example.se", category="municipality")
    Registration.objects.filter(pk=registration.pk).update(attended=True)
    assert client.get(_erase_url(registration)).status_code == 200
    client.post(_erase_url(registration))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED and registration.attended is True
    assert registration.anonymised_at is not None and registration.name == ""


def test_a_persons_own_export_includes_their_registrations(make_event, world, client) -> None:
    person = world.people["lycksele"]
    event = make_event()
    logged_in = services.register(
        event, name=person.full_name, email="annan@example.se", category="municipality", person=person
    )
    other_event = make_event(title="Annat")
    by_address = services.register(other_event, name="Samma Adress", email=person.email.upper(), category="citizen")
    services.register(other_event, name="Någon Annan", email="annan.person@example.se", category="citizen")
    data = personal_data(person)
    titles = sorted((r["event"]["title"], r["registration"]["email"]) for r in data["event_registrations"])
    assert titles == sorted([(event.title, logged_in.email), (other_event.title, by_address.email)])
    # and through the page the person downloads themself
    person.user = UserFactory(username="lycksele")
    person.save(update_fields=["user"])
    client.force_login(person.user)
    mine = json.loads(client.get("/konto/mina-uppgifter.json").content)
    assert len(mine["event_registrations"]) == 2


def test_an_unknown_link_is_a_friendly_404(client, db) -> None:
    for url in ("/anmalan/inte-en-giltig-lank/ta-bort/", "/anmalan/inte-en-giltig-lank/uppgifter.json"):
        response = client.get(url)
        assert response.status_code == 404 and "Länken fungerar inte" in response.content.decode()


def test_the_erase_page_is_fine_in_english(make_event, client) -> None:
    event = make_event()
    registration = services.register(event, name="Eng Lish", email="en@example.se", category="citizen")
    text = client.get(_erase_url(registration), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Delete your data" in text and "Ta bort dina uppgifter" not in text


@pytest.fixture
def held_event_factory(activity):
    return lambda: _held(activity)


def _held(activity):
    event = services.create_event(activity=activity, actor=None, title="Hållet", public=True)
    start = timezone.now() - datetime.timedelta(days=10)
    services.add_session(event=event, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    services.publish_event(event=event, actor=None)
    return event
