"""Use cases for organisations, people, groups and memberships. Each writes an audit entry."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.accounts.permissions import access_for, may_change_organisation, may_change_person
from samverkan.audit import stale
from samverkan.audit.services import record, record_created, save_changes, snapshot
from samverkan.lib.errors import DomainError
from samverkan.organisations import contact_import
from samverkan.organisations.models import (
    ContactImport,
    ContactImportStatus,
    Gender,
    Group,
    GroupKind,
    HostPeriod,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Population,
    Role,
    SupervisionUnit,
)
from samverkan.organisations.rules import CONTACT_IMPORT, organisation_names

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from samverkan.accounts.models import User
    from samverkan.collaborations.model_file import GroupSpec
    from samverkan.collaborations.models import Collaboration
    from samverkan.meetings.models import Decision

PERSON_FIELDS = ["first_name", "last_name", "title", "organisation", "email", "phone", "gender"]
GROUP_FIELDS = ["name", "purpose", "mandate", "goal", "started_on", "ended_on"]
MEMBERSHIP_FIELDS = ["group", "person", "organisation", "role", "started_on", "ended_on"]


@transaction.atomic
def change_host(
    *, collaboration: Collaboration, organisation: Organisation, started_on: datetime.date, actor: User | None
) -> HostPeriod:
    """Make another party the host from a date; the previous period ends the day before (P8, CM3)."""
    if not collaboration.parties.current(started_on).filter(organisation=organisation).exists():
        raise DomainError(_("%(org)s är inte part i samverkan och kan inte vara huvudman.") % {"org": organisation})
    current = HostPeriod.objects.select_for_update().filter(collaboration=collaboration, ended_on__isnull=True).first()
    if current is not None:
        if current.organisation_id == organisation.pk:
            raise DomainError(_("%(org)s är redan huvudman.") % {"org": organisation})
        if started_on <= current.started_on:
            raise DomainError(_("Den nya huvudmannen måste tillträda efter %(date)s.") % {"date": current.started_on})
        save_changes(
            obj=current,
            changes={"ended_on": started_on - datetime.timedelta(days=1)},
            fields=["organisation", "ended_on"],
            actor=actor,
            action="end_host",
            collaboration=collaboration,
        )
    period = HostPeriod.objects.create(collaboration=collaboration, organisation=organisation, started_on=started_on)
    record_created(
        obj=period, fields=["organisation", "started_on"], actor=actor, action="set_host", collaboration=collaboration
    )
    return period


def check_person_details(fields: dict[str, Any], *, pk: int | None = None) -> None:
    """The meaning of a person's details, checked before anything is written."""
    if not str(fields.get("first_name", "")).strip() or not str(fields.get("last_name", "")).strip():
        raise DomainError(_("För- och efternamn krävs."))
    if fields.get("gender", "") not in Gender.values:
        raise DomainError(_("Okänt värde för kön."), field="gender")
    email = fields.get("email", "")
    others = Person.objects.filter(email__iexact=email)
    if pk is not None:
        others = others.exclude(pk=pk)
    if email and others.exists():
        raise DomainError(
            _("Det finns redan en person med e-postadressen %(email)s.") % {"email": email}, field="email"
        )


@transaction.atomic
def create_person(*, collaboration: Collaboration | None, actor: User | None, **fields: Any) -> Person:
    check_person_details(fields)
    person = Person.objects.create(**fields)
    if collaboration is not None:
        person.registered_in.add(collaboration)
    record_created(obj=person, fields=PERSON_FIELDS, actor=actor, action="create_person", collaboration=collaboration)
    return person


def shared_person_refusal(person: Person) -> DomainError:
    return DomainError(
        _(
            "%(person)s hör också till en annan samverkan. Ändringar av personen kräver behörighet i varje "
            "samverkan personen hör till, eller instansens administratör. Personen kan själv ändra sina uppgifter."
        )
        % {"person": person}
    )


def check_may_change_person(*, person: Person, collaboration: Collaboration | None, actor: User | None) -> None:
    """The owner rule for shared people (see accounts.permissions)."""
    if not may_change_person(actor, person, collaboration):
        raise shared_person_refusal(person)


