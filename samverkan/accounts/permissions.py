"""The one permission mechanism: what a user may see and do in a collaboration.

Roles come from the user's current memberships in the collaboration's groups, plus instance
admin. Each app names its actions in `ACTIONS`; views and the API ask `access.can(action)` and
never decide access by themselves.

People and organisations are shared between collaborations. Changing one (a person's details,
an organisation's name, code, supervision unit or population) needs authority in every
collaboration it belongs to: `Access.manages` holds the collaborations the user coordinates
today, and the owner actions (`change_person`, `read_personal_data`, `change_organisation`) ask
whether it covers all of the record's (`Person.collaboration_ids()`,
`Organisation.collaboration_ids()`). The instance admin may do it anywhere, and a person may
always change their own contact details. The services ask the same actions through
`may_change_person` and `may_change_organisation`, so pages, the API and imports follow one rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.utils import timezone

from samverkan.collaborations.models import Collaboration

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Access:
    is_authenticated: bool = False
    is_admin: bool = False
    person_id: int | None = None
    organisation_id: int | None = None
    works_at_party: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    group_ids: frozenset[int] = field(default_factory=frozenset)
    group_roles: frozenset[tuple[int, str]] = field(default_factory=frozenset)
    collaboration_group_ids: frozenset[int] = field(default_factory=frozenset)  # the deciding body
    manages: frozenset[int] = field(default_factory=frozenset)  # collaborations coordinated today

    def owns(self, collaboration_ids: frozenset[int]) -> bool:
        """Authority over a shared record: the admin, or the coordinator of every collaboration it
        belongs to (a record that belongs to none only the admin may change)."""
        if not self.is_authenticated:
            return False
        return self.is_admin or (bool(collaboration_ids) and collaboration_ids <= self.manages)

    def holds(self, group_id: int, *roles: str) -> bool:
        """Whether the user holds one of the roles in that group today."""
        return any((group_id, role) in self.group_roles for role in roles)

    @property
    def is_participant(self) -> bool:
        """Logged in and part of the collaboration: a group member or staff of a party."""
        return self.is_authenticated and (self.is_admin or self.works_at_party or bool(self.group_ids))

    @property
    def is_coordinator(self) -> bool:
        return self.is_authenticated and "coordinator" in self.roles

    def can(self, action: str, obj: Any = None) -> bool:
        try:
            rule = ACTIONS[action]
        except KeyError:
            raise KeyError(f"Unknown permission action {action!r}; add it to ACTIONS.") from None
        return rule(self, obj)


def _participant(access: Access, obj: Any) -> bool:
    return access.is_participant


def _manager(access: Access, obj: Any) -> bool:
    return access.is_admin or access.is_coordinator


def _meeting_organiser(access: Access, obj: Any) -> bool:
    """The coordinator, an admin, or the group's chair, convener or secretary (SG4, SG5, ST3)."""
    group_id = getattr(obj, "pk", None)
    return _manager(access, obj) or (group_id is not None and access.holds(group_id, "chair", "convener", "secretary"))


def _is_self(access: Access, obj: Any) -> bool:
    return access.is_authenticated and access.person_id is not None and getattr(obj, "pk", None) == access.person_id


def _person_owner(access: Access, obj: Any) -> bool:
    """The coordinator of every collaboration the person (obj) belongs to, or the admin."""
    return access.owns(obj.collaboration_ids())


def _self_or_person_owner(access: Access, obj: Any) -> bool:
    """A person's own details, or a shared person's for whoever owns every part of them."""
    return _is_self(access, obj) or _person_owner(access, obj)


def _organisation_owner(access: Access, obj: Any) -> bool:
    """The coordinator of every collaboration the organisation (obj) is a party in, or the admin."""
    return access.owns(obj.collaboration_ids())


def _group_member_or_manager(access: Access, obj: Any) -> bool:
    """The coordinator, an admin, or a member of the group (obj) today: the body that drafts."""
    return _manager(access, obj) or getattr(obj, "pk", None) in access.group_ids


def _assignment_owner(access: Access, obj: Any) -> bool:
    """Who reports on an assignment: the coordinator, the person it was given to, or a member of
    the working group it was given to."""
    if _manager(access, obj):
        return True
    mine = obj.owner_person_id is not None and obj.owner_person_id == access.person_id
    my_group = obj.owner_group_id is not None and obj.owner_group_id in access.group_ids
    return access.is_authenticated and (mine or my_group)


def _member_or_manager(access: Access, obj: Any) -> bool:
    """The coordinator, an admin, or a member of any of the collaboration's groups today."""
    return _manager(access, obj) or (access.is_authenticated and bool(access.group_ids))


def _party_representative(access: Access, obj: Any) -> bool:
    """The coordinator, an admin, or a group member who works for the party (obj)."""
    if _manager(access, obj):
        return True
    mine = access.organisation_id is not None and getattr(obj, "organisation_id", None) == access.organisation_id
    return access.is_authenticated and bool(access.group_ids) and mine


def _party_finance(access: Access, obj: Any) -> bool:
    """Who sees a party's invoiced and paid amounts and its invoicing basis (obj: the party; None:
    every party at once). The host presents the budget and the financial follow-up to the
    collaboration group ("inför samverkansgruppen redovisa budget och ekonomisk uppföljning", CM3),
    which decides the budget and follows up the work (SG2): its members see every party. A party's
    own representatives in any group see that party; other members see the totals only."""
    if _manager(access, obj) or (access.is_authenticated and bool(access.collaboration_group_ids)):
        return True
    return obj is not None and _party_representative(access, obj)


