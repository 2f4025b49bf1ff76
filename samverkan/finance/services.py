"""Use cases of the joint economy: the budget's lines and cost-sharing key (PL4, EC1, EC4), the
ledger and its import, forecasts, invoices per party, financial status reports presented to a
meeting (CO2, CM3), participant fees and extra contributions (EC3), and logged time (CO1, EC2).
Each is a write under a transaction that records its audit entry; the reads are in `selectors.py`."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.audit import stale
from samverkan.audit.services import record, record_created
from samverkan.finance import ledger_import
from samverkan.finance.budget import (
    SharingKey,
    editable_keys,
    income_key,
    mapping_targets,
)
from samverkan.finance.documents import status_pdf
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
from samverkan.finance.rules import LEDGER_IMPORT
from samverkan.finance.selectors import (
    cofinancing,
    economy_of,
    economy_years,
    existing_for_ledger,
    for_reader,
    is_coordinator,
    judge_ledger_import,
    line_labels,
    shown_budget,
    status_snapshot,
    status_view,
)
from samverkan.lib import dates
from samverkan.lib.errors import DomainError
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.services import add_agenda_item, attach_document
from samverkan.organisations.models import Party, Person
from samverkan.plans.models import Activity, Assignment, PlanVersion

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.collaborations.models import Collaboration


def _check_invoice_day(collaboration: Collaboration, day: datetime.date) -> None:
    """An invoice dated outside the years the pages show could never be seen again."""
    years = economy_years(collaboration)
    if day.year not in years:
        raise DomainError(
            _("Fakturadatum ska ligga mellan %(first)s och %(last)s.") % {"first": years[-1], "last": years[0]},
            field="invoiced_on",
        )


# --- the budget -----------------------------------------------------------------------------


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


# --- the ledger -------------------------------------------------------------------------------


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
    if line_key not in line_labels(collaboration, day.year):
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


@transaction.atomic
def preview_ledger_import(
    *, collaboration: Collaboration, year: int, data: bytes, filename: str, actor: User | None
) -> tuple[LedgerImport, ledger_import.Preview]:
    """Read and judge an accounting export; keep it for the commit. Books nothing."""
    try:
        result = ledger_import.preview(data, filename, existing_for_ledger(collaboration, year))
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
    record_created(
        obj=pending,
        fields=["year", "filename"],
        actor=actor,
        action="preview_ledger_import",
        collaboration=collaboration,
    )
    return pending, result


@transaction.atomic
def commit_ledger_import(*, pending: LedgerImport, actor: User | None) -> ledger_import.Preview:
    """Book every new row, or nothing: a refused row or a file already imported stops it all."""
    pending = LedgerImport.objects.select_for_update().get(pk=pending.pk)
    if not LEDGER_IMPORT.allows(pending.status, LedgerImportStatus.COMMITTED):
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
    if not LEDGER_IMPORT.allows(pending.status, LedgerImportStatus.DISCARDED):
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
    if line_key not in line_labels(collaboration, year) and not booked:
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


@transaction.atomic
def present_status_report(
    *, collaboration: Collaboration, as_of: datetime.date, meeting: Meeting, actor: User | None
) -> StatusReport:
    """Put the status report on a meeting's agenda with its PDF attached (CO2; CM3: the host
    presents budget and financial follow-up to the collaboration group)."""
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


# --- time ----------------------------------------------------------------------------------------


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