@transaction.atomic
def update_person(
    *,
    person: Person,
    collaboration: Collaboration | None,
    actor: User | None,
    loaded_version: int | None = None,
    **changes: Any,
) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Not person fields: {sorted(unknown)}")
    check_may_change_person(person=person, collaboration=collaboration, actor=actor)
    # a form loaded before someone else saved the person is refused (stale.StaleEditError)
    current = stale.check(person, loaded_version)
    check_person_details({**{f: getattr(person, f) for f in PERSON_FIELDS}, **changes}, pk=person.pk)
    if not save_changes(
        obj=person,
        changes={**changes, "version": current + 1},
        fields=PERSON_FIELDS,
        actor=actor,
        action="update_person",
        collaboration=collaboration,
    ):
        person.version = current
    if actor is not None and person.user_id is not None and person.user_id == actor.pk:
        # a person who saves their own details has confirmed them (CO2), as by the e-mailed link
        mark_confirmed(person=person, at=timezone.now(), actor=actor, collaboration=collaboration)
    return person


@transaction.atomic
def mark_confirmed(
    *, person: Person, at: datetime.datetime, actor: User | None, collaboration: Collaboration | None = None
) -> Person:
    """Record that the person's details were confirmed at a time (CO2)."""
    save_changes(
        obj=person,
        changes={"confirmed_at": at},
        fields=["confirmed_at"],
        actor=actor,
        action="confirm_details",
        collaboration=collaboration,
    )
    return person


@transaction.atomic
def add_membership(
    *,
    group: Group,
    person: Person,
    role: str,
    started_on: datetime.date,
    actor: User | None,
    organisation: Organisation | None = None,
    ended_on: datetime.date | None = None,
) -> Membership:
    """Seat a person in a group. The agreement's composition rules are reported by the
    agreement check, never enforced here: a vague clause must not block the coordinator."""
    if role not in Role.values:
        raise DomainError(_("Okänd roll."), field="role")
    if ended_on is not None and ended_on < started_on:
        raise DomainError(_("Slutdatum kan inte ligga före startdatum."), field="ended_on")
    if group.ended_on is not None and started_on > group.ended_on:
        raise DomainError(_("Gruppen upphörde %(date)s.") % {"date": group.ended_on}, field="started_on")
    overlapping = Membership.objects.filter(group=group, person=person).exclude(ended_on__lt=started_on)
    if ended_on is not None:
        overlapping = overlapping.filter(started_on__lte=ended_on)
    if overlapping.exists():
        raise DomainError(
            _("%(person)s är redan med i %(group)s under den perioden.") % {"person": person, "group": group},
            field="person",
        )
    membership = Membership.objects.create(
        group=group,
        person=person,
        organisation=organisation or person.organisation,
        role=role,
        started_on=started_on,
        ended_on=ended_on,
    )
    record_created(
        obj=membership,
        fields=MEMBERSHIP_FIELDS,
        actor=actor,
        action="add_membership",
        collaboration=group.collaboration,
    )
    return membership


@transaction.atomic
def end_membership(*, membership: Membership, ended_on: datetime.date, actor: User | None) -> Membership:
    """End a membership; the row stays as history (AG2)."""
    if membership.ended_on is not None and membership.ended_on <= ended_on:
        raise DomainError(_("Medlemskapet har redan upphört %(date)s.") % {"date": membership.ended_on})
    if ended_on < membership.started_on:
        raise DomainError(
            _("Slutdatum kan inte ligga före startdatum (%(date)s).") % {"date": membership.started_on},
            field="ended_on",
        )
    save_changes(
        obj=membership,
        changes={"ended_on": ended_on},
        fields=MEMBERSHIP_FIELDS,
        actor=actor,
        action="end_membership",
        collaboration=membership.group.collaboration,
    )
    return membership


@transaction.atomic
def change_role(*, membership: Membership, role: str, on: datetime.date, actor: User | None) -> Membership:
    """A new role from a date: the old membership ends the day before, a new one starts (history kept)."""
    if role == membership.role:
        raise DomainError(_("Personen har redan den rollen."), field="role")
    if on <= membership.started_on:
        raise DomainError(
            _("Den nya rollen måste börja efter %(date)s.") % {"date": membership.started_on}, field="started_on"
        )
    end_membership(membership=membership, ended_on=on - datetime.timedelta(days=1), actor=actor)
    return add_membership(
        group=membership.group,
        person=membership.person,
        role=role,
        started_on=on,
        organisation=membership.organisation,
        actor=actor,
    )


