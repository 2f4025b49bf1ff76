"""The public API, /api/v1/, on the same services and permissions as the pages.

Anonymous callers see what anonymous visitors see; a personal token (`Authorization: Bearer …`)
or a session gives the caller's own access. Contact details follow the same privacy rule as the
pages: e-mail and phone only for logged-in participants of that collaboration.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError

from samverkan.accounts.permissions import Access, access_for
from samverkan.accounts.services import user_for_token
from samverkan.agreement.services import check_collaboration
from samverkan.api.inputs import Day, Id, Line, Slug, Year
from samverkan.collaborations.models import Collaboration
from samverkan.lib.http import download
from samverkan.lib.stale import StaleEditError
from samverkan.meetings.models import AgendaItemStatus, Decision, Meeting, Minutes, MinutesStatus
from samverkan.organisations import contacts
from samverkan.organisations.contact_views import EXPORTS
from samverkan.organisations.models import Group, Membership, Organisation, Person

api = NinjaAPI(
    title="Samverkan API",
    version="1",
    urls_namespace="api",
    description="Samverkan: groups, people and the live agreement check of inter-municipal collaborations.",
)


def caller(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HttpError(401, "Use Authorization: Bearer <token>.")
        user = user_for_token(token.strip())
        if user is None:
            raise HttpError(401, "Unknown or revoked token.")  # also: the account may not use it now
        return user
    return request.user


def _collaboration(request: HttpRequest, slug: Slug) -> tuple[Collaboration, Access]:
    collaboration = get_object_or_404(Collaboration, slug=slug)
    return collaboration, access_for(caller(request), collaboration)


class CollaborationOut(Schema):
    slug: str
    name: str
    name_en: str
    sector: str
    county: str
    host: str | None


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    municipality_code: str
    population: dict[str, int]


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    title: str
    organisation: str
    email: str | None
    phone: str | None


class MembershipOut(Schema):
    id: int
    group_id: int
    group: str
    person_id: int
    person: str
    organisation: str
    role: str
    started_on: datetime.date
    ended_on: datetime.date | None


class GroupOut(Schema):
    id: int
    key: str
    kind: str
    name: str
    purpose: str
    mandate: str
    goal: str
    started_on: datetime.date
    ended_on: datetime.date | None


class FindingOut(Schema):
    rule: str
    status: Literal["ok", "warning", "breach"]
    message: str
    subject: str
    quote: str


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    title: str
    organisation: str
    groups: list[str]
    roles: list[str]
    email: str
    phone: str
    confirmed_at: datetime.datetime | None


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


class MeOut(Schema):
    authenticated: bool
    username: str | None


def _person(person: Person, access: Access) -> dict[str, Any]:
    show = access.can("view_contact_details")
    return {
        "id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "title": person.title,
        "organisation": person.organisation.name,
        "email": person.email if show else None,
        "phone": person.phone if show else None,
    }


def _membership(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "group_id": m.group_id,
        "group": m.group.name,
        "person_id": m.person_id,
        "person": m.person.full_name,
        "organisation": m.organisation.name,
        "role": m.role,
        "started_on": m.started_on,
        "ended_on": m.ended_on,
    }


@api.get("/me", response=MeOut, tags=["accounts"])
def me(request: HttpRequest) -> dict[str, Any]:
    user = caller(request)
    return {"authenticated": user.is_authenticated, "username": user.get_username() if user.is_authenticated else None}


@api.get("/collaborations", response=list[CollaborationOut], tags=["collaborations"])
def collaborations(request: HttpRequest) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "name_en": c.name_en,
            "sector": c.sector,
            "county": c.county,
            "host": str(c.host_on(today) or "") or None,
        }
        for c in Collaboration.objects.all()
    ]


@api.get("/collaborations/{slug}/organisations", response=list[OrganisationOut], tags=["organisations"])
def organisations(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    collaboration, _access = _collaboration(request, slug)
    orgs = Organisation.objects.filter(parties__collaboration=collaboration).prefetch_related("populations")
    return [
        {
            "id": o.pk,
            "name": o.name,
            "kind": o.kind,
            "municipality_code": o.municipality_code,
            "population": {str(p.year): p.count for p in o.populations.all()},
        }
        for o in orgs
    ]


@api.get("/collaborations/{slug}/people", response=list[PersonOut], tags=["people"])
def people(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    collaboration, access = _collaboration(request, slug)
    qs = Person.objects.in_collaboration(collaboration).select_related("organisation")
    return [_person(p, access) for p in qs]


@api.get("/collaborations/{slug}/people/{person_id}", response=PersonOut, tags=["people"])
def person(request: HttpRequest, slug: Slug, person_id: Id) -> dict[str, Any]:
    collaboration, access = _collaboration(request, slug)
    found = get_object_or_404(
        Person.objects.in_collaboration(collaboration).select_related("organisation"), pk=person_id
    )
    return _person(found, access)


@api.get("/collaborations/{slug}/groups", response=list[GroupOut], tags=["groups"])
def groups(request: HttpRequest, slug: Slug) -> QuerySet[Group]:
    collaboration, _access = _collaboration(request, slug)
    return Group.objects.filter(collaboration=collaboration)


@api.get("/collaborations/{slug}/memberships", response=list[MembershipOut], tags=["groups"])
def memberships(
    request: HttpRequest, slug: Slug, group: Id | None = None, current: bool = False
) -> list[dict[str, Any]]:
    collaboration, _access = _collaboration(request, slug)
    qs = Membership.objects.filter(group__collaboration=collaboration).select_related("group", "person", "organisation")
    if group is not None:
        qs = qs.filter(group_id=group)
    if current:
        qs = qs.current()
    return [_membership(m) for m in qs]


@api.get("/collaborations/{slug}/agreement-check", response=list[FindingOut], tags=["agreement"])
def agreement_check(request: HttpRequest, slug: Slug, year: Year | None = None) -> list[dict[str, str]]:
    collaboration, access = _collaboration(request, slug)
    if not access.can("view_agreement_check"):
        raise HttpError(403, "Only participants of the collaboration may read its agreement check.")
    if year is not None and not 2000 <= year <= timezone.localdate().year + 5:
        raise HttpError(422, "year out of range")
    return [f.as_dict() for f in check_collaboration(collaboration, year=year)]


def _contacts(
    request: HttpRequest, slug: Slug, q: str, organisation: int | None, group: int | None, role: str, sort: str
) -> list[contacts.ContactRow]:
    collaboration, access = _collaboration(request, slug)
    if not access.can("view_contact_list"):
        raise HttpError(403, "Only participants of the collaboration may read its contact list.")
    flt = contacts.ContactFilter(
        q=q, organisation=organisation, group=group, role=role, sort=sort.lstrip("-"), descending=sort.startswith("-")
    )
    return contacts.contact_rows(collaboration, flt)


@api.get("/collaborations/{slug}/contacts", response=list[ContactOut], tags=["contacts"])
def contact_list(
    request: HttpRequest,
    slug: Slug,
    q: Line = "",
    organisation: Id | None = None,
    group: Id | None = None,
    role: Line = "",
    sort: Line = "namn",
) -> list[dict[str, Any]]:
    """The contact list with the page's filters; `sort` is namn, organisation or bekraftad, `-` for descending."""
    rows = _contacts(request, slug, q, organisation, group, role, sort)
    return [{**row.__dict__, "groups": list(row.groups), "roles": list(row.roles)} for row in rows]


