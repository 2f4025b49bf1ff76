"""Views of the economy: overview, the budget's lines and key, co-financing and invoicing basis,
the ledger and its import, account mapping, the status report, invoices and logged time."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import collaboration_for
from samverkan.audit import stale
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.views import deny, form_page
from samverkan.finance import documents, ledger_import, selectors, services
from samverkan.finance.budget import FIXED, editable_keys, mapping_targets
from samverkan.finance.charts import budget_vs_actual_page_svg, month_names
from samverkan.finance.forms import (
    BudgetForm,
    CompareForm,
    EntryForm,
    ExtraContributionForm,
    FeesForm,
    ForecastForm,
    InvoiceForm,
    LedgerImportForm,
    MappingForm,
    PaidForm,
    PresentForm,
    TimeForm,
)
from samverkan.finance.models import (
    AccountMapping,
    Invoice,
    LedgerEntry,
    LedgerImport,
    LedgerImportStatus,
    TimeEntry,
    TimeKind,
)
from samverkan.finance.permissions import LOG_TIME, MANAGE_FINANCE, VIEW_FINANCE, VIEW_PARTY_FINANCE
from samverkan.lib.errors import DomainError
from samverkan.lib.forms import MoneyField
from samverkan.lib.http import download
from samverkan.lib.pagination import page_of
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.organisations.models import Group, Party, Person
from samverkan.plans.models import OPEN_ASSIGNMENT, Activity, Assignment, PlanDocument, PlanVersion
from samverkan.plans.permissions import DRAFT_PLAN
from samverkan.plans.services import document_type

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("ar") or request.POST.get("ar") or today.year)
    except ValueError:
        raise Http404 from None
    return _check_year(year)


def _day(request: HttpRequest) -> datetime.date:
    text = request.GET.get("datum") or request.POST.get("datum") or ""
    try:
        day = parse_date(text) if text else timezone.localdate()
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= timezone.localdate().year + 5:
        raise Http404
    return day


def _check_year(year: int) -> int:
    """A year from the URL, within what the pages show (else 404, never a 500)."""
    this = timezone.localdate().year
    if not this - 10 <= year <= this + 5:
        raise Http404
    return year


def _first_year(collaboration: Collaboration) -> int:
    return selectors.economy_years(collaboration)[-1]


def _finance(request: HttpRequest, slug: str) -> tuple[Collaboration, Any]:
    collaboration, access = collaboration_for(request, slug)
    if collaboration.model.economy is None:
        raise Http404
    return collaboration, access


# --- overview and budget ---------------------------------------------------------------------


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The year's economy at a glance: the budget and where it stands, and the ways in."""
    collaboration, access = _finance(request, slug)
    if not access.can(VIEW_FINANCE):
        return deny(request)
    year = _year(request)
    version = selectors.shown_budget(collaboration, year, drafts=True)
    budget = (selectors.budget_summary(version, with_findings=True) if version else None) or {}
    document = selectors.budget_document(collaboration, year)
    today = timezone.localdate()
    return render(
        request,
        "finance/overview.html",
        {
            "collaboration": collaboration,
            "access": access,
            "year": year,
            "years": selectors.economy_years(collaboration),
            "version": version,
            "document": document,
            "lines": budget.get("lines", []),
            "totals": budget.get("totals"),
            "findings": budget.get("findings", []),
            "reports": selectors.presented_reports(collaboration, year),
            "required_reports": collaboration.model.economy.status_reports_per_year,  # type: ignore[union-attr]
            "time": selectors.coordinator_time(collaboration, year, min(today, datetime.date(year, 12, 31))),
            "my_parties": sorted(
                (
                    p
                    for p in Party.objects.filter(collaboration=collaboration).select_related("organisation")
                    if access.can(VIEW_PARTY_FINANCE, p)
                ),
                key=selectors.party_order,
            )[:20],
        },
    )


