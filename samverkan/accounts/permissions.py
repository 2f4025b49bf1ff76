"""The one permission mechanism: what a user may see and do in a collaboration.

Roles come from the user's current memberships in the collaboration's groups, plus instance
admin. Each app declares its own actions in its `permissions.py` with `define_action(name, rule)`,
which returns a typed `Action` constant (so a misspelt constant fails mypy) and registers the rule
here; the app's `ready()` imports that module so templates (`access|can:"name"`) find the name
too. Views, documents and the API ask `access.can(ACTION, obj)` and never decide access by
themselves; what a reader may *see* of a resource is answered by the owning app's
`visibility.py` on top of these actions. The actions that belong to no app (contact details, the
shared people and organisations, the audit log) are declared here.

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

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NewType

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

    @property
    def organiser_group_ids(self) -> frozenset[int]:
        """The groups in which the user is chair, convener or secretary today."""
        return frozenset(g for g, role in self.group_roles if role in ORGANISER_ROLES)

    def can(self, action: Action, obj: Any = None) -> bool:
        """Whether the user may do the action (obj: what the action's rule takes). Code passes an
        app's constant (a misspelt one fails mypy); a template's name goes through `action_named`."""
        try:
            rule = ACTIONS[action]
        except KeyError:
            raise KeyError(f"Unknown permission action {action!r}; declare it with define_action.") from None
        return rule(self, obj)


ORGANISER_ROLES = ("chair", "convener", "secretary")

# An action's name, as `define_action` returns it; `Access.can` takes these.
Action = NewType("Action", str)
Rule = Callable[[Access, Any], bool]

# every declared action's rule, by name (templates ask by name)
ACTIONS: dict[str, Rule] = {}


def action_named(name: str) -> Action:
    """The declared action of that name (templates ask by name); an unknown one is a KeyError,
    never a refusal."""
    if name not in ACTIONS:
        raise KeyError(f"Unknown permission action {name!r}; declare it with define_action.")
    return Action(name)


def define_action(name: str, rule: Rule) -> Action:
    """Declare an action and the rule that answers it (in the owning app's permissions.py)."""
    if ACTIONS.get(name, rule) is not rule:
        raise ValueError(f"Permission action {name!r} is declared twice.")
    ACTIONS[name] = rule
    return Action(name)


def participant(access: Access, obj: Any) -> bool:
    """Logged in and part of the collaboration: a group member, staff of a party, or the admin."""
    return access.is_participant


def manager(access: Access, obj: Any) -> bool:
    """The coordinator of the collaboration, or the instance admin."""
    return access.is_admin or access.is_coordinator


def meeting_organiser(access: Access, obj: Any) -> bool:
    """The coordinator, an admin, or the group's (obj) chair, convener or secretary (SG4, SG5, ST3)."""
    group_id = getattr(obj, "pk", None)
    return manager(access, obj) or (group_id is not None and access.holds(group_id, *ORGANISER_ROLES))


def group_member_or_manager(access: Access, obj: Any) -> bool:
    """The coordinator, an admin, or a member of the group (obj) today: the body that drafts."""
    return manager(access, obj) or getattr(obj, "pk", None) in access.group_ids


def member_or_manager(access: Access, obj: Any) -> bool:
    """The coordinator, an admin, or a member of any of the collaboration's groups today."""
    return manager(access, obj) or (access.is_authenticated and bool(access.group_ids))


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


# The actions of no single app; the apps' own are declared in their permissions.py.
VIEW_CONTACT_DETAILS = define_action("view_contact_details", participant)
VIEW_CONTACT_LIST = define_action("view_contact_list", participant)
VIEW_AGREEMENT_CHECK = define_action("view_agreement_check", participant)
VIEW_AUDIT = define_action("view_audit", manager)
CHANGE_PERSON = define_action("change_person", _self_or_person_owner)  # obj: the person
# obj: the person; the export covers every collaboration
READ_PERSONAL_DATA = define_action("read_personal_data", _person_owner)
# obj: the person; ends this collaboration's part (everything: the admin)
ERASE_PERSON = define_action("erase_person", manager)
ERASE_PERSON_EVERYWHERE = define_action(
    "erase_person_everywhere", lambda access, obj: access.is_authenticated and access.is_admin
)
MANAGE_PEOPLE = define_action("manage_people", manager)
IMPORT_CONTACTS = define_action("import_contacts", manager)
MANAGE_GROUPS = define_action("manage_groups", manager)
MANAGE_ORGANISATIONS = define_action("manage_organisations", manager)
# obj: the organisation; name, code, unit, population
CHANGE_ORGANISATION = define_action("change_organisation", _organisation_owner)
CHANGE_HOST = define_action("change_host", manager)

ANONYMOUS = Access()
COLLABORATION_GROUP = "collaboration_group"  # organisations.GroupKind: the deciding body


@dataclass(frozen=True)
class Seats:
    """Who a user is in the collaborations: their person, its organisation and every seat they
    hold today as (role, group id, collaboration id, group kind)."""

    person_id: int
    organisation_id: int | None
    seats: tuple[tuple[str, int, int, str], ...]


# Where the seats come from: the organisations app, which holds people and memberships, registers
# its reader when it loads (OrganisationsConfig.ready), so this mechanism needs no app above it.
_SEAT_SOURCES: list[Callable[[Any, datetime.date], Seats | None]] = []


def register_seat_source(source: Callable[[Any, datetime.date], Seats | None]) -> None:
    if source not in _SEAT_SOURCES:
        _SEAT_SOURCES.append(source)


class Unread:
    """The seats not read yet (None is an answer: the user is no person)."""


UNREAD = Unread()


def seats_of(user: Any, day: datetime.date) -> Seats | None:
    if not _SEAT_SOURCES:
        raise RuntimeError("No seat source registered; is samverkan.organisations installed?")
    return _SEAT_SOURCES[0](user, day)


def request_seats(request: Any) -> Seats | None:
    """`seats_of` the request's user today, read once per request: the two-factor middleware and
    the page's access both need them (None for an anonymous visitor, without a query)."""
    user = request.user
    if user is None or not user.is_authenticated:
        return None
    today = timezone.localdate()
    cached = request.__dict__.get("_samverkan_seats")
    if cached is None or cached[0] != (user.pk, today):
        cached = ((user.pk, today), seats_of(user, today))
        request.__dict__["_samverkan_seats"] = cached
    return cached[1]


def access_for(user: Any, collaboration: Collaboration | None, *, seats: Seats | Unread | None = UNREAD) -> Access:
    """The user's access in one collaboration (or instance-wide when collaboration is None).
    `seats`: the user's seats today if the caller has read them already (`request_seats`)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    is_admin = bool(user.is_superuser)
    today = timezone.localdate()
    # one query for the person, one for every current seat
    person = seats_of(user, today) if isinstance(seats, Unread) else seats
    if person is None:
        return Access(is_authenticated=True, is_admin=is_admin)
    held = person.seats
    manages = frozenset(c for role, _group, c, _kind in held if role == "coordinator")
    if collaboration is None:
        return Access(is_authenticated=True, is_admin=is_admin, person_id=person.person_id, manages=manages)
    memberships = [(role, group, kind) for role, group, c, kind in held if c == collaboration.pk]
    works_at_party = (
        person.organisation_id is not None
        and collaboration.parties.current(today).filter(organisation_id=person.organisation_id).exists()
    )
    return Access(
        is_authenticated=True,
        is_admin=is_admin,
        person_id=person.person_id,
        organisation_id=person.organisation_id,
        works_at_party=works_at_party,
        roles=frozenset(role for role, _group, _kind in memberships),
        group_ids=frozenset(group for _role, group, _kind in memberships),
        group_roles=frozenset((group, role) for role, group, _kind in memberships),
        collaboration_group_ids=frozenset(group for _role, group, kind in memberships if kind == COLLABORATION_GROUP),
        manages=manages,
    )


def request_access(request: Any, collaboration: Collaboration | None) -> Access:
    """`access_for`, computed once per request and collaboration."""
    cache: dict[int | None, Access] = request.__dict__.setdefault("_samverkan_access", {})
    key = collaboration.pk if collaboration is not None else None
    if key not in cache:
        cache[key] = access_for(request.user, collaboration, seats=request_seats(request))
    return cache[key]


def may_change_person(actor: Any, person: Any, collaboration: Collaboration | None) -> bool:
    """For the services: whether the actor may change the person. No actor is the system
    (commands, the model file, the signed confirmation link), which may."""
    return actor is None or access_for(actor, collaboration).can(CHANGE_PERSON, person)


def may_change_organisation(actor: Any, organisation: Any) -> bool:
    """For the services: whether the actor may change the organisation (None: the system)."""
    return actor is None or access_for(actor, None).can(CHANGE_ORGANISATION, organisation)


def is_coordinator_anywhere(user: Any, *, seats: Seats | Unread | None = UNREAD) -> bool:
    person = seats_of(user, timezone.localdate()) if isinstance(seats, Unread) else seats
    return person is not None and any(role == "coordinator" for role, _group, _c, _kind in person.seats)


def collaboration_for(request: HttpRequest, slug: str) -> tuple[Collaboration, Access]:
    """The collaboration a page is under (404 for an unknown slug) and the user's access in it."""
    collaboration = get_object_or_404(Collaboration, slug=slug)
    return collaboration, request_access(request, collaboration)
