"""Agenda, notices with .ics through a real SMTP server on loopback, and personal calendar feeds."""

import datetime
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samverkan.audit.models import AuditEntry
from samverkan.lib import dates
from samverkan.lib.errors import DomainError
from samverkan.meetings import services
from samverkan.meetings.models import AgendaItemStatus, Meeting, MeetingStatus
from samverkan.meetings.rules import holiday_name

SLUG = "miljosamverkan-vasterbotten"


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1; Django's SMTP backend delivers to it."""
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()


@pytest.fixture
def meeting(world):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    start = start.replace(hour=9, minute=0, second=0)
    while holiday_name(timezone.localtime(start).date()):
        start += datetime.timedelta(days=1)
    meeting = services.plan_meeting(
        group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=3), place="Umeå", actor=None
    )
    services.add_agenda_item(
        meeting=meeting,
        actor=None,
        title="Budget 2027",
        decision_proposed=True,
        proposed_decision="Samverkansgruppen fastställer budgeten.",
    )
    return meeting


def calendar_of(message):
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return part, Calendar.from_ical(part.get_content())


def test_the_notice_reaches_every_member_with_a_well_formed_invitation(smtp, meeting, world):
    services.send_notice(meeting=meeting, actor=None)
    assert smtp.messages == []  # the worker sends, not the request
    run_worker()
    assert len(smtp.messages) == 17  # all are called (SG3): 15 municipalities, coordinator, county board
    message = smtp.messages[0]
    chair = world.people["skelleftea"]
    assert message["Subject"].startswith("Kallelse: ")
    assert chair.full_name in str(message["From"]) and message["Reply-To"] == chair.email
    assert "Budget 2027" in message.get_body(preferencelist=("plain",)).get_content()
    part, calendar = calendar_of(message)
    assert part.get_param("method") == "REQUEST" and calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"{meeting.uid}@samverkan" and int(event["SEQUENCE"]) == 0
    assert chair.email in str(event["ORGANIZER"]) and event["ORGANIZER"].params["CN"] == chair.full_name
    assert len(event["ATTENDEE"]) == 17 and all(a.params["RSVP"] == "TRUE" for a in event["ATTENDEE"])
    assert event.decoded("DTSTART") == meeting.starts_at
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CALLED


def test_moving_a_called_meeting_updates_rather_than_duplicates(smtp, meeting):
    services.send_notice(meeting=meeting, actor=None)
    run_worker()
    later = meeting.starts_at + datetime.timedelta(days=1)
    while holiday_name(timezone.localtime(later).date()):
        later += datetime.timedelta(days=1)
    services.update_meeting(meeting=meeting, actor=None, starts_at=later, ends_at=later + datetime.timedelta(hours=2))
    run_worker()
    first, moved = calendar_of(smtp.messages[0])[1], calendar_of(smtp.messages[-1])[1]
    a, b = first.walk("VEVENT")[0], moved.walk("VEVENT")[0]
    assert a["UID"] == b["UID"] and int(b["SEQUENCE"]) == int(a["SEQUENCE"]) + 1
    assert b.decoded("DTSTART") == later and smtp.messages[-1]["Subject"].startswith("Ändrad kallelse")


def test_cancelling_a_called_meeting_sends_method_cancel(smtp, meeting):
    services.send_notice(meeting=meeting, actor=None)
    run_worker()
    services.cancel_meeting(meeting=meeting, actor=None)
    run_worker()
    part, calendar = calendar_of(smtp.messages[-1])
    event = calendar.walk("VEVENT")[0]
    assert part.get_param("method") == "CANCEL" and calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == f"{meeting.uid}@samverkan"


def test_a_notice_needs_an_agenda(world):
    start = timezone.now() + datetime.timedelta(days=40)
    empty = services.plan_meeting(
        group=world.st, starts_at=start, ends_at=start + datetime.timedelta(hours=1), actor=None, holiday_confirmed=True
    )
    with pytest.raises(DomainError, match="Dagordningen är tom"):
        services.send_notice(meeting=empty, actor=None)
    assert Meeting.objects.get(pk=empty.pk).status == MeetingStatus.PLANNED


