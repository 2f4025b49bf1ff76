"""Pure rules of the organisation: aggregates of people data that never identify anyone (P5),
names of organisations, and the agreement's clauses about parties, groups and roles.

No ORM and no request: plain data in, plain data (findings) out.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from samverkan.collaborations.findings import COLLABORATION, Finding, Link, Status, worst
from samverkan.collaborations.model_file import (
    CollaborationModel,
    Commitment,
    CompositionRule,
    GroupSpec,
)
from samverkan.lib.dates import months_before
from samverkan.lib.workflow import Workflow

# Workflows: which status may follow which
# The statuses of the contact import and of a batch of confirmation e-mails (ContactImportStatus
# and ConfirmationBatchStatus in models.py, which this pure module does not import; the app's
# tests assert each table covers its enum).
CONTACT_IMPORT = Workflow.of(
    {"preview": {"committed", "discarded"}, "committed": set(), "discarded": set()},  # once
    refused=gettext_lazy("En import som är %(current)s kan inte bli %(new)s."),
)
CONFIRMATION_BATCH = Workflow.of(
    # the worker sends a queued batch; a batch interrupted while sending is sent on where it stopped
    {"queued": {"sending"}, "sending": {"sending", "done"}, "done": set()},
    refused=gettext_lazy("Utskicket har status %(current)s och kan inte få status %(new)s."),
)

SMALL_COUNT = 3  # counts of 1 and 2 are never shown as such
SMALL = f"< {SMALL_COUNT}"  # a count of 1 or 2
HIDDEN = "x"  # a hidden count: it could be anything from 0 to the row's total

_EXACT, _SMALL, _HIDDEN = "exact", "small", "hidden"


def _admits(state: str, count: int, size: int) -> bool:
    """Whether a cell in this state would have been shown the same had its true count been `count`."""
    if state == _HIDDEN:
        return 0 <= count <= size
    if state == _SMALL:
        return 0 < count < SMALL_COUNT
    return False  # an exact cell admits only its true count, and callers only ask about another one


def gender_table[K: Hashable](rows: Mapping[K, Mapping[Any, str]], categories: Sequence[str]) -> dict[K, list[str]]:
    """The published gender counts of every row (a group: person → gender), one cell per category.

    A row's total (its number of members) is public, and so is who the members are: groups are
    listed by name, and a person may sit in several rows. A cell shows the count, or "< 3" for a
    count of 1 or 2, or "x" when it is hidden.

    The invariant, which the property test checks by trying every assignment of genders: *for
    every person p in the table, there are two assignments of genders to everyone that both give
    exactly the published cells and totals and that differ in p's gender – and that is so even
    among the assignments that give any one other member the gender they know they have.* So
    neither an outsider, who sees the cells, the totals and the differences between rows (a
    newcomer, a group that is another one plus one person), nor a member who also knows their own
    gender, can work out anyone's gender. In particular no category is known to be all of a row,
    or all of it but one.

    How: first every count of 1 or 2 becomes "< 3", and a row of only one or two people shows no
    figure at all (a "0" there would tell the public something of a named person). Then each person (in fact each set of people
    with the same gender and the same rows, who are interchangeable) needs a witness, an
    alternative that changes nothing published:

    * a *swap* with someone of another gender: the rows they share keep their counts, and in each
      row only one of them is in, the two genders' cells must admit one more and one fewer. A
      person needs two such partners, so that an insider who is one of them still has the other
      to wonder about; or
    * a *move*: the person alone having another gender b, which every row of theirs must admit
      (their own gender's cell one fewer, b's cell one more). That involves no one else, so it
      holds whatever other members know.

    Where someone has no witness, their own gender's cell and one other in each of their rows are
    hidden, which makes a move possible; hiding only grows, so this ends, at worst with everything
    hidden. It hides the fewest cells it can for that person and, between equal choices, the
    smaller count.

    What it does not cover: someone who reruns this function on guessed data to learn why a cell
    is hidden, and comparing the table from one day to the next (who joined since yesterday).
    """
    categories = list(categories)
    members = {key: dict(people) for key, people in rows.items()}
    counts = {key: Counter(people.values()) for key, people in members.items()}
    sizes = {key: len(people) for key, people in members.items()}
    state = {(key, c): _SMALL if 0 < counts[key][c] < SMALL_COUNT else _EXACT for key in members for c in categories}
    for key, size in sizes.items():  # a group of one or two: even a 0 would say something of a named person
        if size < SMALL_COUNT:
            for c in categories:
                state[key, c] = _HIDDEN

    # people with the same rows and the same gender are interchangeable: check each such class once
    rows_of: dict[Hashable, frozenset[K]] = {}
    gender_of: dict[Hashable, str] = {}
    for key, people in members.items():
        for person, gender in people.items():
            rows_of[person] = rows_of.get(person, frozenset()) | {key}
            gender_of[person] = gender
    classes = Counter((rows_of[p], gender_of[p]) for p in rows_of)

    def shifts(keys: frozenset[K], down: str, up: str) -> bool:
        """Whether one person in each of these rows moving from `down` to `up` changes nothing shown."""
        return all(
            _admits(state[key, down], counts[key][down] - 1, sizes[key])
            and _admits(state[key, up], counts[key][up] + 1, sizes[key])
            for key in keys
        )

    def protected(keys: frozenset[K], gender: str) -> bool:
        if any(shifts(keys, gender, other) for other in categories if other != gender):
            return True
        partners = sum(
            size
            for (their_keys, their_gender), size in classes.items()
            if their_gender != gender
            and shifts(keys - their_keys, gender, their_gender)
            and shifts(their_keys - keys, their_gender, gender)
        )
        return partners >= 2

    changed = True
    while changed:
        changed = False
        for keys, gender in sorted(classes, key=lambda c: (sorted(map(str, c[0])), categories.index(c[1]))):
            if protected(keys, gender):
                continue
            others = [c for c in categories if c != gender]

            def cost(other: str, keys: frozenset[K] = keys, gender: str = gender) -> tuple[int, int, int]:
                to_hide = sum(state[key, other] != _HIDDEN for key in keys) + sum(
                    state[key, gender] != _HIDDEN for key in keys
                )
                return (to_hide, sum(counts[key][other] for key in keys), categories.index(other))

            other = min(others, key=cost)
            for key in keys:
                state[key, gender] = state[key, other] = _HIDDEN
            changed = True

    def shown(key: K, category: str) -> str:
        if state[key, category] == _HIDDEN:
            return HIDDEN
        if state[key, category] == _SMALL:
            return SMALL
        return str(counts[key][category])

    return {key: [shown(key, c) for c in categories] for key in members}


def name_key(name: str) -> str:
    """An organisation's name as it is matched: case and spacing do not matter."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def official_municipality_name(name: str) -> str:
    """A municipality's official name as SCB spells it: "Vindeln" → "Vindelns kommun", "Umeå" →
    "Umeå kommun". The genitive -s is added unless the name ends in a vowel or an s ("Robertsfors
    kommun"); a municipality that is named otherwise (Falu kommun, Göteborgs Stad) has it in its
    model file."""
    if name[-1:].casefold() in set("aeiouyåäös"):
        return f"{name} kommun"
    return f"{name}s kommun"


