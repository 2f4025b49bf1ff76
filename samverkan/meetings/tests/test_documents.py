"""Notice, agenda and minutes as PDF (PDF/A once approved), minutes as Word, and the archive ZIP."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from samverkan.meetings import minutes as service
from samverkan.meetings import services
from samverkan.meetings.models import AttendanceStatus, Meeting, MeetingStatus
from samverkan.meetings.rules import holiday_name

SLUG = "miljosamverkan-vasterbotten"


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdfa_part(pdf: bytes) -> str | None:
    metadata = PdfReader(io.BytesIO(pdf)).xmp_metadata
    if metadata is None:
        return None
    raw = metadata.stream.get_data().decode("utf-8", "replace")
    return "3" if 'pdfaid:part="3"' in raw or "<pdfaid:part>3</pdfaid:part>" in raw else None


@pytest.fixture
def meeting(world):
    day = timezone.localdate() - datetime.timedelta(days=2)
    while holiday_name(day):
        day -= datetime.timedelta(days=1)
    start = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=timezone.get_current_timezone())
    meeting = Meeting.objects.create(
        group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2), place="Skellefteå"
    )
    services.add_agenda_item(
        meeting=meeting,
        actor=None,
        title="Budget 2027 för Västerbottens kommuner",
        decision_proposed=True,
        proposed_decision="Budgeten fastställs.",
    )
    services.add_agenda_item(meeting=meeting, actor=None, title="Personalärende", public=False)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def approved(meeting, world):
    minutes = service.start_minutes(meeting=meeting, actor=None)
    members = set(world.sg.memberships.values_list("person_id", flat=True))
    service.record_attendance(
        minutes=minutes, statuses={pk: (AttendanceStatus.PRESENT, "") for pk in members}, guests=[], actor=None
    )
    service.items_from_agenda(minutes=minutes, actor=None)
    service.set_adjusters(minutes=minutes, people=[world.people["umea"]], actor=None)
    for key in ("skelleftea", "umea"):
        service.approve_minutes(minutes=minutes, person=world.people[key], actor=None)
    minutes.refresh_from_db()
    return minutes


def test_the_notice_pdf_has_the_agenda_and_hides_non_public_items_from_the_public(client_for, meeting):
    url = reverse("notice_pdf", args=[SLUG, meeting.pk])
    public = text_of(client_for("anonymous").get(url).content)
    assert "Kallelse" in public and "Budget 2027 för Västerbottens kommuner" in public and "Skellefteå" in public
    assert "Personalärende" not in public and "Ej offentlig punkt" in public
    assert "Personalärende" in text_of(client_for("officer").get(url).content)


def test_the_agenda_pdf(client, meeting):
    pdf = client.get(reverse("agenda_pdf", args=[SLUG, meeting.pk])).content
    assert pdf.startswith(b"%PDF") and "Dagordning" in text_of(pdf)


def test_approved_minutes_are_pdf_a_for_the_archive(client, approved):
    pdf = client.get(reverse("minutes_document", args=[SLUG, approved.meeting_id, "pdf"])).content
    text = text_of(pdf)
    assert pdfa_part(pdf) == "3"
    assert "§ 1 Budget 2027" in text and "Budgeten fastställs." in text and "Justerat elektroniskt" in text
    assert "Personalärende" not in text  # anonymous download: the non-public § is withheld


def test_draft_minutes_are_an_ordinary_pdf_marked_as_a_draft(client_for, meeting):
    service.start_minutes(meeting=meeting, actor=None)
    pdf = client_for("chair").get(reverse("minutes_document", args=[SLUG, meeting.pk, "pdf"])).content
    assert pdfa_part(pdf) is None and "Utkast – inte justerat" in text_of(pdf)
    assert client_for("anonymous").get(reverse("minutes_document", args=[SLUG, meeting.pk, "pdf"])).status_code == 404


def test_minutes_as_word(client_for, approved):
    content = client_for("officer").get(reverse("minutes_document", args=[SLUG, approved.meeting_id, "docx"])).content
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    assert "Protokoll" in texts and any(t.startswith("§ 1 Budget 2027") for t in texts)
    assert any("Personalärende" in t for t in texts)  # participants get the whole record
    assert document.core_properties.language == "sv"


def test_one_archive_zip_per_meeting(client_for, approved):
    response = client_for("coordinator").get(reverse("meeting_archive", args=[SLUG, approved.meeting_id]))
    names = sorted(name.split("/")[1] for name in zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert names == ["dagordning.pdf", "kallelse.pdf", "mote.ics", "protokoll.docx", "protokoll.pdf"]
    assert client_for("member").get(reverse("meeting_archive", args=[SLUG, approved.meeting_id])).status_code == 403


def test_the_word_minutes_have_the_sections_of_the_pdf(client_for, meeting, world):
    minutes = service.start_minutes(meeting=meeting, actor=None)
    type(minutes).objects.filter(pk=minutes.pk).update(secretary_name="Linnea Ström")
    minutes.refresh_from_db()
    members = list(world.sg.memberships.select_related("person", "person__organisation"))
    absent, substitute = members[0].person, members[1].person
    statuses = {m.person_id: (AttendanceStatus.PRESENT, "") for m in members}
    statuses[absent.pk] = (AttendanceStatus.ABSENT, "")
    statuses[substitute.pk] = (AttendanceStatus.SUBSTITUTE, "för ordinarie")
    service.record_attendance(minutes=minutes, statuses=statuses, guests=[], actor=None)
    service.items_from_agenda(minutes=minutes, actor=None)
    row = meeting.attendance.get(status=AttendanceStatus.ABSENT)
    url = reverse("minutes_document", args=[SLUG, meeting.pk, "docx"])
    texts = [p.text for p in Document(io.BytesIO(client_for("chair").get(url).content)).paragraphs]
    pdf = text_of(client_for("chair").get(reverse("minutes_document", args=[SLUG, meeting.pk, "pdf"])).content)
    expected = f"{row.name} ({row.organisation})" if row.organisation else row.name
    assert "Frånvarande" in texts and expected in texts and expected in pdf
    assert texts.index("Närvarande") < texts.index("Frånvarande") < texts.index(expected)
    assert "Linnea Ström, sekreterare" in texts and "Linnea Ström, sekreterare" in pdf
    assert texts.index("Justering") < texts.index("Linnea Ström, sekreterare")
    assert any("(ersättare: för ordinarie)" in t for t in texts)


def test_a_pdf_reads_no_file_or_address_a_document_names(tmp_path, monkeypatch):
    """The documents carry their styles and charts inline: WeasyPrint reads data: URLs only, and a
    file: (or http:) URL in a document is never fetched."""
    import base64

    from PIL import Image

    from samverkan.meetings import documents

    picture = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    inline = base64.b64encode(picture.read_bytes()).decode()

    def pdf_of(html: str) -> bytes:
        monkeypatch.setattr(documents, "render_to_string", lambda *args, **kwargs: html)
        return documents.html_to_pdf("any.html", {})

    plain = len(pdf_of("<p>Text</p>"))
    assert len(pdf_of(f'<p>Text</p><img src="data:image/png;base64,{inline}">')) > plain
    assert len(pdf_of(f'<p>Text</p><img src="{picture.as_uri()}">')) == plain
