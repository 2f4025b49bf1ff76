"""Reading a spreadsheet a user uploads (Excel or CSV) as rows of text, before any judging.

Pure: bytes in, rows out. Accepted: `.xlsx`, or CSV in UTF-8 (with or without BOM) or
Windows-1252, separated by `,` or `;`. Each import (contacts, ledger) judges the rows itself.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from samverkan.lib.text import clean_text

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# What a spreadsheet would run: "=…", "@…", or "+"/"-" followed by a letter or "(". A phone
# number such as "+46 90 12 34" or an amount such as "-1 250,00" is not a formula.
FORMULA = re.compile(r"^(?:[=@]|[+\-]\s*[A-Za-zÅÄÖåäö(])")


class ImportFileError(ValueError):
    """The whole file cannot be used; the message says why, in the user's language."""


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


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):  # a date or datetime cell
        return value.isoformat()  # type: ignore[no-any-return]
    return str(value)


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    rows = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        workbook.close()
    # a damaged workbook fails as a zip, a missing part, or broken XML (ParseError is a SyntaxError)
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, SyntaxError):
        raise ImportFileError(_("Filen är inte en Excel-fil (.xlsx) som går att läsa.")) from None
    return rows


def read_table(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """The file's non-empty rows as text, each with its row number in the file (a blank row in
    between does not shift the numbers a user sees); refuses what is not a usable CSV or Excel file."""
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
    # every cell is one line of text, cleaned as a form field is (no control characters, NUL, bidi overrides)
    cleaned = [[clean_text(cell, multiline=False) for cell in r] for r in rows]
    numbered = [(line, r) for line, r in enumerate(cleaned, start=1) if any(cell.strip() for cell in r)]
    if len(numbered) < 2:
        raise ImportFileError(_("Filen har ingen rad under rubrikraden."))
    if len(numbered) > MAX_ROWS + 1:
        raise ImportFileError(_("Filen har fler än %(max)s rader.") % {"max": MAX_ROWS})
    return numbered


def header_key(text: str) -> str:
    """A column title reduced for matching: lower case, without spaces, dashes, dots, underscores."""
    return re.sub(r"[\s_\-.]", "", text.strip().lower())


@dataclass
class Table:
    """An uploaded file's data rows by field, with the file's row numbers and how its columns were read."""

    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, field → text)
    columns: dict[str, str]  # file column → field
    ignored_columns: list[str]


def read_columns(
    data: bytes,
    filename: str,
    *,
    headers: Mapping[str, str],
    required: Sequence[str],
    labels: Mapping[str, str],
    example: str,
) -> Table:
    """Read the file and map its header row to fields (`headers`: header_key(title) → field); the
    first column naming a field wins. A missing required column refuses the whole file, naming the
    columns by `labels` and showing `example` as a header row that works."""
    table = read_table(data, filename)
    by_index: dict[int, str] = {}
    named: dict[str, str] = {}
    ignored: list[str] = []
    for index, title in enumerate(table[0][1]):
        target = headers.get(header_key(title))
        if target and target not in by_index.values():
            by_index[index] = target
            named[title.strip()] = target
        elif title.strip():
            ignored.append(title.strip())
    missing = [labels[f] for f in required if f not in by_index.values()]
    if missing:
        raise ImportFileError(
            _("Rubrikraden saknar kolumnerna: %(columns)s. Första raden ska vara rubriker, t.ex. %(example)s.")
            % {"columns": ", ".join(missing), "example": example}
        )
    rows = [
        (line, {field: (cells[index].strip() if index < len(cells) else "") for index, field in by_index.items()})
        for line, cells in table[1:]
    ]
    return Table(rows=rows, columns=named, ignored_columns=ignored)