@api.get("/collaborations/{slug}/contacts/export/{fmt}", tags=["contacts"])
def contact_export(
    request: HttpRequest,
    slug: Slug,
    fmt: Literal["xlsx", "csv", "vcf"],
    q: Line = "",
    organisation: Id | None = None,
    group: Id | None = None,
    role: Line = "",
    sort: Line = "namn",
) -> HttpResponse:
    """The same export as the page: Excel, CSV for Swedish Excel, or vCard."""
    rows = _contacts(request, slug, q, organisation, group, role, sort)
    export, content_type = EXPORTS[fmt]
    return download(export(rows), content_type, f"kontaktlista-{slug}.{fmt}")


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


@api.get("/collaborations/{slug}/meetings", response=list[MeetingOut], tags=["meetings"])
def meetings(
    request: HttpRequest, slug: Slug, year: Year | None = None, group: Id | None = None
) -> list[dict[str, Any]]:
    """Meetings of the collaboration's groups; video links only for participants."""
    collaboration, access = _collaboration(request, slug)
    qs = Meeting.objects.filter(group__collaboration=collaboration).select_related("group")
    if year is not None:
        qs = qs.in_year(year)
    if group is not None:
        qs = qs.filter(group_id=group)
    return [_meeting(m, access) for m in qs]


