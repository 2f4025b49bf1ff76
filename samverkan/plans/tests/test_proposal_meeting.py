"""A proposal goes to the meeting the proposer chooses, also one already called: then everyone
called gets a supplementary notice (tilläggskallelse) with the updated agenda and .ics."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from samverkan.audit.models import AuditEntry
from samverkan.finance import services as finance
from samverkan.finance.budget import SharingKey
from samverkan.lib.errors import DomainError
from samverkan.meetings import services as meetings
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.rules import holiday_name
from samverkan.plans import services
from samverkan.plans.models import PlanStatus

NEXT_YEAR = timezone.localdate().year + 1
SLUG = "miljosamverkan-vasterbotten"


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _meeting(group, days):
    start = (timezone.now() + datetime.timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
    while holiday_name(timezone.localtime(start).date()):
        start += datetime.timedelta(days=1)
    return meetings.plan_meeting(group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=3), actor=None)


def _called_meeting(group, days=20):
    meeting = _meeting(group, days)
    meetings.add_agenda_item(meeting=meeting, actor=None, title="Mötets öppnande")
    meetings.send_notice(meeting=meeting, actor=None)
    run_worker()
    mail.outbox.clear()
    meeting.refresh_from_db()
    return meeting


def _budget_draft(world):
    document = services.start_document(collaboration=world.collaboration, doc_type="budget", year=NEXT_YEAR, actor=None)
    version = services.latest_version(document)
    services.update_draft(version=version, actor=None, texts=["Budget", "", ""])
    finance.update_budget(
        version=version,
        amounts={"cost:samordnare": 60_000_000, "income:kommunerna": 60_000_000},
        notes={},
        key=SharingKey(),
        actor=None,
    )
    return version


def test_a_proposal_onto_a_called_meeting_lands_on_its_agenda_and_sends_a_supplementary_notice(world):
    meeting = _called_meeting(world.sg)
    version = services.submit(version=_budget_draft(world), actor=None)
    assert version.status == PlanStatus.PROPOSAL and version.agenda_item.meeting == meeting
    title = f"Budget {NEXT_YEAR}, version 1"
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Mötets öppnande", title]
    run_worker()
    assert len(mail.outbox) == 17  # everyone who was called
    message = mail.outbox[0]
    assert message.subject.startswith("Tilläggskallelse: ")
    assert title in message.body and "Mötets öppnande" in message.body
    ics = next(content for name, content, _type in message.attachments if name.endswith(".ics"))
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["UID"]) == f"{meeting.uid}@samverkan" and int(event["SEQUENCE"]) == 1
    assert title in str(event["DESCRIPTION"])
    assert AuditEntry.objects.for_object(meeting).filter(action="send_supplementary_notice").exists()


def test_a_proposal_onto_a_planned_meeting_sends_nothing(world):
    meeting = _meeting(world.sg, 20)
    services.submit(version=_budget_draft(world), actor=None, meeting=meeting)
    run_worker()
    assert meeting.agenda_items.count() == 1 and mail.outbox == []


def test_only_coming_meetings_of_the_deciding_body_are_offered_the_next_first(world):
    later = _meeting(world.sg, 60)
    called = _called_meeting(world.sg, 20)
    cancelled = _meeting(world.sg, 40)
    meetings.cancel_meeting(meeting=cancelled, actor=None)
    _meeting(world.st, 10)  # the support group's own meeting decides nothing
    version = _budget_draft(world)
    assert services.proposable_meetings(version.document) == [called, later]


def test_a_meeting_of_another_group_or_collaboration_is_refused_with_a_message(world):
    version = _budget_draft(world)
    with pytest.raises(DomainError, match="kommande mötena i"):
        services.submit(version=version, actor=None, meeting=_meeting(world.st, 10))
    cancelled = meetings.cancel_meeting(meeting=_meeting(world.sg, 30), actor=None)
    with pytest.raises(DomainError, match="kommande mötena i"):
        services.submit(version=version, actor=None, meeting=cancelled)
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT and version.agenda_item is None


def test_the_proposer_chooses_the_meeting_on_the_page(client_for, world):
    first, second = _called_meeting(world.sg, 20), _meeting(world.sg, 50)
    version = _budget_draft(world)
    client = client_for("support")
    page = client.get(f"/{SLUG}/planer/{version.document.pk}/").content.decode()
    select = page.split('name="meeting"')[1].split("</select>")[0]
    assert f'value="{first.pk}" selected' in select and f'value="{second.pk}"' in select
    assert "tilläggskallelse" in select
    other = _meeting(world.st, 10)
    response = client.post(
        f"/{SLUG}/planer/{version.document.pk}/atgard/", {"action": "submit", "meeting": other.pk}, follow=True
    )
    assert "Välj ett av de kommande mötena i Samverkansgruppen" in response.content.decode()
    assert not other.agenda_items.exists()
    past = Meeting.objects.filter(group=world.sg, starts_at__lt=timezone.now()).first()
    response = client.post(
        f"/{SLUG}/planer/{version.document.pk}/atgard/", {"action": "submit", "meeting": past.pk}, follow=True
    )
    assert "Välj ett av de kommande mötena" in response.content.decode() and not past.agenda_items.exists()
    response = client.post(
        f"/{SLUG}/planer/{version.document.pk}/atgard/", {"action": "submit", "meeting": second.pk}, follow=True
    )
    assert second.agenda_items.count() == 1 and not first.agenda_items.filter(title__startswith="Budget").exists()


def test_the_meeting_page_shows_the_supplementary_notice(client_for, world):
    meeting = _called_meeting(world.sg)
    services.submit(version=_budget_draft(world), actor=None, meeting=meeting)
    page = client_for("chair").get(f"/{SLUG}/moten/{meeting.pk}/").content.decode()
    assert "Tilläggskallelse skickad" in page
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CALLED