def budget_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The drafting body fills in the budget's lines and chooses its cost-sharing key (PL4, EC4)."""
    collaboration, access = _finance(request, slug)
    document = get_object_or_404(PlanDocument, collaboration=collaboration, pk=pk)
    economy = selectors.economy_of(collaboration)
    if document.doc_type != economy.budget_document:
        raise Http404
    spec = document_type(collaboration, document.doc_type)
    drafting = Group.objects.filter(collaboration=collaboration, key=spec.drafted_by).first()
    if not access.can(DRAFT_PLAN, drafting):
        return deny(request)
    version = document.versions.order_by("-number").first()
    assert version is not None
    if not version.editable:
        messages.error(request, _("Den här versionen kan inte ändras."))
        return redirect("plan_detail", slug, pk)
    editable = editable_keys(economy)
    source = economy.split_source
    parties = (
        [p for p, _a in selectors.sharing_parties(collaboration, document.year, source.split, None)] if source else []
    )
    form = BudgetForm(
        request.POST or None,
        budget_lines=selectors.version_lines(version),
        editable=editable,
        parties=parties,
        population_years=selectors.population_years(collaboration),
        initial=BudgetForm.initial_for(version.budget or {}, editable, parties),
    )
    stale.add_field(form, version.version)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_budget(
                version=version,
                amounts=form.amounts(),
                notes=form.notes(),
                key=form.sharing_key(),
                actor=request.user,
                loaded_version=stale.loaded(form),
            )
        except stale.StaleEditError as error:
            stored = PlanVersion.objects.get(pk=version.pk).budget or {}
            labels = {}
            for line, amount, note in form.line_fields:
                if amount is not None and note is not None:
                    labels[amount.name] = line.name
                    labels[note.name] = _("Kommentar till %(name)s") % {"name": line.name}
            conflict = stale.conflict(form, error, BudgetForm.initial_for(stored, editable, parties), labels)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Budgeten är sparad."))
            return redirect("plan_detail", slug, pk)
    return render(
        request,
        "finance/budget_edit.html",
        {
            "collaboration": collaboration,
            "access": access,
            "document": document,
            "version": version,
            "form": form,
            "fixed": FIXED,
            "conflict": conflict,
        },
    )


