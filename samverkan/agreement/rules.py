"""The agreement check: pure functions that judge plain facts against a collaboration's model.

No ORM and no request here. The numbers come from the model file; the logic lives here. A vague
or unmet clause gives a finding with status ``warning`` (or ``breach`` where the model says so);
the rules never refuse anything, they report.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from samverkan.collaborations.findings import COLLABORATION, Finding, Link, Status, worst
from samverkan.collaborations.model_file import (
    CollaborationModel,
    Commitment,
    CompositionRule,
    GroupSpec,
    window_text,
)
from samverkan.lib.dates import months_before


@dataclass(frozen=True)
class OrgFact:
    id: int
    name: str
    kind: str
    party_key: str = ""  # empty when the organisation is not a party to the collaboration


@dataclass(frozen=True)
class MemberFact:
    person_id: int
    person_name: str
    organisation_id: int
    role: str


@dataclass(frozen=True)
class GroupFact:
    key: str
    id: int
    name: str
    members: tuple[MemberFact, ...]


@dataclass(frozen=True)
class ContactFact:
    """A current group member and when they last confirmed their details (None: never)."""

    person_id: int
    name: str
    confirmed_on: datetime.date | None


@dataclass(frozen=True)
class MeetingFact:
    """A meeting that is not cancelled, in the year being judged."""

    group_key: str
    day: datetime.date


@dataclass(frozen=True)
class MinutesFact:
    """A meeting that has been held, and when its minutes were approved (None: not yet)."""

    group_key: str
    group_name: str
    meeting_id: int
    day: datetime.date
    approved_on: datetime.date | None


@dataclass(frozen=True)
class WorkingGroupFact:
    """A current working group and whether a decision of the collaboration group appointed it."""

    id: int
    name: str
    appointed_by: str  # "§ 4/2025", or "" when no decision is recorded


@dataclass(frozen=True)
class PlanFact:
    """A plan document about one year: where its latest version stands and, once decided, by whom,
    under which § and on which day (the day of the meeting)."""

    doc_type: str
    about_year: int
    document_id: int
    status: str  # of the latest version: draft, proposal, decided, returned
    decided_on: datetime.date | None = None
    decision: str = ""  # "§ 12/2026"
    decided_by: str = ""  # the key of the body whose § decided it
    areas: tuple[str, ...] = ()  # the collaboration areas named (operations plan)


@dataclass(frozen=True)
class ActivityFact:
    id: int
    title: str
    year: int
    area: str


@dataclass(frozen=True)
class AssignmentFact:
    """An assignment that is not finished, and when it is due."""

    id: int
    title: str
    due_on: datetime.date
    given_by: str  # the name of the body whose decision gave it


@dataclass(frozen=True)
class Facts:
    """What the data says on one day: parties, host, and each group's current members."""

    on: datetime.date
    parties: tuple[OrgFact, ...]
    host: OrgFact | None
    groups: tuple[GroupFact, ...]
    organisations: dict[int, OrgFact]
    contacts: tuple[ContactFact, ...] = ()
    meetings: tuple[MeetingFact, ...] = ()
    minutes: tuple[MinutesFact, ...] = ()
    working_groups: tuple[WorkingGroupFact, ...] = ()
    plans: tuple[PlanFact, ...] = ()
    activities: tuple[ActivityFact, ...] = ()
    open_assignments: tuple[AssignmentFact, ...] = ()

    def group(self, key: str) -> GroupFact | None:
        return next((g for g in self.groups if g.key == key), None)


def count_text(minimum: int | None, maximum: int | None) -> str:
    """The agreed count as people write it: "1", "3–4", "minst 1", "högst 2"."""
    if minimum is not None and maximum is not None:
        return str(minimum) if minimum == maximum else f"{minimum}–{maximum}"
    if minimum is not None:
        return _("minst %(n)s") % {"n": minimum}
    return _("högst %(n)s") % {"n": maximum}


def _in_range(count: int, minimum: int | None, maximum: int | None) -> bool:
    return (minimum is None or count >= minimum) and (maximum is None or count <= maximum)


