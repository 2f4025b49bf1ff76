"""The collaboration model file: a TOML file that states the agreement's rules as data.

Pure Python: parsing and validation into frozen dataclasses, no ORM. Every error names the file,
the key (as a path like ``groups[1].composition[0].min``) and what is wrong, so a coordinator can
fix the file; nothing is written until the whole file is valid.
"""

from __future__ import annotations

import calendar
import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.collaborations.quotes import unquoted

SCHEMA_VERSION = 1

PARTY_KINDS = ("municipality", "region", "county_administrative_board", "other")
# Working groups are appointed by decision (AG1), never declared in the model file.
GROUP_KINDS = ("collaboration_group", "support_group")
ROLES = (
    "member",
    "chair",
    "vice_chair",
    "secretary",
    "coordinator",
    "convener",
    "cab_representative",
    "substitute",
)
SEVERITIES = ("warning", "breach")
# First path segments the site itself uses; a collaboration slug may not take them.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "api",
        "att-gora",
        "healthz",
        "i18n",
        "integritet",
        "konto",
        "static",
        "tillganglighet",
        "media",
        "bekrafta",
        "datum",
        "justera",
        "kalender",
        "anmalan",
        "utvardering",
    }
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_RE = re.compile(r"^[a-z0-9_]+(?:-[a-z0-9_]+)*$")
CLAUSE_RE = re.compile(r"^[A-Z]{1,3}[0-9]{1,2}$")
MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")
# The agreement text is a file beside the model file: a plain name, never a path.
FILE_NAME_RE = re.compile(r"\w[\w-]*(?:\.[\w-]+)*")


class ModelFileError(ValueError):
    """A model file that cannot be used. `key` is the path of the offending key."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        super().__init__(f"{source}: {key}: {problem}")


@dataclass(frozen=True)
class Party:
    key: str
    name: str
    kind: str
    municipality_code: str = ""
    official_name: str = ""  # e.g. "Vindelns kommun"; for a municipality SCB's spelling is the default
    aliases: tuple[str, ...] = ()  # other names the party goes by in lists people bring (contact import)


@dataclass(frozen=True)
class Host:
    party: str
    clause: str
    quote: str
    expected_kind: str = ""


@dataclass(frozen=True)
class Coordinator:
    clause: str
    quote: str
    provided_by: str  # a party key, or "host"
    time_share_percent: int
    hours_per_year: int
    tolerance_percent: int = 10  # how far below the share the forecast may fall before a warning

    @property
    def hours_share(self) -> int:
        """The collaboration's hours of the coordinator in a year (CO1: 20 % of 1 700 h = 340 h)."""
        return self.hours_per_year * self.time_share_percent // 100


@dataclass(frozen=True)
class CompositionRule:
    """Who must sit in a group: a selection (party kind, party, role) and a count."""

    clause: str
    quote: str
    party_kind: str = ""
    party: str = ""
    role: str = ""
    per_party: int | None = None
    min: int | None = None
    max: int | None = None
    optional: bool = False
    severity: str = "warning"
    note: str = ""


@dataclass(frozen=True)
class DateWindow:
    start: tuple[int, int]
    end: tuple[int, int]

    def contains(self, day: datetime.date) -> bool:
        return self.start <= (day.month, day.day) <= self.end


# The months as the agreement says them, for a date window in a message ("april–maj").
MONTHS = {
    1: gettext_noop("januari"),
    2: gettext_noop("februari"),
    3: gettext_noop("mars"),
    4: gettext_noop("april"),
    5: gettext_noop("maj"),
    6: gettext_noop("juni"),
    7: gettext_noop("juli"),
    8: gettext_noop("augusti"),
    9: gettext_noop("september"),
    10: gettext_noop("oktober"),
    11: gettext_noop("november"),
    12: gettext_noop("december"),
}


def window_text(window: DateWindow) -> str:
    """A date window as people say it: "april–maj", or "15 april–31 maj" when not whole months."""
    (m1, d1), (m2, d2) = window.start, window.end
    whole = d1 == 1 and d2 == calendar.monthrange(2023, m2)[1]
    if whole:
        return _(MONTHS[m1]) if m1 == m2 else f"{_(MONTHS[m1])}–{_(MONTHS[m2])}"
    return f"{d1} {_(MONTHS[m1])}–{d2} {_(MONTHS[m2])}"


