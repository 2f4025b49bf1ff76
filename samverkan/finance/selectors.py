"""Reads of the joint economy: the budget and its lines, co-financing per party, the ledger's line
choices, the financial status report, invoicing bases and logged time. Nothing here writes; the use
cases that do are in `services.py`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.collaborations.model_file import Economy
from samverkan.finance import allocation, ledger_import, status
from samverkan.finance.budget import (
    BASE_PLUS,
    COST,
    EQUAL,
    INCOME,
    POPULATION,
    ActivityCost,
    BudgetLine,
    SharingKey,
    compare,
    income_key,
    judge,
    lines,
    mapping_targets,
    split,
    totals,
)
from samverkan.finance.models import (
    AccountMapping,
    Forecast,
    Invoice,
    LedgerEntry,
    LedgerImport,
    LedgerImportStatus,
    LedgerSource,
    StatusReport,
    TimeEntry,
    TimeKind,
)
from samverkan.finance.permissions import VIEW_PARTY_FINANCE
from samverkan.lib import dates
from samverkan.lib.errors import DomainError
from samverkan.lib.swedish_order import swedish_key
from samverkan.meetings.models import MeetingStatus
from samverkan.organisations.models import Membership, Party, Person, Population
from samverkan.plans.models import Activity, ActivityStatus, PlanDocument, PlanStatus, PlanVersion

if TYPE_CHECKING:
    from samverkan.accounts.permissions import Access
    from samverkan.collaborations.models import Collaboration


# --- the economy of the model file ----------------------------------------------------------------


def economy_of(collaboration: Collaboration) -> Economy:
    economy = collaboration.model.economy
    if economy is None:
        raise DomainError(_("Avtalet beskriver ingen gemensam ekonomi ([economy] i modellfilen)."))
    return economy


def economy_years(collaboration: Collaboration) -> list[int]:
    """The years the economy's pages show, newest first: next year back to the collaboration's
    start, at most five years back."""
    this = timezone.localdate().year
    start = max(collaboration.model.started_on.year, this - 5)
    return list(range(this + 1, start - 1, -1))


# --- the budget -----------------------------------------------------------------------------------


def budget_document(collaboration: Collaboration, year: int) -> PlanDocument | None:
    economy = collaboration.model.economy
    if economy is None:
        return None
    return PlanDocument.objects.filter(collaboration=collaboration, doc_type=economy.budget_document, year=year).first()


def is_budget(version: PlanVersion) -> bool:
    economy = version.document.collaboration.model.economy
    return economy is not None and version.document.doc_type == economy.budget_document


def live_activity_costs(collaboration: Collaboration, year: int) -> list[ActivityCost]:
    """The year's activities that will cost something, as they stand (cancelled ones left out)."""
    activities = (
        Activity.objects.filter(collaboration=collaboration, year=year)
        .exclude(status=ActivityStatus.CANCELLED)
        .order_by("starts_on", "title", "pk")
    )
    return [ActivityCost(a.pk, a.title, a.budget_ore) for a in activities]


def version_lines(version: PlanVersion) -> list[BudgetLine]:
    """The version's budget lines: a draft reads its activities live, a proposal or decision the
    activities as they were when it was proposed."""
    collaboration = version.document.collaboration
    data = version.budget or {}
    if version.editable:
        activities = live_activity_costs(collaboration, version.document.year)
    else:
        activities = [ActivityCost(a["id"], a["title"], a["budget_ore"]) for a in data.get("activities", [])]
    return lines(economy_of(collaboration), data.get("lines", {}), activities, data.get("notes", {}))


def budget_snapshot(version: PlanVersion) -> dict[str, Any]:
    """The budget as it goes out as a proposal: the year's activity lines fixed into it."""
    data = dict(version.budget or {})
    activities = live_activity_costs(version.document.collaboration, version.document.year)
    data["activities"] = [{"id": a.id, "title": a.title, "budget_ore": a.budget_ore} for a in activities]
    return data


def check_proposable(version: PlanVersion) -> None:
    """A budget goes out as a proposal only with some amount in it."""
    if not any(line.amount_ore for line in version_lines(version)):
        raise DomainError(_("Budgeten har inga belopp ännu; fyll i budgetraderna innan den lämnas som förslag."))