def _selected(rule: CompositionRule, group: GroupFact, facts: Facts) -> list[MemberFact]:
    host_id = facts.host.id if facts.host else None
    chosen = []
    for member in group.members:
        org = facts.organisations.get(member.organisation_id)
        if rule.party_kind and (org is None or org.kind != rule.party_kind):
            continue
        if rule.party == "host" and member.organisation_id != host_id:
            continue
        if rule.party and rule.party != "host" and (org is None or org.party_key != rule.party):
            continue
        if rule.role and member.role != rule.role:
            continue
        chosen.append(member)
    return chosen


def _names(members: Iterable[MemberFact]) -> str:
    return ", ".join(sorted({m.person_name for m in members})) or "–"


# Whom a composition rule counts when it names no role: its members from parties of this kind.
PARTY_KIND_MEMBERS = {
    "municipality": gettext_noop("representanter för kommunerna"),
    "region": gettext_noop("representanter för regionen"),
    "county_administrative_board": gettext_noop("representanter för länsstyrelsen"),
    "other": gettext_noop("representanter för övriga parter"),
}


def _who(rule: CompositionRule, facts: Facts) -> str:
    """Whom a composition rule counts, so that no two rules of a group give the same message: the
    role ("ordförande", "samordnare"), else the parties ("representanter för länsstyrelsen")."""
    if rule.role:
        return role_name(rule.role)
    if rule.party == "host":
        return _("representanter för huvudmannen")
    if rule.party:
        party = next((p.name for p in facts.parties if p.party_key == rule.party), rule.party)
        return _("representanter för %(party)s") % {"party": party}
    if rule.party_kind:
        return _(PARTY_KIND_MEMBERS[rule.party_kind])
    return _("medlemmar")


def _check_composition(rule: CompositionRule, spec: GroupSpec, group: GroupFact, facts: Facts) -> list[Finding]:
    chosen = _selected(rule, group, facts)
    target = Link("group_detail", (group.id,))
    if rule.per_party is not None:
        parties = [p for p in facts.parties if (not rule.party_kind or p.kind == rule.party_kind)]
        findings = []
        for party in parties:
            people = {m.person_id: m for m in chosen if m.organisation_id == party.id}
            if len(people) == rule.per_party:
                continue
            if not people:
                message = _("%(party)s har ingen representant i %(group)s; avtalet säger %(n)s.") % {
                    "party": party.name,
                    "group": group.name,
                    "n": rule.per_party,
                }
            else:
                message = ngettext(
                    "%(party)s har %(count)s representant i %(group)s (%(names)s); avtalet säger %(n)s.",
                    "%(party)s har %(count)s representanter i %(group)s (%(names)s); avtalet säger %(n)s.",
                    len(people),
                ) % {
                    "party": party.name,
                    "count": len(people),
                    "group": group.name,
                    "names": _names(people.values()),
                    "n": rule.per_party,
                }
            findings.append(Finding(rule.clause, cast(Status, rule.severity), message, party.name, rule.quote, target))  # type: ignore[arg-type]
        outsiders = [m for m in chosen if facts.organisations[m.organisation_id].party_key == ""]
        for member in outsiders:
            org = facts.organisations[member.organisation_id]
            findings.append(
                Finding(
                    rule.clause,
                    cast(Status, rule.severity),
                    _("%(person)s i %(group)s representerar %(org)s, som inte är part i samverkan.")
                    % {"person": member.person_name, "group": group.name, "org": org.name},
                    org.name,
                    rule.quote,
                    target,
                )
            )  # type: ignore[arg-type]
        if not findings:
            findings.append(
                Finding(
                    rule.clause,
                    "ok",
                    ngettext(
                        "Alla %(count)s parter har %(n)s representant i %(group)s.",
                        "Alla %(count)s parter har %(n)s representanter i %(group)s.",
                        rule.per_party,
                    )
                    % {"count": len(parties), "n": rule.per_party, "group": group.name},
                    group.name,
                    rule.quote,
                    target,
                )
            )
        return findings

    count = len({m.person_id for m in chosen})
    wanted = count_text(rule.min, rule.max)
    names = _names(chosen)
    who = _who(rule, facts)
    if count == 0 and rule.optional:
        return [
            Finding(
                rule.clause,
                "ok",
                _("%(group)s, %(who)s: ingen här (valfritt; avtalet säger %(n)s vid behov).")
                % {"group": group.name, "who": who, "n": wanted},
                group.name,
                rule.quote,
                target,
            )
        ]
    if _in_range(count, rule.min, rule.max):
        return [
            Finding(
                rule.clause,
                "ok",
                _("%(group)s, %(who)s: %(count)s enligt avtalet (%(n)s): %(names)s.")
                % {"group": group.name, "who": who, "count": count, "n": wanted, "names": names},
                group.name,
                rule.quote,
                target,
            )
        ]
    return [
        Finding(
            rule.clause,
            cast(Status, rule.severity),
            _(  # type: ignore[arg-type]
                "%(group)s, %(who)s: %(count)s (%(names)s); avtalet säger %(n)s."
            )
            % {"group": group.name, "who": who, "count": count, "names": names, "n": wanted},
            group.name,
            rule.quote,
            target,
        )
    ]


