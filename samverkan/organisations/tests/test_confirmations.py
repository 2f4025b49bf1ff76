"""Self-confirmation (CO2): the coordinator asks, the worker e-mails, the person confirms once."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samverkan.agreement.services import check_collaboration
from samverkan.audit.models import AuditEntry
from samverkan.lib.errors import DomainError
from samverkan.organisations import confirmations
from samverkan.organisations.models import ConfirmationBatch, Person

SLUG = "miljosamverkan-vasterbotten"


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    """The real worker loop runs in-process; it must not close the connection that holds the
    test's transaction (Django's close_old_connections would, on PostgreSQL)."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def link_in(message) -> str:
    return re.search(r"http\S+/bekrafta/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return link[link.index("/bekrafta/") :]


@pytest.fixture
def asked(world, personas):
    """The coordinator asked Umeå's representative; the worker has sent the e-mail."""
    batch = confirmations.request_confirmations(
        collaboration=world.collaboration,
        people=[world.people["umea"]],
        description="Umeå",
        actor=personas["coordinator"],
    )
    assert len(mail.outbox) == 0  # nothing is sent in the request: the worker sends
    run_worker()
    batch.refresh_from_db()
    assert (batch.status, batch.sent, batch.total) == ("done", 1, 1)
    return mail.outbox[-1]


def test_the_worker_sends_a_personal_link(asked, world):
    assert asked.to == ["umea@example.se"]
    assert "Miljösamverkan Västerbotten" in asked.subject and "/bekrafta/" in asked.body


def test_the_link_confirms_and_corrects_once_without_logging_in(client, asked, world):
    url = path_of(link_in(asked))
    person = world.people["umea"]
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "title": "Miljö- och hälsoskyddschef",
            "email": person.email,
            "phone": "070-555",
        },
    )
    assert response.status_code == 200 and "bekräftade" in response.content.decode()
    person.refresh_from_db()
    assert person.phone == "070-555" and person.title == "Miljö- och hälsoskyddschef"
    assert timezone.now() - person.confirmed_at < datetime.timedelta(minutes=1)
    entry = AuditEntry.objects.for_object(person).get(action="self_correct_details")
    assert "själv" in entry.actor_label and entry.after["phone"] == "070-555"
    again = client.get(url)
    assert again.status_code == 400 and "redan använts" in again.content.decode()


def test_the_link_expires(client, asked):
    url = path_of(link_in(asked))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        response = client.get(url)
    assert response.status_code == 400 and "gått ut" in response.content.decode()


def test_a_tampered_link_changes_nobody(client, asked, world):
    url = path_of(link_in(asked))
    token = url.split("/")[2]
    other = world.people["lycksele"]
    forged = confirmations.signing.dumps(999999, salt="fel-salt")
    for bad in (token[:-2] + "xx", forged):
        response = client.post(f"/bekrafta/{bad}/", {"first_name": "Hackad", "last_name": "X", "email": "x@y.se"})
        assert response.status_code == 400
    assert not Person.objects.filter(first_name="Hackad").exists()
    other.refresh_from_db()
    assert other.first_name != "Hackad"


def test_a_correction_that_clashes_is_refused_and_nothing_is_confirmed(client, asked, world):
    url = path_of(link_in(asked))
    person = world.people["umea"]
    before = person.confirmed_at
    response = client.post(url, {"first_name": "A", "last_name": "B", "email": "lycksele@example.se"})
    assert response.status_code == 200 and "finns redan en person" in response.content.decode()
    person.refresh_from_db()
    assert person.email == "umea@example.se" and person.confirmed_at == before
    assert client.get(url).status_code == 200  # still usable


def test_a_newer_request_replaces_the_older_link(client, asked, world):
    old = path_of(link_in(asked))
    confirmations.request_confirmations(
        collaboration=world.collaboration, people=[world.people["umea"]], description="igen", actor=None
    )
    run_worker()
    assert "nyare länk" in client.get(old).content.decode()
    assert client.get(path_of(link_in(mail.outbox[-1]))).status_code == 200


def test_the_coordinator_asks_everyone_stale_and_sees_who_has_not_answered(client_for, world):
    Person.objects.filter(pk__in=[world.people["dorotea"].pk, world.people["vindeln"].pk]).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    client = client_for("coordinator")
    overview = reverse("confirmation_overview", args=[SLUG])
    assert "2 gruppmedlemmar har inte bekräftat" in client.get(overview).content.decode()
    response = client.post(overview, {"scope": "stale"})
    batch = ConfirmationBatch.objects.get()
    assert response["Location"] == reverse("confirmation_batch", args=[SLUG, batch.pk])
    assert "I kö: 0 av 2 skickade" in client.get(response["Location"]).content.decode()
    run_worker()
    progress = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "Klar: 2 av 2 skickade, 0 misslyckade." in progress and "<html" not in progress
    assert {m.to[0] for m in mail.outbox} == {"dorotea@example.se", "vindeln@example.se"}
    html = client.get(overview).content.decode()
    assert world.people["dorotea"].full_name in html.split("Inte besvarade")[1]


def test_a_group_scope_without_a_group_is_refused(client_for, world):
    response = client_for("coordinator").post(reverse("confirmation_overview", args=[SLUG]), {"scope": "group"})
    assert "Välj en grupp" in response.content.decode() and not ConfirmationBatch.objects.exists()


def test_nobody_to_ask_is_a_clear_message(world):
    with pytest.raises(DomainError, match="ingen att skicka till"):
        confirmations.request_confirmations(collaboration=world.collaboration, people=[], description="x", actor=None)


def test_answers_clear_the_co2_warning(client, world):
    Person.objects.filter(pk=world.people["umea"].pk).update(confirmed_at=None)
    assert [
        f.status for f in check_collaboration(world.collaboration) if f.rule == "CO2" and f.subject == "Kontaktlistan"
    ] == ["warning"]
    confirmations.request_confirmations(
        collaboration=world.collaboration, people=[world.people["umea"]], description="x", actor=None
    )
    run_worker()
    url = path_of(link_in(mail.outbox[-1]))
    person = world.people["umea"]
    client.post(url, {"first_name": person.first_name, "last_name": person.last_name, "email": person.email})
    assert [
        f.status for f in check_collaboration(world.collaboration) if f.rule == "CO2" and f.subject == "Kontaktlistan"
    ] == ["ok"]


def test_stale_people_counts_months_from_today(world):
    now = timezone.now()
    Person.objects.filter(pk=world.people["umea"].pk).update(confirmed_at=now - datetime.timedelta(days=370))
    stale = confirmations.stale_people(world.collaboration, months=12)
    assert [p.pk for p in stale] == [world.people["umea"].pk]
