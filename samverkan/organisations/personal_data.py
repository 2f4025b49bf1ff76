"""GDPR tools: a person's own data as JSON, erasure of someone who has left, and retention.

Erasure ends the person's memberships, erases their contact details everywhere (the person row,
the audit trail's before/after values, pending imports, open confirmation links, their login)
and keeps the membership rows as anonymous history. Other apps erase what they keep of the person
through `register_eraser` (the events app: their registrations), add their part to a person's own
export through `register_exporter`, and run their own retention periods in the retention job
through `register_retention` (the events app: registrations anonymised some months after the
event). Public records that need the name (minutes,
decisions) keep their own copy of it when they are written, so they stay intact.

A person can belong to several collaborations. A collaboration's coordinator erases only that
collaboration's part (`_erase_from_collaboration`): its memberships end and its registration goes;
the person, their details and their login stay for the other collaborations. Only when nothing
else is left, or when the instance admin (or the retention job) erases, is the person erased
everywhere.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.permissions import ERASE_PERSON, ERASE_PERSON_EVERYWHERE, access_for
from samverkan.audit.models import AuditEntry
from samverkan.audit.services import record
from samverkan.lib.dates import months_before
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import ConfirmationRequest, ContactImport, Membership, Person

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.collaborations.models import Collaboration

ERASED = "[raderad]"
DEFAULT_RETENTION_MONTHS = 24

# What other apps keep of a person, erased with them: each app registers a function in its
# `AppConfig.ready()` that erases its own rows of the person and returns the audit trail's
# (object type, ids) of those rows, which are scrubbed here like the person's own.
Eraser = Callable[[Person], list[tuple[str, list[str]]]]
ERASERS: list[Eraser] = []


def register_eraser(eraser: Eraser) -> None:
    if eraser not in ERASERS:
        ERASERS.append(eraser)


# What other apps keep of a person, in their own export (GDPR art. 15): each registers a function
# that returns its part as {key: JSON-safe value}, added to `personal_data(person)`.
Exporter = Callable[[Person], dict[str, Any]]
EXPORTERS: list[Exporter] = []


def register_exporter(exporter: Exporter) -> None:
    if exporter not in EXPORTERS:
        EXPORTERS.append(exporter)


class RetentionJob(Protocol):
    """Another app's own retention period, run by the retention job (`personal-data-retention`):
    it removes (or, with `dry_run`, only finds) what has been kept long enough, and returns the
    lines of its report, the last one a summary."""

    def __call__(self, *, dry_run: bool, today: datetime.date) -> list[str]: ...


RETENTION_JOBS: list[RetentionJob] = []


def register_retention(job: RetentionJob) -> None:
    if job not in RETENTION_JOBS:
        RETENTION_JOBS.append(job)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def personal_data(person: Person) -> dict[str, Any]:
    """Everything the platform holds about a person, for them to download (GDPR art. 15)."""
    memberships = person.memberships.select_related("group__collaboration", "organisation").order_by("started_on")
    membership_ids = [str(m.pk) for m in memberships]
    audit = AuditEntry.objects.filter(
        Q(object_type="organisations.person", object_id=str(person.pk))
        | Q(object_type="organisations.membership", object_id__in=membership_ids)
    ).order_by("at")
    user = person.user
    return {
        "person": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "title": person.title,
            "organisation": person.organisation.name,
            "email": person.email,
            "phone": person.phone,
            "gender": person.gender,
            "confirmed_at": _iso(person.confirmed_at),
        },
        "memberships": [
            {
                "collaboration": m.group.collaboration.name,
                "group": m.group.name,
                "role": m.role,
                "organisation": m.organisation.name,
                "started_on": _iso(m.started_on),
                "ended_on": _iso(m.ended_on),
            }
            for m in memberships
        ],
        "confirmation_requests": [
            {
                "created_at": _iso(r.created_at),
                "sent_at": _iso(r.sent_at),
                "used_at": _iso(r.used_at),
                "expires_at": _iso(r.expires_at),
            }
            for r in person.confirmation_requests.all()
        ],
        "account": None
        if user is None
        else {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "api_tokens": [
                {"name": t.name, "created_at": _iso(t.created_at), "revoked_at": _iso(t.revoked_at)}
                for t in user.api_tokens.all()
            ],
        },
        "changes": [
            {"at": _iso(e.at), "by": e.actor_label, "action": e.action, "before": e.before, "after": e.after}
            for e in audit
        ],
        **{key: value for exporter in EXPORTERS for key, value in exporter(person).items()},
    }


def scrub(value: Any, secrets: list[str]) -> Any:
    """The value (a text, or the texts in a JSON structure) with every secret, in any case, replaced
    by ERASED."""
    if isinstance(value, str):
        # whatever its case: an address is typed as ANNA@… as often as anna@…
        for secret in secrets:
            value = re.sub(re.escape(secret), ERASED, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {k: scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, secrets) for v in value]
    return value


def _end_memberships(memberships: list[Membership], today: datetime.date) -> None:
    last_day = today - datetime.timedelta(days=1)  # from today on they hold no seat
    for membership in memberships:
        if membership.ended_on is None or membership.ended_on > last_day:
            membership.ended_on = max(last_day, membership.started_on)
            membership.save(update_fields=["ended_on"])


def belongs_elsewhere(person: Person, collaboration: Collaboration) -> bool:
    """Whether the person belongs to another collaboration than this one (membership or registration)."""
    return bool(person.collaboration_ids() - {collaboration.pk})


@transaction.atomic
def erase_person(
    *,
    person: Person,
    actor: User | None,
    collaboration: Collaboration | None = None,
    today: datetime.date | None = None,
) -> Person:
    """Erase a person who has left; see the module docstring for what stays and what goes.

    With a collaboration and an actor who is not the instance admin, only that collaboration's part
    ends when the person belongs to another one too (then `person.erased_at` stays None).
    """
    if person.erased_at is not None:
        raise DomainError(_("Personen är redan borttagen."))
    today = today or timezone.localdate()
    if actor is not None:
        access = access_for(actor, collaboration)
        everywhere = access.can(ERASE_PERSON_EVERYWHERE, person)
        if not everywhere and (collaboration is None or not access.can(ERASE_PERSON, person)):
            raise DomainError(_("Du har inte behörighet att ta bort personen."))
        if not everywhere and collaboration is not None and belongs_elsewhere(person, collaboration):
            return _erase_from_collaboration(person=person, collaboration=collaboration, actor=actor, today=today)
    secrets = sorted(
        {
            s
            for s in (person.full_name, person.email, person.phone, f"{person.last_name}, {person.first_name}")
            if s and len(s) > 2
        },
        key=len,
        reverse=True,
    )
    memberships = list(person.memberships.all())
    _end_memberships(memberships, today)
    theirs = Q(object_type="organisations.person", object_id=str(person.pk)) | Q(
        object_type="organisations.membership", object_id__in=[str(m.pk) for m in memberships]
    )
    for eraser in ERASERS:
        for object_type, ids in eraser(person):
            theirs |= Q(object_type=object_type, object_id__in=ids)
    entries = AuditEntry.objects.filter(theirs | Q(actor_label__contains=person.full_name))
    for entry in entries:
        entry.before = scrub(entry.before, secrets)
        entry.after = scrub(entry.after, secrets)
        entry.object_label = scrub(entry.object_label, secrets)
        entry.actor_label = scrub(entry.actor_label, secrets)
        entry.save(update_fields=["before", "after", "object_label", "actor_label"])
    if person.email:
        for pending in ContactImport.objects.all():
            rows = [r for r in pending.rows if r.get("values", {}).get("email", "").lower() != person.email.lower()]
            if len(rows) != len(pending.rows):
                pending.rows = rows
                pending.save(update_fields=["rows"])
    ConfirmationRequest.objects.filter(person=person, used_at__isnull=True).update(superseded=True)
    user = person.user
    if user is not None:
        user.is_active = False
        user.email = ""
        user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.save()
    person.first_name = person.last_name = person.title = person.email = person.phone = person.gender = ""
    person.confirmed_at = None
    person.erased_at = timezone.now()
    person.user = None
    person.save()
    record(
        actor=actor,
        action="erase_person",
        obj=person,
        collaboration=collaboration,
        after={"erased": True, "memberships_ended": len(memberships)},
    )
    return person


def _erase_from_collaboration(
    *, person: Person, collaboration: Collaboration, actor: User | None, today: datetime.date
) -> Person:
    """End the person's part in one collaboration only: its memberships and its registration."""
    memberships = list(person.memberships.filter(group__collaboration=collaboration))
    _end_memberships(memberships, today)
    person.registered_in.remove(collaboration)
    record(
        actor=actor,
        action="remove_person_from_collaboration",
        obj=person,
        collaboration=collaboration,
        after={"erased": False, "memberships_ended": len(memberships)},
    )
    return person


