from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Prefetch, QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.permissions import (
    CHANGE_HOST,
    CHANGE_ORGANISATION,
    CHANGE_PERSON,
    MANAGE_GROUPS,
    MANAGE_ORGANISATIONS,
    MANAGE_PEOPLE,
    READ_PERSONAL_DATA,
    VIEW_AUDIT,
    VIEW_CONTACT_DETAILS,
    collaboration_for,
)
from samverkan.audit import stale
from samverkan.audit.models import AuditEntry
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.views import deny, form_page
from samverkan.lib.pagination import page_of
from samverkan.lib.swedish_order import swedish_key
from samverkan.organisations import services
from samverkan.organisations.forms import (
    EndMembershipForm,
    HostForm,
    MembershipForm,
    OrganisationForm,
    PersonForm,
    StandingGroupForm,
    WorkingGroupForm,
)
from samverkan.organisations.models import Gender, Group, GroupKind, Membership, Organisation, Person
from samverkan.organisations.rules import gender_table


def collaboration_home(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    starts_on = collaboration.model.started_on
    today = max(timezone.localdate(), starts_on)  # before the start: as it will be on the first day
    groups = Group.objects.current(today).filter(collaboration=collaboration)
    parties = collaboration.parties.current(today).select_related("organisation")
    host_periods = collaboration.host_periods.select_related("organisation")
    return render(
        request,
        "organisations/collaboration.html",
        {
            "collaboration": collaboration,
            "access": access,
            "groups": groups,
            "parties": parties,
            "host": collaboration.host_on(today),
            "host_periods": host_periods,
            "starts_on": starts_on if starts_on > timezone.localdate() else None,
            "audit": AuditEntry.objects.filter(collaboration=collaboration, object_type="organisations.hostperiod")[:20]
            if access.can(VIEW_AUDIT)
            else None,
        },
    )


def host_change(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(CHANGE_HOST):
        return deny(request)
    organisations = Organisation.objects.filter(parties__collaboration=collaboration, parties__ended_on__isnull=True)
    form = HostForm(request.POST or None, organisations=organisations)
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Byt huvudman"),
        back=reverse("collaboration", args=[slug]),
        save=lambda data: services.change_host(collaboration=collaboration, actor=request.user, **data),
        success=_("Huvudmannen är ändrad."),
        done=lambda _period: reverse("collaboration", args=[slug]),
    )


def organisation_list(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    year = timezone.localdate().year
    parties = (
        collaboration.parties.current()
        .select_related("organisation")
        .prefetch_related("organisation__populations", "organisation__supervision_units")
    )
    rows = []
    for party in parties:
        populations = {p.year: p.count for p in party.organisation.populations.all()}
        latest = max(populations) if populations else None
        rows.append(
            {
                "organisation": party.organisation,
                "population": populations.get(latest) if latest else None,
                "population_year": latest,
                "units": list(party.organisation.supervision_units.all()),
            }
        )
    return render(
        request,
        "organisations/organisation_list.html",
        {"collaboration": collaboration, "access": access, "rows": rows, "year": year},
    )


def organisation_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    organisation = get_object_or_404(Organisation, pk=pk, parties__collaboration=collaboration)
    today = timezone.localdate()
    memberships = (
        Membership.objects.filter(group__collaboration=collaboration, organisation=organisation)
        .select_related("person", "group")
        .order_by("-started_on")
    )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "collaboration": collaboration,
            "access": access,
            "organisation": organisation,
            "current": [m for m in memberships if m.is_active_on(today)],
            "past": [m for m in memberships if not m.is_active_on(today)],
            "populations": organisation.populations.all(),
            "units": organisation.supervision_units.prefetch_related("municipalities"),
            "show_contacts": access.can(VIEW_CONTACT_DETAILS),
            "can_change": access.can(CHANGE_ORGANISATION, organisation),
            "audit": AuditEntry.objects.for_object(organisation)[:20] if access.can(VIEW_AUDIT) else None,
        },
    )


def organisation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(MANAGE_ORGANISATIONS):
        return deny(request)
    organisation = get_object_or_404(Organisation, pk=pk, parties__collaboration=collaboration)
    if not access.can(CHANGE_ORGANISATION, organisation):
        # shared with a collaboration the user does not coordinate: say why, offer no form
        return render(
            request,
            "organisations/organisation_shared.html",
            {
                "collaboration": collaboration,
                "access": access,
                "organisation": organisation,
                "message": services.shared_organisation_refusal(organisation).message,
            },
            status=403,
        )
    latest = organisation.populations.first()
    unit = organisation.supervision_units.first()
    form = OrganisationForm(
        request.POST or None,
        initial={
            "name": organisation.name,
            "municipality_code": organisation.municipality_code,
            "supervision_unit": unit.name if unit else "",
            "population_year": latest.year if latest else None,
            "population": latest.count if latest else None,
        },
    )
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra %(organisation)s") % {"organisation": organisation.name},
        back=reverse("organisation_detail", args=[slug, organisation.pk]),
        save=lambda data: services.update_organisation(organisation=organisation, actor=request.user, **data),
        success=_("Organisationen är sparad."),
        done=lambda saved: reverse("organisation_detail", args=[slug, saved.pk]),
    )


