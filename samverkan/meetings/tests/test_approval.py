"""Approval (justering) holds only for the text approved; signatories approve through a signed link."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samverkan.audit.models import AuditEntry
from samverkan.lib.errors import DomainError
from samverkan.meetings import minutes as service
from samverkan.meetings.models import AttendanceStatus, Minutes, Signatory
from samverkan.meetings.tests.test_minutes import held

SLUG = "miljosamverkan-vasterbotten"


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def written(world):
    """Held three days ago: attendance, two §§, Umeå's member as adjuster, Skellefteå's as chair."""
    minutes = service.start_minutes(
        meeting=held(world.sg, timezone.localdate() - datetime.timedelta(days=3)), actor=None
    )
    members = {m.person_id for m in world.sg.memberships.all()}
    service.record_attendance(
        minutes=minutes, statuses={pk: (AttendanceStatus.PRESENT, "") for pk in members}, guests=[], actor=None
    )
    service.add_minute_item(
        minutes=minutes, title="Budget 2027", actor=None, decision="Budgeten fastställs.", decision_kind="budget"
    )
    service.add_minute_item(minutes=minutes, title="Övrigt", actor=None, text="Inget övrigt.")
    service.set_adjusters(minutes=minutes, people=[world.people["umea"]], actor=None)
    return minutes


def chair_of(minutes):
    return minutes.signatories.get(role=Signatory.Role.CHAIR)


def link_in(message) -> str:
    return re.search(r"/justera/[^/\s]+/", message.body).group(0)


def test_a_changed_decision_after_the_chairs_approval_withdraws_it_and_tells_the_chair(written, world, personas):
    service.approve_minutes(minutes=written, person=world.people["skelleftea"], actor=None)
    mail.outbox.clear()
    item = written.items.get(title="Budget 2027")
    service.update_minute_item(
        item=item,
        actor=personas["coordinator"],
        title=item.title,
        text=item.text,
        public=True,
        decision="Budgeten återremitteras.",
    )
    assert chair_of(written).approved_at is None
    entry = AuditEntry.objects.get(action="withdraw_approvals")
    assert entry.before["approved_by"] == [world.people["skelleftea"].full_name]
    assert "Budgeten fastställs." in entry.after["change"] and "Budgeten återremitteras." in entry.after["change"]
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.people["skelleftea"].email]]
    body = mail.outbox[0].body
    assert "§ 1 Budget 2027" in body and "”Budgeten fastställs.”" in body and "”Budgeten återremitteras.”" in body
    assert "justera" in body.lower() and "/justera/" in body
    written.refresh_from_db()
    assert not written.locked


def test_saving_a_paragraph_unchanged_keeps_the_approval(written, world):
    service.approve_minutes(minutes=written, person=world.people["skelleftea"], actor=None)
    item = written.items.get(title="Budget 2027")
    service.update_minute_item(
        item=item, actor=None, title=item.title, text="", public=True, decision="Budgeten fastställs."
    )
    assert chair_of(written).approved_at is not None
    assert not AuditEntry.objects.filter(action="withdraw_approvals").exists()


@pytest.mark.parametrize("change", ["add", "remove", "attendance", "adjusters", "title"])
def test_every_change_to_the_approved_text_withdraws_the_approvals(written, world, change):
    service.approve_minutes(minutes=written, person=world.people["skelleftea"], actor=None)
    last = written.items.order_by("-number").first()
    if change == "add":
        service.add_minute_item(minutes=written, title="Sent tillägg", actor=None)
    elif change == "remove":
        service.remove_minute_item(item=last, actor=None)
    elif change == "attendance":
        members = {m.person_id for m in world.sg.memberships.all()}
        service.record_attendance(
            minutes=written, statuses={pk: (AttendanceStatus.ABSENT, "") for pk in members}, guests=[], actor=None
        )
    elif change == "adjusters":
        service.set_adjusters(minutes=written, people=[world.people["lycksele"]], actor=None)
    else:
        service.update_minute_item(item=last, actor=None, title="Övriga frågor")
    assert not written.signatories.filter(approved_at__isnull=False).exists()
    assert AuditEntry.objects.filter(action="withdraw_approvals").count() == 1


def test_approved_minutes_stay_locked(written, world):
    for key in ("skelleftea", "umea"):
        service.approve_minutes(minutes=written, person=world.people[key], actor=None)
    with pytest.raises(DomainError, match="justerat"):
        service.update_minute_item(item=written.items.first(), actor=None, title="Ändrad")
    assert written.signatories.filter(approved_at__isnull=False).count() == 2


def test_the_minutes_pages_show_who_has_approved_and_who_has_not(written, world, client_for):
    service.approve_minutes(minutes=written, person=world.people["skelleftea"], actor=None)
    chair, adjuster = world.people["skelleftea"].full_name, world.people["umea"].full_name
    for persona, name in (("chair", "minutes_detail"), ("coordinator", "minutes_edit")):
        html = client_for(persona).get(reverse(name, args=[SLUG, written.meeting_id])).content.decode()
        assert "1 av 2 har justerat" in html
        done, waiting = html.split("Har justerat:")[1].split("Har inte justerat:")
        assert chair in done and adjuster not in done and adjuster in waiting.split("</")[0]


def test_the_edit_page_warns_that_a_change_withdraws_the_approvals(written, world, client_for):
    service.approve_minutes(minutes=written, person=world.people["skelleftea"], actor=None)
    html = client_for("coordinator").get(reverse("minutes_edit", args=[SLUG, written.meeting_id])).content.decode()
    assert "tas justeringarna bort" in html


# Approval through a signed e-mail link


def sent(written):
    """Send the draft for approval; the worker sends the e-mails. Returns {address: link path}."""
    mail.outbox.clear()
    assert service.send_for_approval(minutes=written, actor=None) == []
    run_worker()
    return {m.to[0]: link_in(m) for m in mail.outbox}


def test_sending_for_approval_mails_each_signatory_a_link_that_shows_the_draft_without_approving(
    written, world, client
):
    links = sent(written)
    adjuster = world.people["umea"]
    assert set(links) == {adjuster.email, world.people["skelleftea"].email}
    assert "Protokoll att justera" in mail.outbox[0].subject
    page = client.get(links[adjuster.email])
    html = page.content.decode()
    assert page.status_code == 200 and "Budgeten fastställs." in html and ">Justera</button>" in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert "0 av 2 har justerat" in html
    assert written.signatories.get(person=adjuster).approved_at is None  # a GET never approves


def test_the_link_approves_once_with_a_post_and_then_explains_itself(written, world, client):
    link = sent(written)[world.people["umea"].email]
    version = service.content_digest(written)
    response = client.post(link, {"version": version})
    assert response.status_code == 200 and "Tack för din justering" in response.content.decode()
    signatory = written.signatories.get(person=world.people["umea"])
    assert signatory.approved_at is not None
    entry = AuditEntry.objects.get(action="approve_minutes")
    assert entry.actor is None and "justeringslänk" in entry.actor_label
    again = client.get(link)
    assert again.status_code == 400 and "redan använts" in again.content.decode()
    assert client.post(link, {"version": version}).status_code == 400


def test_the_last_approval_by_link_makes_the_minutes_final(written, world, client):
    links = sent(written)
    version = service.content_digest(written)
    client.post(links[world.people["skelleftea"].email], {"version": version})
    html = client.post(links[world.people["umea"].email], {"version": version}).content.decode()
    written.refresh_from_db()
    assert written.locked and "publicerat" in html


def test_a_tampered_or_expired_link_gets_a_clear_page(written, world, client, settings):
    link = sent(written)[world.people["umea"].email]
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    response = client.get(tampered)
    assert response.status_code == 400 and "Länken är ogiltig" in response.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=settings.APPROVAL_LINK_DAYS + 1)):
        response = client.get(link)
    assert response.status_code == 400 and "gått ut" in response.content.decode()


def test_the_link_needs_the_csrf_token(written, world):
    from django.test import Client

    link = sent(written)[world.people["umea"].email]
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(link, {"version": service.content_digest(written)}).status_code == 403
    assert written.signatories.get(person=world.people["umea"]).approved_at is None


def test_a_draft_changed_while_the_signatory_read_it_is_not_approved(written, world, client):
    link = sent(written)[world.people["umea"].email]
    version = service.content_digest(written)
    client.get(link)
    item = written.items.get(title="Budget 2027")
    service.update_minute_item(item=item, actor=None, decision="Budgeten återremitteras.")
    html = client.post(link, {"version": version}).content.decode()
    assert "har ändrats sedan du öppnade" in html and "Budgeten återremitteras." in html
    assert written.signatories.get(person=world.people["umea"]).approved_at is None


def test_a_signatory_who_has_not_approved_gets_one_reminder_with_a_fresh_link(written, world, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        first = sent(written)
    client.post(first[world.people["skelleftea"].email], {"version": service.content_digest(written)})
    adjuster = world.people["umea"].email
    mail.outbox.clear()
    with time_machine.travel(start + datetime.timedelta(days=4), tick=False):
        call_command("minutes-reminders", verbosity=0)
        run_worker()
    assert mail.outbox == []
    with time_machine.travel(start + datetime.timedelta(days=5, minutes=1), tick=False):
        call_command("minutes-reminders", verbosity=0)
        run_worker()
    assert [m.to for m in mail.outbox] == [[adjuster]] and "Påminnelse" in mail.outbox[0].subject
    fresh = link_in(mail.outbox[0])
    assert fresh != first[adjuster]
    old = client.get(first[adjuster])
    assert old.status_code == 400 and "nyare länk" in old.content.decode()
    assert client.get(fresh).status_code == 200
    mail.outbox.clear()
    with time_machine.travel(start + datetime.timedelta(days=12), tick=False):
        call_command("minutes-reminders", verbosity=0)
        run_worker()
    assert mail.outbox == []  # one reminder, not one a day


def test_the_reminder_days_come_from_the_model_file(world):
    assert world.collaboration.model.minutes.reminder_days == 5


def test_the_edit_page_sends_the_draft_for_approval(written, world, client_for):
    client = client_for("coordinator")
    edit = reverse("minutes_edit", args=[SLUG, written.meeting_id])
    assert "Skicka för justering" in client.get(edit).content.decode()
    client.post(edit, {"action": "skicka-for-justering"})
    written.refresh_from_db()
    assert written.sent_for_approval_at is not None
    assert AuditEntry.objects.filter(action="send_for_approval").exists()


@pytest.mark.django_db
def test_the_demo_minutes_of_6_october_can_be_approved_by_the_adjuster_without_an_account(client, settings):
    from io import StringIO

    from django.core.management import call_command as run

    from samverkan.meetings.models import Meeting

    settings.DEMO_MODE = True
    out = StringIO()
    with time_machine.travel(datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)):
        run("demo", stdout=out)
        meeting = Meeting.objects.get(group__key="samverkansgruppen", starts_at__date=datetime.date(2026, 10, 6))
        minutes = Minutes.objects.get(meeting=meeting)
        adjuster = minutes.signatories.get(role=Signatory.Role.ADJUSTER)
        assert adjuster.person.user is None  # no login
        printed = [line for line in out.getvalue().splitlines() if adjuster.name in line]
        link = re.search(r"/justera/[^/\s]+/", printed[0]).group(0)
        assert client.get(link).status_code == 200
        client.post(link, {"version": service.content_digest(minutes)})
        assert minutes.signatories.get(pk=adjuster.pk).approved_at is not None


def _edit_paragraph(client, written, world):
    item = written.items.get(title="Övrigt")
    url = reverse("minute_item_edit", args=[SLUG, written.meeting_id, item.pk])
    data = {"title": "Övrigt", "text": "Nytt övrigt.", "public": "on", "decision": "", "decision_kind": "other"}
    return client.post(url, data, follow=True)


def _add_paragraph(client, written, world):
    url = reverse("minute_item_add", args=[SLUG, written.meeting_id])
    return client.post(url, {"title": "Nästa möte", "text": "I mars.", "decision_kind": "other"}, follow=True)


def _remove_paragraph(client, written, world):
    item = written.items.get(title="Övrigt")
    url = reverse("minutes_edit", args=[SLUG, written.meeting_id])
    return client.post(url, {"action": "ta-bort", "paragraf": item.pk}, follow=True)


def _attendance(client, written, world):
    members = [m.person_id for m in world.sg.memberships.all()]
    data = {"action": "narvaro", **{f"narvaro-{pk}": AttendanceStatus.PRESENT for pk in members[1:]}}
    return client.post(reverse("minutes_edit", args=[SLUG, written.meeting_id]), data, follow=True)


def _adjusters(client, written, world):
    taken = {world.people["umea"].pk, world.people["skelleftea"].pk}
    other = next(m.person for m in world.sg.memberships.select_related("person") if m.person_id not in taken)
    data = {"action": "justerare", "justerare": [other.pk]}
    return client.post(reverse("minutes_edit", args=[SLUG, written.meeting_id]), data, follow=True)


@pytest.mark.parametrize(
    ("change", "saved"),
    [
        (_edit_paragraph, "Paragrafen är sparad."),
        (_add_paragraph, "Paragrafen är tillagd."),
        (_remove_paragraph, "Paragrafen är borttagen."),
        (_attendance, "Närvaron är sparad."),
        (_adjusters, "Justerarna är valda."),
    ],
)
def test_the_secretary_is_told_whose_approvals_a_change_withdrew(written, world, client_for, change, saved):
    service.approve_minutes(minutes=written, person=world.people["skelleftea"], actor=None)
    response = change(client_for("coordinator"), written, world)
    said = [str(m) for m in response.context["messages"]]
    chair = world.people["skelleftea"].full_name
    assert f"{saved} Justeringen från {chair} är borttagen. {chair} får ett e-postmeddelande med en ny länk." in said
    assert not written.signatories.filter(approved_at__isnull=False).exists()


def test_a_change_before_anyone_approved_says_only_that_it_is_saved(written, world, client_for):
    response = _edit_paragraph(client_for("coordinator"), written, world)
    assert [str(m) for m in response.context["messages"]] == ["Paragrafen är sparad."]
