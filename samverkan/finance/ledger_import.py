"""Reading the host's ledger export (utfall) from Excel or CSV and judging each row, before anything is written.

Pure: bytes in, a `Preview` out. A service stores the preview and commits it all-or-nothing.
The file has a header row and the columns date, account, amount, optional text and optional
activity, in Swedish or English. Amounts are kept as whole öre (int), never as floats.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from samverkan.lib.tables import FORMULA, MAX_BYTES, ImportFileError, read_columns

__all__ = [
    "HEADERS",
    "MAX_BYTES",
    "REQUIRED",
    "Existing",
    "ImportFileError",
    "Preview",
    "Row",
    "fingerprint",
    "judge",
    "parse_amount",
    "parse_day",
    "preview",
]

# header words (as reduced by header_key) → field
HEADERS: dict[str, str] = {
    "datum": "day",
    "bokföringsdatum": "day",
    "bokforingsdatum": "day",
    "verifikationsdatum": "day",
    "date": "day",
    "konto": "account",
    "kontonummer": "account",
    "kontonr": "account",
    "account": "account",
    "belopp": "amount",
    "summa": "amount",
    "amount": "amount",
    "text": "text",
    "beskrivning": "text",
    "verifikationstext": "text",
    "description": "text",
    "aktivitet": "activity",
    "projekt": "activity",
    "activity": "activity",
    "project": "activity",
}
REQUIRED = ("day", "account", "amount")
FIELD_LABELS = {"day": "datum", "account": "konto", "amount": "belopp", "text": "text", "activity": "aktivitet"}
MAX_TEXT = 300
MAX_AMOUNT_ORE = 10**13  # 100 000 000 000 kr: anything larger is a mistake in the file

_DIGITS = "[0-9]"
_GROUP_SPACE = "[ \u00a0\u202f\u2009]"  # space, no-break space, narrow no-break space, thin space
_CURRENCY_AFTER = re.compile(r"\s*(?:kr\.?|sek|:-|:–)$", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"^(?:kr|sek)\s*", re.IGNORECASE)
_SPACE_GROUPED = re.compile(rf"{_DIGITS}{{1,3}}(?:{_GROUP_SPACE}{_DIGITS}{{3}})+(?:[.,]{_DIGITS}+)?")
_PLAIN = re.compile(rf"(?P<whole>{_DIGITS}+)(?:[.,](?P<fraction>{_DIGITS}+))?")
_DOT_THOUSANDS = re.compile(rf"(?P<whole>{_DIGITS}{{1,3}}(?:\.{_DIGITS}{{3}})+),(?P<fraction>{_DIGITS}+)")
_COMMA_THOUSANDS = re.compile(rf"(?P<whole>{_DIGITS}{{1,3}}(?:,{_DIGITS}{{3}})+)\.(?P<fraction>{_DIGITS}+)")
_EXPONENT = re.compile(rf"{_DIGITS}(?:[.,]{_DIGITS}*)?e[+-]?{_DIGITS}", re.IGNORECASE)

_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?")
_COMPACT_DAY = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_ACCOUNT = re.compile(r"[0-9]{3,10}")
_WHOLE_FLOAT = re.compile(r"([0-9]+)\.0")  # "5010.0": a numeric Excel cell written as a float


# ---------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Existing:
    """What the database holds, as plain data."""

    accounts: dict[str, str]  # account number → budget line key, e.g. "5010" → "cost:oh.lokal"
    per_activity_lines: frozenset[str]  # line keys that need an activity, e.g. {"cost:aktiviteter"}
    activities: dict[str, int]  # lower-case activity title and str(activity id) → activity id
    fingerprints: dict[str, int]  # fingerprint → how many ledger entries with it exist already
    file_hashes: dict[str, str]  # sha256 of earlier committed files → label of that import
    year: int | None = None  # when set, a row dated in another year is refused


@dataclass
class Row:
    line: int  # line number in the file; the header is line 1
    values: dict[str, str]  # raw text per field
    day: datetime.date | None = None
    account: str = ""
    amount_ore: int = 0
    text: str = ""
    activity_id: int | None = None
    line_key: str = ""  # budget line key from the account mapping, "#<activity id>" for per-activity lines
    fingerprint: str = ""
    action: str = ""  # create | duplicate | refused
    errors: list[str] = field(default_factory=list)


@dataclass
class Preview:
    filename: str
    sha256: str
    rows: list[Row]
    duplicate_of: str = ""  # label of the earlier import when the very same file was committed before
    columns: dict[str, str] = field(default_factory=dict)  # file column → field
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def refused(self) -> list[Row]:
        return [r for r in self.rows if r.action == "refused"]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def total_ore(self) -> int:
        """The sum of the rows that will be created."""
        return sum(r.amount_ore for r in self.rows if r.action == "create")


# ---------------------------------------------------------------------------------------------
# Parsing single values


def _split_amount(digits: str) -> tuple[str, str]:
    """Whole and fraction digits of an unsigned amount, without thousands separators."""
    if _SPACE_GROUPED.fullmatch(digits):
        digits = re.sub(_GROUP_SPACE, "", digits)
    for pattern in (_PLAIN, _DOT_THOUSANDS, _COMMA_THOUSANDS):
        match = pattern.fullmatch(digits)
        if match:
            return re.sub("[.,]", "", match["whole"]), match["fraction"] or ""
    raise ValueError(_("det är inte ett tal"))


def parse_amount(text: str) -> int:
    """An amount in kronor as written in Sweden or by Excel, as whole öre. Raises ValueError (reason in Swedish)."""
    value = _CURRENCY_BEFORE.sub("", _CURRENCY_AFTER.sub("", text.strip())).strip()
    value = value.replace("\u2212", "-").replace("\u2013", "-")  # minus sign, en dash
    negative = value.startswith("-")
    if value[:1] in ("+", "-"):
        value = value[1:].lstrip()
    if _EXPONENT.fullmatch(value):
        raise ValueError(_("tal med exponent, som 1e3, tas inte emot"))
    whole, fraction = _split_amount(value)
    if len(fraction) > 2:
        raise ValueError(_("fler än två decimaler; tusental skrivs med mellanslag, t.ex. 1 234"))
    kronor = Decimal(f"{whole}.{fraction or '0'}")
    ore = int(kronor * 100)
    if ore > MAX_AMOUNT_ORE:
        raise ValueError(_("beloppet är orimligt stort"))
    return -ore if negative else ore


def parse_day(text: str) -> datetime.date:
    """A date as ÅÅÅÅ-MM-DD (optionally with a time, as Excel date cells give) or ÅÅÅÅMMDD. Raises ValueError."""
    value = text.strip()
    match = _ISO_DAY.fullmatch(value) or _COMPACT_DAY.fullmatch(value)
    if not match:
        raise ValueError(f"not a date: {value!r}")
    year, month, day = (int(part) for part in match.groups())
    return datetime.date(year, month, day)


def normalise_text(text: str) -> str:
    return " ".join(text.split()).lower()


def fingerprint(day: datetime.date, account: str, amount_ore: int, text: str) -> str:
    """What identifies a ledger entry across imports, e.g. "2026-03-15|5010|125000|hyra mars"."""
    return f"{day.isoformat()}|{account.strip()}|{amount_ore}|{normalise_text(text)}"


# ---------------------------------------------------------------------------------------------
# Judging rows


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


def _judge_day(row: Row, value: str, existing: Existing) -> None:
    if not value:
        row.errors.append(_("Datum saknas. Fyll i bokföringsdatumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-15."))
        return
    try:
        day = parse_day(value)
    except ValueError:
        row.errors.append(
            _("Datumet ”%(value)s” går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD, t.ex. 2026-03-15.")
            % {"value": _shown(value)}
        )
        return
    if existing.year is not None and day.year != existing.year:
        row.errors.append(
            _("Datumet %(day)s ligger inte i %(year)s. Ta bort raden eller importera den till rätt år.")
            % {"day": day.isoformat(), "year": existing.year}
        )
        return
    row.day = day


def _judge_account(row: Row, value: str, existing: Existing) -> None:
    account = value.strip()
    whole = _WHOLE_FLOAT.fullmatch(account)
    if whole:
        account = whole[1]
    if not account:
        row.errors.append(_("Konto saknas. Fyll i kontonumret, t.ex. 5010."))
        return
    if not _ACCOUNT.fullmatch(account):
        row.errors.append(
            _("Kontot ”%(value)s” är inte ett kontonummer. Ett konto skrivs med 3–10 siffror, t.ex. 5010.")
            % {"value": _shown(value)}
        )
        return
    row.account = account
    line_key = existing.accounts.get(account)
    if line_key is None:
        row.errors.append(
            _(
                "Kontot %(account)s är inte kopplat till någon budgetrad. "
                "Koppla det under Kontokoppling och ladda upp filen igen."
            )
            % {"account": account}
        )
        return
    row.line_key = line_key


def _judge_amount(row: Row, value: str, existing: Existing) -> None:
    if not value:
        row.errors.append(_("Belopp saknas. Fyll i beloppet i kronor, t.ex. 1 250,50."))
        return
    try:
        amount = parse_amount(value)
    except ValueError as exc:
        row.errors.append(
            _(
                "Beloppet ”%(value)s” går inte att läsa (%(reason)s). "
                "Skriv det i kronor med högst två decimaler, t.ex. 1 250,50 eller -1250,50."
            )
            % {"value": _shown(value), "reason": exc}
        )
        return
    if amount == 0:
        row.errors.append(_("Beloppet är 0 kr. Ta bort raden eller rätta beloppet."))
        return
    row.amount_ore = amount


def _judge_text(row: Row, value: str, existing: Existing) -> None:
    text = value.strip()
    if len(text) > MAX_TEXT:
        row.errors.append(
            _("Texten är för lång (%(length)s tecken, högst %(max)s). Korta den i filen.")
            % {"length": len(text), "max": MAX_TEXT}
        )
        return
    row.text = text


def _judge_activity(row: Row, value: str, existing: Existing) -> None:
    """Runs after the account: whether an activity is required depends on the account's budget line."""
    name = value.strip()
    needed = row.line_key in existing.per_activity_lines
    if not name:
        if needed:
            row.errors.append(
                _(
                    "Kontot %(account)s bokförs per aktivitet, så raden behöver en aktivitet. "
                    "Fyll i kolumnen Aktivitet med aktivitetens namn eller nummer."
                )
                % {"account": row.account}
            )
        return
    activity_id = existing.activities.get(name.lower())
    if activity_id is None:
        row.errors.append(
            _(
                "Aktiviteten ”%(value)s” finns inte för året. "
                "Skriv aktivitetens namn som det står i budgeten, eller dess nummer."
            )
            % {"value": _shown(name)}
        )
        return
    row.activity_id = activity_id
    if needed:
        row.line_key = f"{row.line_key}#{activity_id}"