@dataclass(frozen=True)
class Cadence:
    clause: str
    quote: str
    per_year: int
    tolerance: int = 0
    windows: tuple[DateWindow, ...] = ()
    convened_by: str = ""


@dataclass(frozen=True)
class GroupSpec:
    key: str
    kind: str
    name: str
    name_en: str = ""
    roles_clause: str = ""
    roles_quote: str = ""
    convener: str = ""
    secretary: str = ""
    prepared_by: tuple[str, ...] = ()
    composition: tuple[CompositionRule, ...] = ()
    cadence: Cadence | None = None


@dataclass(frozen=True)
class Commitment:
    """What one kind of party has promised to take part in (CM1, CM2)."""

    clause: str
    quote: str
    party_kind: str
    group: str
    min: int | None = None
    max: int | None = None
    when_needed: bool = False
    severity: str = "warning"


@dataclass(frozen=True)
class ClauseRule:
    """A clause the check judges with logic of its own and only the clause ID and the agreement's
    words from the file: `[assignments]` (decided assignments are carried out; one past its due
    date is a warning) and `[activity_areas]` (every activity in an area the year's operations
    plan names). Without the table the check says nothing about it."""

    clause: str
    quote: str


@dataclass(frozen=True)
class WorkingGroupsRule:
    """Who appoints, changes and closes working groups, by a decision of its own (AG1). Without
    the `[working_groups]` table a decision of any of the collaboration's groups will do, and the
    check says nothing about working groups."""

    clause: str
    quote: str
    appointed_by: str  # the key of the group whose decision it must be


@dataclass(frozen=True)
class ContactListRule:
    """How current the contact list must be kept (CO2): details confirmed within N months."""

    clause: str
    quote: str
    confirmation_months: int
    retention_months: int = 24


@dataclass(frozen=True)
class MinutesRule:
    """How soon minutes must be approved (justerade) after the meeting, and after how many days a
    signatory who has not approved gets one reminder with a fresh link."""

    clause: str
    quote: str
    approval_days: int
    reminder_days: int = 5


COVERS = ("next_year", "same_year", "previous_year")
# The sections a plan document of a known type starts with when the model file names none.
DEFAULT_SECTIONS: dict[str, tuple[str, ...]] = {
    "operations_plan": ("Inledning", "Mål och inriktning", "Organisation och arbetsformer", "Uppföljning"),
    "activity_plan": ("Inledning", "Prioriteringar", "Uppföljning"),
    "annual_report": ("Sammanfattning", "Verksamheten under året", "Uppföljning och utvärdering", "Ekonomi"),
    "budget": ("Inledning", "Kostnader", "Intäkter och medfinansiering"),
}


@dataclass(frozen=True)
class DocumentType:
    """A plan document of the yearly cycle: who drafts it, who decides it, and by when (PL1–PL4, ST2)."""

    type: str
    name: str
    clause: str
    drafted_by: str
    decided_by: str
    covers: str = "next_year"  # which year the document is about, seen from the year it is decided
    decide_by: tuple[int, int] | None = None  # (month, day) in the year of the decision
    sections: tuple[str, ...] = ()
    severity: str = "warning"
    quote: str = ""  # the agreement's words on who drafts and who decides it

    def decision_year(self, year: int) -> int:
        """The year in which the document about `year` is decided."""
        return year - {"next_year": 1, "same_year": 0, "previous_year": -1}[self.covers]

    def about_year(self, decision_year: int) -> int:
        """The year a document decided in `decision_year` is about."""
        return decision_year + {"next_year": 1, "same_year": 0, "previous_year": -1}[self.covers]

    def deadline(self, year: int) -> datetime.date | None:
        """The last day to decide the document about `year`, if the model sets one."""
        if self.decide_by is None:
            return None
        month, day = self.decide_by
        decision_year = self.decision_year(year)
        return datetime.date(decision_year, month, min(day, calendar.monthrange(decision_year, month)[1]))


@dataclass(frozen=True)
class CycleRule:
    """How the yearly-cycle planner places meetings: days to avoid, the drafting body's lead."""

    avoid: tuple[DateWindow, ...]
    lead_days: int = 21
    weekdays: tuple[int, ...] = (2, 3, 4)  # ISO weekdays: Tuesday to Thursday