@api.get("/collaborations/{slug}/meetings/{meeting_id}", response=MeetingOut, tags=["meetings"])
def meeting(request: HttpRequest, slug: Slug, meeting_id: Id) -> dict[str, Any]:
    collaboration, access = _collaboration(request, slug)
    found = get_object_or_404(
        Meeting.objects.select_related("group"), pk=meeting_id, group__collaboration=collaboration
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


@api.get("/collaborations/{slug}/meetings/{meeting_id}/agenda", response=list[AgendaItemOut], tags=["meetings"])
def agenda(request: HttpRequest, slug: Slug, meeting_id: Id) -> list[dict[str, Any]]:
    """The accepted agenda; items that are not public are withheld from non-participants."""
    collaboration, access = _collaboration(request, slug)
    found = get_object_or_404(Meeting, pk=meeting_id, group__collaboration=collaboration)
    rows = []
    for number, item in enumerate(found.agenda_items.filter(status=AgendaItemStatus.ACCEPTED), start=1):
        shown = item.public or access.is_participant
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


@api.get("/collaborations/{slug}/decisions", response=list[DecisionOut], tags=["decisions"])
def decisions(
    request: HttpRequest, slug: Slug, group: Id | None = None, year: Year | None = None, kind: Line = "", q: Line = ""
) -> list[dict[str, Any]]:
    """Published decisions (from approved minutes), filtered like the decision register."""
    collaboration, access = _collaboration(request, slug)
    qs = Decision.objects.filter(
        item__group__collaboration=collaboration, item__minutes__status=MinutesStatus.APPROVED
    ).select_related("item__group", "item__minutes__meeting", "corrects__item")
    if not access.is_participant:
        qs = qs.filter(item__public=True)
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
        for d in qs
    ]


@api.get("/collaborations/{slug}/minutes/{meeting_id}", response=MinutesOut, tags=["decisions"])
def minutes(request: HttpRequest, slug: Slug, meeting_id: Id) -> dict[str, Any]:
    """Approved minutes (drafts only for the meeting's organisers). Read-only: the API writes nothing."""
    collaboration, access = _collaboration(request, slug)
    found = get_object_or_404(
        Minutes.objects.select_related("meeting__group"),
        meeting_id=meeting_id,
        meeting__group__collaboration=collaboration,
    )
    if found.status != MinutesStatus.APPROVED and not access.can("manage_meetings", found.meeting.group):
        raise Http404  # the same answer as for minutes that do not exist
    hidden = access.is_participant
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


# --- the yearly cycle -------------------------------------------------------------------------


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
    for v in sorted(document.versions.all(), key=lambda v: -v.number):
        if v.status != "decided" and not access.can("view_plans"):
            continue
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


@api.get("/collaborations/{slug}/plans", response=list[PlanDocumentOut], tags=["plans"])
def plans(request: HttpRequest, slug: Slug, year: Year | None = None) -> list[dict[str, Any]]:
    """Plan documents with their versions; the public sees decided versions only."""
    from samverkan.plans.models import PlanDocument

    collaboration, access = _collaboration(request, slug)
    documents = PlanDocument.objects.filter(collaboration=collaboration).prefetch_related(
        "versions__decision__item__group", "versions__decision__item__minutes__meeting"
    )
    if year is not None:
        documents = documents.filter(year=year)
    return [p for p in (_plan(d, access) for d in documents) if p["versions"]]


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


@api.get("/collaborations/{slug}/activities", response=list[ActivityOut], tags=["plans"])
def activities(request: HttpRequest, slug: Slug, year: Year | None = None) -> list[dict[str, Any]]:
    """The activities of the activity plans, with their follow-up (participants of the collaboration)."""
    from samverkan.plans.models import Activity

    collaboration, access = _collaboration(request, slug)
    if not access.can("view_plans"):
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
        for a in rows
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


@api.get("/collaborations/{slug}/assignments", response=list[AssignmentOut], tags=["plans"])
def assignments(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """Assignments given by decisions, with their status; overdue ones are flagged."""
    from samverkan.plans.models import Assignment

    collaboration, access = _collaboration(request, slug)
    if not access.can("view_plans"):
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
        for a in Assignment.objects.filter(collaboration=collaboration).select_related(
            "decision__item__group", "owner_group", "owner_person"
        )
    ]


