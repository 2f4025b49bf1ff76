from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samverkan.accounts.permissions import VIEW_AGREEMENT_CHECK, collaboration_for
from samverkan.agreement.services import check_collaboration
from samverkan.collaborations.findings import COLLABORATION, Finding, summary, worst
from samverkan.collaborations.views import deny


def agreement_check(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(VIEW_AGREEMENT_CHECK):
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
        clauses.setdefault(finding.rule, []).append((finding, (finding.link or COLLABORATION).url(collaboration.slug)))
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