def _check_working_group(fields: dict[str, Any]) -> None:
    if not str(fields.get("name", "")).strip():
        raise DomainError(_("Gruppen behöver ett namn."), field="name")
    if not str(fields.get("purpose", "")).strip():
        raise DomainError(_("En arbetsgrupp måste ha ett syfte."), field="purpose")
    if not str(fields.get("mandate", "")).strip():
        raise DomainError(_("En arbetsgrupp måste ha ett uppdrag."), field="mandate")
    end = fields.get("ended_on")
    if end is not None and end < fields["started_on"]:
        raise DomainError(_("Slutdatum kan inte ligga före startdatum."), field="ended_on")


def appointing_body(collaboration: Collaboration) -> GroupSpec | None:
    """The body whose decisions appoint, change and close working groups (AG1), if the model
    file names one (`[working_groups] appointed_by`)."""
    rule = collaboration.model.working_groups
    return collaboration.model.group(rule.appointed_by) if rule else None


def _check_appointing_decision(decision: Decision | None, collaboration: Collaboration) -> Decision:
    """A working group is appointed, changed and closed by a decision. Whose it must be comes from
    the model file's `[working_groups]` (AG1: the collaboration group's in Västerbotten); without
    that table a decision of any of the collaboration's groups will do."""
    rule = collaboration.model.working_groups
    body = appointing_body(collaboration)
    if decision is None:
        if body is None:
            message = _("En arbetsgrupp tillsätts, ändras och avslutas genom ett beslut (§). Välj beslutet.")
        else:
            message = _(
                "En arbetsgrupp tillsätts, ändras och avslutas genom ett beslut (§) av %(body)s. Välj beslutet."
            ) % {"body": body.name}
        raise DomainError(message, field="appointed_by")
    group = decision.item.group
    if group.collaboration_id != collaboration.pk:
        raise DomainError(_("Beslutet hör till en annan samverkan."), field="appointed_by")
    if rule is not None and group.key != rule.appointed_by:
        raise DomainError(
            _("Beslutet måste vara fattat av %(body)s (%(clause)s).")
            % {"body": body.name if body else rule.appointed_by, "clause": rule.clause},
            field="appointed_by",
        )
    return decision


def appointing_decisions(collaboration: Collaboration, decisions: QuerySet[Any]) -> QuerySet[Any]:
    """Of a queryset of decisions, those that may appoint or change the collaboration's working
    groups (see `_check_appointing_decision`)."""
    rule = collaboration.model.working_groups
    decisions = decisions.filter(item__group__collaboration=collaboration)
    return decisions.filter(item__group__key=rule.appointed_by) if rule else decisions


def _decision_label(decision: Decision) -> str:
    return f"{decision.item.group.name} § {decision.item.number}/{decision.item.year}"


@transaction.atomic
def create_working_group(
    *,
    collaboration: Collaboration,
    name: str,
    purpose: str,
    mandate: str,
    started_on: datetime.date,
    actor: User | None,
    appointed_by: Decision | None,
    goal: str = "",
    ended_on: datetime.date | None = None,
) -> Group:
    """Appoint a working group by a decision of the collaboration group (AG1)."""
    decision = _check_appointing_decision(appointed_by, collaboration)
    fields = {
        "name": name,
        "purpose": purpose,
        "mandate": mandate,
        "goal": goal,
        "started_on": started_on,
        "ended_on": ended_on,
    }
    _check_working_group(fields)
    group = Group.objects.create(
        collaboration=collaboration, kind=GroupKind.WORKING_GROUP, appointed_by=decision, **fields
    )
    record(
        actor=actor,
        action="appoint_working_group",
        obj=group,
        collaboration=collaboration,
        after={**snapshot(group, GROUP_FIELDS), "decision": _decision_label(decision)},
    )
    return group