def cofinancing(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The municipal co-financing split by the budget's key, and keys compared on the same total."""
    collaboration, access = _finance(request, slug)
    if not access.can(VIEW_FINANCE):
        return deny(request)
    _check_year(year)
    version = selectors.shown_budget(collaboration, year, drafts=True)
    share = selectors.cofinancing(collaboration, version, year)
    years = selectors.population_years(collaboration)
    compare_form = CompareForm(
        request.GET if "total" in request.GET else None,
        population_years=years,
        initial={
            "total": share.total_ore or None,
            "population_year": share.key.population_year or (years[0] if years else None),
        },
    )
    comparison = parties = None
    if compare_form.is_bound and compare_form.is_valid():
        data = compare_form.cleaned_data
        try:
            parties, comparison = selectors.compare_keys(
                collaboration, year, data["total"], data["population_year"], data.get("base") or 0
            )
        except DomainError as error:
            compare_form.add_error(None, error.message)
    rows = []
    if comparison is not None and parties is not None:
        for party, allocation_party in parties:
            rows.append(
                (
                    party,
                    allocation_party.population,
                    [c.shares.get(allocation_party.key) if c.shares else None for c in comparison],
                )
            )
    return render(
        request,
        "finance/cofinancing.html",
        {
            "collaboration": collaboration,
            "access": access,
            "year": year,
            "version": version,
            "share": share,
            "compare_form": compare_form,
            "comparison": comparison,
            "comparison_rows": rows,
            "comparison_totals": [sum(c.shares.values()) if c.shares else None for c in comparison or []],
            "parties": {
                party.pk: access.can(VIEW_PARTY_FINANCE, party)
                for party in [row.party for row in share.rows] + [own.party for own in share.own]
            },
        },
    )


def cofinancing_export(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    collaboration, access = _finance(request, slug)
    if not access.can(VIEW_FINANCE):
        return deny(request)
    _check_year(year)
    share = selectors.cofinancing(collaboration, selectors.shown_budget(collaboration, year, drafts=True), year)
    return download(documents.cofinancing_xlsx(share, year), XLSX, f"medfinansiering-{slug}-{year}.xlsx")


def invoicing_basis(request: HttpRequest, slug: str, year: int, party: str, fmt: str = "html") -> HttpResponse:
    """A party's invoicing basis: to the coordinator and to that party's own representatives."""
    collaboration, access = _finance(request, slug)
    party_obj = get_object_or_404(Party.objects.select_related("organisation"), collaboration=collaboration, key=party)
    if not access.can(VIEW_PARTY_FINANCE, party_obj):
        return deny(request)
    _check_year(year)
    basis = selectors.invoicing_basis(collaboration, year, party_obj)
    name = f"fakturaunderlag-{year}-{party}"
    if fmt == "pdf":
        return download(documents.invoicing_basis_pdf(basis, collaboration), PDF, f"{name}.pdf")
    if fmt == "xlsx":
        return download(documents.invoicing_basis_xlsx(basis), XLSX, f"{name}.xlsx")
    if fmt != "html":
        raise Http404
    return render(request, "finance/invoicing_basis.html", {"collaboration": collaboration, "access": access, **basis})


# --- ledger ------------------------------------------------------------------------------------


def ledger(request: HttpRequest, slug: str) -> HttpResponse:
    """The year's actual costs and income per line, the entries, and (coordinator) a new entry."""
    collaboration, access = _finance(request, slug)
    if not access.can(VIEW_FINANCE):
        return deny(request)
    year = _year(request)
    choices = selectors.line_choices(collaboration, year)
    form = None
    if access.can(MANAGE_FINANCE):
        form = EntryForm(
            request.POST or None,
            line_choices=choices,
            initial={"day": timezone.localdate()},
            first_year=_first_year(collaboration),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.add_entry(
                    collaboration=collaboration,
                    day=data["day"],
                    line_key=data["line_key"],
                    amount_ore=data["amount"],
                    text=data["text"],
                    account=data["account"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Posten är bokförd."))
                return redirect(f"{reverse('ledger', args=[slug])}?ar={data['day'].year}")
    elif request.method == "POST":
        return deny(request)
    labels = dict(choices)
    year_entries = LedgerEntry.objects.filter(collaboration=collaboration, day__year=year)
    by_line = dict(year_entries.values("line_key").annotate(total=Sum("amount_ore")).values_list("line_key", "total"))
    shown = request.GET.get("rad", "")
    listed = year_entries.filter(line_key=shown) if shown else year_entries
    page = page_of(request, listed.order_by("-day", "-pk").select_related("activity"))
    return render(
        request,
        "finance/ledger.html",
        {
            "collaboration": collaboration,
            "access": access,
            "year": year,
            "years": selectors.economy_years(collaboration),
            "form": form,
            "labels": labels,
            "sums": sorted(by_line.items(), key=lambda kv: list(labels).index(kv[0]) if kv[0] in labels else 999),
            "entries": page.object_list,
            "page": page,
            "entry_count": page.paginator.count,
            "manage": access.can(MANAGE_FINANCE),  # once for the page, not per row
            "shown": shown,
            "imports": LedgerImport.objects.filter(collaboration=collaboration, year=year).exclude(
                status=LedgerImportStatus.DISCARDED
            )[:10],
        },
    )


@require_POST
def ledger_entry_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _finance(request, slug)
    if not access.can(MANAGE_FINANCE):
        return deny(request)
    entry = get_object_or_404(LedgerEntry, collaboration=collaboration, pk=pk)
    try:
        services.remove_entry(entry=entry, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Posten är borttagen."))
    return redirect(f"{reverse('ledger', args=[slug])}?ar={entry.day.year}")


def ledger_import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = _finance(request, slug)
    if not access.can(MANAGE_FINANCE):
        return deny(request)
    form = LedgerImportForm(
        request.POST or None,
        request.FILES or None,
        years=selectors.economy_years(collaboration),
        initial={"year": _year(request)},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(ledger_import.MAX_BYTES + 1)
        try:
            pending, _preview = services.preview_ledger_import(
                collaboration=collaboration,
                year=form.cleaned_data["year"],
                data=data,
                filename=upload.name,
                actor=request.user,
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("ledger_import_preview", slug, pending.pk)
    return render(
        request,
        "finance/ledger_import_upload.html",
        {"collaboration": collaboration, "access": access, "form": form},
    )


def ledger_import_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every row and what will happen to it; the commit books all new rows or none."""
    collaboration, access = _finance(request, slug)
    if not access.can(MANAGE_FINANCE):
        return deny(request)
    pending = get_object_or_404(LedgerImport, collaboration=collaboration, pk=pk)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "genomfor":
                result = services.commit_ledger_import(pending=pending, actor=request.user)
                messages.success(
                    request,
                    _("%(n)s poster är bokförda; %(d)s fanns redan och hoppades över.")
                    % {"n": result.count("create"), "d": result.count("duplicate")},
                )
                return redirect(f"{reverse('ledger', args=[slug])}?ar={pending.year}")
            if action == "avbryt":
                services.discard_ledger_import(pending=pending, actor=request.user)
                messages.success(request, _("Importen är avbruten; inget har sparats."))
                return redirect(f"{reverse('ledger', args=[slug])}?ar={pending.year}")
        except DomainError as exc:
            error = exc.message
        pending.refresh_from_db()
    preview = selectors.judge_ledger_import(pending)
    labels = dict(selectors.line_choices(collaboration, pending.year))
    return render(
        request,
        "finance/ledger_import_preview.html",
        {
            "collaboration": collaboration,
            "access": access,
            "pending": pending,
            "preview": preview,
            "error": error,
            "labels": labels,
            "counts": {a: preview.count(a) for a in ("create", "duplicate", "refused")},
            "rows": preview.refused + [r for r in preview.rows if r.action != "refused"][:200],
        },
    )


def account_mappings(request: HttpRequest, slug: str) -> HttpResponse:
    """Which budget line each account of the host's accounting books against."""
    collaboration, access = _finance(request, slug)
    if not access.can(VIEW_FINANCE):
        return deny(request)
    targets = mapping_targets(selectors.economy_of(collaboration))
    form = MappingForm(request.POST or None, targets=targets) if access.can(MANAGE_FINANCE) else None
    if request.method == "POST":
        if form is None:
            return deny(request)
        if form.is_valid():
            try:
                services.set_account_mapping(
                    collaboration=collaboration,
                    account=form.cleaned_data["account"],
                    line_key=form.cleaned_data["line_key"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Kontot är kopplat."))
                return redirect("account_mappings", slug)
    return render(
        request,
        "finance/account_mappings.html",
        {
            "collaboration": collaboration,
            "access": access,
            "form": form,
            "mappings": AccountMapping.objects.filter(collaboration=collaboration),
            "labels": dict(targets),
        },
    )


@require_POST
def account_mapping_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _finance(request, slug)
    if not access.can(MANAGE_FINANCE):
        return deny(request)
    services.remove_account_mapping(
        mapping=get_object_or_404(AccountMapping, collaboration=collaboration, pk=pk), actor=request.user
    )
    messages.success(request, _("Kopplingen är borttagen."))
    return redirect("account_mappings", slug)


# --- status report -------------------------------------------------------------------------------


def _upcoming_meetings(collaboration: Collaboration) -> Any:
    return (
        Meeting.objects.filter(
            group__collaboration=collaboration,
            status__in=[MeetingStatus.PLANNED, MeetingStatus.CALLED],
            starts_at__gte=timezone.now(),
        )
        .select_related("group")
        .order_by("starts_at")
    )


def status_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The financial status report for any date: page; the coordinator enters forecasts and puts
    the report on a meeting's agenda."""
    collaboration, access = _finance(request, slug)
    if not access.can(VIEW_FINANCE):
        return deny(request)
    day = _day(request)
    if request.method == "POST":
        if not access.can(MANAGE_FINANCE):
            return deny(request)
        return _status_post(request, collaboration, day)
    view = selectors.for_reader(selectors.status_view(collaboration, day), access)
    manage = access.can(MANAGE_FINANCE)
    return render(
        request,
        "finance/status.html",
        {
            "collaboration": collaboration,
            "access": access,
            "view": view,
            "day": day,
            "chart": budget_vs_actual_page_svg(view.report.months),
            "month_names": month_names(),
            # one small form per budget line, written out by the template (the forms' renderer
            # per field cost more than the rest of the page); posted back to ForecastForm
            "forecast_forms": {
                r.line.key: {
                    "prefix": f"f{index}",
                    "line_key": r.line.key,
                    "amount": MoneyField().prepare_value(r.forecast_ore) if r.forecast_entered else "",
                    "comment": r.comment,
                }
                for index, r in enumerate(view.report.lines)
            }
            if manage
            else {},
            "present_form": PresentForm(meetings=_upcoming_meetings(collaboration)) if manage else None,
        },
    )


def _status_post(request: HttpRequest, collaboration: Collaboration, day: datetime.date) -> HttpResponse:
    back = f"{reverse('status_report', args=[collaboration.slug])}?datum={day.isoformat()}"
    if request.POST.get("action") == "present":
        form = PresentForm(request.POST, meetings=_upcoming_meetings(collaboration))
        if not form.is_valid():
            messages.error(request, _("Välj ett kommande möte."))
            return redirect(back)
        try:
            report = services.present_status_report(
                collaboration=collaboration, as_of=day, meeting=form.cleaned_data["meeting"], actor=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(back)
        assert report.agenda_item is not None
        messages.success(
            request,
            _("Lägesrapporten ligger på dagordningen för %(meeting)s.") % {"meeting": report.agenda_item.meeting},
        )
        return redirect(back)
    prefix = request.POST.get("prefix", "")
    forecast = ForecastForm(request.POST, prefix=prefix)
    if not forecast.is_valid():
        messages.error(
            request,
            " ".join(str(e) for errors in forecast.errors.values() for e in errors)
            or _("Prognosen kunde inte sparas."),
        )
        return redirect(back)
    try:
        services.set_forecast(
            collaboration=collaboration,
            year=day.year,
            line_key=forecast.cleaned_data["line_key"],
            amount_ore=forecast.cleaned_data["amount"],
            comment=forecast.cleaned_data["comment"],
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Prognosen är sparad."))
    return redirect(back)


def status_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    collaboration, access = _finance(request, slug)
    if not access.can(VIEW_FINANCE):
        return deny(request)
    day = _day(request)
    view = selectors.for_reader(selectors.status_view(collaboration, day), access)
    name = f"lagesrapport-{slug}-{day.isoformat()}"
    if fmt == "pdf":
        return download(documents.status_pdf(view), PDF, f"{name}.pdf")
    if fmt == "xlsx":
        return download(documents.status_xlsx(view), XLSX, f"{name}.xlsx")
    raise Http404


# --- invoices ------------------------------------------------------------------------------------


def invoices(request: HttpRequest, slug: str) -> HttpResponse:
    """What each party has been invoiced and has paid; the coordinator invoices the co-financing
    and records extra contributions (EC3)."""
    collaboration, access = _finance(request, slug)
    if not access.can(VIEW_FINANCE):
        return deny(request)
    year = _year(request)
    manage = access.can(MANAGE_FINANCE)
    parties = selectors.parties_by_name(Party.objects.filter(collaboration=collaboration))
    activities = Activity.objects.filter(collaboration=collaboration, year=year)
    invoice_form = InvoiceForm(initial={"invoiced_on": timezone.localdate()}) if manage else None
    extra_form = (
        ExtraContributionForm(parties=parties, activities=activities, initial={"invoiced_on": timezone.localdate()})
        if manage
        else None
    )
    if request.method == "POST":
        if not manage:
            return deny(request)
        action = request.POST.get("action")
        try:
            if action == "invoice":
                invoice_form = InvoiceForm(request.POST)
                if invoice_form.is_valid():
                    created = services.invoice_cofinancing(
                        collaboration=collaboration,
                        year=year,
                        invoiced_on=invoice_form.cleaned_data["invoiced_on"],
                        actor=request.user,
                    )
                    messages.success(request, _("%(n)s fakturor är registrerade.") % {"n": len(created)})
                    return redirect(f"{reverse('invoices', args=[slug])}?ar={year}")
            elif action == "extra":
                extra_form = ExtraContributionForm(request.POST, parties=parties, activities=activities)
                if extra_form.is_valid():
                    data = extra_form.cleaned_data
                    services.add_extra_contribution(
                        collaboration=collaboration,
                        party=data["party"],
                        amount_ore=data["amount"],
                        invoiced_on=data["invoiced_on"],
                        activity=data["activity"],
                        note=data["note"],
                        actor=request.user,
                    )
                    messages.success(request, _("Det extra bidraget är registrerat."))
                    return redirect(f"{reverse('invoices', args=[slug])}?ar={year}")
        except DomainError as error:
            messages.error(request, error.message)
    every = list(
        Invoice.objects.filter(collaboration=collaboration, year=year).select_related("party__organisation", "activity")
    )
    return render(
        request,
        "finance/invoices.html",
        {
            "collaboration": collaboration,
            "access": access,
            "year": year,
            "years": selectors.economy_years(collaboration),
            # each party's invoices where view_party_finance allows; the totals of all parties always
            "invoices": sorted(
                (i for i in every if access.can(VIEW_PARTY_FINANCE, i.party)),
                key=lambda i: (selectors.party_order(i.party), i.invoiced_on, i.pk),
            ),
            "all_parties": access.can(VIEW_PARTY_FINANCE),
            "total": {
                "count": len(every),
                "invoiced_ore": sum(i.amount_ore for i in every),
                "paid_ore": sum(i.amount_ore for i in every if i.paid_on),
                "outstanding_ore": sum(i.amount_ore for i in every if not i.paid_on),
            },
            "invoice_form": invoice_form,
            "extra_form": extra_form,
            "paid_form": PaidForm(initial={"paid_on": timezone.localdate()}) if manage else None,
        },
    )


@require_POST
def invoice_paid(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _finance(request, slug)
    if not access.can(MANAGE_FINANCE):
        return deny(request)
    invoice = get_object_or_404(Invoice, collaboration=collaboration, pk=pk)
    form = PaidForm(request.POST)
    if form.is_valid():
        try:
            services.mark_paid(invoice=invoice, paid_on=form.cleaned_data["paid_on"], actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Fakturan är uppdaterad."))
    else:
        messages.error(request, _("Skriv ett giltigt datum."))
    return redirect(f"{reverse('invoices', args=[slug])}?ar={invoice.year}")


# --- participant fees ----------------------------------------------------------------------------


def activity_fees(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Book the participant fees collected for an activity as income (EC3)."""
    collaboration, access = _finance(request, slug)
    if not access.can(MANAGE_FINANCE):
        return deny(request)
    activity = get_object_or_404(Activity, collaboration=collaboration, pk=pk)
    form = FeesForm(request.POST or None, initial={"day": timezone.localdate()}, first_year=_first_year(collaboration))
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Deltagaravgifter för %(title)s") % {"title": activity.title},
        back=reverse("activity_detail", args=[slug, pk]),
        save=lambda data: services.record_fees(
            activity=activity, members=data["members"], others=data["others"], day=data["day"], actor=request.user
        ),
        success=_("Avgifterna är bokförda som intäkt."),
        done=lambda _entry: reverse("activity_detail", args=[slug, pk]),
    )


# --- time ----------------------------------------------------------------------------------------


def time_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator's hours against the share (CO1) and everyone's own in-kind time (EC2)."""
    collaboration, access = _finance(request, slug)
    if not access.can(LOG_TIME):
        return deny(request)
    year = _year(request)
    today = timezone.localdate()
    person = Person.objects.filter(user=request.user).first() if request.user.is_authenticated else None
    form = None
    if person is not None:
        form = TimeForm(
            request.POST or None,
            initial={"day": today},
            first_year=_first_year(collaboration),
            # the assignments time is logged against: the open ones and those of this year and
            # the last (ten years of finished assignments made a list nobody could pick from)
            assignments=Assignment.objects.filter(collaboration=collaboration)
            .filter(Q(status__in=OPEN_ASSIGNMENT) | Q(due_on__year__gte=today.year - 1))
            .order_by("-due_on", "-pk"),
            activities=Activity.objects.filter(collaboration=collaboration, year=today.year),
            meetings=Meeting.objects.filter(group__collaboration=collaboration, starts_at__year=today.year)
            .select_related("group")
            .order_by("starts_at"),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.log_time(
                    collaboration=collaboration,
                    person=person,
                    day=data["day"],
                    minutes=data["hours"],
                    assignment=data["assignment"],
                    activity=data["activity"],
                    meeting=data["meeting"],
                    note=data["note"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Tiden är rapporterad."))
                return redirect(f"{reverse('time_log', args=[slug])}?ar={data['day'].year}")
    elif request.method == "POST":
        return deny(request)
    as_of = min(today, datetime.date(year, 12, 31))
    status = selectors.coordinator_time(collaboration, year, as_of)
    manage = access.can(MANAGE_FINANCE)
    entries = TimeEntry.objects.filter(collaboration=collaboration, day__year=year).select_related(
        "person", "assignment", "activity", "meeting__group"
    )
    if not manage:
        entries = entries.filter(person=person)
    page = page_of(request, entries.order_by("-day", "-pk"))
    coordinator = collaboration.model.coordinator
    return render(
        request,
        "finance/time.html",
        {
            "collaboration": collaboration,
            "access": access,
            "year": year,
            "years": selectors.economy_years(collaboration),
            "form": form,
            "status": status,
            "coordinator": coordinator,
            "months": list(zip(month_names(), status.by_month, strict=True)) if status else [],
            "monthly_share_minutes": coordinator.hours_share * 60 // 12 if coordinator else 0,
            "entries": page.object_list,
            "page": page,
            "manage": manage,  # once for the page, not per row
            "in_kind": selectors.in_kind_time(collaboration, year),
            "person": person,
            "coordinator_kind": TimeKind.COORDINATOR,
        },
    )


@require_POST
def time_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _finance(request, slug)
    entry = get_object_or_404(TimeEntry, collaboration=collaboration, pk=pk)
    mine = access.person_id is not None and entry.person_id == access.person_id
    if not (access.can(MANAGE_FINANCE) or (mine and access.can(LOG_TIME))):
        return deny(request)
    services.remove_time(entry=entry, actor=request.user)
    messages.success(request, _("Tidraden är borttagen."))
    return redirect(f"{reverse('time_log', args=[slug])}?ar={entry.day.year}")
