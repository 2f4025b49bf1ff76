"""The organiser's documents of an event: the participant list to sign, the name badges (eight to
an A4 sheet) and the invoicing list (PDF, Excel). Rendered with WeasyPrint from templates, as
the meetings' and the economy's documents are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from samverkan.events.models import Event, Registration
from samverkan.events.selectors import Invoicing, payer_of
from samverkan.finance.documents import _append, _bytes, _kr, _new_workbook, _sheet, _widths
from samverkan.meetings.documents import html_to_pdf

BADGES_PER_PAGE = 8


def _context(event: Event, **extra: Any) -> dict[str, Any]:
    return {"event": event, "collaboration": event.collaboration, "sessions": list(event.sessions.all()), **extra}


def _people(registrations: Sequence[Registration]) -> list[dict[str, Any]]:
    return [
        {"registration": r, "name": r.name, "organisation": payer_of(r) if payer_of(r) != r.name else ""}
        for r in registrations
    ]


def participants_pdf(event: Event, registrations: Sequence[Registration]) -> bytes:
    """Name, organisation and a column to sign in, one row per confirmed registrant."""
    return html_to_pdf("events/pdf/participants.html", _context(event, people=_people(registrations)))


def badges_pdf(event: Event, registrations: Sequence[Registration]) -> bytes:
    """A4 sheets of eight badges (2 × 4, 90 × 64 mm): the name large, the organisation, the event."""
    people = _people(registrations)
    pages = [people[i : i + BADGES_PER_PAGE] for i in range(0, len(people), BADGES_PER_PAGE)] or [[]]
    return html_to_pdf("events/pdf/badges.html", _context(event, pages=pages))


def invoicing_pdf(event: Event, listed: Invoicing) -> bytes:
    return html_to_pdf("events/pdf/invoicing.html", _context(event, invoicing=listed))


def invoicing_xlsx(event: Event, listed: Invoicing) -> bytes:
    workbook = _new_workbook()
    sheet = _sheet(
        workbook,
        _("Fakturaunderlag"),
        [_("Faktureras"), _("Deltagare"), _("E-post"), _("Kategori"), _("Avgift (kr)")],
        first=True,
    )
    for payer in listed.payers:
        for row in payer.rows:
            r = row.registration
            _append(sheet, [payer.name, r.name, r.email, r.get_category_display(), _kr(row.fee_ore)])
        _append(sheet, [_("Summa %(payer)s") % {"payer": payer.name}, "", "", "", _kr(payer.total_ore)], bold=True)
    _append(sheet, [_("Summa, alla"), event.title, "", "", _kr(listed.total_ore)], bold=True)
    _widths(sheet, [36, 30, 32, 16, 14])
    return _bytes(workbook)