ROLE_NAMES = {
    "member": gettext_noop("ledamot"),
    "chair": gettext_noop("ordförande"),
    "vice_chair": gettext_noop("vice ordförande"),
    "secretary": gettext_noop("sekreterare"),
    "coordinator": gettext_noop("samordnare"),
    "convener": gettext_noop("sammankallande"),
    "cab_representative": gettext_noop("länsstyrelsens representant"),
    "substitute": gettext_noop("ersättare"),
}


def role_name(role: str) -> str:
    return _(ROLE_NAMES.get(role, role))


def _check_roles(spec: GroupSpec, group: GroupFact) -> list[Finding]:
    findings = []
    target = Link("group_detail", (group.id,))
    if spec.convener:
        appointed = [m for m in group.members if m.role == "convener"]
        default = [m for m in group.members if m.role == spec.convener]
        if appointed:
            findings.append(
                Finding(
                    spec.roles_clause,
                    "ok",
                    _("%(names)s är utsedd sammankallande för %(group)s.")
                    % {"names": _names(appointed), "group": group.name},
                    group.name,
                    spec.roles_quote,
                    target,
                )
            )
        elif len({m.person_id for m in default}) == 1:
            findings.append(
                Finding(
                    spec.roles_clause,
                    "ok",
                    _("%(role)s %(names)s är sammankallande för %(group)s.")
                    % {"role": capfirst(role_name(spec.convener)), "names": _names(default), "group": group.name},
                    group.name,
                    spec.roles_quote,
                    target,
                )
            )
        else:
            findings.append(
                Finding(
                    spec.roles_clause,
                    "warning",
                    _(
                        "%(group)s har ingen sammankallande: avtalet säger att %(role)s kallar, men %(count)s har den rollen."
                    )
                    % {"group": group.name, "role": role_name(spec.convener), "count": len(default)},
                    group.name,
                    spec.roles_quote,
                    target,
                )
            )
    if spec.secretary:
        intended = {m.person_id for m in group.members if m.role == spec.secretary}
        others = [m for m in group.members if m.role == "secretary" and m.person_id not in intended]
        if len(intended) == 1 and not others:
            holder = next(m for m in group.members if m.role == spec.secretary)
            findings.append(
                Finding(
                    spec.roles_clause,
                    "ok",
                    _("%(role)s %(name)s är sekreterare i %(group)s.")
                    % {"role": capfirst(role_name(spec.secretary)), "name": holder.person_name, "group": group.name},
                    group.name,
                    spec.roles_quote,
                    target,
                )
            )
        elif not intended and spec.secretary == "secretary":
            findings.append(
                Finding(
                    spec.roles_clause,
                    "warning",
                    _("%(group)s har ingen utsedd sekreterare.") % {"group": group.name},
                    group.name,
                    spec.roles_quote,
                    target,
                )
            )
        elif not intended:
            findings.append(
                Finding(
                    spec.roles_clause,
                    "warning",
                    _(
                        "%(group)s saknar sekreterare: avtalet säger att %(role)s är sekreterare, men ingen har den rollen."
                    )
                    % {"group": group.name, "role": role_name(spec.secretary)},
                    group.name,
                    spec.roles_quote,
                    target,
                )
            )
        else:
            findings.append(
                Finding(
                    spec.roles_clause,
                    "warning",
                    _("Sekreterare i %(group)s ska vara %(role)s; nu: %(names)s.")
                    % {
                        "group": group.name,
                        "role": role_name(spec.secretary),
                        "names": _names([m for m in group.members if m.role in (spec.secretary, "secretary")]),
                    },
                    group.name,
                    spec.roles_quote,
                    target,
                )
            )
    return findings


