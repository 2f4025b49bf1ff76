"""Reading a contact list from Excel or CSV and judging each row, before anything is written.

Pure: bytes in, a `Preview` out. The services turn a preview into one all-or-nothing commit.
Accepted: `.xlsx`, or CSV in UTF-8 (with or without BOM) or Windows-1252, separated by `,` or `;`,
with a header row in Swedish or English.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# What a spreadsheet would run: "=…", "@…", or "+"/"-" followed by a letter or "(". A phone
# number such as "+46 90 12 34" is not a formula.
FORMULA = re.compile(r"^(?:[=@]|[+\-]\s*[A-Za-zÅÄÖåäö(])")

# header words (lower case, without spaces, dashes, underscores) → field
HEADERS = {
    "förnamn": "first_name",
    "fornamn": "first_name",
    "firstname": "first_name",
    "givenname": "first_name",
    "efternamn": "last_name",
    "lastname": "last_name",
    "surname": "last_name",
    "familyname": "last_name",
    "titel": "title",
    "title": "title",
    "befattning": "title",
    "roll": "title",
    "organisation": "organisation",
    "organization": "organisation",
    "kommun": "organisation",
    "myndighet": "organisation",
    "arbetsgivare": "organisation",
    "employer": "organisation",
    "epost": "email",
    "epostadress": "email",
    "mejl": "email",
    "mail": "email",
    "email": "email",
    "emailaddress": "email",
    "telefon": "phone",
    "telefonnummer": "phone",
    "tel": "phone",
    "mobil": "phone",
    "phone": "phone",
    "mobile": "phone",
}
REQUIRED = ("first_name", "last_name", "organisation", "email")
FIELD_LABELS = {
    "first_name": "förnamn",
    "last_name": "efternamn",
    "title": "titel",
    "organisation": "organisation",
    "email": "e-post",
    "phone": "telefon",
}
MAX_LENGTHS = {"first_name": 100, "last_name": 100, "title": 200, "organisation": 200, "email": 254, "phone": 40}


class ImportFileError(ValueError):
    """The whole file cannot be used; the message says why, in the user's language."""


@dataclass
class Row:
    line: int
    values: dict[str, str]
    action: str = ""  # create | update | unchanged | refused
    errors: list[str] = field(default_factory=list)
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    person_id: int | None = None
    organisation_id: int | None = None


@dataclass
class Preview:
    filename: str
    columns: dict[str, str]  # file column → field
    ignored_columns: list[str]
    rows: list[Row]

    @property
    def refused(self) -> list[Row]:
        return [r for r in self.rows if r.action == "refused"]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


@dataclass(frozen=True)
class Existing:
    """What the database holds, as plain data: people by e-mail and organisations by name or code."""

    people: dict[str, tuple[int, dict[str, str]]]  # lower-case email → (id, current values)
    organisations: dict[str, int]  # lower-case name or municipality code → id


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(
                _("Filens teckenkodning går inte att läsa. Spara den som UTF-8 eller som CSV från Excel.")
            ) from None
    if "\x00" in text or "\ufffd" in text:
        raise ImportFileError(_("Filen innehåller trasiga tecken. Spara den som UTF-8 eller som CSV från Excel."))
    return text


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFileError(_("Filen går inte att läsa som CSV: %(error)s") % {"error": exc}) from None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("Filen är inte en Excel-fil (.xlsx) som går att läsa.")) from None
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else str(v) for v in values])
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """The file's rows as text; refuses what is not a usable CSV or Excel file."""
    if not data.strip():
        raise ImportFileError(_("Filen är tom."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Filen är för stor (högst %(mb)s MB).") % {"mb": MAX_BYTES // (1024 * 1024)})
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        if data.startswith(b"PK\x03\x04"):
            raise ImportFileError(_("Filen heter .csv men är en Excel-fil. Spara om den som CSV eller .xlsx."))
        rows = _csv_rows(data)
    else:
        raise ImportFileError(_("Filtypen stöds inte. Ladda upp en .xlsx- eller .csv-fil."))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if len(rows) < 2:
        raise ImportFileError(_("Filen har ingen rad under rubrikraden."))
    if len(rows) > MAX_ROWS + 1:
        raise ImportFileError(_("Filen har fler än %(max)s rader.") % {"max": MAX_ROWS})
    return rows


def _header_key(text: str) -> str:
    return re.sub(r"[\s_\-.]", "", text.strip().lower())


def map_header(header: list[str]) -> tuple[dict[int, str], dict[str, str], list[str]]:
    """Column index → field, file column → field, and the columns that are ignored."""
    by_index: dict[int, str] = {}
    named: dict[str, str] = {}
    ignored: list[str] = []
    for index, title in enumerate(header):
        target = HEADERS.get(_header_key(title))
        if target and target not in by_index.values():
            by_index[index] = target
            named[title.strip()] = target
        elif title.strip():
            ignored.append(title.strip())
    missing = [FIELD_LABELS[f] for f in REQUIRED if f not in by_index.values()]
    if missing:
        raise ImportFileError(
            _(
                "Rubrikraden saknar kolumnerna: %(columns)s. Första raden ska vara rubriker, t.ex. "
                "Förnamn; Efternamn; Organisation; E-post; Telefon; Titel."
            )
            % {"columns": ", ".join(missing)}
        )
    return by_index, named, ignored


def judge(rows: Iterable[Row], existing: Existing) -> None:
    """Decide per row: create, update (matched by e-mail), unchanged, or refused and why."""
    rows = list(rows)
    emails = Counter(r.values.get("email", "").strip().lower() for r in rows)
    for row in rows:
        values = row.values
        for name, value in values.items():
            if FORMULA.match(value):
                row.errors.append(
                    _("%(field)s ser ut som en formel (%(value)s) och tas inte emot.")
                    % {"field": FIELD_LABELS[name], "value": value[:30]}
                )
            if len(value) > MAX_LENGTHS[name]:
                row.errors.append(
                    _("%(field)s är för lång (högst %(max)s tecken).")
                    % {"field": FIELD_LABELS[name], "max": MAX_LENGTHS[name]}
                )
        for name in REQUIRED:
            if not values.get(name, "").strip():
                row.errors.append(_("%(field)s saknas.") % {"field": FIELD_LABELS[name]})
        email = values.get("email", "").strip().lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(_("E-postadressen %(email)s är inte giltig.") % {"email": email})
            if emails[email] > 1:
                row.errors.append(_("E-postadressen %(email)s finns på flera rader i filen.") % {"email": email})
        organisation = values.get("organisation", "").strip().lower()
        if organisation:
            row.organisation_id = existing.organisations.get(organisation)
            if row.organisation_id is None:
                row.errors.append(
                    _("Organisationen %(name)s är inte part i samverkan.") % {"name": values["organisation"]}
                )
        if row.errors:
            row.action = "refused"
            continue
        match = existing.people.get(email)
        if match is None:
            row.action = "create"
            continue
        row.person_id, current = match
        wanted = {**values, "email": email, "organisation": str(row.organisation_id)}
        row.changes = {k: (current.get(k, ""), v) for k, v in wanted.items() if current.get(k, "") != v}
        row.action = "update" if row.changes else "unchanged"


def preview(data: bytes, filename: str, existing: Existing) -> Preview:
    table = read_table(data, filename)
    by_index, named, ignored = map_header(table[0])
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        values = {target: (cells[index].strip() if index < len(cells) else "") for index, target in by_index.items()}
        rows.append(Row(line=line, values=values))
    judge(rows, existing)
    return Preview(filename=filename, columns=named, ignored_columns=ignored, rows=rows)
