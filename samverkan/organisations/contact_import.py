"""Reading a contact list from Excel or CSV and judging each row, before anything is written.

Pure: bytes in, a `Preview` out. The services turn a preview into one all-or-nothing commit.
Accepted: `.xlsx`, or CSV in UTF-8 (with or without BOM) or Windows-1252, separated by `,` or `;`,
with a header row in Swedish or English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from samverkan.lib.tables import FORMULA, MAX_BYTES, ImportFileError, read_columns
from samverkan.organisations.rules import name_key

__all__ = ["MAX_BYTES", "ImportFileError", "preview"]

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
    locked: frozenset[int] = frozenset()  # people the importer may not change (shared with another collaboration)


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
        organisation = name_key(values.get("organisation", ""))
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
        if row.changes and row.person_id in existing.locked:
            row.errors.append(
                _(
                    "%(email)s hör också till en annan samverkan; bara den som har behörighet i varje samverkan "
                    "personen hör till, eller instansens administratör, kan ändra uppgifterna."
                )
                % {"email": email}
            )
            row.action = "refused"


def preview(data: bytes, filename: str, existing: Existing) -> Preview:
    table = read_columns(
        data,
        filename,
        headers=HEADERS,
        required=REQUIRED,
        labels=FIELD_LABELS,
        example="Förnamn; Efternamn; Organisation; E-post; Telefon; Titel",
    )
    rows = [Row(line=line, values=values) for line, values in table.rows]
    judge(rows, existing)
    return Preview(filename=filename, columns=table.columns, ignored_columns=table.ignored_columns, rows=rows)
