from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from samverkan.accounts.permissions import Access, request_access
from samverkan.agreement import rules
from samverkan.agreement.models import Collaboration
from samverkan.agreement.services import check_collaboration
from samverkan.collaborations.checks import COLLABORATION
from samverkan.lib import stale
from samverkan.lib.errors import DomainError


def collaboration_for(request: HttpRequest, slug: str) -> tuple[Collaboration, Access]:
    collaboration = get_object_or_404(Collaboration, slug=slug)
    return collaboration, request_access(request, collaboration)


def deny(request: HttpRequest) -> HttpResponse:
    """Anonymous users are sent to log in; logged-in users without the right get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "403.html", status=403)


def agreement_check(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can("view_agreement_check"):
        return deny(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("ar", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 5:
        raise Http404
    to_do = request.GET.get("atgarda") == "1"  # "Visa bara det som behöver åtgärdas"
    findings = check_collaboration(collaboration, year=year)
    model = collaboration.model
    clauses: dict[str, list[tuple[rules.Finding, str]]] = {}
    for finding in findings:
        clauses.setdefault(finding.rule, []).append((finding, (finding.link or COLLABORATION).url(collaboration.slug)))
    sections = [
        {
            "rule": rule,
            "title": model.clause_titles.get(rule, ""),
            "status": rules.worst(f.status for f, _ in items),
            "items": [(f, url) for f, url in items if not to_do or f.status != "ok"],
            "text": model.clause_texts.get(rule, ""),
        }
        for rule, items in sorted(clauses.items(), key=lambda item: model.clause_order(item[0]))
    ]
    if to_do:
        sections = [section for section in sections if section["items"]]
    return render(
        request,
        "agreement/check.html",
        {
            "collaboration": collaboration,
            "access": access,
            "sections": sections,
            "to_do": to_do,
            "starts_on": model.started_on if model.started_on > today else None,
            "year": year,
            "years": range(today.year - 2, today.year + 2),
            "summary": rules.summary(findings),
        },
    )


def _form_error(form: object, error: DomainError) -> None:
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)  # type: ignore[attr-defined]


def form_page(
    request: HttpRequest,
    *,
    collaboration: Collaboration,
    access: Access,
    form: forms.BaseForm,
    title: str,
    back: str,
    save: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    done: Callable[[Any], str],
    stored: Callable[[], Mapping[str, Any]] | None = None,
) -> HttpResponse:
    """The one edit flow: valid form → service → message → redirect; a refusal shows on the form.

    A form with a hidden version (`lib.stale`) passes `stored`: the object's saved values as the
    form's initial data, read again after a stale save is refused, to show next to the user's."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save({k: v for k, v in form.cleaned_data.items() if k != stale.FIELD})
        except stale.StaleEditError as error:
            conflict = stale.conflict(form, error, stored() if stored else {})
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, success(saved) if callable(success) else success)
            return redirect(done(saved))
    return render(
        request,
        "organisations/form.html",
        {
            "collaboration": collaboration,
            "access": access,
            "form": form,
            "title": title,
            "back": back,
            "conflict": conflict,
        },
    )
