"""Uploaded spreadsheets that inflate far beyond their size (a ZIP bomb), or whose sheet is far
wider or longer than any import, are refused before they are parsed, with a clear Swedish message,
and nothing is stored. The files are made here, small on disk: a worksheet of highly compressible
XML written as a stream into the archive."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Iterable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from samverkan.finance import services as finance
from samverkan.finance.models import LedgerImport
from samverkan.lib import tables
from samverkan.lib.errors import DomainError
from samverkan.lib.tables import ImportFileError, read_table
from samverkan.organisations import services
from samverkan.organisations.models import ContactImport, Person

SLUG = "miljosamverkan-vasterbotten"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml"'
    b' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
STRINGS_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
TAIL = b"</sheetData></worksheet>"
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>F\xc3\xb6rnamn</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>Efternamn</t></is></c>'
    b'<c r="C1" t="inlineStr"><is><t>Organisation</t></is></c>'
    b'<c r="D1" t="inlineStr"><is><t>E-post</t></is></c></row>'
)
GOOD_ROW = (
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>Anna</t></is></c>'
    b'<c r="B2" t="inlineStr"><is><t>Berg</t></is></c>'
    b'<c r="C2" t="inlineStr"><is><t>Ume\xc3\xa5</t></is></c>'
    b'<c r="D2" t="inlineStr"><is><t>anna@umea.se</t></is></c></row>'
)


def workbook(
    rows: Iterable[bytes], *, shared: Iterable[bytes] = (), extra_parts: int = 0, zip64: bool = False
) -> bytes:
    """A real workbook whose first sheet is `rows` and whose shared strings are `shared`, both
    streamed into the archive, never held in memory whole."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":  # declare the shared strings part
                content = content.replace(b"</Types>", STRINGS_TYPE + b"</Types>")
            if info.filename != SHEET:
                target.writestr(info.filename, content)
        for name, head, chunks, tail in ((SHEET, HEAD, rows, TAIL), (STRINGS, STRINGS_HEAD, shared, b"</sst>")):
            with target.open(name, "w", force_zip64=zip64) as part:
                part.write(head)
                for chunk in chunks:
                    part.write(chunk)
                part.write(tail)
        for index in range(extra_parts):
            target.writestr(f"customXml/item{index}.xml", b"<x/>")
    return out.getvalue()