class BudgetLineOut(Schema):
    key: str
    kind: str
    category: str
    name: str
    amount_ore: int
    note: str


class ShareOut(Schema):
    party: str
    name: str
    municipality_code: str
    population: int
    amount_ore: int


class BudgetOut(Schema):
    year: int
    version: int
    status: str
    lines: list[BudgetLineOut]
    costs_ore: int
    income_ore: int
    sharing_key: str
    cofinancing: list[ShareOut]
    cofinancing_error: str


@api.get("/collaborations/{slug}/budget/{year}", response=BudgetOut, tags=["finance"])
def budget(request: HttpRequest, slug: Slug, year: Year) -> dict[str, Any]:
    """The year's budget (the decided version, or the latest draft until one is decided), its lines
    and the municipal co-financing split to the öre (members of the collaboration's groups)."""
    from samverkan.finance import services as finance
    from samverkan.finance.budget import totals

    collaboration, access = _collaboration(request, slug)
    if not access.can("view_finance"):
        raise HttpError(403, "Only members of the collaboration's groups see its economy.")
    if collaboration.model.economy is None:
        raise HttpError(404, "This collaboration has no joint economy.")
    version = finance.shown_budget(collaboration, year, drafts=True)
    if version is None:
        raise HttpError(404, f"No budget for {year}.")
    lines = finance.version_lines(version)
    share = finance.cofinancing(collaboration, version, year)
    total = totals(lines)
    return {
        "year": year,
        "version": version.number,
        "status": version.status,
        "lines": [
            {
                "key": ln.key,
                "kind": ln.kind,
                "category": ln.category,
                "name": ln.name,
                "amount_ore": ln.amount_ore,
                "note": ln.note,
            }
            for ln in lines
        ],
        "costs_ore": total.costs_ore,
        "income_ore": total.income_ore,
        "sharing_key": share.key.method,
        "cofinancing": [
            {
                "party": r.party.key,
                "name": r.party.organisation.name,
                "municipality_code": r.party.organisation.municipality_code,
                "population": r.population,
                "amount_ore": r.amount_ore,
            }
            for r in share.rows
        ],
        "cofinancing_error": share.error,
    }


class StatusLineOut(Schema):
    key: str
    kind: str
    name: str
    budget_ore: int
    actual_ore: int
    forecast_ore: int
    forecast_entered: bool
    deviation_ore: int
    comment: str


class PartyTotalOut(Schema):
    share_ore: int
    invoiced_ore: int
    paid_ore: int


class PartyStatusOut(PartyTotalOut):
    party: str
    name: str


class StatusOut(Schema):
    as_of: datetime.date
    budget_version: int | None
    budget_status: str | None
    lines: list[StatusLineOut]
    parties: list[PartyStatusOut]
    parties_total: PartyTotalOut
    all_parties: bool


@api.get("/collaborations/{slug}/finance/status", response=StatusOut, tags=["finance"])
def finance_status(request: HttpRequest, slug: Slug, date: Day | None = None) -> dict[str, Any]:
    """The financial status report for a date (today by default): per line budget, actual to date,
    forecast for the year and deviation; each party's share, invoiced and paid where the caller may
    see that party (`view_party_finance`), and the total of all parties."""
    from samverkan.finance import services as finance

    collaboration, access = _collaboration(request, slug)
    if not access.can("view_finance"):
        raise HttpError(403, "Only members of the collaboration's groups see its economy.")
    if collaboration.model.economy is None:
        raise HttpError(404, "This collaboration has no joint economy.")
    view = finance.for_reader(finance.status_view(collaboration, date or timezone.localdate()), access)
    data = finance.status_snapshot(view)
    total = view.parties_total
    return {
        **data,
        "lines": [{k: v for k, v in line.items() if k != "category"} for line in data["lines"]],
        "parties_total": {"share_ore": total.share_ore, "invoiced_ore": total.invoiced_ore, "paid_ore": total.paid_ore},
        "all_parties": view.all_parties,
    }


@api.exception_handler(StaleEditError)
def stale_edit(request: HttpRequest, error: StaleEditError) -> HttpResponse:
    """A write whose `version` is older than the stored one (lib.stale) is refused: 409, nothing
    changed, with the stored version to read again. Every write passes the client's optional
    `version` on as the service's `loaded_version`; without one it is not checked."""
    return api.create_response(request, {"detail": error.message, "version": error.current}, status=409)