@dataclass(frozen=True)
class Expired:
    person: Person
    last_membership_ended: datetime.date
    retention_months: int


def expired_people(today: datetime.date | None = None) -> list[Expired]:
    """People with no current membership whose last one ended longer ago than the retention period
    of every collaboration they were in (the longest period wins)."""
    today = today or timezone.localdate()
    current = Membership.objects.current(today).values("person_id")
    candidates = (
        Person.objects.filter(erased_at__isnull=True, memberships__isnull=False)
        .exclude(pk__in=current)
        .annotate(last_end=Max("memberships__ended_on"))
        .prefetch_related("memberships__group__collaboration")
        .distinct()
    )
    expired = []
    for person in candidates:
        if person.last_end is None:  # type: ignore[attr-defined]
            continue
        months = max(
            (
                m.group.collaboration.model.contact_list.retention_months
                if m.group.collaboration.model.contact_list
                else DEFAULT_RETENTION_MONTHS
            )
            for m in person.memberships.all()
        )
        if person.last_end < months_before(today, months):  # type: ignore[attr-defined]
            expired.append(Expired(person, person.last_end, months))  # type: ignore[attr-defined]
    return expired


def apply_retention(*, dry_run: bool, actor: User | None = None, today: datetime.date | None = None) -> list[Expired]:
    """Erase everyone whose retention period has run out; report who (or would be, when dry_run)."""
    expired = expired_people(today)
    if not dry_run:
        for item in expired:
            erase_person(person=item.person, actor=actor, today=today)
    return expired


def apply_other_retention(*, dry_run: bool, today: datetime.date | None = None) -> list[str]:
    """The other apps' retention periods (`register_retention`): the lines of their reports."""
    today = today or timezone.localdate()
    return [line for job in RETENTION_JOBS for line in job(dry_run=dry_run, today=today)]