def _check_commitments(model: CollaborationModel, facts: Facts) -> list[Finding]:
    findings = []
    by_clause_kind: dict[tuple[str, str], list[Commitment]] = {}
    for commitment in model.commitments:
        by_clause_kind.setdefault((commitment.clause, commitment.party_kind), []).append(commitment)
    for (clause, kind), commitments in by_clause_kind.items():
        for party in (p for p in facts.parties if p.kind == kind):
            parts, statuses = [], []
            for commitment in commitments:
                group = facts.group(commitment.group)
                if group is None:
                    continue
                people = {m.person_id for m in group.members if m.organisation_id == party.id}
                count = len(people)
                if commitment.when_needed:
                    parts.append(_("%(group)s: %(count)s (vid behov)") % {"group": group.name, "count": count})
                    statuses.append("ok")
                    continue
                ok = _in_range(count, commitment.min, commitment.max)
                parts.append(
                    _("%(group)s: %(count)s av %(n)s")
                    % {"group": group.name, "count": count, "n": count_text(commitment.min, commitment.max)}
                )
                statuses.append("ok" if ok else commitment.severity)
            status = worst(statuses)
            quote = " · ".join(c.quote for c in commitments)
            message = f"{party.name}: " + "; ".join(parts) + "."
            findings.append(
                Finding(clause, status, message, party.name, quote, Link("organisation_detail", (party.id,)))
            )
    return findings


def _check_host(model: CollaborationModel, facts: Facts) -> list[Finding]:
    spec = model.host
    if facts.host is None:
        return [Finding(spec.clause, "breach", _("Samverkan har ingen huvudman."), _("Huvudman"), spec.quote)]
    host = facts.host
    findings = []
    target = COLLABORATION
    if spec.expected_kind and host.kind != spec.expected_kind:
        findings.append(
            Finding(
                spec.clause,
                "warning",
                _("Huvudmannen %(host)s är inte av det slag avtalet anger.") % {"host": host.name},
                host.name,
                spec.quote,
                target,
            )
        )
    else:
        findings.append(
            Finding(spec.clause, "ok", _("%(host)s är huvudman.") % {"host": host.name}, host.name, spec.quote, target)
        )
    coordinator = model.coordinator
    if coordinator is not None:
        provider = (
            host
            if coordinator.provided_by == "host"
            else next((p for p in facts.parties if p.party_key == coordinator.provided_by), None)
        )
        holders = {m.person_id: m for g in facts.groups for m in g.members if m.role == "coordinator"}
        if not holders:
            findings.append(
                Finding(
                    spec.clause, "warning", _("Ingen samordnare är utsedd."), _("Samordnare"), coordinator.quote, target
                )
            )
        else:
            wrong = [m for m in holders.values() if provider is None or m.organisation_id != provider.id]
            if wrong:
                findings.append(
                    Finding(
                        spec.clause,
                        "warning",
                        _("Samordnaren ska komma från %(provider)s, men %(names)s gör det inte.")
                        % {"provider": provider.name if provider else "–", "names": _names(wrong)},
                        _("Samordnare"),
                        coordinator.quote,
                        target,
                    )
                )
            else:
                findings.append(
                    Finding(
                        spec.clause,
                        "ok",
                        _("%(provider)s tillhandahåller samordnaren %(names)s.")
                        % {"provider": provider.name if provider else "–", "names": _names(holders.values())},
                        _("Samordnare"),
                        coordinator.quote,
                        target,
                    )
                )
    return findings


