"""Use cases of the joint economy: the budget's lines and cost-sharing key (PL4, EC1, EC4), the
ledger and its import, forecasts, invoices per party, financial status reports presented to a
meeting (CO2, CM3), participant fees and extra contributions (EC3), and logged time (CO1, EC2)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Case, Count, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.audit.services import record, record_created
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
    editable_keys,
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
    InvoiceKind,
    LedgerEntry,
    LedgerImport,
    LedgerImportStatus,
    LedgerSource,
    StatusReport,
    TimeEntry,
    TimeKind,
)
from samverkan.lib import dates, stale
from samverkan.lib.errors import DomainError
from samverkan.lib.swedish_order import swedish_key
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.services import add_agenda_item, attach_document
from samverkan.organisations.models import Membership, Party, Person, Population
from samverkan.plans.models import Activity, ActivityStatus, Assignment, PlanDocument, PlanStatus, PlanVersion

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.accounts.permissions import Access
    from samverkan.collaborations.models import Collaboration


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


def _check_invoice_day(collaboration: Collaboration, day: datetime.date) -> None:
    """An invoice dated outside the years the pages show could never be seen again."""
    years = economy_years(collaboration)
    if day.year not in years:
        raise DomainError(
            _("Fakturadatum ska ligga mellan %(first)s och %(last)s.") % {"first": years[-1], "last": years[0]},
            field="invoiced_on",
        )


# --- the budget -----------------------------------------------------------------------------


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


@transaction.atomic
def update_budget(
    *,
    version: PlanVersion,
    amounts: dict[str, int],
    notes: dict[str, str],
    key: SharingKey,
    actor: User | None,
    loaded_version: int | None = None,
) -> PlanVersion:
    """The drafting body sets the budget's amounts, notes and cost-sharing key (PL4).

    With `loaded_version` a budget saved by someone else since the form was loaded is refused
    (`stale.StaleEditError`) instead of putting back their figures."""
    version = PlanVersion.objects.select_for_update(of=("self",)).select_related("document").get(pk=version.pk)
    if not version.editable:
        raise DomainError(
            _("Version %(n)s är %(status)s och kan inte ändras.")
            % {"n": version.number, "status": version.get_status_display()}
        )
    current = stale.check(version, loaded_version)
    economy = economy_of(version.document.collaboration)
    allowed = set(editable_keys(economy))
    unknown = sorted(set(amounts) - allowed)
    if unknown:
        raise DomainError(_("Okända budgetrader: %(keys)s.") % {"keys": ", ".join(unknown)})
    if any(amount < 0 for amount in amounts.values()):
        raise DomainError(_("Ett budgetbelopp kan inte vara negativt."))
    if key.method not in ("equal", "population", "base_plus", "fixed"):
        raise DomainError(_("Okänd fördelningsnyckel."))
    before = dict(version.budget or {})
    version.budget = {
        **before,
        "lines": {k: v for k, v in amounts.items() if v},
        "notes": {k: v.strip()[:500] for k, v in notes.items() if k in allowed and v.strip()},
        "key": key.to_json(),
    }
    version.version = current + 1
    version.save(update_fields=["budget", "version"])
    record(
        actor=actor,
        action="update_budget",
        obj=version,
        collaboration=version.document.collaboration,
        before={"lines": before.get("lines", {}), "key": before.get("key", {})},
        after={"lines": version.budget["lines"], "key": version.budget["key"]},
    )
    return version


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


# --- the ledger -------------------------------------------------------------------------------


def _line_choices(collaboration: Collaboration, year: int) -> dict[str, str]:
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
    return list(_line_choices(collaboration, year).items())


@transaction.atomic
def add_entry(
    *,
    collaboration: Collaboration,
    day: datetime.date,
    line_key: str,
    amount_ore: int,
    text: str,
    actor: User | None,
    account: str = "",
    source: str = LedgerSource.MANUAL,
    activity: Activity | None = None,
) -> LedgerEntry:
    """The coordinator books an actual cost or income by hand."""
    if amount_ore == 0:
        raise DomainError(_("Beloppet kan inte vara noll."), field="amount")
    if line_key not in _line_choices(collaboration, day.year):
        raise DomainError(_("Välj en budgetrad för %(year)s.") % {"year": day.year}, field="line_key")
    if activity is None and "#" in line_key:
        activity = Activity.objects.filter(collaboration=collaboration, pk=int(line_key.split("#", 1)[1])).first()
    entry = LedgerEntry.objects.create(
        collaboration=collaboration,
        day=day,
        line_key=line_key,
        amount_ore=amount_ore,
        text=text.strip()[:300],
        account=account.strip()[:10],
        source=source,
        activity=activity,
        created_by=actor,
        fingerprint=ledger_import.fingerprint(day, account.strip(), amount_ore, text),
    )
    record_created(
        obj=entry,
        fields=["day", "line_key", "amount_ore", "text", "account", "source"],
        actor=actor,
        action="add_ledger_entry",
        collaboration=collaboration,
    )
    return entry


@transaction.atomic
def remove_entry(*, entry: LedgerEntry, actor: User | None) -> None:
    """A hand-booked entry may be taken back; an imported one is corrected by a new import or entry."""
    if entry.source == LedgerSource.IMPORT:
        raise DomainError(_("En importerad post tas inte bort; boka en rättelse med motsatt belopp."))
    record(
        actor=actor,
        action="remove_ledger_entry",
        obj=entry,
        collaboration=entry.collaboration,
        before={"day": str(entry.day), "line_key": entry.line_key, "amount_ore": entry.amount_ore},
    )
    entry.delete()


@transaction.atomic
def set_account_mapping(*, collaboration: Collaboration, account: str, line_key: str, actor: User | None) -> None:
    account = account.strip()
    if not (account.isascii() and account.isdigit()) or not 3 <= len(account) <= 10:
        raise DomainError(_("Ett konto är 3–10 siffror."), field="account")
    if line_key not in dict(mapping_targets(economy_of(collaboration))):
        raise DomainError(_("Välj en budgetrad."), field="line_key")
    mapping, created = AccountMapping.objects.update_or_create(
        collaboration=collaboration, account=account, defaults={"line_key": line_key}
    )
    record(
        actor=actor,
        action="set_account_mapping",
        obj=mapping,
        collaboration=collaboration,
        after={"account": account, "line_key": line_key, "created": created},
    )


@transaction.atomic
def remove_account_mapping(*, mapping: AccountMapping, actor: User | None) -> None:
    record(
        actor=actor,
        action="remove_account_mapping",
        obj=mapping,
        collaboration=mapping.collaboration,
        before={"account": mapping.account, "line_key": mapping.line_key},
    )
    mapping.delete()


def _existing_for_ledger(collaboration: Collaboration, year: int) -> ledger_import.Existing:
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


@transaction.atomic
def preview_ledger_import(
    *, collaboration: Collaboration, year: int, data: bytes, filename: str, actor: User | None
) -> tuple[LedgerImport, ledger_import.Preview]:
    """Read and judge an accounting export; keep it for the commit. Books nothing."""
    try:
        result = ledger_import.preview(data, filename, _existing_for_ledger(collaboration, year))
    except ledger_import.ImportFileError as error:
        raise DomainError(str(error), field="file") from None
    pending = LedgerImport.objects.create(
        collaboration=collaboration,
        year=year,
        created_by=actor,
        filename=filename[:255],
        sha256=result.sha256,
        rows=[{"line": r.line, "values": r.values} for r in result.rows],
    )
    return pending, result


def judge_ledger_import(pending: LedgerImport) -> ledger_import.Preview:
    """The stored rows judged against the ledger and the account mapping as they are now."""
    existing = _existing_for_ledger(pending.collaboration, pending.year)
    rows = [ledger_import.Row(line=r["line"], values=r["values"]) for r in pending.rows]
    ledger_import.judge(rows, existing)
    return ledger_import.Preview(
        filename=pending.filename,
        sha256=pending.sha256,
        rows=rows,
        duplicate_of=existing.file_hashes.get(pending.sha256, ""),
    )


@transaction.atomic
def commit_ledger_import(*, pending: LedgerImport, actor: User | None) -> ledger_import.Preview:
    """Book every new row, or nothing: a refused row or a file already imported stops it all."""
    pending = LedgerImport.objects.select_for_update().get(pk=pending.pk)
    if pending.status != LedgerImportStatus.PREVIEW:
        raise DomainError(_("Den här importen är redan %(status)s.") % {"status": pending.get_status_display()})
    result = judge_ledger_import(pending)
    if result.duplicate_of:
        raise DomainError(
            _("Samma fil är redan importerad (%(earlier)s); inget har sparats.") % {"earlier": result.duplicate_of}
        )
    if result.refused:
        raise DomainError(
            ngettext(
                "%(count)s rad kan inte importeras. Rätta filen och ladda upp den igen; inget har sparats.",
                "%(count)s rader kan inte importeras. Rätta filen och ladda upp den igen; inget har sparats.",
                len(result.refused),
            )
            % {"count": len(result.refused)}
        )
    collaboration = pending.collaboration
    created = [
        LedgerEntry(
            collaboration=collaboration,
            day=row.day,  # type: ignore[misc]  # a row that is not refused has its day
            account=row.account,
            amount_ore=row.amount_ore,
            text=row.text[:300],
            line_key=row.line_key,
            activity_id=row.activity_id,
            source=LedgerSource.IMPORT,
            ledger_import=pending,
            fingerprint=row.fingerprint,
            created_by=actor,
        )
        for row in result.rows
        if row.action == "create"
    ]
    LedgerEntry.objects.bulk_create(created, batch_size=500)
    pending.status = LedgerImportStatus.COMMITTED
    pending.committed_at = timezone.now()
    pending.entry_count = len(created)
    pending.save(update_fields=["status", "committed_at", "entry_count"])
    record(
        actor=actor,
        action="commit_ledger_import",
        obj=pending,
        collaboration=collaboration,
        after={
            "entries": len(created),
            "duplicates_skipped": result.count("duplicate"),
            "total_ore": result.total_ore,
            "sha256": pending.sha256,
        },
    )
    return result


@transaction.atomic
def discard_ledger_import(*, pending: LedgerImport, actor: User | None) -> None:
    pending = LedgerImport.objects.select_for_update().get(pk=pending.pk)
    if pending.status != LedgerImportStatus.PREVIEW:
        raise DomainError(_("Den här importen är redan %(status)s.") % {"status": pending.get_status_display()})
    pending.status = LedgerImportStatus.DISCARDED
    pending.save(update_fields=["status"])
    record(actor=actor, action="discard_ledger_import", obj=pending, collaboration=pending.collaboration)


@transaction.atomic
def record_fees(
    *, activity: Activity, members: int, others: int, day: datetime.date, actor: User | None
) -> LedgerEntry:
    """Participant fees collected for an activity flow into the ledger as income (EC3)."""
    collaboration = activity.collaboration
    source = economy_of(collaboration).fee_source
    if source is None:
        raise DomainError(_("Avtalet har ingen intäktskälla för deltagaravgifter."))
    if members < 0 or others < 0 or members + others == 0:
        raise DomainError(_("Ange hur många deltagare som betalat."), field="members")
    if (members and activity.fee_member_ore is None) or (others and activity.fee_other_ore is None):
        raise DomainError(_("Aktiviteten har ingen deltagaravgift för den gruppen."), field="members")
    amount = members * (activity.fee_member_ore or 0) + others * (activity.fee_other_ore or 0)
    if amount == 0:
        raise DomainError(_("Avgifterna blir 0 kr; inget att bokföra."), field="members")
    return add_entry(
        collaboration=collaboration,
        day=day,
        line_key=income_key(source.key),
        amount_ore=amount,
        text=_("Deltagaravgifter %(title)s: %(members)s från medlemskommuner, %(others)s övriga")
        % {"title": activity.title, "members": members, "others": others},
        actor=actor,
        source=LedgerSource.FEES,
        activity=activity,
    )


# --- forecasts and status reports --------------------------------------------------------------


@transaction.atomic
def set_forecast(
    *, collaboration: Collaboration, year: int, line_key: str, amount_ore: int | None, comment: str, actor: User | None
) -> None:
    """Enter (or, with no amount, clear) the forecast of a line for the year, with a comment."""
    booked = LedgerEntry.objects.filter(collaboration=collaboration, day__year=year, line_key=line_key).exists()
    if line_key not in _line_choices(collaboration, year) and not booked:
        raise DomainError(_("Välj en budgetrad för %(year)s.") % {"year": year}, field="line_key")
    if amount_ore is None:
        deleted, _rows = Forecast.objects.filter(collaboration=collaboration, year=year, line_key=line_key).delete()
        if deleted:
            record(
                actor=actor,
                action="clear_forecast",
                obj=collaboration,
                collaboration=collaboration,
                before={"year": year, "line_key": line_key},
            )
        return
    forecast, _created = Forecast.objects.update_or_create(
        collaboration=collaboration,
        year=year,
        line_key=line_key,
        defaults={"amount_ore": amount_ore, "comment": comment.strip()[:500], "updated_by": actor},
    )
    record(
        actor=actor,
        action="set_forecast",
        obj=forecast,
        collaboration=collaboration,
        after={"year": year, "line_key": line_key, "amount_ore": amount_ore, "comment": forecast.comment},
    )


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
    if access is not None and access.can("view_party_finance"):
        return view
    rows = [p for p in view.parties if access is not None and access.can("view_party_finance", p.party)]
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


@transaction.atomic
def present_status_report(
    *, collaboration: Collaboration, as_of: datetime.date, meeting: Meeting, actor: User | None
) -> StatusReport:
    """Put the status report on a meeting's agenda with its PDF attached (CO2; CM3: the host
    presents budget and financial follow-up to the collaboration group)."""
    from samverkan.finance.documents import status_pdf

    if meeting.group.collaboration_id != collaboration.pk:
        raise DomainError(_("Mötet hör inte till den här samverkan."))
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        raise DomainError(_("Rapporten kan bara läggas på ett möte som inte har hållits."), field="meeting")
    if as_of > dates.local_date(meeting.starts_at):
        raise DomainError(_("Rapportens datum ligger efter mötet."), field="as_of")
    view = status_view(collaboration, as_of)
    shown = for_reader(view, None)  # an agenda document: every participant can open it
    host = collaboration.host_on(as_of)
    title = _("Ekonomisk lägesrapport per %(day)s") % {"day": dates.prose_date(as_of)}
    item = add_agenda_item(
        meeting=meeting,
        actor=actor,
        title=title,
        presenter=host.name if host else "",
        description=_("Budget, utfall och prognos för %(year)s.") % {"year": as_of.year},
        public=False,  # forecasts and each party's unpaid amounts are for the members
    )
    pdf = status_pdf(shown)
    attach_document(
        item=item,
        upload=SimpleUploadedFile(f"lagesrapport-{as_of.isoformat()}.pdf", pdf, content_type="application/pdf"),
        title=title,
        actor=actor,
    )
    report = StatusReport.objects.create(
        collaboration=collaboration, as_of=as_of, data=status_snapshot(view), agenda_item=item, created_by=actor
    )
    record_created(
        obj=report, fields=["as_of"], actor=actor, action="present_status_report", collaboration=collaboration
    )
    return report


def presented_reports(collaboration: Collaboration, year: int) -> list[StatusReport]:
    """The status reports presented at a meeting held (or to be held) in the year."""
    return list(
        StatusReport.objects.filter(collaboration=collaboration, agenda_item__meeting__starts_at__year=year)
        .exclude(agenda_item__meeting__status=MeetingStatus.CANCELLED)
        .select_related("agenda_item__meeting__group")
    )


# --- invoices ------------------------------------------------------------------------------------


@transaction.atomic
def invoice_cofinancing(
    *, collaboration: Collaboration, year: int, invoiced_on: datetime.date, actor: User | None
) -> list[Invoice]:
    """Invoice every party its share of the decided budget: the split source by the key, and each
    source a single party pays in full."""
    economy_of(collaboration)  # refuses a collaboration without a joint economy
    version = shown_budget(collaboration, year, drafts=False)
    if version is None:
        raise DomainError(_("Budgeten för %(year)s är inte beslutad; fakturera efter beslutet.") % {"year": year})
    _check_invoice_day(collaboration, invoiced_on)
    # one invoicing at a time: a second click waits here and then finds the invoices made
    PlanVersion.objects.select_for_update().filter(pk=version.pk).first()
    if Invoice.objects.filter(collaboration=collaboration, year=year, kind=InvoiceKind.COFINANCING).exists():
        raise DomainError(_("Medfinansieringen för %(year)s är redan fakturerad.") % {"year": year})
    share = cofinancing(collaboration, version, year)
    if share.error:
        raise DomainError(share.error)
    amounts = share.by_party
    invoices = [
        Invoice.objects.create(
            collaboration=collaboration,
            year=year,
            party_id=party_id,
            kind=InvoiceKind.COFINANCING,
            amount_ore=amount,
            invoiced_on=invoiced_on,
            created_by=actor,
        )
        for party_id, amount in amounts.items()
        if amount > 0
    ]
    record(
        actor=actor,
        action="invoice_cofinancing",
        obj=version,
        collaboration=collaboration,
        after={"year": year, "invoices": len(invoices), "total_ore": sum(amounts.values())},
    )
    return invoices


@transaction.atomic
def add_extra_contribution(
    *,
    collaboration: Collaboration,
    party: Party,
    amount_ore: int,
    invoiced_on: datetime.date,
    actor: User | None,
    activity: Activity | None = None,
    note: str = "",
) -> Invoice:
    """An extra contribution from one party, e.g. towards a costly activity (EC3)."""
    if party.collaboration_id != collaboration.pk:
        raise DomainError(_("Parten hör inte till den här samverkan."), field="party")
    if amount_ore <= 0:
        raise DomainError(_("Beloppet ska vara större än noll."), field="amount")
    _check_invoice_day(collaboration, invoiced_on)
    invoice = Invoice.objects.create(
        collaboration=collaboration,
        year=invoiced_on.year,
        party=party,
        kind=InvoiceKind.EXTRA,
        activity=activity,
        amount_ore=amount_ore,
        invoiced_on=invoiced_on,
        note=note.strip()[:300],
        created_by=actor,
    )
    record_created(
        obj=invoice,
        fields=["party", "amount_ore", "invoiced_on", "activity", "note"],
        actor=actor,
        action="add_extra_contribution",
        collaboration=collaboration,
    )
    return invoice


@transaction.atomic
def mark_paid(*, invoice: Invoice, paid_on: datetime.date | None, actor: User | None) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if paid_on is not None and paid_on < invoice.invoiced_on:
        raise DomainError(_("Betaldatum kan inte ligga före fakturadatum."), field="paid_on")
    if paid_on is not None and paid_on > timezone.localdate():
        raise DomainError(_("Betaldatum kan inte ligga i framtiden."), field="paid_on")
    before = invoice.paid_on
    invoice.paid_on = paid_on
    invoice.save(update_fields=["paid_on"])
    record(
        actor=actor,
        action="mark_invoice_paid",
        obj=invoice,
        collaboration=invoice.collaboration,
        before={"paid_on": str(before) if before else None},
        after={"paid_on": str(paid_on) if paid_on else None},
    )
    return invoice


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


# --- time ----------------------------------------------------------------------------------------


def is_coordinator(collaboration: Collaboration, person: Person, day: datetime.date) -> bool:
    return (
        Membership.objects.current(day)
        .filter(person=person, group__collaboration=collaboration, role="coordinator")
        .exists()
    )


@transaction.atomic
def log_time(
    *,
    collaboration: Collaboration,
    person: Person,
    day: datetime.date,
    minutes: int,
    actor: User | None,
    assignment: Assignment | None = None,
    activity: Activity | None = None,
    meeting: Meeting | None = None,
    note: str = "",
) -> TimeEntry:
    """Log hours: the coordinator's count against the collaboration's share (CO1); anyone else's
    are their own organisation's in-kind contribution, outside the joint budget (EC2)."""
    if not 0 < minutes <= 24 * 60:
        raise DomainError(_("Tiden ska vara mer än 0 och högst 24 timmar."), field="hours")
    if day > timezone.localdate():
        raise DomainError(_("Tid kan inte rapporteras för en dag som inte har varit."), field="day")
    for obj in (assignment, activity):
        if obj is not None and obj.collaboration_id != collaboration.pk:
            raise DomainError(_("Det valda hör inte till den här samverkan."))
    if meeting is not None and meeting.group.collaboration_id != collaboration.pk:
        raise DomainError(_("Det valda hör inte till den här samverkan."))
    kind = TimeKind.COORDINATOR if is_coordinator(collaboration, person, day) else TimeKind.IN_KIND
    entry = TimeEntry.objects.create(
        collaboration=collaboration,
        person=person,
        kind=kind,
        day=day,
        minutes=minutes,
        assignment=assignment,
        activity=activity,
        meeting=meeting,
        note=note.strip()[:300],
    )
    record_created(
        obj=entry,
        fields=["person", "kind", "day", "minutes", "assignment", "activity", "meeting", "note"],
        actor=actor,
        action="log_time",
        collaboration=collaboration,
    )
    return entry


@transaction.atomic
def remove_time(*, entry: TimeEntry, actor: User | None) -> None:
    record(
        actor=actor,
        action="remove_time",
        obj=entry,
        collaboration=entry.collaboration,
        before={"day": str(entry.day), "minutes": entry.minutes, "kind": entry.kind},
    )
    entry.delete()


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