def group_list(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    today = timezone.localdate()
    groups = list(
        Group.objects.filter(collaboration=collaboration).prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.current(today), to_attr="current_memberships")
        )
    )
    return render(
        request,
        "organisations/group_list.html",
        {
            "collaboration": collaboration,
            "access": access,
            "today": today,
            "current": [g for g in groups if g.ended_on is None or g.ended_on >= today],
            "ended": [g for g in groups if g.ended_on is not None and g.ended_on < today],
        },
    )


def group_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    group = get_object_or_404(Group, pk=pk, collaboration=collaboration)
    today = timezone.localdate()
    memberships = list(
        group.memberships.select_related("person", "organisation").order_by("organisation__name", "person__last_name")
    )
    current = [m for m in memberships if m.is_active_on(today)]
    by_organisation: dict[Organisation, list[Membership]] = {}
    for membership in current:
        by_organisation.setdefault(membership.organisation, []).append(membership)
    return render(
        request,
        "organisations/group_detail.html",
        {
            "collaboration": collaboration,
            "access": access,
            "group": group,
            "by_organisation": sorted(by_organisation.items(), key=lambda item: item[0].name),
            "past": [m for m in memberships if not m.is_active_on(today)],
            "member_count": len({m.person_id for m in current}),
            "genders": _group_genders(collaboration, group, today),
            "show_contacts": access.can(VIEW_CONTACT_DETAILS),
            "audit": AuditEntry.objects.for_object(group)[:20] if access.can(VIEW_AUDIT) else None,
        },
    )


def _group_genders(collaboration: Collaboration, group: Group, today: datetime.date) -> list[tuple[Any, str]]:
    """The group's row of the published gender statistics, as (label, shown count); none for a past group."""
    for row_group, _size, cells in _gender_table(collaboration, today)[0]:
        if row_group.pk == group.pk:
            return list(zip([label for _v, label in Gender.choices], cells, strict=True))
    return []


def _body_name(collaboration: Collaboration) -> str:
    body = services.appointing_body(collaboration)
    return body.name if body else ""


def _group_decisions(collaboration: Collaboration) -> QuerySet[Any]:
    """The decisions that may appoint or change a working group, newest first (the body the model
    file names, AG1).

    Decisions are the meetings app's, a layer above; a group names its appointing decision by a
    relation, whose model is read from it rather than imported."""
    decisions = Group._meta.get_field("appointed_by").related_model._default_manager  # type: ignore[union-attr]
    return (
        services.appointing_decisions(collaboration, decisions.all())
        .select_related("item")
        .order_by("-item__year", "-item__number")
    )


def group_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(MANAGE_GROUPS):
        return deny(request)
    group = get_object_or_404(Group, pk=pk, collaboration=collaboration)
    instance = Group.objects.get(pk=group.pk)
    form: forms.ModelForm[Group]
    if group.kind == GroupKind.WORKING_GROUP:
        form = WorkingGroupForm(
            request.POST or None,
            instance=instance,
            decisions=_group_decisions(collaboration),
            body=_body_name(collaboration),
        )
        fields = WorkingGroupForm.Meta.fields
    else:
        form = StandingGroupForm(request.POST or None, instance=instance)
        fields = StandingGroupForm.Meta.fields
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra %(group)s") % {"group": group.name},
        back=reverse("group_detail", args=[slug, group.pk]),
        save=lambda data: services.update_group(
            group=group, actor=request.user, decision=data.get("decision"), **{f: data[f] for f in fields}
        ),
        success=_("Gruppen är sparad."),
        done=lambda saved: reverse("group_detail", args=[slug, saved.pk]),
    )


def working_group_create(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(MANAGE_GROUPS):
        return deny(request)
    form = WorkingGroupForm(
        request.POST or None,
        decisions=_group_decisions(collaboration),
        body=_body_name(collaboration),
        initial={"started_on": timezone.localdate(), "decision": request.GET.get("beslut")},
    )

    def save(data: dict[str, Any]) -> Group:
        fields = {f: data[f] for f in WorkingGroupForm.Meta.fields}
        return services.create_working_group(
            collaboration=collaboration, actor=request.user, appointed_by=data["decision"], **fields
        )

    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ny arbetsgrupp"),
        back=reverse("group_list", args=[slug]),
        save=save,
        success=_("Arbetsgruppen är tillsatt."),
        done=lambda group: reverse("group_detail", args=[slug, group.pk]),
    )


def membership_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(MANAGE_PEOPLE):
        return deny(request)
    group = get_object_or_404(Group, pk=pk, collaboration=collaboration)
    form = MembershipForm(
        request.POST or None,
        initial={"started_on": timezone.localdate()},
        people=Person.objects.in_collaboration(collaboration).select_related("organisation"),
        organisations=Organisation.objects.filter(parties__collaboration=collaboration),
    )
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ny medlem i %(group)s") % {"group": group.name},
        back=reverse("group_detail", args=[slug, group.pk]),
        save=lambda data: services.add_membership(group=group, actor=request.user, **data),
        success=_("Medlemmen är tillagd."),
        done=lambda _membership: reverse("group_detail", args=[slug, group.pk]),
    )