def _check_cadence(spec: GroupSpec, group: GroupFact, facts: Facts) -> list[Finding]:
    """SG3/ST3: how many meetings a year, and in which periods; a gap is a warning to plan one."""
    cadence = spec.cadence
    if cadence is None:
        return []
    year = facts.on.year
    days = sorted(m.day for m in facts.meetings if m.group_key == spec.key and m.day.year == year)
    target = Link("meeting_create", query=f"grupp={group.id}")
    findings = []
    for window in cadence.windows:
        if not any(window.contains(day) for day in days):
            findings.append(
                Finding(
                    cadence.clause,
                    "warning",
                    _("%(group)s har inget möte i %(period)s %(year)s.")
                    % {"group": group.name, "period": window_text(window), "year": year},
                    group.name,
                    cadence.quote,
                    target,
                )
            )
    # When the agreement places every meeting in a period ("once in April/May and once in
    # September/October"), a meeting outside them is a warning; when it places only some ("four a
    # year, one of them in February–March"), the others may fall anywhere.
    if cadence.windows and cadence.per_year <= len(cadence.windows):
        periods = ", ".join(window_text(w) for w in cadence.windows)
        for day in days:
            if not any(w.contains(day) for w in cadence.windows):
                findings.append(
                    Finding(
                        cadence.clause,
                        "warning",
                        _("%(group)s har ett möte %(date)s, utanför avtalets perioder (%(periods)s).")
                        % {"group": group.name, "date": day.isoformat(), "periods": periods},
                        group.name,
                        cadence.quote,
                        target,
                    )
                )
    low, high = cadence.per_year - cadence.tolerance, cadence.per_year + cadence.tolerance
    if not low <= len(days) <= high:
        findings.append(
            Finding(
                cadence.clause,
                "warning",
                ngettext(
                    "%(group)s har %(count)s möte %(year)s; avtalet säger %(n)s.",
                    "%(group)s har %(count)s möten %(year)s; avtalet säger %(n)s.",
                    len(days),
                )
                % {
                    "group": group.name,
                    "count": len(days),
                    "year": year,
                    "n": count_text(low, high) if cadence.tolerance else cadence.per_year,
                },
                group.name,
                cadence.quote,
                target,
            )
        )
    if not findings:
        findings.append(
            Finding(
                cadence.clause,
                "ok",
                ngettext(
                    "%(group)s har %(count)s möte %(year)s, som avtalet säger.",
                    "%(group)s har %(count)s möten %(year)s, som avtalet säger.",
                    len(days),
                )
                % {"group": group.name, "count": len(days), "year": year},
                group.name,
                cadence.quote,
                target,
            )
        )
    return findings


