"""Meeting documents: notice, agenda and minutes as PDF (approved minutes as PDF/A-3b for the
archive), minutes as Word, and one archive ZIP per meeting. Rendered with WeasyPrint from
templates, so the PDFs say what the pages say."""

from __future__ import annotations

import functools
import io
import ssl
import zipfile
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from docx import Document
from docx.shared import Pt

from samverkan.lib import dates
from samverkan.lib.documents_text import archive_path, one_line, printable
from samverkan.meetings import notices
from samverkan.meetings.calendar import calendar_bytes
from samverkan.meetings.models import AgendaDocument, AgendaItemStatus, Meeting, Minutes


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Made once per process: the fetcher below allows no HTTPS, but WeasyPrint would otherwise
    make a context (and read the certificates) for every document."""
    return ssl.create_default_context()


def html_to_pdf(template: str, context: dict[str, Any], *, archive: bool = False) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # a stored control character (a NUL, ESC, BEL) would reach the PDF's text and garble it
    html = printable(render_to_string(template, {**context, "lang": translation.get_language() or "sv"}))
    # The documents carry their styles and charts inline and fetch nothing: only data: URLs are
    # read. WeasyPrint's default fetcher made a TLS context per document (the system's
    # certificates read again, ≈25–80 ms of a one-page PDF's ≈100 ms); one is made per process.
    fetcher = URLFetcher(allowed_protocols=["data"], ssl_context=_tls_context())
    # PDF/A-3b embeds the fonts and the metadata an archive needs (Swedish e-archive practice).
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/a-3b" if archive else None, uncompressed_pdf=False
    )


def _meeting_context(meeting: Meeting, include_hidden: bool, video_link: str) -> dict[str, Any]:
    convener = notices.convener_of(meeting)
    return {
        "include_hidden": include_hidden,
        "video_link": video_link,
        "meeting": meeting,
        "collaboration": meeting.group.collaboration,
        "agenda": meeting.agenda_items.filter(status=AgendaItemStatus.ACCEPTED),
        "follow_up": notices.follow_up_items(meeting, include_hidden=include_hidden),
        "convener_name": convener.full_name if convener else "",
    }


def notice_pdf(meeting: Meeting, *, include_hidden: bool, video_link: str = "") -> bytes:
    """The notice; `video_link` is what `Meeting.video_link_for` gives the reader (none by default)."""
    return html_to_pdf("meetings/pdf/notice.html", _meeting_context(meeting, include_hidden, video_link))


def agenda_pdf(meeting: Meeting, *, include_hidden: bool) -> bytes:
    return html_to_pdf("meetings/pdf/agenda.html", _meeting_context(meeting, include_hidden, ""))


def _minutes_context(minutes: Minutes, include_hidden: bool) -> dict[str, Any]:
    meeting = minutes.meeting
    return {
        "meeting": meeting,
        "collaboration": meeting.group.collaboration,
        "minutes": minutes,
        "items": minutes.items.select_related("decision__corrects__item"),
        "attendance": meeting.attendance.all(),
        "absent": meeting.attendance.filter(status="absent"),
        "signatories": minutes.signatories.all(),
        "include_hidden": include_hidden,
    }


def minutes_pdf(minutes: Minutes, *, include_hidden: bool) -> bytes:
    """Approved minutes are PDF/A for the archive; a draft is an ordinary PDF marked as a draft."""
    return html_to_pdf("meetings/pdf/minutes.html", _minutes_context(minutes, include_hidden), archive=minutes.locked)


def minutes_docx(minutes: Minutes, *, include_hidden: bool) -> bytes:
    from django.utils.translation import gettext as _

    context = _minutes_context(minutes, include_hidden)
    meeting = minutes.meeting
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = _("Protokoll %(group)s %(date)s") % {
        "group": one_line(meeting.group.name),
        "date": dates.iso_date(meeting.starts_at),
    }
    document.core_properties.language = translation.get_language() or "sv"
    document.add_heading(_("Protokoll"), level=0)
    document.add_paragraph(one_line(f"{meeting.group.name}, {meeting.group.collaboration.name}"))
    when = dates.meeting_when(meeting.starts_at, meeting.ends_at)
    document.add_paragraph(one_line(when + (f", {meeting.place}" if meeting.place else "")))
    document.add_paragraph(
        _("Justerat %(date)s") % {"date": dates.prose_date(minutes.approved_at)}
        if minutes.locked and minutes.approved_at
        else _("Utkast – inte justerat")
    )
    # the same sections as templates/meetings/pdf/minutes.html, in the same order
    document.add_heading(_("Närvarande"), level=1)
    for row in context["attendance"]:
        if row.status != "absent":
            role = row.role
            if row.status == "substitute":
                role += f" ({_('ersättare')}" + (f": {row.note}" if row.note else "") + ")"
            document.add_paragraph(
                one_line(", ".join(x for x in (row.name, row.organisation, role.strip()) if x)), style="List Bullet"
            )
    document.add_heading(_("Frånvarande"), level=1)
    absent = [f"{row.name} ({row.organisation})" if row.organisation else row.name for row in context["absent"]]
    for name in absent:
        document.add_paragraph(one_line(name), style="List Bullet")
    if not absent:
        document.add_paragraph("–")
    for item in context["items"]:
        shown = item.public or include_hidden
        document.add_heading(
            one_line(f"§ {item.number} " + (item.title if shown else _("Ej offentlig paragraf"))), level=1
        )
        if not shown:
            document.add_paragraph(_("Paragrafen innehåller uppgifter som inte publiceras."))
            continue
        if item.text:
            document.add_paragraph(printable(item.text))
        decision = getattr(item, "decision", None)
        if decision is not None:
            paragraph = document.add_paragraph()
            paragraph.add_run(_("Beslut:") + " ").bold = True
            paragraph.add_run(printable(decision.text))
            if decision.corrects is not None:
                document.add_paragraph(
                    _("Rättar beslut § %(n)s/%(y)s.")
                    % {"n": decision.corrects.item.number, "y": decision.corrects.item.year}
                )
    document.add_heading(_("Justering"), level=1)
    if minutes.secretary_name:
        document.add_paragraph(one_line(f"{minutes.secretary_name}, {_('sekreterare')}"))
    for signatory in context["signatories"]:
        signed = (
            _("Justerat elektroniskt %(when)s") % {"when": dates.iso_datetime(signatory.approved_at)}
            if signatory.approved_at
            else _("inte justerat ännu")
        )
        document.add_paragraph(one_line(f"{signatory.name}, {signatory.get_role_display()}: {signed}"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def archive_zip(meeting: Meeting, *, video_link: str = "") -> bytes:
    """Every document of the meeting in one file for the archive; the video link only as given
    (`Meeting.video_link_for` the one who downloads it). Every entry name is made safe by
    `archive_path`: a group or file named "../../x" stays inside the archive's folder."""
    buffer = io.BytesIO()
    stem = f"{dates.iso_date(meeting.starts_at)}-{meeting.group.name}".replace(" ", "-")
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        notice = notice_pdf(meeting, include_hidden=True, video_link=video_link)
        archive.writestr(archive_path(stem, "kallelse.pdf"), notice)
        archive.writestr(archive_path(stem, "dagordning.pdf"), agenda_pdf(meeting, include_hidden=True))
        event = notices.event_for(meeting, video_link=video_link)
        archive.writestr(archive_path(stem, "mote.ics"), calendar_bytes([event], method="PUBLISH"))
        for document in AgendaDocument.objects.filter(item__meeting=meeting):
            with document.file.open("rb") as handle:
                name = archive_path(stem, "handlingar", f"{document.pk}-{document.filename}")
                archive.writestr(name, handle.read())
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is not None:
            archive.writestr(archive_path(stem, "protokoll.pdf"), minutes_pdf(minutes, include_hidden=True))
            archive.writestr(archive_path(stem, "protokoll.docx"), minutes_docx(minutes, include_hidden=True))
    return buffer.getvalue()