def membership_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(MANAGE_PEOPLE):
        return deny(request)
    membership = get_object_or_404(
        Membership.objects.select_related("group", "person"), pk=pk, group__collaboration=collaboration
    )
    form = EndMembershipForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Avsluta %(person)s i %(group)s") % {"person": membership.person, "group": membership.group},
        back=reverse("group_detail", args=[slug, membership.group_id]),
        save=lambda data: services.end_membership(membership=membership, actor=request.user, **data),
        success=_("Medlemskapet är avslutat."),
        done=lambda _membership: reverse("group_detail", args=[slug, membership.group_id]),
    )


def person_list(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    people = (
        Person.objects.in_collaboration(collaboration)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )
    page = page_of(request, people)
    return render(
        request,
        "organisations/person_list.html",
        {
            "collaboration": collaboration,
            "access": access,
            "people": page.object_list,
            "page": page,
            "show_contacts": access.can(VIEW_CONTACT_DETAILS),
        },
    )


def person_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    person = get_object_or_404(Person.objects.in_collaboration(collaboration).select_related("organisation"), pk=pk)
    memberships = person.memberships.filter(group__collaboration=collaboration).select_related("group", "organisation")
    return render(
        request,
        "organisations/person_detail.html",
        {
            "collaboration": collaboration,
            "access": access,
            "person": person,
            "memberships": memberships,
            "today": timezone.localdate(),
            "show_contacts": access.can(VIEW_CONTACT_DETAILS),
            "can_edit": access.can(CHANGE_PERSON, person),
            "can_read_data": access.can(READ_PERSONAL_DATA, person),
            "shared": bool(person.collaboration_ids() - {collaboration.pk}),
            "audit": AuditEntry.objects.for_object(person)[:20] if access.can(VIEW_AUDIT) else None,
        },
    )


def _save_person(request: HttpRequest, slug: str, person: Person | None) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not (access.can(CHANGE_PERSON, person) if person else access.can(MANAGE_PEOPLE)):
        return deny(request)
    form = PersonForm(request.POST or None, instance=Person.objects.get(pk=person.pk) if person else None)
    form.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
        parties__collaboration=collaboration
    )
    if person is not None:
        stale.add_field(form, person.version)

    def save(data: dict[str, Any]) -> Person:
        fields = {f: data[f] for f in PersonForm.Meta.fields}
        if person is None:
            return services.create_person(collaboration=collaboration, actor=request.user, **fields)
        return services.update_person(
            person=person, collaboration=collaboration, actor=request.user, loaded_version=stale.loaded(form), **fields
        )

    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra %(person)s") % {"person": person} if person else _("Ny person"),
        back=reverse("person_detail", args=[slug, person.pk]) if person else reverse("person_list", args=[slug]),
        save=save,
        success=_("Uppgifterna är sparade."),
        done=lambda saved: reverse("person_detail", args=[slug, saved.pk]),
        stored=(lambda: model_to_dict(Person.objects.get(pk=person.pk), fields=list(PersonForm.Meta.fields)))
        if person
        else None,
    )


def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _save_person(request, slug, None)


def person_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, _access = collaboration_for(request, slug)
    person = get_object_or_404(Person.objects.in_collaboration(collaboration), pk=pk)
    return _save_person(request, slug, person)


def _gender_table(
    collaboration: Collaboration, today: datetime.date
) -> tuple[list[tuple[Group, int, list[str]]], int, list[str]]:
    """P5: the published gender counts of every current group, and of everyone in them once.

    One computation for every page that shows them, so no two pages show the same group differently
    (the difference of two versions could give someone away). Who is in a group is public, so the
    rows are protected together (see rules.gender_table); per organisation nothing is shown.
    """
    memberships = (
        Membership.objects.current(today)
        .filter(group__collaboration=collaboration, group__in=Group.objects.current(today))
        .select_related("person", "group")
    )
    by_group: dict[Any, dict[int, str]] = {}
    everyone: dict[int, str] = {}
    for m in memberships:
        by_group.setdefault(m.group, {})[m.person_id] = m.person.gender
        everyone[m.person_id] = m.person.gender
    published = gender_table({**by_group, EVERYONE: everyone}, Gender.values)
    groups = [
        (group, len(people), published[group])
        for group, people in sorted(by_group.items(), key=lambda item: swedish_key(str(item[0])))
    ]
    return groups, len(everyone), published[EVERYONE]


EVERYONE = "everyone"  # the row of everyone in a current group, each counted once


def gender_statistics(request: HttpRequest, slug: str) -> HttpResponse:
    """P5: gender composition per group, protected so that no one's gender can be worked out."""
    collaboration, access = collaboration_for(request, slug)
    groups, total, cells = _gender_table(collaboration, timezone.localdate())
    return render(
        request,
        "organisations/gender_statistics.html",
        {
            "collaboration": collaboration,
            "access": access,
            "labels": [label for _v, label in Gender.choices],
            "groups": groups,
            "everyone": (total, cells),
        },
    )