def _check_minutes(model: CollaborationModel, facts: Facts) -> list[Finding]:
    """Minutes approved within the period after each meeting held (Swedish practice: 14 days)."""
    spec = model.minutes
    if spec is None:
        return []
    findings = []
    for item in sorted(facts.minutes, key=lambda m: m.day):
        deadline = item.day + datetime.timedelta(days=spec.approval_days)
        target = Link("minutes_edit", (item.meeting_id,))
        if item.approved_on is None and facts.on > deadline:
            findings.append(
                Finding(
                    spec.clause,
                    "warning",
                    _("Protokollet från %(group)s %(date)s är inte justerat, %(days)s dagar efter mötet.")
                    % {"group": item.group_name, "date": item.day.isoformat(), "days": (facts.on - item.day).days},
                    item.group_name,
                    spec.quote,
                    target,
                )
            )
        elif item.approved_on is not None and item.approved_on > deadline:
            findings.append(
                Finding(
                    spec.clause,
                    "warning",
                    _("Protokollet från %(group)s %(date)s justerades först %(approved)s.")
                    % {
                        "group": item.group_name,
                        "date": item.day.isoformat(),
                        "approved": item.approved_on.isoformat(),
                    },
                    item.group_name,
                    spec.quote,
                    target,
                )
            )
    if not findings:
        return [
            Finding(
                spec.clause,
                "ok",
                ngettext(
                    "%(count)s protokoll i år är justerade i tid (inom %(days)s dagar).",
                    "%(count)s protokoll i år är justerade i tid (inom %(days)s dagar).",
                    len(facts.minutes),
                )
                % {"count": len(facts.minutes), "days": spec.approval_days},
                _("Protokoll"),
                spec.quote,
            )
        ]
    return findings


AG1_QUOTE = gettext_noop(
    "Samverkansgruppen beslutar och utser vid behov arbetsgrupper, vilka personer som ska ingå "
    "och vilket syfte, uppdrag eller om möjligt vilken målsättning gruppen har."
)


def _check_working_groups(model: CollaborationModel, facts: Facts) -> list[Finding]:
    """AG1: every working group exists through a decision of the collaboration group."""
    if not any(g.kind == "collaboration_group" for g in model.groups):
        return []
    findings = []
    for group in sorted(facts.working_groups, key=lambda g: g.name):
        target = Link("group_detail", (group.id,))
        if group.appointed_by:
            findings.append(
                Finding(
                    "AG1",
                    "ok",
                    _("%(group)s är tillsatt genom beslut %(decision)s.")
                    % {"group": group.name, "decision": group.appointed_by},
                    group.name,
                    _(AG1_QUOTE),
                    target,
                )
            )
        else:
            findings.append(
                Finding(
                    "AG1",
                    "breach",
                    _("%(group)s saknar beslutet som tillsatte den; en arbetsgrupp finns bara genom ett beslut.")
                    % {"group": group.name},
                    group.name,
                    _(AG1_QUOTE),
                    target,
                )
            )
    return findings


def _check_contact_list(model: CollaborationModel, facts: Facts) -> list[Finding]:
    """CO2: the coordinator keeps the contact list current; stale confirmations are a warning."""
    spec = model.contact_list
    if spec is None:
        return []
    since = months_before(facts.on, spec.confirmation_months)
    stale = sorted(
        (c for c in facts.contacts if c.confirmed_on is None or c.confirmed_on < since), key=lambda c: c.name
    )
    target = Link("contact_list", query="sort=bekraftad")
    subject = _("Kontaktlistan")
    if not stale:
        return [
            Finding(
                spec.clause,
                "ok",
                ngettext(
                    "Alla %(count)s gruppmedlemmar har bekräftat sina uppgifter de senaste %(months)s månaderna.",
                    "Alla %(count)s gruppmedlemmar har bekräftat sina uppgifter de senaste %(months)s månaderna.",
                    len(facts.contacts),
                )
                % {"count": len(facts.contacts), "months": spec.confirmation_months},
                subject,
                spec.quote,
                target,
            )
        ]
    names = ", ".join(c.name for c in stale[:10]) + (" …" if len(stale) > 10 else "")
    return [
        Finding(
            spec.clause,
            "warning",
            ngettext(
                "%(count)s person har inte bekräftat sina uppgifter de senaste %(months)s månaderna: %(names)s.",
                "%(count)s personer har inte bekräftat sina uppgifter de senaste %(months)s månaderna: %(names)s.",
                len(stale),
            )
            % {"count": len(stale), "months": spec.confirmation_months, "names": names},
            subject,
            spec.quote,
            target,
        )
    ]


STATUS_TEXT = {
    "draft": gettext_noop("utkast"),
    "proposal": gettext_noop("förslag"),
    "returned": gettext_noop("återremitterad"),
    "decided": gettext_noop("beslutad"),
}


