"""The contact list page, its htmx partial and its exports (CO2)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.permissions import IMPORT_CONTACTS, VIEW_CONTACT_LIST, collaboration_for
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.views import deny
from samverkan.lib.errors import DomainError
from samverkan.lib.http import download
from samverkan.lib.pagination import PAGE_PARAMETER, page_of
from samverkan.organisations import contact_import, contacts, services
from samverkan.organisations.forms import ContactFilterForm, ContactImportForm
from samverkan.organisations.models import (
    ContactImport,
    ContactImportStatus,
    Group,
    Organisation,
    Person,
)

EXPORTS = {
    "xlsx": (contacts.export_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (contacts.export_csv, "text/csv; charset=utf-8"),
    "vcf": (contacts.export_vcard, "text/vcard; charset=utf-8"),
}


def _filtered(
    request: HttpRequest, collaboration: Collaboration
) -> tuple[ContactFilterForm, list[contacts.ContactRow]]:
    form = ContactFilterForm(
        request.GET or None,
        organisations=Organisation.objects.filter(parties__collaboration=collaboration).order_by("name"),
        groups=Group.objects.filter(collaboration=collaboration),
    )
    data = form.cleaned_data if form.is_valid() else {}
    flt = contacts.ContactFilter(
        q=data.get("q") or "",
        organisation=data["organisation"].pk if data.get("organisation") else None,
        group=data["group"].pk if data.get("group") else None,
        role=data.get("role") or "",
        sort=data.get("sort") or "namn",
        descending=data.get("riktning") == "fallande",
    )
    return form, contacts.contact_rows(collaboration, flt)


def _sorting(request: HttpRequest) -> dict[str, object]:
    """Which column sorts, which way, and where each header link leads (click again to reverse)."""
    sort = request.GET.get("sort") or "namn"
    descending = request.GET.get("riktning") == "fallande"
    context: dict[str, object] = {"sort": sort, "descending": descending}
    for column in contacts.SORTS:
        context[f"next_direction_{column}"] = "fallande" if column == sort and not descending else ""
    return context


def contact_list(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(VIEW_CONTACT_LIST):
        return deny(request)
    form, rows = _filtered(request, collaboration)
    page = page_of(request, rows)
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    template = "organisations/contact_list.html"
    if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
        template += "#results"
    return render(
        request,
        template,
        {
            "collaboration": collaboration,
            "access": access,
            "form": form,
            "rows": page.object_list,
            "page": page,
            "query": query.urlencode(),  # the exports take every row the filters select, not one page
            **_sorting(request),
        },
    )


def contact_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(VIEW_CONTACT_LIST):
        return deny(request)
    if fmt not in EXPORTS:
        raise Http404
    _form, rows = _filtered(request, collaboration)
    export, content_type = EXPORTS[fmt]
    return download(export(rows), content_type, f"kontaktlista-{slug}-{timezone.localdate():%Y-%m-%d}.{fmt}")


def person_vcard(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(VIEW_CONTACT_LIST):
        return deny(request)
    person = get_object_or_404(Person.objects.in_collaboration(collaboration), pk=pk)
    rows = [r for r in contacts.contact_rows(collaboration, contacts.ContactFilter()) if r.id == person.pk]
    return download(contacts.export_vcard(rows), EXPORTS["vcf"][1], f"{person.full_name}.vcf")


def contact_import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(IMPORT_CONTACTS):
        return deny(request)
    form = ContactImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(contact_import.MAX_BYTES + 1)
        try:
            pending, _preview = services.preview_contact_import(
                collaboration=collaboration, data=data, filename=upload.name, actor=request.user
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("contact_import_preview", slug, pending.pk)
    return render(
        request,
        "organisations/contact_import_upload.html",
        {"collaboration": collaboration, "access": access, "form": form},
    )


def contact_import_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(IMPORT_CONTACTS):
        return deny(request)
    pending = get_object_or_404(ContactImport, pk=pk, collaboration=collaboration)
    error = None
    if request.method == "POST" and pending.status == ContactImportStatus.PREVIEW:
        try:
            if request.POST.get("action") == "avbryt":
                services.discard_contact_import(pending=pending, actor=request.user)
                messages.info(request, _("Importen är avbruten; inget har sparats."))
                return redirect("contact_list", slug)
            result = services.commit_contact_import(pending=pending, actor=request.user)
        except DomainError as refusal:
            error = refusal.message
        else:
            messages.success(
                request,
                _("Importen är genomförd: %(created)s nya, %(updated)s uppdaterade.")
                % {"created": result.count("create"), "updated": result.count("update")},
            )
            return redirect("contact_list", slug)
    preview = services.judge_contact_import(pending)
    return render(
        request,
        "organisations/contact_import_preview.html",
        {
            "collaboration": collaboration,
            "access": access,
            "pending": pending,
            "preview": preview,
            "error": error,
            "counts": {a: preview.count(a) for a in ("create", "update", "unchanged", "refused")},
            "field_labels": contact_import.FIELD_LABELS,
        },
    )
