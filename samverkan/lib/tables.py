"""Reading a spreadsheet a user uploads (Excel or CSV) as rows of text, before any judging.

Pure: bytes in, rows out. Accepted: `.xlsx`, or CSV in UTF-8 (with or without BOM) or
Windows-1252, separated by `,` or `;`. Each import (contacts, ledger) judges the rows itself.

An `.xlsx` is a ZIP archive, and a small one can inflate to gigabytes. Before openpyxl reads it,
its table of contents is checked against the XLSX_* caps (inflated size in all and per part,
number of parts, compression ratio); Python's zipfile never inflates a part beyond the size its
table of contents declares, so the check holds for what is then read. Each sheet's XML is then
scanned as a stream for its number of cells, in all and per row, and only then read by openpyxl as
a stream (read-only), at most MAX_COLUMNS columns wide; reading stops as soon as it holds more
rows than an import may have.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MB = 1024 * 1024
XLSX_MAX_INFLATED = 50 * MB  # every part of the workbook together, inflated
XLSX_MAX_PART = 10 * MB  # one part (a sheet, the shared strings), inflated; a 5 000-row list is 2–3 MB
XLSX_MAX_PARTS = 200  # a workbook of one sheet has about ten
XLSX_MAX_RATIO = 100  # inflated / compressed, for a part larger than XLSX_RATIO_FROM
XLSX_RATIO_FROM = 1 * MB
MAX_COLUMNS = 100  # columns read; an import needs a handful, later columns are not read
MAX_SHEET_ROWS = 10 * MAX_ROWS  # rows read, blank ones included
MAX_CELLS = 40 * MAX_ROWS  # cells in a sheet, empty formatted ones included
MAX_ROW_CELLS = 1000  # cells in one row: openpyxl builds a whole row before it yields it
MAX_STRINGS = 20 * MAX_ROWS  # shared strings, which openpyxl reads all before the first row
_SHEET_TAG = re.compile(rb"<(?:\w+:)?(row|c|si)[\s/>]")
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


def _check_xlsx_archive(data: bytes) -> None:
    """Refuse a workbook that would inflate beyond the caps, before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("Filen är inte en Excel-fil (.xlsx) som går att läsa.")) from None
    packed = ImportFileError(
        _("Excel-filen är för hårt packad eller har för många delar. Spara om den i Excel, eller som CSV.")
    )
    if len(parts) > XLSX_MAX_PARTS:
        raise packed
    too_large = ImportFileError(
        _("Excel-filen blir för stor uppackad (mer än %(mb)s MB). Spara den som CSV eller ta bort tomma rader.")
        % {"mb": XLSX_MAX_INFLATED // MB}
    )
    if sum(part.file_size for part in parts) > XLSX_MAX_INFLATED:
        raise too_large
    for part in parts:
        if part.file_size > XLSX_MAX_PART:
            raise too_large
        if part.file_size > XLSX_RATIO_FROM and part.file_size > XLSX_MAX_RATIO * max(part.compress_size, 1):
            raise packed
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for part in parts:
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    _check_sheet_cells(archive, part)
                elif part.filename == "xl/sharedStrings.xml":
                    _check_sheet_cells(archive, part)  # counts <si>, a shared string
    # a part that is damaged, encrypted, packed in an unknown way, or longer than it says
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError):
        raise ImportFileError(_("Filen är inte en Excel-fil (.xlsx) som går att läsa.")) from None


def _check_sheet_cells(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Count the sheet's cells, in all and per row, in its XML as it inflates (1 MB at a time,
    never the whole part), so that openpyxl never builds a row of a million cells; in the shared
    strings, count the strings."""
    cells = row_cells = strings = 0
    rest = b""
    with archive.open(part) as stream:
        while chunk := stream.read(MB):
            chunk = rest + chunk
            cut = chunk.rfind(b"<")  # a tag is never split between two scans
            rest, chunk = (chunk[cut:], chunk[:cut]) if cut >= 0 else (b"", chunk)
            for tag in _SHEET_TAG.findall(chunk):
                if tag == b"row":
                    row_cells = 0
                    continue
                if tag == b"si":
                    strings += 1
                    if strings > MAX_STRINGS:
                        raise ImportFileError(_("Filen har fler än %(max)s celler.") % {"max": MAX_STRINGS})
                    continue
                cells += 1
                row_cells += 1
                if row_cells > MAX_ROW_CELLS:
                    raise ImportFileError(_("En rad i filen har fler än %(max)s celler.") % {"max": MAX_ROW_CELLS})
                if cells > MAX_CELLS:
                    raise ImportFileError(_("Filen har fler än %(max)s celler.") % {"max": MAX_CELLS})


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    _check_xlsx_archive(data)
    rows: list[list[str]] = []
    filled_rows = 0
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        # max_col: a cell far to the right (column XFD) would otherwise widen every row to 16 384
        for seen, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if seen > MAX_SHEET_ROWS:
                raise ImportFileError(
                    _("Kalkylbladet har fler än %(max)s rader, tomma rader inräknade.") % {"max": MAX_SHEET_ROWS}
                )
            cells = [_cell(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
            filled_rows += any(cell.strip() for cell in cells)
            if filled_rows > MAX_ROWS + 1:
                break  # read_table refuses it as having too many rows
        workbook.close()
    except ImportFileError:
        raise
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
    numbered = [(line, r) for line, r in enumerate(rows, start=1) if any(cell.strip() for cell in r)]
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
