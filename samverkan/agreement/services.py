"""Use cases of the agreement app: loading a model file, and the live agreement check."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.audit.services import record_created, save_changes
from samverkan.collaborations import checks
from samverkan.collaborations.findings import Finding
from samverkan.collaborations.model_file import CollaborationModel, read_model_file
from samverkan.collaborations.model_file import Party as PartySpec
from samverkan.collaborations.models import Collaboration
from samverkan.organisations.models import (
    Group,
    HostPeriod,
    Organisation,
    Party,
)
from samverkan.organisations.services import change_host

if TYPE_CHECKING:
    from samverkan.accounts.models import User


@dataclass
class LoadResult:
    collaboration: Collaboration
    created: bool
    changes: list[str] = field(default_factory=list)


COLLABORATION_FIELDS = ["name", "name_en", "sector", "county", "agreement_title", "model_sha256"]


def _organisation_for(party: object) -> tuple[Organisation, bool]:
    assert isinstance(party, PartySpec)
    if party.municipality_code:
        return Organisation.objects.get_or_create(
            municipality_code=party.municipality_code, defaults={"name": party.name, "kind": party.kind}
        )
    existing = Organisation.objects.filter(name=party.name, kind=party.kind, municipality_code="").first()
    if existing:
        return existing, False
    return Organisation.objects.create(name=party.name, kind=party.kind), True


@transaction.atomic
def load_collaboration_model(*, path: Path, actor: User | None, today: datetime.date | None = None) -> LoadResult:
    """Create or update a collaboration from its model file. Idempotent; all or nothing.

    The whole file is validated before anything is written (`ModelFileError` names the key).
    """
    model, text = read_model_file(path)
    return apply_model(model=model, text=text, source=str(path), actor=actor, today=today)


def apply_model(
    *, model: CollaborationModel, text: str, source: str, actor: User | None, today: datetime.date | None = None
) -> LoadResult:
    today = today or timezone.localdate()
    digest = hashlib.sha256(text.encode()).hexdigest()
    values = {
        "name": model.name,
        "name_en": model.name_en,
        "sector": model.sector,
        "county": model.county,
        "agreement_title": model.agreement_title,
        "model_sha256": digest,
    }
    collaboration = Collaboration.objects.filter(slug=model.slug).first()
    created = collaboration is None
    changes: list[str] = []
    if collaboration is None:
        collaboration = Collaboration.objects.create(
            slug=model.slug, model_source=text, model_path=Path(source).name, **values
        )
        record_created(
            obj=collaboration,
            fields=COLLABORATION_FIELDS,
            actor=actor,
            action="create_collaboration",
            collaboration=collaboration,
        )
        changes.append(_("skapade %(name)s") % {"name": model.name})
    elif save_changes(
        obj=collaboration,
        changes={**values, "model_source": text, "model_path": Path(source).name},
        fields=COLLABORATION_FIELDS,
        actor=actor,
        action="update_collaboration_model",
        collaboration=collaboration,
    ):
        collaboration.__dict__.pop("model", None)
        changes.append(_("uppdaterade modellen"))

    start = model.started_on  # also when it lies ahead: the parties, host and groups start that day
    party_orgs: dict[str, Organisation] = {}
    for spec in model.parties:
        organisation, org_created = _organisation_for(spec)
        party_orgs[spec.key] = organisation
        if org_created:
            record_created(
                obj=organisation,
                fields=["name", "kind", "municipality_code"],
                actor=actor,
                action="create_organisation",
                collaboration=collaboration,
            )
        party = Party.objects.filter(collaboration=collaboration, key=spec.key).first()
        if party is None:
            party = Party.objects.create(
                collaboration=collaboration, organisation=organisation, key=spec.key, started_on=start
            )
            record_created(
                obj=party,
                fields=["organisation", "key", "started_on"],
                actor=actor,
                action="add_party",
                collaboration=collaboration,
            )
            changes.append(_("ny part: %(name)s") % {"name": spec.name})
        elif save_changes(
            obj=party,
            changes={"organisation": organisation, "ended_on": None},
            fields=["organisation", "ended_on"],
            actor=actor,
            action="update_party",
            collaboration=collaboration,
        ):
            changes.append(_("ändrad part: %(name)s") % {"name": spec.name})
    for gone in Party.objects.filter(collaboration=collaboration, ended_on__isnull=True).exclude(
        key__in=[p.key for p in model.parties]
    ):
        save_changes(
            obj=gone,
            changes={"ended_on": today},
            fields=["ended_on"],
            actor=actor,
            action="end_party",
            collaboration=collaboration,
        )
        changes.append(_("part lämnade: %(name)s") % {"name": gone.organisation.name})

    host_org = party_orgs[model.host.party]
    current = HostPeriod.objects.filter(collaboration=collaboration, ended_on__isnull=True).first()
    if current is None:
        period = HostPeriod.objects.create(collaboration=collaboration, organisation=host_org, started_on=start)
        record_created(
            obj=period,
            fields=["organisation", "started_on"],
            actor=actor,
            action="set_host",
            collaboration=collaboration,
        )
        changes.append(_("huvudman: %(name)s") % {"name": host_org.name})
    elif current.organisation_id != host_org.pk:
        change_host(collaboration=collaboration, organisation=host_org, started_on=today, actor=actor)
        changes.append(_("ny huvudman: %(name)s") % {"name": host_org.name})

    for group_spec in model.groups:
        group = Group.objects.filter(collaboration=collaboration, key=group_spec.key).first()
        if group is None:
            group = Group.objects.create(
                collaboration=collaboration,
                key=group_spec.key,
                kind=group_spec.kind,
                name=group_spec.name,
                started_on=start,
            )
            record_created(
                obj=group,
                fields=["name", "kind", "started_on"],
                actor=actor,
                action="create_group",
                collaboration=collaboration,
            )
            changes.append(_("ny grupp: %(name)s") % {"name": group_spec.name})
        elif save_changes(
            obj=group,
            changes={"name": group_spec.name, "kind": group_spec.kind},
            fields=["name", "kind"],
            actor=actor,
            action="update_group",
            collaboration=collaboration,
        ):
            changes.append(_("ändrad grupp: %(name)s") % {"name": group_spec.name})
    return LoadResult(collaboration=collaboration, created=created, changes=changes)


def check_date(year: int | None, today: datetime.date | None = None) -> datetime.date:
    """The day a year is judged on: today for the current year, else its last (or first) day."""
    today = today or timezone.localdate()
    if year is None or year == today.year:
        return today
    return datetime.date(year, 12, 31) if year < today.year else datetime.date(year, 1, 1)


def check_collaboration(
    collaboration: Collaboration, *, year: int | None = None, on: datetime.date | None = None
) -> list[Finding]:
    day = on or check_date(year)
    if on is None:  # before the collaboration starts, judge it as it will be on its first day
        day = max(day, collaboration.model.started_on)
    return checks.run(collaboration, collaboration.model, day)
