"""The facts the organisation's clauses are judged on (`organisations.rules.judge`), read from the
database: parties, host and current members in three queries, and the current working groups."""

from __future__ import annotations

import datetime

from django.utils import timezone

from samverkan.collaborations.models import Collaboration
from samverkan.organisations import rules
from samverkan.organisations.models import Group, GroupKind, Membership, Organisation


def collect(collaboration: Collaboration, on: datetime.date) -> rules.OrganisationFacts:
    parties = list(collaboration.parties.current(on).select_related("organisation"))
    party_by_org = {p.organisation_id: p for p in parties}
    memberships = list(
        Membership.objects.current(on)
        .filter(group__collaboration=collaboration)
        .filter(group__in=Group.objects.current(on))
        .select_related("person", "organisation", "group")
    )
    orgs: dict[int, rules.OrgFact] = {}

    def fact(org: Organisation) -> rules.OrgFact:
        if org.pk not in orgs:
            party = party_by_org.get(org.pk)
            orgs[org.pk] = rules.OrgFact(org.pk, org.name, org.kind, party.key if party else "")
        return orgs[org.pk]

    party_facts = tuple(fact(p.organisation) for p in parties)
    groups: dict[int, tuple[Group, list[rules.MemberFact]]] = {}
    for g in Group.objects.current(on).filter(collaboration=collaboration):
        groups[g.pk] = (g, [])
    for m in memberships:
        fact(m.organisation)
        if m.group_id in groups:
            groups[m.group_id][1].append(rules.MemberFact(m.person_id, m.person.full_name, m.organisation_id, m.role))
    host = collaboration.host_on(on)
    contacts: dict[int, rules.ContactFact] = {}
    for m in memberships:
        if m.group_id in groups and m.person_id not in contacts:
            confirmed = timezone.localtime(m.person.confirmed_at).date() if m.person.confirmed_at else None
            contacts[m.person_id] = rules.ContactFact(m.person_id, m.person.full_name, confirmed)
    working_groups = tuple(
        rules.WorkingGroupFact(
            g.pk,
            g.name,
            f"§ {g.appointed_by.item.number}/{g.appointed_by.item.year}" if g.appointed_by else "",
            g.appointed_by.item.group.key if g.appointed_by else "",
        )
        for g in Group.objects.current(on)
        .filter(collaboration=collaboration, kind=GroupKind.WORKING_GROUP)
        .select_related("appointed_by__item__group")
    )
    return rules.OrganisationFacts(
        on=on,
        parties=party_facts,
        host=fact(host) if host else None,
        groups=tuple(rules.GroupFact(g.key, g.pk, g.name, tuple(members)) for g, members in groups.values()),
        organisations=orgs,
        contacts=tuple(contacts.values()),
        working_groups=working_groups,
    )