@transaction.atomic
def update_group(*, group: Group, actor: User | None, decision: Decision | None = None, **changes: Any) -> Group:
    """Change a group. A working group changes only by a decision (AG1); ending it records the decision."""
    unknown = set(changes) - set(GROUP_FIELDS)
    if unknown:
        raise ValueError(f"Not group fields: {sorted(unknown)}")
    merged = {**{f: getattr(group, f) for f in GROUP_FIELDS}, **changes}
    if group.kind == GroupKind.WORKING_GROUP:
        _check_working_group(merged)
        decision = _check_appointing_decision(decision, group.collaboration)
        if merged["ended_on"] is not None and group.ended_on is None:
            changes = {**changes, "closed_by": decision}
    elif merged["ended_on"] is not None and merged["ended_on"] < merged["started_on"]:
        raise DomainError(_("Slutdatum kan inte ligga före startdatum."), field="ended_on")
    before = snapshot(group, GROUP_FIELDS)
    for key, value in changes.items():
        setattr(group, key, value)
    after = snapshot(group, GROUP_FIELDS)
    if after != before or "closed_by" in changes:
        group.save()
        extra = {"decision": _decision_label(decision)} if decision is not None else {}
        record(
            actor=actor,
            action="update_group",
            obj=group,
            collaboration=group.collaboration,
            before=before,
            after={**after, **extra},
        )
    return group


