"""The API of organisations, people, groups and the contact list: /api/v1/collaborations/….

Contact details follow the same privacy rule as the pages: e-mail and phone only for logged-in
participants of that collaboration (`view_contact_details`).
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from samverkan.accounts.api import collaboration_access
from samverkan.accounts.permissions import VIEW_CONTACT_DETAILS, VIEW_CONTACT_LIST, Access
from samverkan.collaborations.models import Collaboration
from samverkan.lib.api_inputs import Id, Line, Slug
from samverkan.lib.api_pages import DEFAULT_LIMIT, Limit, Offset, window
from samverkan.lib.http import download
from samverkan.organisations import contacts
from samverkan.organisations.contact_views import EXPORTS
from samverkan.organisations.models import Group, HostPeriod, Membership, Organisation, Person, active_on

router = Router()


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


def _person(person: Person, access: Access) -> dict[str, Any]:
    show = access.can(VIEW_CONTACT_DETAILS)
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


@router.get("/collaborations", response=list[CollaborationOut], tags=["collaborations"])
def collaborations(
    request: HttpRequest, response: HttpResponse, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> list[dict[str, Any]]:
    today = timezone.localdate()
    # today's host of every collaboration in one query, not `host_on` per row
    current = Prefetch(
        "host_periods",
        queryset=HostPeriod.objects.filter(active_on(today)).select_related("organisation"),
        to_attr="current_host_periods",
    )
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "name_en": c.name_en,
            "sector": c.sector,
            "county": c.county,
            "host": c.current_host_periods[0].organisation.name if c.current_host_periods else None,
        }
        for c in window(
            request, response, Collaboration.objects.prefetch_related(current).order_by("name", "pk"), limit, offset
        )
    ]


@router.get("/collaborations/{slug}/organisations", response=list[OrganisationOut], tags=["organisations"])
def organisations(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    collaboration, _access = collaboration_access(request, slug)
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


@router.get("/collaborations/{slug}/people", response=list[PersonOut], tags=["people"])
def people(
    request: HttpRequest, response: HttpResponse, slug: Slug, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> list[dict[str, Any]]:
    collaboration, access = collaboration_access(request, slug)
    qs = Person.objects.in_collaboration(collaboration).select_related("organisation")
    return [
        _person(p, access)
        for p in window(request, response, qs.order_by("last_name", "first_name", "pk"), limit, offset)
    ]


@router.get("/collaborations/{slug}/people/{person_id}", response=PersonOut, tags=["people"])
def person(request: HttpRequest, slug: Slug, person_id: Id) -> dict[str, Any]:
    collaboration, access = collaboration_access(request, slug)
    found = get_object_or_404(
        Person.objects.in_collaboration(collaboration).select_related("organisation"), pk=person_id
    )
    return _person(found, access)


@router.get("/collaborations/{slug}/groups", response=list[GroupOut], tags=["groups"])
def groups(request: HttpRequest, slug: Slug) -> QuerySet[Group]:
    collaboration, _access = collaboration_access(request, slug)
    return Group.objects.filter(collaboration=collaboration)


@router.get("/collaborations/{slug}/memberships", response=list[MembershipOut], tags=["groups"])
def memberships(
    request: HttpRequest,
    response: HttpResponse,
    slug: Slug,
    group: Id | None = None,
    current: bool = False,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    collaboration, _access = collaboration_access(request, slug)
    qs = Membership.objects.filter(group__collaboration=collaboration).select_related("group", "person", "organisation")
    if group is not None:
        qs = qs.filter(group_id=group)
    if current:
        qs = qs.current()
    return [
        _membership(m)
        for m in window(
            request, response, qs.order_by("group", "organisation__name", "person__last_name", "pk"), limit, offset
        )
    ]


def _contacts(
    request: HttpRequest, slug: Slug, q: str, organisation: int | None, group: int | None, role: str, sort: str
) -> list[contacts.ContactRow]:
    collaboration, access = collaboration_access(request, slug)
    if not access.can(VIEW_CONTACT_LIST):
        raise HttpError(403, "Only participants of the collaboration may read its contact list.")
    flt = contacts.ContactFilter(
        q=q, organisation=organisation, group=group, role=role, sort=sort.lstrip("-"), descending=sort.startswith("-")
    )
    return contacts.contact_rows(collaboration, flt)


@router.get("/collaborations/{slug}/contacts", response=list[ContactOut], tags=["contacts"])
def contact_list(
    request: HttpRequest,
    response: HttpResponse,
    slug: Slug,
    q: Line = "",
    organisation: Id | None = None,
    group: Id | None = None,
    role: Line = "",
    sort: Line = "namn",
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """The contact list with the page's filters; `sort` is namn, organisation or bekraftad, `-` for descending."""
    rows = window(request, response, _contacts(request, slug, q, organisation, group, role, sort), limit, offset)
    return [{**row.__dict__, "groups": list(row.groups), "roles": list(row.roles)} for row in rows]


@router.get("/collaborations/{slug}/contacts/export/{fmt}", tags=["contacts"])
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
