"""The contact list (CO2): who is in the collaboration, filtered and sorted, and its exports.

Reads only. The rows are plain dataclasses so the page, the exports and the API share them.
Exports neutralise formula injection: a cell that Excel would run (=, +, -, @, tab, CR) is
written as text.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.lib import dates
from samverkan.lib.documents_text import one_line, printable
from samverkan.lib.swedish_order import swedish_key
from samverkan.organisations.models import Membership, Person

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ContactFilter:
    q: str = ""
    organisation: int | None = None
    group: int | None = None
    role: str = ""
    sort: str = "namn"
    descending: bool = False


@dataclass(frozen=True)
class ContactRow:
    id: int
    first_name: str
    last_name: str
    title: str
    organisation: str
    groups: tuple[str, ...]
    roles: tuple[str, ...]
    email: str
    phone: str
    confirmed_at: datetime.datetime | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


SORTS: dict[str, Callable[[ContactRow], tuple[object, ...]]] = {
    "namn": lambda r: (swedish_key(r.last_name), swedish_key(r.first_name)),
    "organisation": lambda r: (swedish_key(r.organisation), swedish_key(r.last_name), swedish_key(r.first_name)),
    # never confirmed sorts first: they are the ones to chase
    "bekraftad": lambda r: (r.confirmed_at is not None, r.confirmed_at or 0, swedish_key(r.last_name)),
}


def contact_rows(collaboration: Collaboration, flt: ContactFilter) -> list[ContactRow]:
    """Everyone in the collaboration matching the filter, with their current groups and roles."""
    today = timezone.localdate()
    current = Membership.objects.current(today).filter(group__collaboration=collaboration).select_related("group")
    people = (
        Person.objects.in_collaboration(collaboration)
        .select_related("organisation")
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
    )
    if flt.q:
        for word in flt.q.split():
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(title__icontains=word)
                | Q(organisation__name__icontains=word)
            )
    if flt.organisation:
        people = people.filter(organisation_id=flt.organisation)
    if flt.group:
        people = people.filter(memberships__in=current.filter(group_id=flt.group))
    if flt.role:
        people = people.filter(memberships__in=current.filter(role=flt.role))
    people = people.distinct()
    rows = []
    for person in people:
        memberships = person.current_memberships  # type: ignore[attr-defined]
        rows.append(
            ContactRow(
                id=person.pk,
                first_name=person.first_name,
                last_name=person.last_name,
                title=person.title,
                organisation=person.organisation.name,
                groups=tuple(sorted({m.group.name for m in memberships})),
                roles=tuple(sorted({f"{m.group.name}: {m.get_role_display()}" for m in memberships})),
                email=person.email,
                phone=person.phone,
                confirmed_at=person.confirmed_at,
            )
        )
    rows.sort(key=SORTS.get(flt.sort, SORTS["namn"]), reverse=flt.descending)
    return rows


def safe_cell(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (CSV), without control characters."""
    value = printable(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _columns() -> list[str]:
    return [
        _("Förnamn"),
        _("Efternamn"),
        _("Titel"),
        _("Organisation"),
        _("Grupper och roller"),
        _("E-post"),
        _("Telefon"),
        _("Senast bekräftad"),
    ]


def _values(row: ContactRow) -> list[str]:
    confirmed = dates.iso_date(row.confirmed_at)
    return [
        row.first_name,
        row.last_name,
        row.title,
        row.organisation,
        "; ".join(row.roles),
        row.email,
        row.phone,
        confirmed,
    ]


def export_csv(rows: list[ContactRow]) -> bytes:
    """CSV for Swedish Excel: UTF-8 with BOM, semicolon-separated, formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_columns())
    for row in rows:
        writer.writerow([safe_cell(v) for v in _values(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(rows: list[ContactRow]) -> bytes:
    """An Excel workbook: bold, filled header, frozen first row, column widths; every cell is text."""
    # openpyxl here, not with the module: the pages and commands that import this rarely export
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Kontaktlista")[:31]
    columns = _columns()
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="00558C")
    widths = [len(c) for c in columns]
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(_values(row), start=1):
            cell = sheet.cell(row=index, column=column)
            cell.value = value = printable(value)  # Excel refuses control characters
            cell.data_type = "s"  # never a formula, whatever the text starts with
            widths[column - 1] = max(widths[column - 1], len(value))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _vcard_text(value: str) -> str:
    """A one-line vCard value (RFC 6350 3.4): a stored line break or tab becomes a space, control
    characters go, and backslash, comma and semicolon are escaped."""
    text = one_line(value)
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def _fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 6350 3.2), never inside a UTF-8 character."""
    parts: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def export_vcard(rows: list[ContactRow]) -> bytes:
    """vCard 3.0, one card per person, CRLF line ends, long lines folded; no stored line break or
    control character can start a line of its own."""
    cards = []
    for row in rows:
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"N:{_vcard_text(row.last_name)};{_vcard_text(row.first_name)};;;",
            f"FN:{_vcard_text(row.full_name)}",
            f"ORG:{_vcard_text(row.organisation)}",
        ]
        if row.title:
            lines.append(f"TITLE:{_vcard_text(row.title)}")
        if row.email:
            lines.append(f"EMAIL;TYPE=INTERNET,WORK:{_vcard_text(row.email)}")
        if row.phone:
            lines.append(f"TEL;TYPE=WORK,VOICE:{_vcard_text(row.phone)}")
        lines.append("END:VCARD")
        cards.append("\r\n".join(_fold(line) for line in lines))
    return ("\r\n".join(cards) + "\r\n").encode("utf-8")
