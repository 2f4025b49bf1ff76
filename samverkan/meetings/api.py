"""The API of meetings, agendas, minutes and the decision register: /api/v1/collaborations/…."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from samverkan.accounts.api import collaboration_access
from samverkan.accounts.permissions import Access
from samverkan.lib.api_inputs import Id, Line, Slug, Year
from samverkan.lib.api_pages import DEFAULT_LIMIT, Limit, Offset, window
from samverkan.meetings import visibility
from samverkan.meetings.models import WORKING_GROUP_PREFETCH, AgendaItemStatus, Meeting, Minutes

router = Router()


class MeetingOut(Schema):
    id: int
    group_id: int
    group: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    video_link: str | None
    status: str
    uid: str
    sequence: int


def _meeting(m: Meeting, access: Access) -> dict[str, Any]:
    return {
        "id": m.pk,
        "group_id": m.group_id,
        "group": m.group.name,
        "title": m.display_title,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "place": m.place,
        "video_link": m.video_link_for(access) or None,
        "status": m.status,
        "uid": str(m.uid),
        "sequence": m.sequence,
    }


@router.get("/collaborations/{slug}/meetings", response=list[MeetingOut], tags=["meetings"])
def meetings(
    request: HttpRequest,
    response: HttpResponse,
    slug: Slug,
    year: Year | None = None,
    group: Id | None = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Meetings of the collaboration's groups; video links only for participants."""
    collaboration, access = collaboration_access(request, slug)
    qs = Meeting.objects.visible_to(access).filter(group__collaboration=collaboration).select_related("group")
    if year is not None:
        qs = qs.in_year(year)
    if group is not None:
        qs = qs.filter(group_id=group)
    return [_meeting(m, access) for m in window(request, response, qs.order_by("starts_at", "pk"), limit, offset)]


@router.get("/collaborations/{slug}/meetings/{meeting_id}", response=MeetingOut, tags=["meetings"])
def meeting(request: HttpRequest, slug: Slug, meeting_id: Id) -> dict[str, Any]:
    collaboration, access = collaboration_access(request, slug)
    found = get_object_or_404(
        Meeting.objects.visible_to(access).select_related("group"), pk=meeting_id, group__collaboration=collaboration
    )
    return _meeting(found, access)


class AgendaItemOut(Schema):
    number: int
    title: str
    presenter: str
    minutes: int | None
    decision_proposed: bool
    proposed_decision: str
    public: bool


class DecisionOut(Schema):
    id: int
    group: str
    number: int
    year: int
    date: datetime.date
    title: str
    text: str
    kind: str
    working_group_id: int | None
    corrects: str | None


class MinuteItemOut(Schema):
    number: int
    year: int
    title: str
    text: str
    public: bool
    decision: str | None


class AttendanceOut(Schema):
    name: str
    organisation: str
    role: str
    status: str


class SignatoryOut(Schema):
    name: str
    role: str
    approved_at: datetime.datetime | None


class MinutesOut(Schema):
    meeting_id: int
    group: str
    status: str
    approved_at: datetime.datetime | None
    secretary: str
    attendance: list[AttendanceOut]
    items: list[MinuteItemOut]
    signatories: list[SignatoryOut]


@router.get("/collaborations/{slug}/meetings/{meeting_id}/agenda", response=list[AgendaItemOut], tags=["meetings"])
def agenda(request: HttpRequest, slug: Slug, meeting_id: Id) -> list[dict[str, Any]]:
    """The accepted agenda; items that are not public are withheld from non-participants."""
    collaboration, access = collaboration_access(request, slug)
    found = get_object_or_404(Meeting.objects.visible_to(access), pk=meeting_id, group__collaboration=collaboration)
    rows = []
    for number, item in enumerate(found.agenda_items.filter(status=AgendaItemStatus.ACCEPTED), start=1):
        shown = visibility.shows_item(item.public, access)
        rows.append(
            {
                "number": number,
                "title": item.title if shown else "",
                "presenter": item.presenter if shown else "",
                "minutes": item.minutes,
                "decision_proposed": item.decision_proposed and shown,
                "proposed_decision": item.proposed_decision if shown else "",
                "public": item.public,
            }
        )
    return rows


@router.get("/collaborations/{slug}/decisions", response=list[DecisionOut], tags=["decisions"])
def decisions(
    request: HttpRequest,
    response: HttpResponse,
    slug: Slug,
    group: Id | None = None,
    year: Year | None = None,
    kind: Line = "",
    q: Line = "",
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Published decisions (from approved minutes), filtered like the decision register."""
    collaboration, access = collaboration_access(request, slug)
    qs = (
        visibility.visible_decisions(collaboration, access)
        .select_related("item__group", "item__minutes__meeting", "corrects__item")
        .prefetch_related(*WORKING_GROUP_PREFETCH)
    )
    if group is not None:
        qs = qs.filter(item__group_id=group)
    if year is not None:
        qs = qs.filter(item__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    for word in q.split():
        qs = qs.filter(Q(text__icontains=word) | Q(item__title__icontains=word))
    return [
        {
            "id": d.pk,
            "group": d.item.group.name,
            "number": d.item.number,
            "year": d.item.year,
            "date": timezone.localtime(d.item.minutes.meeting.starts_at).date(),
            "title": d.item.title,
            "text": d.text,
            "kind": d.kind,
            "working_group_id": d.working_group_id,
            "corrects": f"§ {d.corrects.item.number}/{d.corrects.item.year}" if d.corrects else None,
        }
        for d in window(request, response, qs.order_by("-item__year", "-item__number", "-pk"), limit, offset)
    ]


@router.get("/collaborations/{slug}/minutes/{meeting_id}", response=MinutesOut, tags=["decisions"])
def minutes(request: HttpRequest, slug: Slug, meeting_id: Id) -> dict[str, Any]:
    """Approved minutes (drafts for the meeting's organisers and signatories, as on the page). Read-only."""
    collaboration, access = collaboration_access(request, slug)
    found = get_object_or_404(
        Minutes.objects.select_related("meeting__group"),
        meeting_id=meeting_id,
        meeting__group__collaboration=collaboration,
    )
    if not visibility.minutes_readable(found, access):
        raise Http404  # the same answer as for minutes that do not exist
    hidden = visibility.shows_closed_items(access)
    items = []
    for item in found.items.select_related("decision"):
        shown = item.public or hidden
        decision = getattr(item, "decision", None)
        items.append(
            {
                "number": item.number,
                "year": item.year,
                "title": item.title if shown else "",
                "text": item.text if shown else "",
                "public": item.public,
                "decision": decision.text if decision and shown else None,
            }
        )
    return {
        "meeting_id": found.meeting_id,
        "group": found.meeting.group.name,
        "status": found.status,
        "approved_at": found.approved_at,
        "secretary": found.secretary_name,
        "attendance": [
            {"name": a.name, "organisation": a.organisation, "role": a.role, "status": a.status}
            for a in found.meeting.attendance.all()
        ],
        "items": items,
        "signatories": [
            {"name": s.name, "role": s.role, "approved_at": s.approved_at} for s in found.signatories.all()
        ],
    }