def shown_budget(collaboration: Collaboration, year: int, *, drafts: bool) -> PlanVersion | None:
    """The budget the year is run against: the latest decided version; with `drafts`, when none is
    decided yet, the latest version."""
    document = budget_document(collaboration, year)
    if document is None:
        return None
    decided = document.versions.filter(status=PlanStatus.DECIDED).order_by("-number").first()
    if decided is not None or not drafts:
        return decided
    return document.versions.order_by("-number").first()


def party_order(party: Party) -> tuple[str, str]:
    """Parties as people read them: by name in Swedish order (Å Ä Ö last), whatever the database's
    collation. Only what is shown changes: a key still breaks its ties by municipality code."""
    return (swedish_key(party.organisation.name), party.key)


def parties_by_name(parties: QuerySet[Party]) -> QuerySet[Party]:
    """The parties as a queryset in `party_order`, e.g. for a form's choices."""
    ordered = sorted(parties.select_related("organisation"), key=party_order)
    if not ordered:
        return parties.none()
    position = Case(*[When(pk=p.pk, then=Value(i)) for i, p in enumerate(ordered)], default=Value(len(ordered)))
    return parties.select_related("organisation").order_by(position)


# --- co-financing: parties and their shares -------------------------------------------------------


def sharing_parties(
    collaboration: Collaboration, year: int, party_kind: str, population_year: int | None
) -> list[tuple[Party, allocation.Party]]:
    """The parties of the kind that share the cost in `year`, with the population of the year named."""
    first_day = datetime.date(year, 1, 1)
    parties = list(
        Party.objects.filter(collaboration=collaboration, organisation__kind=party_kind)
        .current(first_day)
        .select_related("organisation")
    )
    if not parties:
        parties = list(
            Party.objects.filter(collaboration=collaboration, organisation__kind=party_kind)
            .current()
            .select_related("organisation")
        )
    populations: dict[int, int] = {}
    if population_year:
        populations = dict(
            Population.objects.filter(
                organisation__in=[p.organisation_id for p in parties], year=population_year
            ).values_list("organisation_id", "count")
        )
    return [
        (
            p,
            allocation.Party(
                key=p.key,
                code=p.organisation.municipality_code or p.key,
                population=populations.get(p.organisation_id, 0),
                name=p.organisation.name,
            ),
        )
        for p in sorted(parties, key=party_order)
    ]


def population_years(collaboration: Collaboration) -> list[int]:
    return sorted(
        set(
            Population.objects.filter(organisation__parties__collaboration=collaboration).values_list("year", flat=True)
        ),
        reverse=True,
    )


@dataclass
class ShareRow:
    party: Party
    population: int
    amount_ore: int


@dataclass
class OwnSource:
    """An income source one party pays in full (model file ``party = …``), at the budget's amount."""

    party: Party
    source_name: str
    amount_ore: int


@dataclass
class CoFinancing:
    """The split income source of a budget, divided between its parties by the budget's key, and
    the sources a single party pays in full."""

    version: PlanVersion | None
    source_name: str
    total_ore: int
    key: SharingKey
    rows: list[ShareRow] = field(default_factory=list)
    error: str = ""
    own: list[OwnSource] = field(default_factory=list)

    @property
    def population_total(self) -> int:
        return sum(r.population for r in self.rows)

    @property
    def by_party(self) -> dict[int, int]:
        """Each party's whole share (party pk → öre): its part of the split source and what it
        pays alone."""
        result: dict[int, int] = defaultdict(int)
        for row in self.rows:
            result[row.party.pk] += row.amount_ore
        for own in self.own:
            result[own.party.pk] += own.amount_ore
        return dict(result)


def own_sources(collaboration: Collaboration, version: PlanVersion | None) -> list[OwnSource]:
    """The budget's income sources that one party pays in full, with an amount in the budget."""
    amounts = (version.budget or {}).get("lines", {}) if version is not None else {}
    sources = [s for s in economy_of(collaboration).income if s.party and amounts.get(income_key(s.key))]
    parties = {
        p.key: p
        for p in Party.objects.filter(collaboration=collaboration, key__in=[s.party for s in sources]).select_related(
            "organisation"
        )
    }
    own = [OwnSource(parties[s.party], s.name, int(amounts[income_key(s.key)])) for s in sources if s.party in parties]
    return sorted(own, key=lambda o: party_order(o.party))


