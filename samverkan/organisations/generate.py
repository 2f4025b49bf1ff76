"""The organisations app's part of the data generator (`samverkan generate`).

`municipalities` (order 10) writes `shared["counties"]`: a list of `County`, Västerbotten first with
its real municipalities and populations (data/), and at national scale the other 20 counties with
stable fictional municipalities ("Kommun 0101") of plausible size, 290 in all. `people` (order 30) reads
`shared["collaborations"]` (agreement's part) and writes, per collaboration id,
`shared["people"]` (person ids), `shared["groups"]` (standing groups by key) and
`shared["seats"]` (group id → current members' (person, organisation name, role)). It also
creates two logins per collaboration, `<slug>.samordnare` (the coordinator, with TOTP set up) and
`<slug>.ledamot` (a member of the collaboration group), for the benchmark.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from allauth.mfa.models import Authenticator
from django.conf import settings

from samverkan.accounts.models import User
from samverkan.collaborations.generation import Context
from samverkan.organisations.models import (
    Gender,
    Group,
    GroupKind,
    Membership,
    Organisation,
    OrganisationKind,
    Party,
    Person,
    Population,
    Role,
    SupervisionUnit,
)

BATCH = 2000
POPULATION_YEARS = (2023, 2024)

# The 21 counties (code, name, municipalities): Västerbotten's are real (data/), the others fictional.
COUNTIES = [
    ("24", "Västerbottens län", 15),
    ("01", "Stockholms län", 26),
    ("03", "Uppsala län", 8),
    ("04", "Södermanlands län", 9),
    ("05", "Östergötlands län", 13),
    ("06", "Jönköpings län", 13),
    ("07", "Kronobergs län", 8),
    ("08", "Kalmar län", 12),
    ("09", "Gotlands län", 1),
    ("10", "Blekinge län", 5),
    ("12", "Skåne län", 33),
    ("13", "Hallands län", 6),
    ("14", "Västra Götalands län", 49),
    ("17", "Värmlands län", 16),
    ("18", "Örebro län", 12),
    ("19", "Västmanlands län", 10),
    ("20", "Dalarnas län", 15),
    ("21", "Gävleborgs län", 10),
    ("22", "Västernorrlands län", 7),
    ("23", "Jämtlands län", 8),
    ("25", "Norrbottens län", 14),
]

FIRST_WOMEN = ["Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Sofia", "Ingrid", "Linnea", "Elin"]
FIRST_MEN = ["Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Nils", "Mikael", "Jonas", "Olof", "Göran", "Jan"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
        "Gustafsson", "Lindqvist", "Lundgren", "Berglund", "Öberg", "Sundström", "Holm", "Marklund", "Forsberg",
        "Strömberg", "Hedlund", "Nordin", "Vikström", "Granberg", "Wiklund", "Lundmark", "Sjölander"]  # fmt: skip
TITLES = ["Miljöchef", "Miljöinspektör", "Miljö- och hälsoskyddsinspektör", "Avfallschef", "Handläggare", "Enhetschef"]


@dataclass
class County:
    code: str
    name: str
    # (code, name, populations by year)
    municipalities: list[tuple[str, str, dict[int, int]]] = field(default_factory=list)
    organisation_ids: dict[str, int] = field(default_factory=dict)  # municipality code → Organisation id


def _vasterbotten() -> list[tuple[str, str, dict[int, int]]]:
    path = Path(settings.BASE_DIR) / "data" / "municipalities-vasterbotten.csv"
    with path.open(encoding="utf-8") as f:
        return [
            (
                row["code"],
                row["name"],
                {2023: int(row["population_2023_12_31"]), 2024: int(row["population_2024_12_31"])},
            )
            for row in csv.DictReader(f)
        ]


def municipalities(ctx: Context) -> None:
    rng = ctx.rng
    wanted = COUNTIES if ctx.scale.all_municipalities else COUNTIES[: ctx.scale.counties]
    counties: list[County] = []
    for code, name, count in wanted:
        county = County(code, name)
        if code == "24":
            county.municipalities = _vasterbotten()
        else:
            for i in range(1, count + 1):
                # a few large towns, many small ones: log-normal around 15 000
                size = max(2_300, min(int(rng.lognormvariate(9.6, 1.0)), 980_000))
                grown = size + rng.randint(-size // 50, size // 50)
                county.municipalities.append((f"{code}{i:02d}", f"Kommun {code}{i:02d}", {2023: size, 2024: grown}))
        counties.append(county)
    existing = dict(Organisation.objects.exclude(municipality_code="").values_list("municipality_code", "pk"))
    new = [
        Organisation(name=name, kind=OrganisationKind.MUNICIPALITY, municipality_code=code)
        for county in counties
        for code, name, _pop in county.municipalities
        if code not in existing
    ]
    Organisation.objects.bulk_create(new, batch_size=BATCH)
    ids = dict(Organisation.objects.exclude(municipality_code="").values_list("municipality_code", "pk"))
    populations, units = [], []
    for county in counties:
        for code, name, pops in county.municipalities:
            county.organisation_ids[code] = ids[code]
            if code in existing:
                continue
            populations += [
                Population(organisation_id=ids[code], year=y, count=n, source="SCB") for y, n in pops.items()
            ]
            units.append((SupervisionUnit(name=f"Miljökontoret {name}"), ids[code]))
    Population.objects.bulk_create(populations, batch_size=BATCH)
    SupervisionUnit.objects.bulk_create([u for u, _ in units], batch_size=BATCH)
    through = SupervisionUnit.municipalities.through
    through.objects.bulk_create(
        [through(supervisionunit_id=u.pk, organisation_id=org) for u, org in units], batch_size=BATCH
    )
    ctx.shared["counties"] = counties


def _email(first: str, last: str, n: int) -> str:
    plain = f"{first}.{last}.{n}".lower()
    for a, b in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e")):
        plain = plain.replace(a, b)
    return f"{plain}@example.se"


def people(ctx: Context) -> None:
    rng = ctx.rng
    start = datetime.date(ctx.first_year, 1, 1)
    people_of: dict[int, list[int]] = {}
    groups_of: dict[int, dict[str, Group]] = {}
    seats: dict[int, list[tuple[Person, str, str]]] = {}
    serial = Person.objects.count()
    for collaboration in ctx.progress.iterate(
        "people and groups", ctx.shared["collaborations"], len(ctx.shared["collaborations"])
    ):
        parties = list(Party.objects.filter(collaboration=collaboration).select_related("organisation"))
        host = collaboration.host_periods.get(ended_on__isnull=True).organisation
        persons: list[Person] = []
        for i in range(ctx.scale.people_per_collaboration):
            woman = rng.random() < 0.55
            first = rng.choice(FIRST_WOMEN if woman else FIRST_MEN)
            last = rng.choice(LAST)
            organisation = host if i == 0 else parties[i % len(parties)].organisation
            serial += 1
            confirmed = rng.random() < 0.9
            persons.append(
                Person(
                    first_name=first,
                    last_name=last,
                    title=rng.choice(TITLES),
                    organisation=organisation,
                    email=_email(first, last, serial),
                    phone=f"070-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                    gender=rng.choice([Gender.WOMAN] * 10 + [Gender.OTHER, Gender.NOT_STATED])
                    if woman
                    else rng.choice([Gender.MAN] * 10 + [Gender.NOT_STATED]),
                    confirmed_at=datetime.datetime.combine(
                        ctx.base_date - datetime.timedelta(days=rng.randint(1, 400)), datetime.time(10), datetime.UTC
                    )
                    if confirmed
                    else None,
                )
            )
        Person.objects.bulk_create(persons, batch_size=BATCH)
        through = Person.registered_in.through
        through.objects.bulk_create(
            [through(person_id=p.pk, collaboration_id=collaboration.pk) for p in persons], batch_size=BATCH
        )
        people_of[collaboration.pk] = [p.pk for p in persons]

        groups = {g.key: g for g in Group.objects.filter(collaboration=collaboration).exclude(key="")}
        Group.objects.filter(pk__in=[g.pk for g in groups.values()]).update(started_on=start)
        groups_of[collaboration.pk] = groups
        by_org: dict[int, list[Person]] = {}
        for p in persons[1:]:
            by_org.setdefault(p.organisation_id, []).append(p)
        coordinator = persons[0]
        memberships: list[Membership] = []
        for group in groups.values():
            seats[group.pk] = []
            members = parties if group.kind == GroupKind.COLLABORATION_GROUP else parties[:3]
            for n, party in enumerate(members):
                candidates = by_org.get(party.organisation_id) or [coordinator]
                role = Role.CHAIR if n == 0 and group.kind == GroupKind.COLLABORATION_GROUP else Role.MEMBER
                if party.organisation.kind == OrganisationKind.COUNTY_ADMINISTRATIVE_BOARD:
                    role = Role.CAB_REPRESENTATIVE
                current = candidates[0]
                # a seat changed hands now and then over ten years: the earlier holder's seat ended
                if len(candidates) > 1 and rng.random() < 0.4:
                    changed = start + datetime.timedelta(days=rng.randint(200, 365 * ctx.scale.years - 30))
                    memberships.append(
                        Membership(
                            group=group,
                            person=candidates[1],
                            organisation=party.organisation,
                            role=Role.MEMBER if role == Role.CHAIR else role,
                            started_on=start,
                            ended_on=changed - datetime.timedelta(days=1),
                        )
                    )
                    memberships.append(
                        Membership(
                            group=group, person=current, organisation=party.organisation, role=role, started_on=changed
                        )
                    )
                else:
                    memberships.append(
                        Membership(
                            group=group, person=current, organisation=party.organisation, role=role, started_on=start
                        )
                    )
                seats[group.pk].append((current, party.organisation.name, role))
            memberships.append(
                Membership(group=group, person=coordinator, organisation=host, role=Role.COORDINATOR, started_on=start)
            )
            seats[group.pk].append((coordinator, host.name, Role.COORDINATOR))
        Membership.objects.bulk_create(memberships, batch_size=BATCH)

        _logins(collaboration.slug, coordinator, seats, groups)
    ctx.shared["people"] = people_of
    ctx.shared["groups"] = groups_of
    ctx.shared["seats"] = seats


def _logins(slug: str, coordinator: Person, seats: dict[int, list[tuple[Person, str, str]]], groups: dict) -> None:
    main = next(g for g in groups.values() if g.kind == GroupKind.COLLABORATION_GROUP)
    member = next(p for p, _org, role in seats[main.pk] if role == Role.MEMBER)
    for person, suffix in ((coordinator, "samordnare"), (member, "ledamot")):
        user = User(username=f"{slug}.{suffix}", email=person.email, first_name=person.first_name)
        user.set_unusable_password()
        user.save()
        Person.objects.filter(pk=person.pk).update(user=user)
        if suffix == "samordnare":  # coordinators must use TOTP; set it up so the pages open
            Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
