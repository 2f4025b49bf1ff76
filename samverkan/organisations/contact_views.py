"""The contact list page, its htmx partial and its exports (CO2)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from samverkan.agreement.models import Collaboration
from samverkan.agreement.views import collaboration_for, deny
from samverkan.organisations import contacts
from samverkan.organisations.forms import ContactFilterForm
from samverkan.organisations.models import Group, Organisation, Person

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
    if not access.can("view_contact_list"):
        return deny(request)
    form, rows = _filtered(request, collaboration)
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
            "rows": rows,
            "query": request.GET.urlencode(),
            **_sorting(request),
        },
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def contact_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can("view_contact_list"):
        return deny(request)
    if fmt not in EXPORTS:
        raise Http404
    _form, rows = _filtered(request, collaboration)
    export, content_type = EXPORTS[fmt]
    return _download(export(rows), content_type, f"kontaktlista-{slug}-{timezone.localdate():%Y-%m-%d}.{fmt}")


def person_vcard(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can("view_contact_list"):
        return deny(request)
    person = get_object_or_404(Person.objects.in_collaboration(collaboration), pk=pk)
    rows = [r for r in contacts.contact_rows(collaboration, contacts.ContactFilter()) if r.id == person.pk]
    return _download(contacts.export_vcard(rows), EXPORTS["vcf"][1], f"{person.full_name}.vcf")
