"""Every document, download and export still answers, and opens, when hostile text is already
stored: control characters (ESC, BEL, VT, NUL), CR/LF in names, right-to-left and zero-width
characters, quotes that would break a Content-Disposition header, and a group name that is a path.

The values are written straight through the ORM, bypassing every form and service, as data stored
before input was cleaned would be."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from docx import Document
from icalendar import Calendar
from pypdf import PdfReader

from samverkan.meetings import minutes as minutes_service
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaDocument, Decision, Meeting, MeetingStatus, MinuteItem
from samverkan.organisations.models import Organisation, Person
from samverkan.plans import demo
from samverkan.plans import services as plan_services

SLUG = "miljosamverkan-vasterbotten"
NEXT_YEAR = timezone.localdate().year + 1

FIRST = "Anna\x1b[31m"
LAST = 'Ström\r\nX-Injected: 1 a"; filename=evil.exe'
# PostgreSQL refuses NUL in text, so only SQLite can hold one already stored
NUL = "" if connection.vendor == "postgresql" else "\x00"
ORGANISATION = f"Umeå{NUL} kommun\u200b\u202e"
GROUP = "../../../../tmp/x"
ITEM_TITLE = "Budget\x07 2027"
ITEM_TEXT = "Protokollstext\x0bmed\x0cvertikal tab"
DECISION = f"Beslut\x07 fattas{NUL}."
SECTION = f"Inledning\x0b med vertikal tab{NUL} och NUL\x1b."


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )


@pytest.fixture
def hostile(world):
    """The collaboration with hostile text stored in a person, an organisation, the group's name,
    a meeting with minutes, a decision and a plan section."""
    person = world.people["umea"]
    Person.objects.filter(pk=person.pk).update(first_name=FIRST, last_name=LAST, title="Chef\x1b", phone="090\r\n12")
    Organisation.objects.filter(pk=person.organisation_id).update(name=ORGANISATION)
    start = timezone.now() - datetime.timedelta(days=1)
    meeting = Meeting.objects.create(
        group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2), place="Umeå\x1b"
    )
    agenda_item = meeting_services.add_agenda_item(meeting=meeting, actor=None, title="Punkt", decision_proposed=False)
    stored = default_storage.save('handlingar/Åtgärd "x"\x1b.pdf', ContentFile(b"%PDF-1.4 test"))
    AgendaDocument.objects.create(item=agenda_item, title="Underlag", file=stored, size=13)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    minutes = minutes_service.start_minutes(meeting=meeting, actor=None)
    item = minutes_service.add_minute_item(minutes=minutes, title="Budget", actor=None, decision="Beslut.")
    MinuteItem.objects.filter(pk=item.pk).update(title=ITEM_TITLE, text=ITEM_TEXT)
    Decision.objects.filter(item=item).update(text=DECISION)
    type(world.sg).objects.filter(pk=world.sg.pk).update(name=GROUP)
    document = plan_services.start_document(
        collaboration=world.collaboration, doc_type="operations_plan", year=NEXT_YEAR, actor=None
    )
    version = plan_services.latest_version(document)
    plan_services.update_draft(
        version=version, actor=None, texts=demo.SECTIONS["operations_plan"], areas=["kompetensutveckling"]
    )
    version.refresh_from_db()
    version.sections = [{**version.sections[0], "text": SECTION}, *version.sections[1:]]
    type(version).objects.filter(pk=version.pk).update(sections=version.sections)
    return {"person": person, "meeting": meeting, "document": document}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


HEADER = re.compile(r"attachment; filename=\"([A-Za-z0-9._() -]+)\"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)")


def _filename(response) -> str:
    """The full file name of a download, after checking that its Content-Disposition is exactly an
    ASCII fallback and an RFC 5987 encoded name, with nothing a stored name could inject."""
    match = HEADER.fullmatch(response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return unquote(match.group(2))


def test_the_contact_list_exports_open_with_hostile_names(client_for, hostile):
    client = client_for("coordinator")
    xlsx = xlsx_text(_get(client, reverse("contact_export", args=[SLUG, "xlsx"])).content)
    assert "Anna[31m" in xlsx and "Umeå kommun" in xlsx and "\x1b" not in xlsx
    csv = _get(client, reverse("contact_export", args=[SLUG, "csv"])).content.decode("utf-8-sig")
    assert "Anna[31m" in csv and "\x1b" not in csv and "\x00" not in csv
    vcf = _get(client, reverse("contact_export", args=[SLUG, "vcf"])).content.decode()
    assert "\x1b" not in vcf and "\x00" not in vcf
    lines = vcf.split("\r\n")
    assert not any(line.startswith("X-Injected") for line in lines)
    assert all(len(line.encode()) <= 75 for line in lines)  # folded (RFC 6350 3.2)
    unfolded = vcf.replace("\r\n ", "")
    assert 'N:Ström X-Injected: 1 a"\\; filename=evil.exe;Anna[31m;;;' in unfolded
    assert "TEL;TYPE=WORK,VOICE:090 12" in unfolded


def test_the_person_vcard_downloads_with_a_name_that_has_cr_lf_and_quotes(client_for, hostile):
    response = _get(client_for("coordinator"), reverse("person_vcard", args=[SLUG, hostile["person"].pk]))
    assert _filename(response) == "Anna[31m Ström X-Injected- 1 a-; filename=evil.exe.vcf"
    assert response["Content-Disposition"].startswith(
        "attachment; filename=\"Anna_31m Strom X-Injected- 1 a-_ filename_evil.exe.vcf\"; filename*=UTF-8''"
    )
    assert "BEGIN:VCARD" in response.content.decode()


def test_the_minutes_word_and_pdf_open_with_control_characters(client_for, hostile):
    client = client_for("coordinator")
    meeting = hostile["meeting"]
    word = docx_text(_get(client, reverse("minutes_document", args=[SLUG, meeting.pk, "docx"])).content)
    assert "Budget 2027" in word and "Beslut fattas." in word and "Protokollstext\nmed\nvertikal tab" in word
    pdf = text_of(_get(client, reverse("minutes_document", args=[SLUG, meeting.pk, "pdf"])).content)
    assert "Budget 2027" in pdf and "Beslut fattas." in pdf and "\x00" not in pdf
    for name in ("notice_pdf", "agenda_pdf"):
        assert "Umeå" in text_of(_get(client, reverse(name, args=[SLUG, meeting.pk])).content)


def test_the_meeting_calendar_files_parse_without_control_characters(client_for, hostile):
    client = client_for("coordinator")
    ics = _get(client, reverse("meeting_ics", args=[SLUG, hostile["meeting"].pk])).content
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Umeå" and b"\x1b" not in ics
    year = timezone.localdate().year
    Calendar.from_ical(_get(client, reverse("calendar_export", args=[SLUG, year, "ics"])).content)
    assert _get(client, reverse("calendar_export", args=[SLUG, year, "pdf"])).content.startswith(b"%PDF")


def test_the_meeting_archive_has_only_safe_entry_names(client_for, hostile):
    content = _get(client_for("coordinator"), reverse("meeting_archive", args=[SLUG, hostile["meeting"].pk])).content
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    assert len(names) == 6
    for name in names:
        parts = name.split("/")
        assert not name.startswith("/") and "\\" not in name and ":" not in name
        assert ".." not in parts and "." not in parts and "" not in parts
        assert all(ord(c) >= 32 for c in name)
        assert parts[0].endswith("-..-..-..-..-tmp-x")  # one folder, named after the group
    attachment = next(n for n in names if "/handlingar/" in n)
    assert attachment.endswith("-Åtgärd -x-.pdf")  # Swedish letters kept
    assert archive.read(attachment) == b"%PDF-1.4 test"


def test_the_agenda_document_download_has_a_safe_header(client_for, hostile):
    document = AgendaDocument.objects.get(item__meeting=hostile["meeting"])
    url = reverse("document_download", args=[SLUG, hostile["meeting"].pk, document.pk])
    response = client_for("coordinator").get(url)
    assert response.status_code == 200
    assert _filename(response) == "Åtgärd -x-.pdf"


def test_the_plan_documents_open_with_control_characters(client_for, hostile):
    client = client_for("coordinator")
    pk = hostile["document"].pk
    word = docx_text(_get(client, reverse("plan_document", args=[SLUG, pk, "docx"])).content)
    assert "Inledning" in word and "med vertikal tab och NUL." in word
    pdf = text_of(_get(client, reverse("plan_document", args=[SLUG, pk, "pdf"])).content)
    assert "med vertikal tab och NUL." in pdf


def test_the_economy_documents_open_with_control_characters_in_a_party_name(client_for, hostile):
    client = client_for("coordinator")
    year = timezone.localdate().year
    assert "Umeå kommun" in xlsx_text(_get(client, reverse("status_export", args=[SLUG, "xlsx"])).content)
    assert _get(client, reverse("status_export", args=[SLUG, "pdf"])).content.startswith(b"%PDF")
    assert "Umeå kommun" in xlsx_text(_get(client, reverse("cofinancing_export", args=[SLUG, year])).content)
    assert "Umeå kommun" in xlsx_text(
        _get(client, reverse("invoicing_basis_export", args=[SLUG, year, "umea", "xlsx"])).content
    )
    assert _get(client, reverse("invoicing_basis_export", args=[SLUG, year, "umea", "pdf"])).content.startswith(b"%PDF")


def test_the_personal_data_download_has_a_safe_header(client_for, hostile):
    response = _get(client_for("coordinator"), reverse("person_data", args=[SLUG, hostile["person"].pk]))
    assert _filename(response) == f"personuppgifter-{hostile['person'].pk}.json"


def test_the_api_contact_export_has_a_safe_header(client_for, hostile):
    response = client_for("coordinator").get(f"/api/v1/collaborations/{SLUG}/contacts/export/xlsx")
    assert response.status_code == 200
    assert _filename(response) == f"kontaktlista-{SLUG}.xlsx"
    assert "Anna[31m" in xlsx_text(response.content)


def test_the_notice_e_mail_goes_out_with_line_breaks_in_the_title_and_the_conveners_name(hostile, world, mailoutbox):
    from samverkan.meetings import notices

    meeting = hostile["meeting"]
    Meeting.objects.filter(pk=meeting.pk).update(title="Möte\r\nBcc: ond@example.com")
    convener = notices.convener_of(meeting)
    assert convener is not None
    Person.objects.filter(pk=convener.pk).update(last_name="Ek\r\nX-Injected: 1")
    assert notices.send_invitations(meeting_id=meeting.pk, method="REQUEST") > 0
    message = mailoutbox[0].message()
    assert message["Subject"].startswith("Kallelse: Möte Bcc: ond@example.com ")
    assert "X-Injected" not in message and "Bcc" not in message