def cofinancing(collaboration: Collaboration, version: PlanVersion | None, year: int) -> CoFinancing:
    economy = economy_of(collaboration)
    source = economy.split_source
    data = (version.budget or {}) if version is not None else {}
    key = SharingKey.from_json(data.get("key"))
    own = own_sources(collaboration, version)
    if source is None:
        return CoFinancing(
            version, "", 0, key, error=_("Avtalet fördelar ingen intäkt med fördelningsnyckel."), own=own
        )
    total = int(data.get("lines", {}).get(income_key(source.key), 0))
    result = CoFinancing(version, source.name, total, key, own=own)
    parties = sharing_parties(collaboration, year, source.split, key.population_year)
    try:
        shares = split(key, total, [p for _party, p in parties])
    except DomainError as error:
        result.error = error.message
        shares = {}
    result.rows = [ShareRow(party, p.population, shares.get(p.key, 0)) for party, p in parties]
    return result


def compare_keys(
    collaboration: Collaboration, year: int, total_ore: int, population_year: int | None, base_ore: int
) -> tuple[list[tuple[Party, allocation.Party]], list[Any]]:
    """Every kind of key on the same total, side by side, before the budget names one."""
    source = economy_of(collaboration).split_source
    if source is None:
        raise DomainError(_("Avtalet fördelar ingen intäkt med fördelningsnyckel."))
    parties = sharing_parties(collaboration, year, source.split, population_year)
    keys = [
        SharingKey(EQUAL),
        SharingKey(POPULATION, population_year),
        SharingKey(BASE_PLUS, population_year, base_ore=base_ore),
    ]
    return parties, compare(keys, total_ore, [p for _party, p in parties])


def budget_summary(version: PlanVersion, *, with_findings: bool = False) -> dict[str, Any] | None:
    """A budget version's lines, totals and cost-sharing key (None for another document); with
    `with_findings`, also what the agreement asks of it (EC1, EC4)."""
    if not is_budget(version):
        return None
    collaboration = version.document.collaboration
    budget_lines = version_lines(version)
    summary: dict[str, Any] = {
        "lines": budget_lines,
        "totals": totals(budget_lines),
        "key": SharingKey.from_json((version.budget or {}).get("key")),
    }
    if with_findings:
        share = cofinancing(collaboration, version, version.document.year)
        summary["findings"] = judge(economy_of(collaboration), budget_lines, split_error=share.error)
    return summary


# --- the ledger -----------------------------------------------------------------------------------


def line_labels(collaboration: Collaboration, year: int) -> dict[str, str]:
    """Every line key an entry of `year` may book against, with its label."""
    economy = economy_of(collaboration)
    version = shown_budget(collaboration, year, drafts=True)
    known = {line.key: f"{line.category_name}: {line.name}" for line in version_lines(version)} if version else {}
    for a in live_activity_costs(collaboration, year):
        for category in economy.costs:
            if category.per_activity:
                known.setdefault(f"{COST}:{category.key}#{a.id}", f"{category.name}: {a.title}")
    for key, label in mapping_targets(economy):
        if not any(c.per_activity and key == f"{COST}:{c.key}" for c in economy.costs):
            known.setdefault(key, label)
    return known


def line_choices(collaboration: Collaboration, year: int) -> list[tuple[str, str]]:
    return list(line_labels(collaboration, year).items())


def existing_for_ledger(collaboration: Collaboration, year: int) -> ledger_import.Existing:
    economy = economy_of(collaboration)
    activities: dict[str, int] = {}
    for pk, title in Activity.objects.filter(collaboration=collaboration, year=year).values_list("pk", "title"):
        activities[str(pk)] = pk
        activities.setdefault(title.strip().lower(), pk)
    fingerprints = dict(
        LedgerEntry.objects.filter(collaboration=collaboration, day__year=year, source=LedgerSource.IMPORT)
        .values("fingerprint")
        .annotate(n=Count("pk"))
        .values_list("fingerprint", "n")
    )
    hashes = {
        i.sha256: _("import den %(day)s (%(file)s)") % {"day": dates.prose_date(i.committed_at), "file": i.filename}
        for i in LedgerImport.objects.filter(collaboration=collaboration, status=LedgerImportStatus.COMMITTED)
    }
    return ledger_import.Existing(
        accounts=dict(AccountMapping.objects.filter(collaboration=collaboration).values_list("account", "line_key")),
        per_activity_lines=frozenset(f"{COST}:{c.key}" for c in economy.costs if c.per_activity),
        activities=activities,
        fingerprints=fingerprints,
        file_hashes=hashes,
        year=year,
    )