def _check_plan_documents(model: CollaborationModel, facts: Facts) -> list[Finding]:
    """PL1–PL4, ST2: each document the year's cycle decides is drafted by the drafting body and
    decided by the deciding body, by the model file's last day."""
    findings = []
    year = facts.on.year
    for spec in model.documents:
        about = spec.about_year(year)
        if about < model.started_on.year:  # nothing to report on from before the collaboration began
            continue
        deadline = spec.deadline(about) or datetime.date(year, 12, 31)
        decider = model.group(spec.decided_by)
        decider_name = decider.name if decider else spec.decided_by
        drafter = model.group(spec.drafted_by)
        quote = _("%(drafter)s tar fram förslaget; %(decider)s beslutar.") % {
            "drafter": drafter.name if drafter else spec.drafted_by,
            "decider": decider_name,
        }
        subject = f"{spec.name} {about}"
        fact = next((p for p in facts.plans if p.doc_type == spec.type and p.about_year == about), None)
        target = Link("plan_detail", (fact.document_id,)) if fact else Link("plan_list", query=f"ar={about}")
        values = {"document": subject, "deadline": deadline.isoformat(), "group": decider_name}
        if fact is not None and fact.decided_on is not None:
            values.update({"decision": fact.decision, "date": fact.decided_on.isoformat()})
            if fact.decided_by != spec.decided_by:
                status: Status = spec.severity  # type: ignore[assignment]
                message = _("%(document)s är beslutad %(decision)s av fel organ; den ska beslutas av %(group)s.")
            elif fact.decided_on > deadline:
                status, message = (
                    "warning",
                    _("%(document)s beslutades %(date)s (%(decision)s), efter sista dag %(deadline)s."),
                )
            else:
                status, message = "ok", _("%(document)s är beslutad %(decision)s den %(date)s.")
            findings.append(Finding(spec.clause, status, message % values, subject, quote, target))
            continue
        values["status"] = _(STATUS_TEXT.get(fact.status, fact.status)) if fact else _("inte påbörjad")
        if facts.on > deadline:
            findings.append(
                Finding(
                    spec.clause,
                    spec.severity,  # type: ignore[arg-type]
                    _("%(document)s är inte beslutad (%(status)s); sista dag var %(deadline)s.") % values,
                    subject,
                    quote,
                    target,
                )
            )
            continue
        meeting = next(
            (m for m in sorted(facts.meetings, key=lambda m: m.day) if m.group_key == spec.decided_by
             and facts.on <= m.day <= deadline),
            None,
        )  # fmt: skip
        if meeting is None:
            findings.append(
                Finding(
                    spec.clause,
                    "warning",
                    _(
                        "%(document)s ska beslutas senast %(deadline)s (nu: %(status)s), men %(group)s har "
                        "inget möte planerat före dess."
                    )
                    % values,
                    subject,
                    quote,
                    target,
                )
            )
        else:
            values["meeting"] = meeting.day.isoformat()
            findings.append(
                Finding(
                    spec.clause,
                    "ok",
                    _("%(document)s ska beslutas senast %(deadline)s (nu: %(status)s); %(group)s möts %(meeting)s.")
                    % values,
                    subject,
                    quote,
                    target,
                )
            )
    return findings