DEFAULT_CYCLE = CycleRule(
    avoid=(
        DateWindow(start=(1, 1), end=(1, 8)),
        DateWindow(start=(6, 20), end=(8, 15)),
        DateWindow(start=(12, 20), end=(12, 31)),
    )
)


@dataclass(frozen=True)
class Area:
    key: str
    name: str


FORECASTS = ("budget", "linear")


@dataclass(frozen=True)
class CostCategory:
    """A cost category of the budget (EC1): one line, one line per part, or one per activity.

    `forecast` says how the year's outcome is foreseen when nobody has entered a forecast: "linear"
    for costs that run all year (salary, overhead), "budget" for costs that fall when they fall.
    """

    key: str
    name: str
    parts: tuple[Area, ...] = ()
    per_activity: bool = False
    forecast: str = "budget"


@dataclass(frozen=True)
class IncomeSource:
    """An income source of the budget (EC4). `split` names the party kind whose share the budget's
    cost-sharing key divides (the municipal co-financing); `party` a single party that pays it;
    `fees` marks the participant fees (EC3)."""

    key: str
    name: str
    split: str = ""
    party: str = ""
    fees: bool = False


@dataclass(frozen=True)
class Economy:
    """The joint economy (EC1–EC4, CO2): what the budget must hold and how often it is reported."""

    clause: str
    quote: str
    costs: tuple[CostCategory, ...]
    income: tuple[IncomeSource, ...]
    status_reports_per_year: int = 0
    status_reports_clause: str = "CO2"
    status_reports_quote: str = ""
    income_clause: str = "EC4"
    income_quote: str = ""
    budget_document: str = "budget"

    @property
    def split_source(self) -> IncomeSource | None:
        return next((s for s in self.income if s.split), None)

    @property
    def fee_source(self) -> IncomeSource | None:
        return next((s for s in self.income if s.fees), None)


@dataclass(frozen=True)
class CollaborationModel:
    slug: str
    name: str
    name_en: str
    sector: str
    county: str
    agreement_title: str
    started_on: datetime.date
    parties: tuple[Party, ...]
    host: Host
    coordinator: Coordinator | None
    groups: tuple[GroupSpec, ...]
    commitments: tuple[Commitment, ...] = ()
    working_groups: WorkingGroupsRule | None = None
    contact_list: ContactListRule | None = None
    assignments: ClauseRule | None = None
    activity_areas: ClauseRule | None = None
    minutes: MinutesRule | None = None
    documents: tuple[DocumentType, ...] = ()
    cycle: CycleRule = DEFAULT_CYCLE
    economy: Economy | None = None
    collaboration_areas: tuple[Area, ...] = ()
    supervision_areas: tuple[Area, ...] = ()
    clause_texts: dict[str, str] = field(default_factory=dict)
    # A short title per clause, in the agreement's order: the check is shown clause by clause so.
    clause_titles: dict[str, str] = field(default_factory=dict)

    def group(self, key: str) -> GroupSpec | None:
        return next((g for g in self.groups if g.key == key), None)

    def party(self, key: str) -> Party | None:
        return next((p for p in self.parties if p.key == key), None)

    def document(self, type_: str) -> DocumentType | None:
        return next((d for d in self.documents if d.type == type_), None)

    def clause_order(self, clause: str) -> tuple[int, str, int]:
        """Where a clause comes in the agreement: as listed in `[clause_titles]`, then `[clauses]`,
        and any other after them by letters and number (SG2 before SG10)."""
        listed = [*self.clause_titles, *(c for c in self.clause_texts if c not in self.clause_titles)]
        letters = clause.rstrip("0123456789")
        number = int(clause[len(letters) :] or 0)
        if clause in listed:
            return (listed.index(clause), "", 0)
        return (len(listed), letters, number)


