from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.permissions import collaboration_for
from samverkan.agreement.services import check_collaboration
from samverkan.collaborations.findings import Finding, Target, summary, worst
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.views import deny


def target_url(collaboration: Collaboration, target: Target | None) -> str:
    if target is None or target.kind == "collaboration":
        return reverse("collaboration", args=[collaboration.slug])
    if target.kind == "minutes":
        return reverse("minutes_edit", args=[collaboration.slug, target.id])
    if target.kind == "plan_meeting":
        return reverse("meeting_create", args=[collaboration.slug]) + f"?grupp={target.id}"
    if target.kind == "contacts":
        return reverse("contact_list", args=[collaboration.slug]) + "?sort=bekraftad"
    if target.kind == "plan":
        return reverse("plan_detail", args=[collaboration.slug, target.id])
    if target.kind == "plans":
        return reverse("plan_list", args=[collaboration.slug]) + f"?ar={target.id}"
    if target.kind == "activity":
        return reverse("activity_detail", args=[collaboration.slug, target.id])
    if target.kind == "assignment":
        return reverse("assignment_detail", args=[collaboration.slug, target.id])
    if target.kind == "group":
        return reverse("group_detail", args=[collaboration.slug, target.id])
    if target.kind == "finance":
        return reverse("finance", args=[collaboration.slug]) + f"?ar={target.id}"
    if target.kind == "time":
        return reverse("time_log", args=[collaboration.slug]) + f"?ar={target.id}"
    return reverse("organisation_detail", args=[collaboration.slug, target.id])


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
    clauses: dict[str, list[tuple[Finding, str]]] = {}
    for finding in findings:
        clauses.setdefault(finding.rule, []).append((finding, target_url(collaboration, finding.target)))
    sections = [
        {
            "rule": rule,
            "title": model.clause_titles.get(rule, ""),
            "status": worst(f.status for f, _ in items),
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
            "summary": summary(findings),
        },
    )