def organisation_names(
    *, name: str, kind: str, municipality_code: str = "", official_name: str = "", aliases: Iterable[str] = ()
) -> set[str]:
    """Every key (see name_key) by which an organisation is recognised in an uploaded list: its
    name, its municipality code, its official name (for a municipality SCB's spelling unless the
    model file says otherwise, and the plain "<name> kommun") and its aliases."""
    names = {name, official_name, *aliases}
    if kind == "municipality":
        names |= {municipality_code, official_municipality_name(name), f"{name} kommun"}
    return {name_key(n) for n in names if n.strip()}


# The agreement's clauses about the organisation (P*, SG1/SG4/ST1/ST4 composition and roles,
# CM*, the host and coordinator, AG1, CO2's contact list), judged on plain facts. The collector
# is organisations.checks; the rule set is registered in OrganisationsConfig.ready().


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
class WorkingGroupFact:
    """A current working group and the decision that appointed it."""

    id: int
    name: str
    appointed_by: str  # "§ 4/2025", or "" when no decision is recorded
    appointed_by_group: str = ""  # the key of the body whose decision it was


@dataclass(frozen=True)
class OrganisationFacts:
    """What the data says on one day: parties, host, each group's current members, the members'
    confirmations of their contact details and the current working groups."""

    on: datetime.date
    parties: tuple[OrgFact, ...]
    host: OrgFact | None
    groups: tuple[GroupFact, ...]
    organisations: dict[int, OrgFact]
    contacts: tuple[ContactFact, ...] = ()
    working_groups: tuple[WorkingGroupFact, ...] = ()

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


def _selected(rule: CompositionRule, group: GroupFact, facts: OrganisationFacts) -> list[MemberFact]:
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


def _who(rule: CompositionRule, facts: OrganisationFacts) -> str:
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


def _check_composition(
    rule: CompositionRule, spec: GroupSpec, group: GroupFact, facts: OrganisationFacts
) -> list[Finding]:
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


def _check_commitments(model: CollaborationModel, facts: OrganisationFacts) -> list[Finding]:
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


def _check_host(model: CollaborationModel, facts: OrganisationFacts) -> list[Finding]:
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


def _check_working_groups(model: CollaborationModel, facts: OrganisationFacts) -> list[Finding]:
    """AG1: every working group exists through a decision of the body the model file names.
    Judged only when the model file has a `[working_groups]` table; clause and quote come from it."""
    rule = model.working_groups
    if rule is None:
        return []
    body = model.group(rule.appointed_by)
    body_name = body.name if body else rule.appointed_by
    findings = []
    for group in sorted(facts.working_groups, key=lambda g: g.name):
        target = Link("group_detail", (group.id,))
        values = {"group": group.name, "decision": group.appointed_by, "body": body_name}
        if not group.appointed_by:
            status: Status = "breach"
            message = _("%(group)s saknar beslutet som tillsatte den; en arbetsgrupp finns bara genom ett beslut.")
        elif group.appointed_by_group != rule.appointed_by:
            status = "breach"
            message = _("%(group)s är tillsatt genom beslut %(decision)s, men arbetsgrupper tillsätts av %(body)s.")
        else:
            status, message = "ok", _("%(group)s är tillsatt genom beslut %(decision)s.")
        findings.append(Finding(rule.clause, status, message % values, group.name, rule.quote, target))
    return findings


def _check_contact_list(model: CollaborationModel, facts: OrganisationFacts) -> list[Finding]:
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


def judge(model: CollaborationModel, facts: OrganisationFacts) -> list[Finding]:
    """The organisation's clauses: each group's composition and roles, the parties' commitments,
    the host and coordinator, working groups and the contact list."""
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
    findings.extend(_check_commitments(model, facts))
    findings.extend(_check_host(model, facts))
    findings.extend(_check_working_groups(model, facts))
    findings.extend(_check_contact_list(model, facts))
    return findings