def test_a_member_suggests_an_item_and_the_chair_puts_it_on_the_agenda(client_for, meeting, world):
    member = client_for("member")
    add = reverse("agenda_item_add", args=[SLUG, meeting.pk])
    response = member.post(add, {"title": "Erfarenheter av skrotbilstillsyn", "description": "Kort rapport"})
    assert response.status_code == 302
    item = meeting.agenda_items.get(title="Erfarenheter av skrotbilstillsyn")
    assert item.status == AgendaItemStatus.SUGGESTED and item.suggested_by == world.people["umea"]
    detail = reverse("meeting_detail", args=[SLUG, meeting.pk])
    assert "Erfarenheter av skrotbilstillsyn" not in member.get(detail).content.decode().split("Dagordning")[1]
    chair = client_for("chair")
    chair.post(reverse("agenda_item_action", args=[SLUG, meeting.pk, item.pk]), {"action": "godkann"})
    item.refresh_from_db()
    assert item.status == AgendaItemStatus.ACCEPTED


def test_moving_an_agenda_item_is_in_the_change_history(meeting, personas):
    second = services.add_agenda_item(meeting=meeting, actor=None, title="Övriga frågor")
    services.move_agenda_item(item=second, up=True, actor=personas["coordinator"])
    entry = AuditEntry.objects.for_object(second).get(action="move_agenda_item")
    assert (entry.actor_label, entry.before, entry.after) == ("samordnare", {"position": 2}, {"position": 1})
    services.move_agenda_item(item=second, up=True, actor=None)  # already first: nothing moves, nothing recorded
    assert AuditEntry.objects.for_object(second).filter(action="move_agenda_item").count() == 1


def test_suggestions_close_at_the_deadline(meeting, world):
    meeting.suggestions_until = timezone.localdate() - datetime.timedelta(days=1)
    meeting.save()
    with pytest.raises(DomainError, match="gått ut"):
        services.add_agenda_item(meeting=meeting, actor=None, suggested_by=world.people["umea"], title="Sent")


def test_items_move_and_a_decision_proposal_needs_its_wording(meeting):
    second = services.add_agenda_item(meeting=meeting, actor=None, title="Övriga frågor")
    services.move_agenda_item(item=second, up=True, actor=None)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Övriga frågor", "Budget 2027"]
    with pytest.raises(DomainError, match="beslutsförslaget"):
        services.add_agenda_item(meeting=meeting, actor=None, title="X", decision_proposed=True)


def test_the_personal_calendar_feed_holds_my_meetings_and_a_new_address_retires_the_old(client_for, meeting, world):
    client = client_for("member")
    client.post(reverse("calendar_settings"))
    html = client.get(reverse("calendar_settings")).content.decode()
    url = html.split('id="feed"')[1].split('value="')[1].split('"')[0]
    path = url[url.index("/kalender/") :]
    feed = Calendar.from_ical(client.get(path).content)
    assert str(feed["X-WR-CALNAME"]) == "Samverkan – min kalender"  # meetings and events alike
    uids = {str(e["UID"]) for e in feed.walk("VEVENT")}
    assert f"{meeting.uid}@samverkan" in uids  # Umeå's representative sits in both groups
    assert len(uids) == Meeting.objects.filter(group__in=[world.sg, world.st]).count()
    client.post(reverse("calendar_settings"))
    assert client.get(path).status_code == 404


def test_a_meeting_downloads_as_ics(client, meeting):
    content = client.get(reverse("meeting_ics", args=[SLUG, meeting.pk])).content
    assert Calendar.from_ical(content).walk("VEVENT")[0]["SUMMARY"].startswith("Miljösamverkan Västerbotten")


def test_locmem_notice_via_the_page(client_for, meeting, world):
    client = client_for("chair")
    page = client.get(reverse("meeting_call", args=[SLUG, meeting.pk])).content.decode()
    assert "17 mottagare" in page and world.people["skelleftea"].full_name in page
    assert client.post(reverse("meeting_call", args=[SLUG, meeting.pk])).status_code == 302
    run_worker()
    assert len(mail.outbox) == 17