class _Reader:
    """Reads one TOML table, tracking the key path and refusing unknown keys."""

    def __init__(self, source: str, table: Any, path: str) -> None:
        self.source = source
        self.path = path
        if not isinstance(table, dict):
            raise ModelFileError(source, path or "(root)", _("ska vara en tabell"))
        self.table: dict[str, Any] = table
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> ModelFileError:
        return ModelFileError(self.source, self.key(name), problem)

    def _get(self, name: str, required: bool) -> Any:
        self.used.add(name)
        if name not in self.table:
            if required:
                raise self.fail(name, _("saknas men krävs"))
            return None
        return self.table[name]

    def text(
        self,
        name: str,
        *,
        required: bool = True,
        default: str = "",
        pattern: re.Pattern[str] | None = None,
        choices: tuple[str, ...] = (),
    ) -> str:
        value = self._get(name, required)
        if value is None:
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(name, _("ska vara en text som inte är tom, fick %(value)r") % {"value": value})
        if pattern is not None and not pattern.match(value):
            raise self.fail(name, _("har fel form: %(value)r") % {"value": value})
        if choices and value not in choices:
            raise self.fail(
                name, _("ska vara en av %(choices)s, fick %(value)r") % {"choices": ", ".join(choices), "value": value}
            )
        return value

    def integer(self, name: str, *, required: bool = True, minimum: int = 0, maximum: int | None = None) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, _("ska vara ett heltal, fick %(value)r") % {"value": value})
        if value < minimum or (maximum is not None and value > maximum):
            bounds = f"{minimum}–{maximum}" if maximum is not None else f"≥ {minimum}"
            raise self.fail(name, _("ska vara %(bounds)s, fick %(value)r") % {"bounds": bounds, "value": value})
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self._get(name, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(name, _("ska vara true eller false, fick %(value)r") % {"value": value})
        return value

    def items(self, name: str, *, required: bool = False) -> list[Any]:
        value = self._get(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(name, _("ska vara en lista"))
        return value

    def table_(self, name: str, *, required: bool = True) -> _Reader | None:
        value = self._get(name, required)
        if value is None:
            return None
        return _Reader(self.source, value, self.key(name))

    def tables(self, name: str, *, required: bool = False) -> list[_Reader]:
        items = self.items(name, required=required)
        return [_Reader(self.source, item, f"{self.key(name)}[{i}]") for i, item in enumerate(items)]

    def done(self) -> None:
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            raise self.fail(unknown[0], _("okänd nyckel (stavfel?)"))


def _clause(r: _Reader, name: str = "clause") -> str:
    return r.text(name, pattern=CLAUSE_RE)


def _clause_rule(root: _Reader, name: str) -> ClauseRule | None:
    """An optional table of only `clause` and `quote` (a clause judged by logic of its own)."""
    r = root.table_(name, required=False)
    if r is None:
        return None
    rule = ClauseRule(clause=_clause(r), quote=r.text("quote"))
    r.done()
    return rule


def _month_day(r: _Reader, name: str) -> tuple[int, int]:
    value = r.text(name, pattern=MONTH_DAY_RE)
    month, day = (int(part) for part in value.split("-"))
    try:
        datetime.date(2024, month, day)  # a leap year accepts 02-29
    except ValueError:
        raise r.fail(name, _("är inget datum (MM-DD): %(value)r") % {"value": value}) from None
    return (month, day)


def _count_rule(r: _Reader) -> tuple[int | None, int | None]:
    minimum = r.integer("min", required=False)
    maximum = r.integer("max", required=False)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise r.fail("max", _("är mindre än min (%(min)s)") % {"min": minimum})
    return minimum, maximum


def _composition(r: _Reader, party_keys: set[str]) -> CompositionRule:
    party = r.text("party", required=False)
    if party and party != "host" and party not in party_keys:
        raise r.fail("party", _("nämner en part som inte finns i [[parties]]: %(value)r") % {"value": party})
    per_party = r.integer("per_party", required=False, minimum=1)
    minimum, maximum = _count_rule(r)
    if per_party is None and minimum is None and maximum is None:
        raise r.fail("min", _("ange per_party eller min/max"))
    if per_party is not None and (minimum is not None or maximum is not None):
        raise r.fail("per_party", _("kan inte kombineras med min/max"))
    rule = CompositionRule(
        clause=_clause(r),
        quote=r.text("quote"),
        party_kind=r.text("party_kind", required=False, choices=PARTY_KINDS),
        party=party,
        role=r.text("role", required=False, choices=ROLES),
        per_party=per_party,
        min=minimum,
        max=maximum,
        optional=r.flag("optional"),
        severity=r.text("severity", required=False, default="warning", choices=SEVERITIES),
        note=r.text("note", required=False),
    )
    r.done()
    return rule


def _cadence(r: _Reader) -> Cadence:
    windows = []
    for w in r.tables("windows"):
        window = DateWindow(start=_month_day(w, "from"), end=_month_day(w, "to"))
        if window.start > window.end:
            raise w.fail("to", _("ligger före from"))
        w.done()
        windows.append(window)
    cadence = Cadence(
        clause=_clause(r),
        quote=r.text("quote"),
        per_year=r.integer("per_year", minimum=1) or 1,
        tolerance=r.integer("tolerance", required=False) or 0,
        windows=tuple(windows),
        convened_by=r.text("convened_by", required=False, choices=ROLES),
    )
    r.done()
    return cadence


def _group(r: _Reader, party_keys: set[str]) -> GroupSpec:
    prepared_by = r.items("prepared_by")
    for i, role in enumerate(prepared_by):
        if role not in ROLES:
            raise ModelFileError(r.source, f"{r.key('prepared_by')}[{i}]", _("okänd roll %(value)r") % {"value": role})
    cadence_table = r.table_("cadence", required=False)
    group = GroupSpec(
        key=r.text("key", pattern=KEY_RE),
        kind=r.text("kind", choices=GROUP_KINDS),
        name=r.text("name"),
        name_en=r.text("name_en", required=False),
        roles_clause=r.text("roles_clause", required=False, pattern=CLAUSE_RE),
        roles_quote=r.text("roles_quote", required=False),
        convener=r.text("convener", required=False, choices=ROLES),
        secretary=r.text("secretary", required=False, choices=ROLES),
        prepared_by=tuple(prepared_by),
        composition=tuple(_composition(c, party_keys) for c in r.tables("composition")),
        cadence=_cadence(cadence_table) if cadence_table else None,
    )
    if (group.convener or group.secretary) and not group.roles_clause:
        raise r.fail("roles_clause", _("krävs när convener eller secretary anges"))
    r.done()
    return group


def _areas(r: _Reader, name: str) -> tuple[Area, ...]:
    areas = []
    for a in r.tables(name):
        areas.append(Area(key=a.text("key", pattern=KEY_RE), name=a.text("name")))
        a.done()
    keys = [a.key for a in areas]
    if len(keys) != len(set(keys)):
        raise r.fail(name, _("har samma key två gånger"))
    return tuple(areas)


def _default(value: int | None, default: int) -> int:
    return default if value is None else value


def _unique_keys(r: _Reader, name: str, keys: list[str]) -> None:
    for index, key in enumerate(keys):
        if key in keys[:index]:
            raise ModelFileError(r.source, f"{r.key(name)}[{index}].key", _("finns redan: %(value)r") % {"value": key})


def _economy(root: _Reader, *, party_keys: tuple[str, ...], document_types: tuple[str, ...]) -> Economy | None:
    r = root.table_("economy", required=False)
    if r is None:
        return None
    costs = []
    for c in r.tables("costs", required=True):
        parts = []
        for p in c.tables("parts"):
            parts.append(Area(key=p.text("key", pattern=KEY_RE), name=p.text("name")))
            p.done()
        _unique_keys(c, "parts", [p.key for p in parts])
        category = CostCategory(
            key=c.text("key", pattern=KEY_RE),
            name=c.text("name"),
            parts=tuple(parts),
            per_activity=c.flag("per_activity"),
            forecast=c.text("forecast", required=False, default="budget", choices=FORECASTS),
        )
        if category.parts and category.per_activity:
            raise c.fail("per_activity", _("kan inte kombineras med parts"))
        costs.append(category)
        c.done()
    _unique_keys(r, "costs", [c.key for c in costs])
    income = []
    for i in r.tables("income", required=True):
        source = IncomeSource(
            key=i.text("key", pattern=KEY_RE),
            name=i.text("name"),
            split=i.text("split", required=False, choices=PARTY_KINDS),
            party=i.text("party", required=False, choices=party_keys),
            fees=i.flag("fees"),
        )
        if source.split and source.party:
            raise i.fail("party", _("kan inte kombineras med split"))
        income.append(source)
        i.done()
    _unique_keys(r, "income", [i.key for i in income])
    if sum(1 for i in income if i.split) > 1:
        raise r.fail("income", _("högst en intäktskälla kan fördelas med fördelningsnyckel (split)"))
    if sum(1 for i in income if i.fees) > 1:
        raise r.fail("income", _("högst en intäktskälla kan vara deltagaravgifter (fees)"))
    if sum(1 for c in costs if c.per_activity) > 1:
        raise r.fail("costs", _("högst en kostnadskategori kan ha en rad per aktivitet (per_activity)"))
    economy = Economy(
        clause=_clause(r),
        quote=r.text("quote"),
        costs=tuple(costs),
        income=tuple(income),
        status_reports_per_year=r.integer("status_reports_per_year", required=False, minimum=0, maximum=12) or 0,
        status_reports_clause=r.text("status_reports_clause", required=False, default="CO2", pattern=CLAUSE_RE),
        status_reports_quote=r.text("status_reports_quote", required=False),
        income_clause=r.text("income_clause", required=False, default="EC4", pattern=CLAUSE_RE),
        income_quote=r.text("income_quote", required=False),
        budget_document=r.text("budget_document", required=False, default="budget", pattern=KEY_RE),
    )
    if economy.budget_document not in document_types:
        raise r.fail(
            "budget_document",
            _("nämner en dokumenttyp som inte finns under [[documents]]: %(value)r")
            % {"value": economy.budget_document},
        )
    r.done()
    return economy


def parse_model(text: str, source: str = "<model>", *, directory: Path | None = None) -> CollaborationModel:
    """Parse and validate a model file's text; raise `ModelFileError` naming the key.

    With `directory` (where the model file lies), a model that names its `agreement_text` has every
    quote looked up in that file. A stored model is parsed without it: it was checked when loaded.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelFileError(source, "(TOML)", _("är inte giltig TOML: %(error)s") % {"error": exc}) from None
    root = _Reader(source, data, "")
    schema = root.integer("schema", minimum=1)
    if schema != SCHEMA_VERSION:
        raise root.fail(
            "schema",
            _("version %(value)s stöds inte (stöds: %(supported)s)") % {"value": schema, "supported": SCHEMA_VERSION},
        )
    agreement_text = root.text("agreement_text", required=False)
    if "agreement_text" in root.table and not FILE_NAME_RE.fullmatch(agreement_text):
        raise root.fail(
            "agreement_text",
            _("ska vara namnet på en fil bredvid modellfilen, utan / eller .., fick %(value)r")
            % {"value": agreement_text},
        )

    meta = root.table_("collaboration")
    assert meta is not None
    slug = meta.text("slug", pattern=SLUG_RE)
    if slug in RESERVED_SLUGS:
        raise meta.fail("slug", _("%(value)r används redan av webbplatsen; välj ett annat") % {"value": slug})
    name = meta.text("name")
    name_en = meta.text("name_en", required=False)
    sector = meta.text("sector")
    county = meta.text("county", required=False)
    agreement_title = meta.text("agreement", required=False)
    started_on = meta._get("started_on", True)
    if not isinstance(started_on, datetime.date) or isinstance(started_on, datetime.datetime):
        raise meta.fail("started_on", _("ska vara ett datum (ÅÅÅÅ-MM-DD), fick %(value)r") % {"value": started_on})
    meta.done()

    parties: list[Party] = []
    for p in root.tables("parties", required=True):
        kind = p.text("kind", choices=PARTY_KINDS)
        code = p.text("municipality_code", required=False, pattern=re.compile(r"^\d{4}$"))
        if kind == "municipality" and not code:
            raise p.fail("municipality_code", _("krävs för en kommun (fyra siffror)"))
        aliases = p.items("aliases")
        if not all(isinstance(a, str) and a.strip() for a in aliases):
            raise p.fail("aliases", _("ska vara en lista med texter som inte är tomma"))
        parties.append(
            Party(
                key=p.text("key", pattern=KEY_RE),
                name=p.text("name"),
                kind=kind,
                municipality_code=code,
                official_name=p.text("official_name", required=False),
                aliases=tuple(aliases),
            )
        )
        p.done()
    if not parties:
        raise root.fail("parties", _("ska ha minst en part"))
    party_keys = [p.key for p in parties]
    for index, key in enumerate(party_keys):
        if key in party_keys[:index]:
            raise ModelFileError(source, f"parties[{index}].key", _("finns redan: %(value)r") % {"value": key})
    seen_codes: set[str] = set()
    for index, party in enumerate(parties):
        if party.municipality_code and party.municipality_code in seen_codes:
            raise ModelFileError(
                source,
                f"parties[{index}].municipality_code",
                _("finns redan: %(value)r") % {"value": party.municipality_code},
            )
        seen_codes.add(party.municipality_code)

    host_r = root.table_("host")
    assert host_r is not None
    host = Host(
        party=host_r.text("party", choices=tuple(party_keys)),
        clause=_clause(host_r),
        quote=host_r.text("quote"),
        expected_kind=host_r.text("expected_kind", required=False, choices=PARTY_KINDS),
    )
    host_r.done()

    coordinator = None
    coord_r = root.table_("coordinator", required=False)
    if coord_r is not None:
        provided_by = coord_r.text("provided_by", required=False, default="host")
        if provided_by != "host" and provided_by not in party_keys:
            raise coord_r.fail("provided_by", _("nämner en part som inte finns: %(value)r") % {"value": provided_by})
        coordinator = Coordinator(
            clause=_clause(coord_r),
            quote=coord_r.text("quote"),
            provided_by=provided_by,
            time_share_percent=coord_r.integer("time_share_percent", minimum=1, maximum=100) or 0,
            hours_per_year=coord_r.integer("hours_per_year", required=False, minimum=1, maximum=8784) or 1700,
            tolerance_percent=_default(
                coord_r.integer("tolerance_percent", required=False, minimum=0, maximum=100), 10
            ),
        )
        coord_r.done()

    groups = tuple(_group(g, set(party_keys)) for g in root.tables("groups", required=True))
    group_keys = [g.key for g in groups]
    for index, key in enumerate(group_keys):
        if key in group_keys[:index]:
            raise ModelFileError(source, f"groups[{index}].key", _("finns redan: %(value)r") % {"value": key})

    commitments = []
    for c in root.tables("commitments"):
        minimum, maximum = _count_rule(c)
        commitments.append(
            Commitment(
                clause=_clause(c),
                quote=c.text("quote"),
                party_kind=c.text("party_kind", choices=PARTY_KINDS),
                group=c.text("group", choices=tuple(group_keys)),
                min=minimum,
                max=maximum,
                when_needed=c.flag("when_needed"),
                severity=c.text("severity", required=False, default="warning", choices=SEVERITIES),
            )
        )
        c.done()

    working_groups = None
    working_groups_r = root.table_("working_groups", required=False)
    if working_groups_r is not None:
        working_groups = WorkingGroupsRule(
            clause=_clause(working_groups_r),
            quote=working_groups_r.text("quote"),
            appointed_by=working_groups_r.text("appointed_by", choices=tuple(group_keys)),
        )
        working_groups_r.done()

    contact_list = None
    contact_r = root.table_("contact_list", required=False)
    if contact_r is not None:
        contact_list = ContactListRule(
            clause=_clause(contact_r),
            quote=contact_r.text("quote"),
            confirmation_months=contact_r.integer("confirmation_months", minimum=1, maximum=120) or 12,
            retention_months=contact_r.integer("retention_months", required=False, minimum=1, maximum=240) or 24,
        )
        contact_r.done()

    assignments = _clause_rule(root, "assignments")
    activity_areas = _clause_rule(root, "activity_areas")

    minutes = None
    minutes_r = root.table_("minutes", required=False)
    if minutes_r is not None:
        minutes = MinutesRule(
            clause=_clause(minutes_r),
            quote=minutes_r.text("quote"),
            approval_days=minutes_r.integer("approval_days", minimum=1, maximum=90) or 14,
            reminder_days=minutes_r.integer("reminder_days", required=False, minimum=1, maximum=90) or 5,
        )
        minutes_r.done()

    documents = []
    for d in root.tables("documents"):
        type_ = d.text("type", pattern=KEY_RE)
        sections = d.items("sections")
        for i, section in enumerate(sections):
            if not isinstance(section, str) or not section.strip():
                raise ModelFileError(source, f"{d.key('sections')}[{i}]", _("ska vara en rubrik (text)"))
        if len(set(sections)) != len(sections):
            raise d.fail("sections", _("har samma rubrik två gånger"))
        documents.append(
            DocumentType(
                type=type_,
                name=d.text("name"),
                clause=_clause(d),
                drafted_by=d.text("drafted_by", choices=tuple(group_keys)),
                decided_by=d.text("decided_by", choices=tuple(group_keys)),
                covers=d.text("covers", required=False, default="next_year", choices=COVERS),
                decide_by=_month_day(d, "decide_by") if "decide_by" in d.table else None,
                sections=tuple(sections) or DEFAULT_SECTIONS.get(type_, ("Innehåll",)),
                severity=d.text("severity", required=False, default="warning", choices=SEVERITIES),
                quote=d.text("quote", required=False),
            )
        )
        d.done()
    document_types = [d.type for d in documents]
    for index, type_ in enumerate(document_types):
        if type_ in document_types[:index]:
            raise ModelFileError(source, f"documents[{index}].type", _("finns redan: %(value)r") % {"value": type_})

    cycle = DEFAULT_CYCLE
    cycle_r = root.table_("cycle", required=False)
    if cycle_r is not None:
        avoid = []
        for w in cycle_r.tables("avoid"):
            window = DateWindow(start=_month_day(w, "from"), end=_month_day(w, "to"))
            if window.start > window.end:
                raise w.fail("to", _("ligger före from"))
            w.done()
            avoid.append(window)
        weekdays = cycle_r.items("weekdays") or list(DEFAULT_CYCLE.weekdays)
        for i, weekday in enumerate(weekdays):
            if isinstance(weekday, bool) or not isinstance(weekday, int) or not 1 <= weekday <= 5:
                raise ModelFileError(
                    source, f"{cycle_r.key('weekdays')}[{i}]", _("ska vara en veckodag 1–5 (måndag–fredag)")
                )
        cycle = CycleRule(
            avoid=tuple(avoid) if "avoid" in cycle_r.table else DEFAULT_CYCLE.avoid,
            lead_days=cycle_r.integer("lead_days", required=False, minimum=1, maximum=120) or DEFAULT_CYCLE.lead_days,
            weekdays=tuple(sorted(set(weekdays))),
        )
        cycle_r.done()

    economy = _economy(root, party_keys=tuple(party_keys), document_types=tuple(document_types))

    clause_texts: dict[str, str] = {}
    clauses_r = root.table_("clauses", required=False)
    if clauses_r is not None:
        for clause_id in list(clauses_r.table):
            if not CLAUSE_RE.match(clause_id):
                raise clauses_r.fail(clause_id, _("är inget klausul-ID"))
            clause_texts[clause_id] = clauses_r.text(clause_id)
        clauses_r.done()
    clause_titles: dict[str, str] = {}
    titles_r = root.table_("clause_titles", required=False)
    if titles_r is not None:
        for clause_id in list(titles_r.table):
            if not CLAUSE_RE.match(clause_id):
                raise titles_r.fail(clause_id, _("är inget klausul-ID"))
            clause_titles[clause_id] = titles_r.text(clause_id)
        titles_r.done()

    model = CollaborationModel(
        slug=slug,
        name=name,
        name_en=name_en,
        sector=sector,
        county=county,
        agreement_title=agreement_title,
        started_on=started_on,
        parties=tuple(parties),
        host=host,
        coordinator=coordinator,
        groups=groups,
        commitments=tuple(commitments),
        working_groups=working_groups,
        contact_list=contact_list,
        assignments=assignments,
        activity_areas=activity_areas,
        minutes=minutes,
        documents=tuple(documents),
        cycle=cycle,
        economy=economy,
        collaboration_areas=_areas(root, "collaboration_areas"),
        supervision_areas=_areas(root, "supervision_areas"),
        clause_texts=clause_texts,
        clause_titles=clause_titles,
    )
    root.done()
    if agreement_text and directory is not None:
        _check_quotes(root, data, directory / agreement_text)
    return model


def _check_quotes(root: _Reader, data: dict[str, Any], path: Path) -> None:
    """Refuse a quote that is not the agreement's words (see `quotes`), naming its key."""
    try:
        agreement = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise root.fail(
            "agreement_text", _("avtalstexten %(name)s finns inte eller kan inte läsas") % {"name": path.name}
        ) from None
    missing = unquoted(data, agreement)
    if missing is not None:
        key, quote, fragment = missing
        problem = _("finns inte i avtalstexten %(name)s: %(quote)r") % {"name": path.name, "quote": quote}
        if fragment:
            problem += " " + _("(delen %(fragment)r saknas, eller kommer inte i den ordningen)") % {
                "fragment": fragment
            }
        raise ModelFileError(root.source, key, problem)


def read_model_file(path: Path) -> tuple[CollaborationModel, str]:
    """Read and validate a model file; return the model and the exact text."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelFileError(str(path), "(fil)", _("filen finns inte")) from None
    except UnicodeDecodeError:
        raise ModelFileError(str(path), "(fil)", _("är inte UTF-8")) from None
    return parse_model(text, source=str(path), directory=path.parent), text