def _check_activity_areas(model: CollaborationModel, facts: Facts) -> list[Finding]:
    """PL2: every activity belongs to an area the year's operations plan names. Judged only when
    the model file has an `[activity_areas]` table; clause and quote come from it."""
    rule = model.activity_areas
    if rule is None or model.document("operations_plan") is None:
        return []
    names = {a.key: a.name for a in model.collaboration_areas}
    findings = []
    for year in sorted({a.year for a in facts.activities} & {facts.on.year, facts.on.year + 1}):
        activities = sorted((a for a in facts.activities if a.year == year), key=lambda a: a.title)
        plan = next((p for p in facts.plans if p.doc_type == "operations_plan" and p.about_year == year), None)
        subject = _("Aktiviteter %(year)s") % {"year": year}
        if plan is None:
            findings.append(
                Finding(
                    rule.clause,
                    "warning",
                    ngettext(
                        "%(count)s aktivitet är planerad för %(year)s, men det finns ingen verksamhetsplan för "
                        "året att pröva den mot.",
                        "%(count)s aktiviteter är planerade för %(year)s, men det finns ingen verksamhetsplan för "
                        "året att pröva dem mot.",
                        len(activities),
                    )
                    % {"count": len(activities), "year": year},
                    subject,
                    rule.quote,
                    Link("plan_list", query=f"ar={year}"),
                )
            )
            continue
        outside = [a for a in activities if a.area not in plan.areas]
        for activity in outside:
            findings.append(
                Finding(
                    rule.clause,
                    "warning",
                    _("%(activity)s hör till %(area)s, som verksamhetsplanen %(year)s inte tar upp.")
                    % {"activity": activity.title, "area": names.get(activity.area, activity.area), "year": year},
                    subject,
                    rule.quote,
                    Link("activity_detail", (activity.id,)),
                )
            )
        if not outside:
            findings.append(
                Finding(
                    rule.clause,
                    "ok",
                    ngettext(
                        "%(count)s aktivitet %(year)s hör till områden i verksamhetsplanen.",
                        "Alla %(count)s aktiviteter %(year)s hör till områden i verksamhetsplanen.",
                        len(activities),
                    )
                    % {"count": len(activities), "year": year},
                    subject,
                    rule.quote,
                    Link("plan_list", query=f"ar={year}"),
                )
            )
    return findings


def _check_assignments(model: CollaborationModel, facts: Facts) -> list[Finding]:
    """CO2: decided assignments are carried out; one that is past its due date is a warning.
    Judged only when the model file has an `[assignments]` table; clause and quote come from it."""
    rule = model.assignments
    if rule is None:
        return []
    late = sorted((a for a in facts.open_assignments if a.due_on < facts.on), key=lambda a: a.due_on)
    subject = pgettext("assignment", "Uppdrag")
    if not late:
        return [
            Finding(
                rule.clause,
                "ok",
                ngettext(
                    "Inget uppdrag är försenat (%(count)s pågår).",
                    "Inget uppdrag är försenat (%(count)s pågår).",
                    len(facts.open_assignments),
                )
                % {"count": len(facts.open_assignments)},
                subject,
                rule.quote,
            )
        ]
    return [
        Finding(
            rule.clause,
            "warning",
            _(
                "%(title)s skulle vara klart %(date)s (gavs av %(group)s); det tas upp för uppföljning på gruppens nästa möte."
            )
            % {"title": a.title, "date": a.due_on.isoformat(), "group": a.given_by},
            subject,
            rule.quote,
            Link("assignment_detail", (a.id,)),
        )
        for a in late
    ]


def check(model: CollaborationModel, facts: Facts) -> list[Finding]:
    """Every rule of the model judged against the facts, in the order of the model file."""
    findings: list[Finding] = []
    for spec in model.groups:
        group = facts.group(spec.key)
        if group is None:
            findings.append(
                Finding(
                    spec.composition[0].clause if spec.composition else spec.roles_clause or "P1",
                    "breach",
                    _("Gruppen %(group)s finns inte.") % {"group": spec.name},
                    spec.name,
                    "",
                )
            )
            continue
        for rule in spec.composition:
            findings.extend(_check_composition(rule, spec, group, facts))
        findings.extend(_check_roles(spec, group))
        findings.extend(_check_cadence(spec, group, facts))
    findings.extend(_check_commitments(model, facts))
    findings.extend(_check_host(model, facts))
    findings.extend(_check_working_groups(model, facts))
    findings.extend(_check_minutes(model, facts))
    findings.extend(_check_plan_documents(model, facts))
    findings.extend(_check_activity_areas(model, facts))
    findings.extend(_check_contact_list(model, facts))
    findings.extend(_check_assignments(model, facts))
    return findings
