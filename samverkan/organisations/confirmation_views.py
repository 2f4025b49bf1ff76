"""Pages for confirmation send-outs (coordinator) and the person's own confirmation link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samverkan.accounts.permissions import MANAGE_PEOPLE, collaboration_for
from samverkan.collaborations.views import deny
from samverkan.lib.errors import DomainError
from samverkan.lib.pagination import page_of
from samverkan.organisations import confirmations
from samverkan.organisations.forms import ConfirmationScopeForm, SelfDetailsForm
from samverkan.organisations.models import ConfirmationBatch, ConfirmationRequest, Group, Person


def confirmation_overview(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(MANAGE_PEOPLE):
        return deny(request)
    months = collaboration.model.contact_list.confirmation_months if collaboration.model.contact_list else 12
    form = ConfirmationScopeForm(
        request.POST or None,
        groups=Group.objects.current().filter(collaboration=collaboration),
        people=Person.objects.in_collaboration(collaboration).select_related("organisation"),
    )
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data["scope"]
        if scope == "person":
            people = [form.cleaned_data["person"]]
            description = str(form.cleaned_data["person"])
        elif scope == "group":
            group = form.cleaned_data["group"]
            people = list(Person.objects.filter(memberships__in=group.memberships.current()).distinct())
            description = group.name
        else:
            people = confirmations.stale_people(collaboration, months=months)
            description = _("Inte bekräftade på %(months)s månader") % {"months": months}
        try:
            batch = confirmations.request_confirmations(
                collaboration=collaboration, people=people, description=description, actor=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("confirmation_batch", slug, batch.pk)
    open_requests = (
        ConfirmationRequest.objects.open()
        .filter(batch__collaboration=collaboration)
        .select_related("person__organisation")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    page = page_of(request, open_requests)
    return render(
        request,
        "organisations/confirmation_overview.html",
        {
            "collaboration": collaboration,
            "access": access,
            "form": form,
            "months": months,
            "open_requests": page.object_list,
            "page": page,
            "batches": ConfirmationBatch.objects.filter(collaboration=collaboration)[:10],
            "stale_count": len(confirmations.stale_people(collaboration, months=months)),
        },
    )


@never_cache
def confirmation_batch(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(MANAGE_PEOPLE):
        return deny(request)
    batch = get_object_or_404(ConfirmationBatch, pk=pk, collaboration=collaboration)
    template = "organisations/confirmation_batch.html"
    if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
        template += "#progress"
    return render(
        request,
        template,
        {
            "collaboration": collaboration,
            "access": access,
            "batch": batch,
            "failures": batch.requests.exclude(error="").select_related("person"),
        },
    )


@never_cache
def confirm_details(request: HttpRequest, token: str) -> HttpResponse:
    """The person's own page, reached by the e-mailed link; no login."""
    try:
        confirmation = confirmations.request_for_token(token)
    except DomainError as error:
        return render(request, "organisations/confirm_invalid.html", {"message": error.message}, status=400)
    person = confirmation.person
    form = SelfDetailsForm(request.POST or None, instance=Person.objects.get(pk=person.pk))
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in confirmations.SELF_FIELDS}
        try:
            confirmations.confirm_details(token=token, changes=changes)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return render(
                request,
                "organisations/confirm_done.html",
                {"person": person, "collaboration_name": confirmation.batch.collaboration.name},
            )
    return render(
        request,
        "organisations/confirm_details.html",
        {
            "form": form,
            "person": person,
            "collaboration_name": confirmation.batch.collaboration.name,
            "expires_at": confirmation.expires_at,
        },
    )