def repeated(chunk: bytes, total: int) -> Iterable[bytes]:
    """`chunk` repeated to about `total` bytes, written 1 MB at a time."""
    block = chunk * max(1, (1024 * 1024) // len(chunk))
    for _ in range(total // len(block) + 1):
        yield block


BLANK_ROWS = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
MANY_CELLS = b'<c t="inlineStr"><is><t>x</t></is></c>'
BOMB = 120 * 1024 * 1024  # inflated; the file itself is about a thousandth of it


def bomb(kind: str = "shared strings") -> bytes:
    """A workbook that inflates to BOMB bytes: in its shared strings (which openpyxl reads whole
    before the first row), or in one single row of millions of cells."""
    if kind == "shared strings":
        return workbook([HEADER_ROW, GOOD_ROW], shared=repeated(b"<si><t>x</t></si>", BOMB), zip64=True)
    return workbook([HEADER_ROW, GOOD_ROW, b"<row>", *repeated(MANY_CELLS, BOMB), b"</row>"], zip64=True)


@pytest.mark.parametrize("kind", ["shared strings", "one row"])
def test_a_zip_bomb_is_refused_before_parsing_and_nothing_is_stored(world, kind):
    data = bomb(kind)
    assert len(data) < tables.MAX_BYTES  # it passes the upload size; what it inflates to does not
    before = (Person.objects.count(), ContactImport.objects.count(), LedgerImport.objects.count())
    with pytest.raises(DomainError, match="Excel-filen blir för stor uppackad \\(mer än 50 MB\\)"):
        services.preview_contact_import(collaboration=world.collaboration, data=data, filename="k.xlsx", actor=None)
    with pytest.raises(DomainError, match="för stor uppackad"):
        finance.preview_ledger_import(
            collaboration=world.collaboration, year=2026, data=data, filename="huvudbok.xlsx", actor=None
        )
    assert (Person.objects.count(), ContactImport.objects.count(), LedgerImport.objects.count()) == before


def test_the_upload_page_tells_why_a_zip_bomb_is_refused(client_for, world):
    upload = SimpleUploadedFile("kontakter.xlsx", bomb(), content_type="application/octet-stream")
    response = client_for("coordinator").post(reverse("contact_import", args=[SLUG]), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "Excel-filen blir för stor uppackad" in html and 'role="alert"' in html
    assert not ContactImport.objects.exists()


def test_one_part_over_its_cap_is_refused(monkeypatch):
    monkeypatch.setattr(tables, "XLSX_MAX_PART", 2 * 1024 * 1024)
    data = workbook([HEADER_ROW, GOOD_ROW, *repeated(b"<row/>" * 10 + GOOD_ROW, 3 * 1024 * 1024)])
    with pytest.raises(ImportFileError, match="för stor uppackad"):
        read_table(data, "k.xlsx")


def test_a_part_packed_too_hard_is_refused():
    data = workbook([HEADER_ROW, GOOD_ROW, *repeated(BLANK_ROWS, 3 * 1024 * 1024)])
    with pytest.raises(ImportFileError, match="för hårt packad"):
        read_table(data, "k.xlsx")


def test_a_workbook_of_too_many_parts_is_refused():
    with pytest.raises(ImportFileError, match="för många delar"):
        read_table(workbook([HEADER_ROW, GOOD_ROW], extra_parts=tables.XLSX_MAX_PARTS), "k.xlsx")


def _lie_about_size(data: bytes, name: bytes, size: int) -> bytes:
    """The archive with the part's declared inflated size changed in both its headers."""
    raw = bytearray(data)
    local = raw.index(b"PK\x03\x04")
    while raw[local + 30 : local + 30 + len(name)] != name:
        local = raw.index(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", raw, local + 22, size)
    central = raw.index(b"PK\x01\x02")
    while raw[central + 46 : central + 46 + len(name)] != name:
        central = raw.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", raw, central + 24, size)
    return bytes(raw)


def test_a_part_that_inflates_beyond_its_declared_size_is_cut_there_and_refused():
    data = workbook([HEADER_ROW, GOOD_ROW, *repeated(GOOD_ROW, 60 * 1024)])
    with pytest.raises(ImportFileError, match="inte en Excel-fil"):
        read_table(_lie_about_size(data, SHEET.encode(), 1000), "k.xlsx")


def test_a_cell_far_to_the_right_does_not_widen_every_row():
    rows = [HEADER_ROW, GOOD_ROW] + [
        f'<row r="{n}"><c r="XFD{n}"><v>1</v></c><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
        for n in range(3, 53)
    ]
    table = read_table(workbook(rows), "k.xlsx")
    assert table[1] == (2, ["Anna", "Berg", "Umeå", "anna@umea.se"])
    assert max(len(cells) for _line, cells in table) <= 100  # tables.MAX_COLUMNS


def test_a_row_far_below_is_refused_rather_than_left_out():
    rows = [HEADER_ROW, GOOD_ROW, b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>Sist</t></is></c></row>']
    with pytest.raises(ImportFileError, match="fler än 50000 rader, tomma rader inräknade"):
        read_table(workbook(rows), "k.xlsx")


def test_more_cells_than_an_import_may_have_are_refused_before_openpyxl_reads_them(monkeypatch):
    monkeypatch.setattr(tables, "MAX_CELLS", 20)
    with pytest.raises(ImportFileError, match="fler än 20 celler"):
        read_table(workbook([HEADER_ROW, *[GOOD_ROW.replace(b'r="2"', b"")] * 10]), "k.xlsx")


def test_a_row_of_more_cells_than_any_import_is_refused_before_openpyxl_builds_it():
    row = b"<row>" + MANY_CELLS * 1001 + b"</row>"
    with pytest.raises(ImportFileError, match="En rad i filen har fler än 1000 celler"):
        read_table(workbook([HEADER_ROW, GOOD_ROW, row]), "k.xlsx")


def test_a_sheet_under_the_size_and_ratio_caps_with_more_cells_than_any_import_is_refused():
    numbers = random.Random(1)
    rows = (
        b"<row>" + b"".join(b"<c><v>%d</v></c>" % numbers.randrange(10**6) for _ in range(9)) + b"</row>"
        for _ in range(tables.MAX_CELLS // 9 + 10)
    )
    data = workbook([HEADER_ROW, GOOD_ROW, *rows])
    assert len(data) < tables.MAX_BYTES
    with pytest.raises(ImportFileError, match="fler än 200000 celler"):
        read_table(data, "k.xlsx")


def test_more_shared_strings_than_any_import_are_refused_before_openpyxl_reads_them():
    numbers = random.Random(2)
    shared = (b"<si><t>%d</t></si>" % numbers.randrange(10**9) for _ in range(tables.MAX_STRINGS + 1))
    data = workbook([HEADER_ROW, GOOD_ROW], shared=shared)
    assert len(data) < tables.MAX_BYTES
    with pytest.raises(ImportFileError, match="fler än 100000 celler"):
        read_table(data, "k.xlsx")


def test_an_ordinary_workbook_still_reads():
    sheet = Workbook()
    active = sheet.active
    assert active is not None
    active.append(["Förnamn", "Efternamn", "Organisation", "E-post"])
    for n in range(3000):
        active.append([f"Åsa{n}", "Öberg", "Umeå", f"asa{n}@umea.se"])
    buffer = io.BytesIO()
    sheet.save(buffer)
    table = read_table(buffer.getvalue(), "k.xlsx")
    assert len(table) == 3001 and table[-1][1] == ["Åsa2999", "Öberg", "Umeå", "asa2999@umea.se"]
