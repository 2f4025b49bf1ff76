"""The ledger (utfall) import: reading the host's export and judging each row before anything is written."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from samverkan.finance.ledger_import import (
    Existing,
    ImportFileError,
    Row,
    fingerprint,
    judge,
    parse_amount,
    parse_day,
    preview,
)

ACCOUNTS = {"5010": "cost:oh.lokal", "5410": "cost:aktiviteter", "3010": "income:avgifter"}


def existing(**changes: object) -> Existing:
    values: dict[str, object] = {
        "accounts": ACCOUNTS,
        "per_activity_lines": frozenset({"cost:aktiviteter"}),
        "activities": {"tillsynskampanj": 7, "7": 7, "utbildningsdag": 8, "8": 8},
        "fingerprints": {},
        "file_hashes": {},
        "year": 2026,
    }
    values.update(changes)
    return Existing(**values)  # type: ignore[arg-type]


def csv_bytes(*lines: str) -> bytes:
    """What Swedish Excel writes with "CSV (semikolonavgränsad)": Windows-1252, ';', CRLF."""
    return "\r\n".join(lines).encode("cp1252")


HEADER = "Bokföringsdatum;Konto;Belopp;Verifikationstext;Aktivitet"


# ---------------------------------------------------------------------------------------------
# Whole files


def test_a_swedish_csv_with_semicolons_and_swedish_amounts():
    data = csv_bytes(
        HEADER,
        "2026-03-15;5010;1 250,00;Hyra mars;",
        "2026-03-20;5410;-300,50;Fika;Tillsynskampanj",
        "2026-04-01;3010;12\xa0000 kr;Deltagaravgift;Utbildningsdag",
    )
    result = preview(data, "huvudbok.csv", existing())
    assert result.refused == []
    assert result.count("create") == 3
    first, second, third = result.rows
    assert (first.line, first.day, first.account, first.amount_ore, first.text) == (
        2,
        datetime.date(2026, 3, 15),
        "5010",
        125000,
        "Hyra mars",
    )
    assert (first.line_key, first.activity_id) == ("cost:oh.lokal", None)
    assert (second.line_key, second.activity_id, second.amount_ore) == ("cost:aktiviteter#7", 7, -30050)
    # an activity on a line that is not per activity is kept, the line key is not split
    assert (third.line_key, third.activity_id, third.amount_ore) == ("income:avgifter", 8, 1200000)
    assert result.total_ore == 125000 - 30050 + 1200000
    assert result.sha256 == hashlib.sha256(data).hexdigest() and result.duplicate_of == ""
    assert first.fingerprint == "2026-03-15|5010|125000|hyra mars"


def test_english_headers_with_commas_and_no_activity_column():
    data = b"Date,Account,Amount,Description,Note\n2026-01-02,5010,99.5,Paper,x\n"
    result = preview(data, "ledger.csv", existing())
    assert result.count("create") == 1 and result.rows[0].amount_ore == 9950
    assert result.ignored_columns == ["Note"]
    assert result.columns == {"Date": "day", "Account": "account", "Amount": "amount", "Description": "text"}


def test_xlsx_with_real_date_cells_and_numeric_amounts():
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Datum", "Konto", "Belopp", "Text", "Projekt"])
    sheet.append([datetime.date(2026, 3, 15), 5010, 1250.5, "Hyra mars", None])
    sheet.append([datetime.datetime(2026, 3, 16), 5410, -300, "Fika", 7])
    sheet.append([datetime.date(2026, 3, 17), 5010, 1250.0, "Städning", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = preview(buffer.getvalue(), "huvudbok.xlsx", existing())
    assert result.refused == [], [r.errors for r in result.rows]
    assert [r.day for r in result.rows] == [datetime.date(2026, 3, d) for d in (15, 16, 17)]
    assert [r.amount_ore for r in result.rows] == [125050, -30000, 125000]
    assert result.rows[1].line_key == "cost:aktiviteter#7"


def test_2000_rows_preview_each_row_and_the_total_to_the_ore():
    lines = [HEADER]
    expected = 0
    for i in range(2000):
        ore = 10000 + i * 37
        expected += ore
        kronor, rest = divmod(ore, 100)
        lines.append(
            f"2026-{1 + i % 12:02d}-{1 + i % 28:02d};5010;{kronor:,}".replace(",", " ") + f",{rest:02d};Rad {i};"
        )
    data = csv_bytes(*lines)
    result = preview(data, "stor.csv", existing())
    assert result.count("create") == 2000 and result.refused == []
    assert result.total_ore == expected


def test_a_broken_file_refuses_the_bad_rows_and_says_why():
    data = csv_bytes(
        HEADER,
        "2026-03-15;5010;1 250,00;Hyra mars;",
        "2026-03-15;6110;500,00;Okänt konto;",
        "15/3 2026;5010;500,00;Konstigt datum;",
        "2026-03-15;5010;=SUMMA(A1:A3);Formel;",
        "2026-03-16;5010;-1 250,00;Kreditering;",
    )
    result = preview(data, "trasig.csv", existing())
    by_line = {r.line: r for r in result.rows}
    assert [r.line for r in result.refused] == [3, 4, 5]
    assert by_line[3].errors == [
        "Kontot 6110 är inte kopplat till någon budgetrad. Koppla det under Kontokoppling och ladda upp filen igen."
    ]
    assert "15/3 2026" in by_line[4].errors[0] and "ÅÅÅÅ-MM-DD" in by_line[4].errors[0]
    assert "formel" in by_line[5].errors[0] and "belopp" in by_line[5].errors[0]
    assert len(by_line[5].errors) == 1
    # a negative amount is not a formula
    assert by_line[6].action == "create" and by_line[6].amount_ore == -125000
    assert result.count("create") == 2 and result.total_ore == 0


def test_formulas_are_refused_in_any_column():
    data = csv_bytes(HEADER, '2026-03-15;5010;100;=HYPERLINK("http://x");', "2026-03-15;5010;100;@SUM(1);")
    result = preview(data, "f.csv", existing())
    assert result.count("refused") == 2
    assert all("text" in r.errors[0] for r in result.rows)


def test_the_same_file_again_names_the_earlier_import():
    data = csv_bytes(HEADER, "2026-03-15;5010;100;Hyra;")
    label = "import 3 den 2026-06-02 (huvudbok.xlsx)"
    result = preview(data, "huvudbok.csv", existing(file_hashes={hashlib.sha256(data).hexdigest(): label}))
    assert result.duplicate_of == label
    assert result.rows[0].action == "create"  # the rows are still judged


def test_rows_already_in_the_ledger_are_duplicates_and_identical_new_rows_are_kept():
    data = csv_bytes(
        HEADER,
        "2026-03-15;5010;100,00;Hyra  MARS;",  # same as the existing entry, whitespace and case aside
        "2026-03-15;5010;100,00;Hyra mars;",  # a second identical purchase: new
        "2026-03-16;5010;50;Papper;",
        "2026-03-16;5010;50;Papper;",  # two identical purchases, none in the ledger yet
    )
    known = {fingerprint(datetime.date(2026, 3, 15), "5010", 10000, "hyra mars"): 1}
    result = preview(data, "overlapp.csv", existing(fingerprints=known))
    assert [r.action for r in result.rows] == ["duplicate", "create", "create", "create"]
    assert result.total_ore == 10000 + 5000 + 5000


def test_fingerprint_is_stable_text():
    assert (
        fingerprint(datetime.date(2026, 3, 15), " 5010 ", 125000, "  Hyra\tMars ") == "2026-03-15|5010|125000|hyra mars"
    )


# ---------------------------------------------------------------------------------------------
# Amounts and dates


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("1234", 123400),
        ("1 234,50", 123450),
        ("1\xa0234,50", 123450),
        ("1\u202f234,50", 123450),
        ("-1234.5", -123450),
        ("1234,5 kr", 123450),
        ("1 234:-", 123400),
        ("−12,00", -1200),
        ("1234.5", 123450),
        ("1250.0", 125000),
        ("1.234,50", 123450),
        ("1.234.567,00", 123456700),
        ("1,234.50", 123450),
        ("0,05", 5),
        ("+7", 700),
        ("- 1 250,00", -125000),
        ("SEK 10", 1000),
        ("0", 0),
    ],
)
def test_good_amounts(text: str, ore: int):
    assert parse_amount(text) == ore


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1,234",
        "1.234",
        "12,345",
        "1e3",
        "1E+16",
        "1.5e-05",
        "12 34",
        "1 234 5",
        "1..2",
        "1,2,3",
        "--5",
        "5-",
        "kr",
    ],
)
def test_bad_amounts(text: str):
    with pytest.raises(ValueError):
        parse_amount(text)


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from([" ", "\xa0", "\u202f"]), st.booleans())
@settings(database=None)
def test_swedish_text_of_any_amount_reads_back(ore: int, space: str, currency: bool):
    kronor, rest = divmod(abs(ore), 100)
    text = ("-" if ore < 0 else "") + f"{kronor:,}".replace(",", space) + f",{rest:02d}" + (" kr" if currency else "")
    assert parse_amount(text) == ore


@pytest.mark.parametrize(
    "text", ["2026-03-15", "2026-03-15T00:00:00", "2026-03-15 00:00:00", "20260315", " 2026-03-15 "]
)
def test_good_days(text: str):
    assert parse_day(text) == datetime.date(2026, 3, 15)


@pytest.mark.parametrize("text", ["", "15/3/2026", "2026-02-30", "2026-3-15", "46096", "igår", "2026-03-15T"])
def test_bad_days(text: str):
    with pytest.raises(ValueError):
        parse_day(text)


# ---------------------------------------------------------------------------------------------
# Rules per row


def judged(**values: str) -> Row:
    row = Row(line=2, values={"day": "2026-03-15", "account": "5010", "amount": "100", "text": "", **values})
    judge([row], existing())
    return row


def test_missing_columns_are_named_with_an_example_header():
    with pytest.raises(ImportFileError) as caught:
        preview(b"Datum;Text\n2026-03-15;Hyra\n", "x.csv", existing())
    message = str(caught.value)
    assert "konto, belopp" in message and "Datum; Konto; Belopp; Text; Aktivitet" in message


def test_a_per_activity_line_needs_an_activity():
    row = judged(account="5410")
    assert row.action == "refused"
    assert row.errors == [
        "Kontot 5410 bokförs per aktivitet, så raden behöver en aktivitet. "
        "Fyll i kolumnen Aktivitet med aktivitetens namn eller nummer."
    ]
    assert judged(account="5410", activity="TILLSYNSKAMPANJ").line_key == "cost:aktiviteter#7"
    assert judged(account="5410", activity="8").line_key == "cost:aktiviteter#8"


def test_an_unknown_activity_is_refused():
    row = judged(account="5410", activity="Okänd")
    assert row.action == "refused" and "Aktiviteten ”Okänd” finns inte" in row.errors[0]


def test_a_day_outside_the_year_is_refused():
    row = judged(day="2025-12-31")
    assert row.action == "refused"
    assert row.errors[0].startswith("Datumet 2025-12-31 ligger inte i 2026.")
    row = Row(line=2, values={"day": "2025-12-31", "account": "5010", "amount": "1"})
    judge([row], existing(year=None))
    assert row.action == "create"


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"amount": "0"}, "Beloppet är 0 kr"),
        ({"amount": "1,234"}, "fler än två decimaler"),
        ({"amount": ""}, "Belopp saknas"),
        ({"account": "50"}, "3–10 siffror"),
        ({"account": "50A0"}, "3–10 siffror"),
        ({"account": ""}, "Konto saknas"),
        ({"day": ""}, "Datum saknas"),
        ({"text": "x" * 301}, "Texten är för lång"),
    ],
)
def test_row_errors(values: dict[str, str], words: str):
    row = judged(**values)
    assert row.action == "refused" and words in " ".join(row.errors)


def test_an_account_written_as_a_float_cell_is_read_as_its_number():
    assert judged(account="5010.0").account == "5010"


def test_a_blank_row_in_the_file_does_not_shift_the_row_numbers():
    data = csv_bytes(HEADER, "2026-03-15;5010;100;Hyra;", ";;;;", "2026-13-01;5010;100;Fel;")
    result = preview(data, "huvudbok.csv", existing())
    assert [r.line for r in result.rows] == [2, 4]
    assert result.refused[0].line == 4