ACTIONS: dict[str, Callable[[Access, Any], bool]] = {
    "view_contact_details": _participant,
    "view_contact_list": _participant,
    "view_agreement_check": _participant,
    "view_audit": _manager,
    "change_person": _self_or_person_owner,  # obj: the person
    "read_personal_data": _person_owner,  # obj: the person; the export covers every collaboration
    "erase_person": _manager,  # obj: the person; ends this collaboration's part (everything: the admin)
    "erase_person_everywhere": lambda access, obj: access.is_authenticated and access.is_admin,
    "manage_people": _manager,
    "import_contacts": _manager,
    "manage_groups": _manager,
    "manage_organisations": _manager,
    "change_organisation": _organisation_owner,  # obj: the organisation; name, code, unit, population
    "change_host": _manager,
    "manage_meetings": _meeting_organiser,  # obj: the group
    "view_video_link": _participant,  # obj: the meeting; Meeting.video_link_for asks it everywhere
    "suggest_agenda_item": lambda access, obj: (
        _meeting_organiser(access, obj) or (getattr(obj, "pk", None) in access.group_ids)
    ),  # obj: the group
    "view_plans": _participant,  # drafts and proposals; decided plans are public
    "draft_plan": _group_member_or_manager,  # obj: the drafting group of the document type
    "send_back_plan": _meeting_organiser,  # obj: the deciding group
    "manage_activities": _group_member_or_manager,  # obj: the group that drafts the activity plan
    "manage_assignments": _manager,
    "report_assignment": _assignment_owner,  # obj: the assignment
    "view_calendar": _participant,
    "plan_year": _manager,
    "view_finance": _member_or_manager,  # budget, actual, status reports, co-financing (EC1–EC4)
    "manage_finance": _manager,  # ledger, forecasts, invoices, status reports to meetings
    "view_party_finance": _party_finance,  # obj: the party (None: all): invoiced, paid, invoicing basis
    "log_time": _member_or_manager,  # the coordinator's time (CO1); anyone else's is in kind (EC2)
    "plan_meetings": lambda access, obj: (
        _manager(access, obj)
        or bool({role for _group, role in access.group_roles} & {"chair", "convener", "secretary"})
    ),
}

ANONYMOUS = Access()


def access_for(user: Any, collaboration: Collaboration | None) -> Access:
    """The user's access in one collaboration (or instance-wide when collaboration is None)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    from samverkan.organisations.models import GroupKind, Membership, Person

    is_admin = bool(user.is_superuser)
    person = Person.objects.filter(user=user).only("id", "organisation_id").first()
    if person is None:
        return Access(is_authenticated=True, is_admin=is_admin)
    today = timezone.localdate()
    # one query for every current seat: this collaboration's roles and the collaborations managed
    seats = list(
        Membership.objects.current(today)
        .filter(person=person)
        .values_list("role", "group_id", "group__collaboration_id", "group__kind")
    )
    manages = frozenset(c for role, _group, c, _kind in seats if role == "coordinator")
    if collaboration is None:
        return Access(is_authenticated=True, is_admin=is_admin, person_id=person.pk, manages=manages)
    memberships = [(role, group, kind) for role, group, c, kind in seats if c == collaboration.pk]
    works_at_party = collaboration.parties.current(today).filter(organisation_id=person.organisation_id).exists()
    return Access(
        is_authenticated=True,
        is_admin=is_admin,
        person_id=person.pk,
        organisation_id=person.organisation_id,
        works_at_party=works_at_party,
        roles=frozenset(role for role, _group, _kind in memberships),
        group_ids=frozenset(group for _role, group, _kind in memberships),
        group_roles=frozenset((group, role) for role, group, _kind in memberships),
        collaboration_group_ids=frozenset(
            group for _role, group, kind in memberships if kind == GroupKind.COLLABORATION_GROUP
        ),
        manages=manages,
    )


def request_access(request: Any, collaboration: Collaboration | None) -> Access:
    """`access_for`, computed once per request and collaboration."""
    cache: dict[int | None, Access] = request.__dict__.setdefault("_samverkan_access", {})
    key = collaboration.pk if collaboration is not None else None
    if key not in cache:
        cache[key] = access_for(request.user, collaboration)
    return cache[key]


def may_change_person(actor: Any, person: Any, collaboration: Collaboration | None) -> bool:
    """For the services: whether the actor may change the person. No actor is the system
    (commands, the model file, the signed confirmation link), which may."""
    return actor is None or access_for(actor, collaboration).can("change_person", person)


def may_change_organisation(actor: Any, organisation: Any) -> bool:
    """For the services: whether the actor may change the organisation (None: the system)."""
    return actor is None or access_for(actor, None).can("change_organisation", organisation)


def is_coordinator_anywhere(user: Any) -> bool:
    from samverkan.organisations.models import Membership

    return Membership.objects.current().filter(person__user=user, role="coordinator").exists()


def collaboration_for(request: HttpRequest, slug: str) -> tuple[Collaboration, Access]:
    """The collaboration a page is under (404 for an unknown slug) and the user's access in it."""
    collaboration = get_object_or_404(Collaboration, slug=slug)
    return collaboration, request_access(request, collaboration)