def judge_ledger_import(pending: LedgerImport) -> ledger_import.Preview:
    """The stored rows judged against the ledger and the account mapping as they are now."""
    existing = existing_for_ledger(pending.collaboration, pending.year)
    rows = [ledger_import.Row(line=r["line"], values=r["values"]) for r in pending.rows]
    ledger_import.judge(rows, existing)
    return ledger_import.Preview(
        filename=pending.filename,
        sha256=pending.sha256,
        rows=rows,
        duplicate_of=existing.file_hashes.get(pending.sha256, ""),
    )


# --- the financial status report ------------------------------------------------------------------


@dataclass
class PartyTotal:
    """Share, invoiced and paid: of one party (`PartyStatus`) or of all parties together."""

    share_ore: int
    invoiced_ore: int
    paid_ore: int

    @property
    def outstanding_ore(self) -> int:
        return self.invoiced_ore - self.paid_ore


@dataclass
class PartyStatus(PartyTotal):
    party: Party = field(kw_only=True)


def party_total(rows: list[PartyStatus]) -> PartyTotal:
    return PartyTotal(sum(r.share_ore for r in rows), sum(r.invoiced_ore for r in rows), sum(r.paid_ore for r in rows))


@dataclass
class StatusView:
    collaboration: Collaboration
    as_of: datetime.date
    version: PlanVersion | None
    report: status.Report
    parties: list[PartyStatus]  # the rows the reader may see (`for_reader`)
    cofinancing: CoFinancing
    parties_total: PartyTotal  # of every party, whoever reads
    all_parties: bool = True  # False when some parties' rows are withheld from this reader

    @property
    def year(self) -> int:
        return self.as_of.year

    @property
    def sections(self) -> list[tuple[str, list[status.ReportLine], str, dict[str, int]]]:
        """Costs, then income: each with its lines, caption and totals."""
        result = []
        for kind, caption in ((COST, _("Kostnader")), (INCOME, _("Intäkter"))):
            rows = self.report.of_kind(kind)
            totals = {
                name: sum(getattr(r, name) for r in rows)
                for name in ("budget_ore", "actual_ore", "forecast_ore", "deviation_ore")
            }
            result.append((kind, rows, caption, totals))
        return result


def bookings(collaboration: Collaboration, year: int) -> list[status.Booking]:
    return [
        status.Booking(day, key, amount)
        for day, key, amount in LedgerEntry.objects.filter(collaboration=collaboration, day__year=year).values_list(
            "day", "line_key", "amount_ore"
        )
    ]


def status_view(collaboration: Collaboration, as_of: datetime.date) -> StatusView:
    """The status report for the year of `as_of` as it stood at the end of that day."""
    year = as_of.year
    version = shown_budget(collaboration, year, drafts=True)
    budget_lines = version_lines(version) if version is not None else lines(economy_of(collaboration), {}, [])
    forecasts = {
        f.line_key: status.Forecast(f.amount_ore, f.comment)
        for f in Forecast.objects.filter(collaboration=collaboration, year=year)
    }
    report = status.report(
        budget_lines,
        bookings(collaboration, year),
        year=year,
        as_of=as_of,
        forecasts=forecasts,
        unbudgeted_name=_("Utanför budget"),
    )
    share = cofinancing(collaboration, version, year)
    invoiced: dict[int, int] = defaultdict(int)
    paid: dict[int, int] = defaultdict(int)
    for invoice in Invoice.objects.filter(collaboration=collaboration, year=year, invoiced_on__lte=as_of):
        invoiced[invoice.party_id] += invoice.amount_ore
        if invoice.paid_on is not None and invoice.paid_on <= as_of:
            paid[invoice.party_id] += invoice.amount_ore
    shares = share.by_party
    party_ids = set(shares) | set(invoiced)
    parties = [
        PartyStatus(shares.get(p.pk, 0), invoiced[p.pk], paid[p.pk], party=p)
        for p in Party.objects.filter(pk__in=party_ids).select_related("organisation")
    ]
    parties.sort(key=lambda s: party_order(s.party))
    return StatusView(collaboration, as_of, version, report, parties, share, party_total(parties))


def for_reader(view: StatusView, access: Access | None) -> StatusView:
    """The status report as one reader may see it: each party's row only where `view_party_finance`
    allows, the total of all parties always. `access=None` is a document that any participant may
    open (the report put on an agenda): the total only."""
    if access is not None and access.can(VIEW_PARTY_FINANCE):
        return view
    rows = [p for p in view.parties if access is not None and access.can(VIEW_PARTY_FINANCE, p.party)]
    return replace(view, parties=rows, all_parties=False)


