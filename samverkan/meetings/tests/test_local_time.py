"""Every document about a meeting shows Stockholm time, the same way, on both sides of a
daylight-saving change (CET→CEST on 29 March 2026, CEST→CET on 25 October 2026)."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from docx import Document
from icalendar import Calendar
from pypdf import PdfReader

from samverkan.meetings import documents, notices, services
from samverkan.meetings import minutes as minutes_service
from samverkan.meetings.calendar import calendar_bytes
from samverkan.meetings.models import AttendanceStatus, Meeting, MeetingStatus

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")

DAYS = [
    datetime.date(2026, 3, 27),  # Friday before the spring change: CET, UTC+1
    datetime.date(2026, 3, 30),  # Monday after it: CEST, UTC+2
    datetime.date(2026, 10, 23),  # Friday before the autumn change: CEST
    datetime.date(2026, 10, 26),  # Monday after it: CET
]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def word_text(docx: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


def meeting_on(world, day: datetime.date) -> Meeting:
    start = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=STOCKHOLM)
    meeting = Meeting.objects.create(
        group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2), place="Skellefteå"
    )
    services.add_agenda_item(meeting=meeting, actor=None, title="Budget 2027")
    return Meeting.objects.get(pk=meeting.pk)  # as the database gives it back: in UTC


def approved_minutes(meeting: Meeting, world, at: datetime.datetime):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    with time_machine.travel(at, tick=False):
        minutes = minutes_service.start_minutes(meeting=meeting, actor=None)
        members = set(world.sg.memberships.values_list("person_id", flat=True))
        minutes_service.record_attendance(
            minutes=minutes, statuses={pk: (AttendanceStatus.PRESENT, "") for pk in members}, guests=[], actor=None
        )
        minutes_service.items_from_agenda(minutes=minutes, actor=None)
        minutes_service.set_adjusters(minutes=minutes, people=[world.people["umea"]], actor=None)
        for key in ("skelleftea", "umea"):
            minutes_service.approve_minutes(minutes=minutes, person=world.people[key], actor=None)
    minutes.refresh_from_db()
    return minutes


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_word_and_pdf_minutes_show_the_meeting_and_signature_times_in_stockholm_time(world, day):
    meeting = meeting_on(world, day)
    # approved the next day at 14:05 local; around 29 March that day is in the other offset
    signed = datetime.datetime.combine(day + datetime.timedelta(days=2), datetime.time(14, 5), tzinfo=STOCKHOLM)
    minutes = approved_minutes(meeting, world, signed)
    word = word_text(documents.minutes_docx(minutes, include_hidden=True))
    pdf = text_of(documents.minutes_pdf(minutes, include_hidden=True))
    for text in (word, pdf):
        assert "09:30–11:30" in text
        assert "08:30" not in text and "07:30" not in text
    stamp = f"{signed.date().isoformat()} 14:05"
    signature_lines = [line for line in word.splitlines() if stamp in line]
    assert len(signature_lines) == 2  # the chair and the adjuster, at the local time they approved
    assert pdf.count(stamp) == 2  # the same stamps in the PDF


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_notice_pdf_ics_and_email_show_0930(world, day):
    meeting = meeting_on(world, day)
    assert "09:30–11:30" in text_of(documents.notice_pdf(meeting, include_hidden=True))
    event = Calendar.from_ical(calendar_bytes([notices.event_for(meeting)], method="PUBLISH")).walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None  # never a floating time a calendar would read in its own zone
    raw = calendar_bytes([notices.event_for(meeting)], method="PUBLISH").decode()
    assert f"DTSTART:{meeting.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M%S}Z" in raw  # UTC, marked as such
    assert start.astimezone(STOCKHOLM).time() == datetime.time(9, 30)
    assert event.decoded("DTEND").astimezone(STOCKHOLM).time() == datetime.time(11, 30)
    notices.send_invitations(meeting_id=meeting.pk, method="REQUEST")
    message = mail.outbox[0]
    assert "09:30–11:30" in message.subject and "09:30–11:30" in message.body
    assert "08:30" not in message.body and "07:30" not in message.body


def test_the_notice_email_gives_the_video_link_and_says_the_date_once_in_its_subject(world):
    meeting = meeting_on(world, datetime.date(2026, 3, 30))
    Meeting.objects.filter(pk=meeting.pk).update(video_link="https://video.example.se/mote-123")
    notices.send_invitations(meeting_id=meeting.pk, method="REQUEST")
    message = mail.outbox[0]
    assert "Videolänk: https://video.example.se/mote-123" in message.body
    assert message.subject == "Kallelse: Samverkansgruppen måndag 30 mars 2026, 09:30–11:30"
    assert message.subject.count("2026") == 1


def test_a_notice_without_a_video_link_says_nothing_of_one(world):
    meeting = meeting_on(world, datetime.date(2026, 3, 30))
    notices.send_invitations(meeting_id=meeting.pk, method="REQUEST")
    assert "Videolänk" not in mail.outbox[0].body and "Plats: Skellefteå" in mail.outbox[0].body


def test_the_public_notice_and_ics_keep_the_video_link_for_participants(client, world):
    from django.urls import reverse

    meeting = meeting_on(world, datetime.date(2026, 3, 30))
    Meeting.objects.filter(pk=meeting.pk).update(video_link="https://video.example.se/mote-123")
    slug = world.collaboration.slug
    assert "video.example.se" not in text_of(client.get(reverse("notice_pdf", args=[slug, meeting.pk])).content)
    assert b"video.example.se" not in client.get(reverse("meeting_ics", args=[slug, meeting.pk])).content
    meeting.refresh_from_db()
    link = meeting.video_link
    assert "video.example.se" in text_of(documents.notice_pdf(meeting, include_hidden=True, video_link=link))


def test_a_holiday_warning_names_the_day_in_prose(world):
    from samverkan.lib.errors import DomainError

    start = datetime.datetime(2027, 1, 6, 9, 30, tzinfo=STOCKHOLM)
    with pytest.raises(DomainError, match="6 januari 2027 är en helgdag"):
        services.plan_meeting(group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=1), actor=None)
