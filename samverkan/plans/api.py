"""The API of the yearly cycle: plan documents, activities and assignments."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from samverkan.accounts.api import collaboration_access
from samverkan.accounts.permissions import Access
from samverkan.lib.api_inputs import Slug, Year
from samverkan.lib.api_pages import DEFAULT_LIMIT, Limit, Offset, window
from samverkan.plans import visibility
from samverkan.plans.models import Activity, Assignment, PlanDocument

router = Router()


class PlanSectionOut(Schema):
    title: str
    text: str


class PlanVersionOut(Schema):
    number: int
    status: str
    decision: str | None
    decided_on: datetime.date | None
    sections: list[PlanSectionOut]
    areas: list[str]
    activities: list[dict[str, Any]]


class PlanDocumentOut(Schema):
    id: int
    doc_type: str
    year: int
    title: str
    versions: list[PlanVersionOut]


def _plan(document: Any, access: Access) -> dict[str, Any]:
    versions = []
    for v in visibility.visible_versions(document.versions.all(), access):
        item = v.decision.item if v.decision else None
        versions.append(
            {
                "number": v.number,
                "status": v.status,
                "decision": f"{item.group.name} § {item.number}/{item.year}" if item else None,
                "decided_on": timezone.localtime(item.minutes.meeting.starts_at).date() if item else None,
                "sections": v.sections,
                "areas": v.areas,
                "activities": v.activities,
            }
        )
    return {
        "id": document.pk,
        "doc_type": document.doc_type,
        "year": document.year,
        "title": document.title,
        "versions": versions,
    }


@router.get("/collaborations/{slug}/plans", response=list[PlanDocumentOut], tags=["plans"])
def plans(
    request: HttpRequest,
    response: HttpResponse,
    slug: Slug,
    year: Year | None = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Plan documents with their versions; the public sees decided versions only."""
    collaboration, access = collaboration_access(request, slug)
    documents = PlanDocument.objects.filter(collaboration=collaboration).prefetch_related(
        "versions__decision__item__group", "versions__decision__item__minutes__meeting"
    )
    if year is not None:
        documents = documents.filter(year=year)
    # a few documents a year: which of them the caller sees is decided per version, so the window
    # is taken of the documents shown, not of the query
    shown = [p for p in (_plan(d, access) for d in documents.order_by("-year", "doc_type", "pk")) if p["versions"]]
    return window(request, response, shown, limit, offset)


class ActivityOut(Schema):
    id: int
    year: int
    title: str
    area: str
    kind: str
    supervision_area: str
    target_groups: list[str]
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    budget_ore: int | None
    status: str
    innovation: bool
    innovation_procurement: bool
    done_on: datetime.date | None
    participants_women: int | None
    participants_men: int | None
    participants_other: int | None


@router.get("/collaborations/{slug}/activities", response=list[ActivityOut], tags=["plans"])
def activities(
    request: HttpRequest,
    response: HttpResponse,
    slug: Slug,
    year: Year | None = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """The activities of the activity plans, with their follow-up (participants of the collaboration)."""
    collaboration, access = collaboration_access(request, slug)
    if not visibility.shows_drafts(access):
        raise HttpError(403, "Only participants of the collaboration see its activities.")
    rows = Activity.objects.filter(collaboration=collaboration)
    if year is not None:
        rows = rows.filter(year=year)
    targets = ("for_municipalities", "for_business", "for_citizens")
    return [
        {
            **{f: getattr(a, f) for f in ActivityOut.model_fields if f != "target_groups"},
            "target_groups": [t.removeprefix("for_") for t in targets if getattr(a, t)],
        }
        for a in window(request, response, rows.order_by("year", "starts_on", "title", "pk"), limit, offset)
    ]


class AssignmentOut(Schema):
    id: int
    title: str
    decision: str
    owner: str
    due_on: datetime.date
    status: str
    percent_done: int
    outcome: str
    overdue: bool


@router.get("/collaborations/{slug}/assignments", response=list[AssignmentOut], tags=["plans"])
def assignments(
    request: HttpRequest, response: HttpResponse, slug: Slug, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> list[dict[str, Any]]:
    """Assignments given by decisions, with their status; overdue ones are flagged."""
    collaboration, access = collaboration_access(request, slug)
    if not visibility.shows_drafts(access):
        raise HttpError(403, "Only participants of the collaboration see its assignments.")
    today = timezone.localdate()
    return [
        {
            "id": a.pk,
            "title": a.title,
            "decision": f"{a.decision.item.group.name} § {a.decision.item.number}/{a.decision.item.year}",
            "owner": a.owner_name,
            "due_on": a.due_on,
            "status": a.status,
            "percent_done": a.percent_done,
            "outcome": a.outcome,
            "overdue": a.is_open and a.due_on < today,
        }
        for a in window(
            request,
            response,
            Assignment.objects.filter(collaboration=collaboration)
            .select_related("decision__item__group", "owner_group", "owner_person")
            .order_by("due_on", "title", "pk"),
            limit,
            offset,
        )
    ]