def status_snapshot(view: StatusView) -> dict[str, Any]:
    """The report's numbers as plain data, kept with a presented report."""
    return {
        "as_of": view.as_of.isoformat(),
        "budget_version": view.version.number if view.version else None,
        "budget_status": view.version.status if view.version else None,
        "lines": [
            {
                "key": r.line.key,
                "kind": r.line.kind,
                "name": r.line.name,
                "category": r.line.category_name,
                "budget_ore": r.budget_ore,
                "actual_ore": r.actual_ore,
                "forecast_ore": r.forecast_ore,
                "forecast_entered": r.forecast_entered,
                "deviation_ore": r.deviation_ore,
                "comment": r.comment,
            }
            for r in view.report.lines
        ],
        "parties": [
            {
                "party": p.party.key,
                "name": p.party.organisation.name,
                "share_ore": p.share_ore,
                "invoiced_ore": p.invoiced_ore,
                "paid_ore": p.paid_ore,
            }
            for p in view.parties
        ],
    }


def presented_reports(collaboration: Collaboration, year: int) -> list[StatusReport]:
    """The status reports presented at a meeting held (or to be held) in the year."""
    return list(
        StatusReport.objects.filter(collaboration=collaboration, agenda_item__meeting__starts_at__year=year)
        .exclude(agenda_item__meeting__status=MeetingStatus.CANCELLED)
        .select_related("agenda_item__meeting__group")
    )


# --- invoices -------------------------------------------------------------------------------------


def invoicing_basis(collaboration: Collaboration, year: int, party: Party) -> dict[str, Any]:
    """What one party pays for the year (fakturaunderlag): its share and how it was reached, and
    what it has been invoiced and paid."""
    economy = economy_of(collaboration)
    version = shown_budget(collaboration, year, drafts=True)
    share = cofinancing(collaboration, version, year)
    rows = []
    source = economy.split_source
    own = next((r for r in share.rows if r.party.pk == party.pk), None)
    if source is not None and own is not None:
        rows.append({"name": source.name, "amount_ore": own.amount_ore, "basis": share.key.label})
    for alone in share.own:
        if alone.party.pk == party.pk:
            rows.append({"name": alone.source_name, "amount_ore": alone.amount_ore, "basis": ""})
    invoices = list(
        Invoice.objects.filter(collaboration=collaboration, year=year, party=party).select_related("activity")
    )
    return {
        "party": party,
        "year": year,
        "version": version,
        "share": share,
        "own": own,
        "rows": rows,
        "total_ore": sum(r["amount_ore"] for r in rows),
        "invoices": invoices,
        "invoiced_ore": sum(i.amount_ore for i in invoices),
        "paid_ore": sum(i.amount_ore for i in invoices if i.paid_on),
    }


# --- time -----------------------------------------------------------------------------------------


def is_coordinator(collaboration: Collaboration, person: Person, day: datetime.date) -> bool:
    return (
        Membership.objects.current(day)
        .filter(person=person, group__collaboration=collaboration, role="coordinator")
        .exists()
    )


def coordinator_time(collaboration: Collaboration, year: int, as_of: datetime.date) -> status.TimeStatus | None:
    coordinator = collaboration.model.coordinator
    if coordinator is None:
        return None
    days = list(
        TimeEntry.objects.filter(collaboration=collaboration, kind=TimeKind.COORDINATOR, day__year=year).values_list(
            "day", "minutes"
        )
    )
    return status.time_status(
        days,
        year=year,
        as_of=as_of,
        share_hours=coordinator.hours_share,
        tolerance_percent=coordinator.tolerance_percent,
    )


def in_kind_time(collaboration: Collaboration, year: int) -> list[dict[str, Any]]:
    """In-kind hours per organisation (EC2), reported apart from the joint budget."""
    rows = (
        TimeEntry.objects.filter(collaboration=collaboration, kind=TimeKind.IN_KIND, day__year=year)
        .values("person__organisation__name")
        .annotate(minutes=Sum("minutes"), people=Count("person", distinct=True))
        .order_by()
    )
    return sorted((dict(row) for row in rows), key=lambda row: swedish_key(row["person__organisation__name"] or ""))