def test_organisers_attach_documents_and_non_public_ones_stay_with_participants(client_for, meeting, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samverkan.meetings.models import AgendaDocument

    budget = meeting.agenda_items.get()
    secret = services.add_agenda_item(meeting=meeting, actor=None, title="Personalärende", public=False)
    chair = client_for("chair")
    for item, name in ((budget, "budget.pdf"), (secret, "personal.pdf")):
        upload = SimpleUploadedFile(name, b"%PDF-1.4 underlag", content_type="application/pdf")
        response = chair.post(reverse("document_add", args=[SLUG, meeting.pk, item.pk]), {"file": upload})
        assert response.status_code == 302
    public_doc = AgendaDocument.objects.get(item=budget)
    secret_doc = AgendaDocument.objects.get(item=secret)
    anonymous = client_for("anonymous")
    download = anonymous.get(reverse("document_download", args=[SLUG, meeting.pk, public_doc.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 underlag"
    assert anonymous.get(reverse("document_download", args=[SLUG, meeting.pk, secret_doc.pk])).status_code == 404
    officer = client_for("officer")
    assert officer.get(reverse("document_download", args=[SLUG, meeting.pk, secret_doc.pk])).status_code == 200


def test_an_unsupported_or_empty_file_is_refused(client_for, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = meeting.agenda_items.get()
    chair = client_for("chair")
    for upload, message in (
        (SimpleUploadedFile("virus.exe", b"MZ"), "Filtypen stöds inte"),
        (SimpleUploadedFile("tom.pdf", b""), "tom"),
    ):
        html = chair.post(reverse("document_add", args=[SLUG, meeting.pk, item.pk]), {"file": upload}).content.decode()
        assert message in html
    assert not item.documents.exists()


def test_an_item_added_by_hand_to_a_called_meeting_can_go_out_in_a_supplementary_notice(client_for, meeting, world):
    meeting.suggestions_until = timezone.localdate() + datetime.timedelta(days=10)
    meeting.save()
    services.send_notice(meeting=meeting, actor=None)
    run_worker()
    mail.outbox.clear()
    client = client_for("chair")
    add = reverse("agenda_item_add", args=[SLUG, meeting.pk])
    assert "Skicka tilläggskallelse" in client.get(add).content.decode()
    client.post(add, {"title": "Remiss om tillsynsavgifter", "supplement": "on"})
    client.post(add, {"title": "Tyst punkt"})  # unticked: no notice
    run_worker()
    assert len(mail.outbox) == 17
    message = mail.outbox[0]
    assert message.subject.startswith("Tilläggskallelse") and "Remiss om tillsynsavgifter" in message.body
    ics = Calendar.from_ical(next(c for name, c, _t in message.attachments if name.endswith(".ics")))
    assert int(ics.walk("VEVENT")[0]["SEQUENCE"]) == 1
    suggestion = services.add_agenda_item(
        meeting=meeting, actor=None, suggested_by=world.people["umea"], title="Fråga om skrotbilar"
    )
    client.post(reverse("agenda_item_action", args=[SLUG, meeting.pk, suggestion.pk]), {"action": "godkann-tillagg"})
    run_worker()
    assert len(mail.outbox) == 34 and "Fråga om skrotbilar" in mail.outbox[-1].body
    page = client.get(reverse("meeting_detail", args=[SLUG, meeting.pk])).content.decode()
    assert page.count("Tilläggskallelse skickad") == 2


def test_a_planned_meeting_gets_no_supplementary_notice(client_for, meeting):
    with pytest.raises(DomainError, match="redan är kallat"):
        services.send_supplementary_notice(meeting=meeting, actor=None)
    client = client_for("chair")
    assert (
        "Skicka tilläggskallelse"
        not in client.get(reverse("agenda_item_add", args=[SLUG, meeting.pk])).content.decode()
    )


def test_the_supplementary_notice_says_when_as_the_notice_does_and_gives_the_video_link(meeting):
    meeting.video_link = "https://video.example.se/samverkan"
    meeting.save()
    services.send_notice(meeting=meeting, actor=None)
    run_worker()
    notice = mail.outbox[0].body
    mail.outbox.clear()
    services.add_agenda_item(meeting=meeting, actor=None, title="Remiss om tillsynsavgifter")
    services.send_supplementary_notice(meeting=meeting, actor=None)
    run_worker()
    body = mail.outbox[0].body
    when = dates.meeting_when(meeting.starts_at, meeting.ends_at)
    assert f"Tid: {when}" in body and when in notice
    assert "Videolänk: https://video.example.se/samverkan" in body