@transaction.atomic
def import_populations(*, path: Path, actor: User | None, source: str = "SCB") -> int:
    """Load populations per year from a CSV with columns code, name, population_YYYY_12_31…

    Municipalities are matched by municipality code and created when missing. Returns the
    number of population figures written or changed.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, UnicodeDecodeError) as exc:
        raise DomainError(_("Kan inte läsa %(path)s: %(error)s") % {"path": path, "error": exc}) from None
    reader = csv.DictReader(text.splitlines())
    columns = [c for c in reader.fieldnames or [] if c.startswith("population_")]
    if "code" not in (reader.fieldnames or []) or not columns:
        raise DomainError(_("%(path)s saknar kolumnerna code och population_ÅÅÅÅ_12_31.") % {"path": path})
    changed = 0
    for line, row in enumerate(reader, start=2):
        code = (row.get("code") or "").strip()
        if len(code) != 4 or not code.isdigit():
            raise DomainError(
                _("Rad %(line)s: kommunkoden %(code)r har inte fyra siffror.") % {"line": line, "code": code}
            )
        organisation, created = Organisation.objects.get_or_create(
            municipality_code=code, defaults={"name": row.get("name", code), "kind": OrganisationKind.MUNICIPALITY}
        )
        if created:
            record_created(
                obj=organisation,
                fields=["name", "kind", "municipality_code"],
                actor=actor,
                action="create_organisation",
            )
        for column in columns:
            year = int(column.split("_")[1])
            try:
                count = int(row[column])
            except (TypeError, ValueError):
                raise DomainError(
                    _("Rad %(line)s: folkmängden %(value)r är inget heltal.") % {"line": line, "value": row[column]}
                ) from None
            if set_population(organisation=organisation, year=year, count=count, source=source, actor=actor):
                changed += 1
    return changed


MAX_POPULATION = 11_000_000  # more than all of Sweden: no organisation has more inhabitants


def check_population(count: int) -> None:
    if count < 0:
        raise DomainError(_("Folkmängden kan inte vara negativ."), field="population")
    if count > MAX_POPULATION:
        raise DomainError(
            _("Folkmängden %(count)s är orimlig: den kan inte vara större än %(max)s (hela Sveriges).")
            % {"count": f"{count:,}".replace(",", "\u00a0"), "max": f"{MAX_POPULATION:,}".replace(",", "\u00a0")},
            field="population",
        )


def set_population(*, organisation: Organisation, year: int, count: int, source: str, actor: User | None) -> bool:
    """Write one year's population; audited; True when it changed. A figure of record: the SCB
    import (actor None or the admin) or someone who may change the organisation (see
    `update_organisation`)."""
    check_population(count)
    existing = Population.objects.filter(organisation=organisation, year=year).first()
    if existing and existing.count == count:
        return False
    population, _created = Population.objects.update_or_create(
        organisation=organisation, year=year, defaults={"count": count, "source": source}
    )
    record(
        actor=actor,
        action="set_population",
        obj=population,
        before={"count": existing.count} if existing else {},
        after={"count": count},
    )
    return True


ORGANISATION_FIELDS = ["name", "municipality_code"]


@transaction.atomic
def update_organisation(
    *,
    organisation: Organisation,
    actor: User | None,
    name: str,
    municipality_code: str,
    supervision_unit: str = "",
    population_year: int | None = None,
    population: int | None = None,
) -> Organisation:
    """Change an organisation's name, code, supervision unit and one year's population at once.

    A supervision unit is named; several municipalities that give the same name share the unit
    (Malå and Norsjö). Everything is checked before anything is written. An organisation that is a
    party in several collaborations is changed only by someone with authority in all of them, or
    the instance admin: its population is a figure of record that every cost-sharing key uses.
    """
    if not may_change_organisation(actor, organisation):
        raise shared_organisation_refusal(organisation, population=population is not None)
    name, municipality_code, unit_name = name.strip(), municipality_code.strip(), supervision_unit.strip()
    if not name:
        raise DomainError(_("Organisationen behöver ett namn."), field="name")
    if organisation.kind == OrganisationKind.MUNICIPALITY and not (
        len(municipality_code) == 4 and municipality_code.isdigit()
    ):
        raise DomainError(_("En kommun behöver en kommunkod med fyra siffror."), field="municipality_code")
    if municipality_code and (
        Organisation.objects.filter(municipality_code=municipality_code).exclude(pk=organisation.pk).exists()
    ):
        raise DomainError(
            _("Kommunkoden %(code)s används redan av en annan organisation.") % {"code": municipality_code},
            field="municipality_code",
        )
    if (population_year is None) != (population is None):
        raise DomainError(_("Ange både år och folkmängd, eller inget av dem."), field="population")
    if population_year is not None and not 1900 <= population_year <= 2100:
        raise DomainError(_("Året ska ligga mellan 1900 och 2100."), field="population_year")
    if population is not None:
        check_population(population)

    save_changes(
        obj=organisation,
        changes={"name": name, "municipality_code": municipality_code},
        fields=ORGANISATION_FIELDS,
        actor=actor,
        action="update_organisation",
    )
    current_units = sorted(organisation.supervision_units.values_list("name", flat=True))
    wanted_units = [unit_name] if unit_name else []
    if current_units != wanted_units:
        organisation.supervision_units.clear()
        if unit_name:
            unit, _created = SupervisionUnit.objects.get_or_create(name=unit_name)
            unit.municipalities.add(organisation)
        record(
            actor=actor,
            action="set_supervision_unit",
            obj=organisation,
            before={"supervision_unit": ", ".join(current_units)},
            after={"supervision_unit": unit_name},
        )
    if population_year is not None and population is not None:
        source = _("Angiven av %(user)s") % {"user": actor.get_username() if actor else "system"}
        set_population(organisation=organisation, year=population_year, count=population, source=source, actor=actor)
    return organisation


def shared_organisation_refusal(organisation: Organisation, *, population: bool = False) -> DomainError:
    message = _(
        "%(org)s är part också i en annan samverkan. Namn, kommunkod, tillsynsenhet och folkmängd gäller i "
        "alla och ändras bara av den som har behörighet i varje samverkan organisationen är part i, eller "
        "av instansens administratör. Folkmängden kommer från SCB:s statistik."
    ) % {"org": organisation}
    return DomainError(message, field="population" if population else None)


def _locked_people(actor: User | None, collaboration: Collaboration) -> frozenset[int]:
    """People the actor may not change: they also belong to a collaboration the actor does not
    coordinate (the owner rule of accounts.permissions)."""
    if actor is None:
        return frozenset()

    access = access_for(actor, collaboration)
    if access.is_admin:
        return frozenset()
    belongs: dict[int, set[int]] = {}
    for person_id, collaboration_id in Membership.objects.values_list("person_id", "group__collaboration_id"):
        belongs.setdefault(person_id, set()).add(collaboration_id)
    for person_id, collaboration_id in Person.registered_in.through.objects.values_list(
        "person_id", "collaboration_id"
    ):
        belongs.setdefault(person_id, set()).add(collaboration_id)
    return frozenset(
        person_id
        for person_id, ids in belongs.items()
        if person_id != access.person_id and not access.owns(frozenset(ids))
    )


def _existing_for_import(collaboration: Collaboration, actor: User | None = None) -> contact_import.Existing:
    in_model = {p.key: p for p in collaboration.model.parties}
    organisations: dict[str, int] = {}
    for party in collaboration.parties.current().select_related("organisation"):
        org = party.organisation
        spec = in_model.get(party.key)
        for key in organisation_names(
            name=org.name,
            kind=org.kind,
            municipality_code=org.municipality_code,
            official_name=spec.official_name if spec else "",
            aliases=(spec.name, *spec.aliases) if spec else (),
        ):
            organisations[key] = org.pk
    people = {
        p.email.lower(): (
            p.pk,
            {
                "first_name": p.first_name,
                "last_name": p.last_name,
                "title": p.title,
                "organisation": str(p.organisation_id),
                "email": p.email.lower(),
                "phone": p.phone,
            },
        )
        for p in Person.objects.exclude(email="")
    }
    return contact_import.Existing(
        people=people, organisations=organisations, locked=_locked_people(actor, collaboration)
    )


@transaction.atomic
def preview_contact_import(
    *, collaboration: Collaboration, data: bytes, filename: str, actor: User | None
) -> tuple[ContactImport, contact_import.Preview]:
    """Read and judge an uploaded contact list; store it for the commit. Writes no person."""
    try:
        result = contact_import.preview(data, filename, _existing_for_import(collaboration, actor))
    except contact_import.ImportFileError as error:
        raise DomainError(str(error), field="file") from None
    pending = ContactImport.objects.create(
        collaboration=collaboration,
        created_by=actor,
        filename=filename[:255],
        rows=[{"line": r.line, "values": r.values} for r in result.rows],
    )
    record_created(
        obj=pending, fields=["filename"], actor=actor, action="preview_contact_import", collaboration=collaboration
    )
    return pending, result


def judge_contact_import(pending: ContactImport, actor: User | None = None) -> contact_import.Preview:
    """The stored rows judged against the database as it is now, for the actor (default: who uploaded)."""
    rows = [contact_import.Row(line=r["line"], values=r["values"]) for r in pending.rows]
    contact_import.judge(rows, _existing_for_import(pending.collaboration, actor or pending.created_by))
    return contact_import.Preview(filename=pending.filename, columns={}, ignored_columns=[], rows=rows)


@transaction.atomic
def discard_contact_import(*, pending: ContactImport, actor: User | None) -> None:
    """Stop a previewed import: nothing of it is saved, and it cannot be committed afterwards."""
    pending = ContactImport.objects.select_for_update().get(pk=pending.pk)
    if not CONTACT_IMPORT.allows(pending.status, ContactImportStatus.DISCARDED):
        raise DomainError(_("Den här importen är redan %(status)s.") % {"status": pending.get_status_display()})
    pending.status = ContactImportStatus.DISCARDED
    pending.save(update_fields=["status"])
    record(actor=actor, action="discard_contact_import", obj=pending, collaboration=pending.collaboration)


@transaction.atomic
def commit_contact_import(*, pending: ContactImport, actor: User | None) -> contact_import.Preview:
    """Create and update every row, or nothing: a refused row (now or at preview) stops it all."""
    pending = ContactImport.objects.select_for_update().get(pk=pending.pk)
    if not CONTACT_IMPORT.allows(pending.status, ContactImportStatus.COMMITTED):
        raise DomainError(_("Den här importen är redan %(status)s.") % {"status": pending.get_status_display()})
    result = judge_contact_import(pending, actor)
    if result.refused:
        raise DomainError(
            ngettext(
                "%(count)s rad kan inte importeras. Rätta filen och ladda upp den igen; inget har sparats.",
                "%(count)s rader kan inte importeras. Rätta filen och ladda upp den igen; inget har sparats.",
                len(result.refused),
            )
            % {"count": len(result.refused)}
        )
    collaboration = pending.collaboration
    organisations = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in={r.organisation_id for r in result.rows if r.organisation_id})
    }
    for row in result.rows:
        fields: dict[str, Any] = {
            **row.values,
            "email": row.values["email"].strip().lower(),
            "organisation": organisations[row.organisation_id or 0],
        }
        if row.action == "create":
            create_person(collaboration=collaboration, actor=actor, **fields)
            continue
        person = Person.objects.get(pk=row.person_id or 0)
        if row.action == "update":
            update_person(person=person, collaboration=collaboration, actor=actor, **fields)
        person.registered_in.add(collaboration)  # on this collaboration's contact list from now on
    pending.status = ContactImportStatus.COMMITTED
    pending.committed_at = timezone.now()
    pending.save(update_fields=["status", "committed_at"])
    record(
        actor=actor,
        action="commit_contact_import",
        obj=pending,
        collaboration=collaboration,
        after={
            "created": result.count("create"),
            "updated": result.count("update"),
            "unchanged": result.count("unchanged"),
        },
    )
    return result
