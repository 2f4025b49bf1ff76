"""Writing the audit trail. Every service that changes data calls `record` inside its transaction."""

from __future__ import annotations

import datetime
import decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from samverkan.audit.models import AuditEntry

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.collaborations.models import Collaboration


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of an object as JSON-safe values (foreign keys by their text). A moment is
    written in UTC, as the database gives it back: the same moment typed in local time is no change."""
    result: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        if isinstance(value, (models.Model, datetime.date, datetime.datetime, decimal.Decimal)):
            value = str(value)
        result[name] = value
    return result


# Fields whose values the trail never keeps: that they changed is recorded, not what they are.
# A person's gender is only ever shown in aggregates (P5), and the trail is shown per person.
PRIVATE_FIELDS = {"organisations.person": frozenset({"gender"})}
HIDDEN_VALUE = "(dolt)"
CHANGED_HIDDEN_VALUE = "(dolt, ändrat)"


def _mask(label: str, before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    private = PRIVATE_FIELDS.get(label, frozenset()) & (set(before) | set(after))
    if not private:
        return before, after
    before, after = dict(before), dict(after)
    for name in private:
        changed = name in after and before.get(name) != after.get(name)
        if name in before:
            before[name] = HIDDEN_VALUE
        if name in after:
            after[name] = CHANGED_HIDDEN_VALUE if changed and name in before else HIDDEN_VALUE
    return before, after


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    collaboration: Collaboration | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    label = actor_label or (actor.get_username() if actor is not None else "system")
    before, after = _mask(obj._meta.label_lower, before or {}, after or {})
    return AuditEntry.objects.create(
        collaboration=collaboration,
        actor=actor,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        before=before or {},
        after=after or {},
    )


def record_created(
    *, obj: models.Model, fields: list[str], actor: User | None, action: str, collaboration: Collaboration | None = None
) -> AuditEntry:
    """Audit a newly created object with the named fields as its "after"."""
    return record(actor=actor, action=action, obj=obj, collaboration=collaboration, after=snapshot(obj, fields))


def save_changes(
    *,
    obj: models.Model,
    changes: dict[str, Any],
    fields: list[str],
    actor: User | None,
    action: str,
    collaboration: Collaboration | None = None,
    actor_label: str | None = None,
) -> bool:
    """Apply changes; when any of `fields` differs, save and audit before → after. True when it changed.

    Callers validate the new values first: this only writes, so nothing half-checked is saved.
    """
    before = snapshot(obj, fields)
    for name, value in changes.items():
        setattr(obj, name, value)
    after = snapshot(obj, fields)
    if after == before:
        return False
    obj.save()
    record(
        actor=actor,
        action=action,
        obj=obj,
        collaboration=collaboration,
        before=before,
        after=after,
        actor_label=actor_label,
    )
    return True