_JUDGES = (
    ("day", _judge_day),
    ("account", _judge_account),
    ("amount", _judge_amount),
    ("text", _judge_text),
    ("activity", _judge_activity),
)


def _judge_row(row: Row, existing: Existing) -> None:
    """Parse and check one row's fields; problems go to row.errors."""
    for name, judge_field in _JUDGES:
        value = row.values.get(name, "").strip()
        if FORMULA.match(value):
            row.errors.append(
                _(
                    "Kolumnen %(field)s ser ut som en formel (%(value)s) och tas inte emot. "
                    "Skriv in värdet i stället för formeln, eller spara filen med värden."
                )
                % {"field": FIELD_LABELS[name], "value": _shown(value)}
            )
            continue
        judge_field(row, value, existing)


def judge(rows: list[Row], existing: Existing) -> None:
    """Decide per row: create, duplicate (already in the ledger from an earlier import), or refused and why.

    For each fingerprint the first `existing.fingerprints[fp]` rows in the file are duplicates; the
    rest are created, so identical rows within one file (two identical purchases) are kept.
    """
    seen: Counter[str] = Counter()
    for row in rows:
        _judge_row(row, existing)
        if row.errors or row.day is None:
            row.action = "refused"
            continue
        row.fingerprint = fingerprint(row.day, row.account, row.amount_ore, row.text)
        seen[row.fingerprint] += 1
        row.action = "duplicate" if seen[row.fingerprint] <= existing.fingerprints.get(row.fingerprint, 0) else "create"


def preview(data: bytes, filename: str, existing: Existing) -> Preview:
    """Read and judge the file. Raises ImportFileError when the file as a whole cannot be used."""
    sha256 = hashlib.sha256(data).hexdigest()
    table = read_columns(
        data,
        filename,
        headers=HEADERS,
        required=REQUIRED,
        labels=FIELD_LABELS,
        example="Datum; Konto; Belopp; Text; Aktivitet",
    )
    rows = [Row(line=line, values=values) for line, values in table.rows]
    judge(rows, existing)
    return Preview(
        filename=filename,
        sha256=sha256,
        rows=rows,
        duplicate_of=existing.file_hashes.get(sha256, ""),
        columns=table.columns,
        ignored_columns=table.ignored_columns,
    )
