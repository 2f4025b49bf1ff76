"""The demo: Miljösamverkan Västerbotten with its real 15 municipalities and fictional people.

Idempotent: running it again changes nothing. Everything goes through the services, so the demo
also leaves a realistic audit trail. It deliberately contains one gap (Sorsele's seat in the
collaboration group is vacant since its representative left) so the agreement check shows a warning; and two people's details need confirming (CO2).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.db import transaction
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.agreement.services import load_collaboration_model
from samverkan.collaborations.models import Collaboration
from samverkan.events import demo as events_demo
from samverkan.finance import demo as finance_demo
from samverkan.meetings import minutes as minutes_service
from samverkan.meetings.models import ApprovalLink, AttendanceStatus, Decision, Meeting, MeetingStatus, Minutes
from samverkan.meetings.services import plan_meeting
from samverkan.organisations import services
from samverkan.organisations.models import Group, Membership, Organisation, Person, SupervisionUnit
from samverkan.plans import demo as plans_demo

AGREEMENTS = Path(settings.BASE_DIR) / "agreements"
POPULATIONS = Path(settings.BASE_DIR) / "data" / "municipalities-vasterbotten.csv"
START = datetime.date(2025, 1, 1)


@dataclass(frozen=True)
class DemoPerson:
    first: str
    last: str
    org: str  # municipality code, or "region"/"lansstyrelsen"/other organisation name
    title: str
    gender: str
    username: str = ""


PEOPLE = [
    DemoPerson("Karin", "Lindqvist", "2401", "Miljöchef", "woman"),
    DemoPerson("Erik", "Sundström", "2403", "Miljö- och hälsoskyddsinspektör, miljöansvarig", "man"),
    DemoPerson("Maria", "Öberg", "2404", "Miljöchef", "woman"),
    DemoPerson("Anders", "Holm", "2409", "Miljö- och byggchef", "man"),
    DemoPerson("Lena", "Marklund", "2417", "Miljöchef Malå–Norsjö", "woman"),
    DemoPerson("Per", "Nilsson", "2418", "Miljö- och byggchef", "man"),
    DemoPerson("Sofia", "Berglund", "2421", "Miljöchef", "woman"),
    DemoPerson("Göran", "Eriksson", "2422", "Miljöinspektör", "man"),
    DemoPerson("Johan", "Strömberg", "2425", "Miljöchef", "man"),
    DemoPerson("Eva", "Lundgren", "2460", "Miljöchef", "woman"),
    DemoPerson("Mikael", "Forsberg", "2462", "Miljöchef", "man"),
    DemoPerson("Anna", "Sjölander", "2463", "Miljöansvarig", ""),
    DemoPerson("Helena", "Vikström", "2480", "Miljöchef", "woman", "umea"),
    DemoPerson("Tomas", "Hedlund", "2481", "Miljö- och hälsoskyddschef", "man", "stod"),
    DemoPerson("Ingrid", "Nordin", "2482", "Miljöchef", "woman", "ordforande"),
    DemoPerson("Linnea", "Ström", "region", "Samordnare Miljösamverkan", "woman", "samordnare"),
    DemoPerson("Olof", "Granberg", "lansstyrelsen", "Miljöhandläggare", "man"),
    DemoPerson("Jonas", "Lind", "2460", "Miljöinspektör", "man", "inspektor"),
    DemoPerson("Fatima", "Said", "2482", "Miljöinspektör", "woman"),
    DemoPerson("Nils", "Lundmark", "2421", "Miljöinspektör", "man"),
    DemoPerson("Sara", "Wiklund", "2480", "Miljöinspektör", "other"),
]

# (last name, group key or working-group name, role, start, end)
MEMBERSHIPS: list[tuple[str, str, str, datetime.date, datetime.date | None]] = [
    *[(p.last, "samverkansgruppen", "member", START, None) for p in PEOPLE[:14] if p.last != "Eriksson"],
    ("Eriksson", "samverkansgruppen", "member", START, datetime.date(2026, 6, 30)),
    ("Nordin", "samverkansgruppen", "chair", START, None),
    ("Ström", "samverkansgruppen", "coordinator", START, None),
    ("Granberg", "samverkansgruppen", "cab_representative", START, None),
    ("Vikström", "stodgruppen", "member", START, None),
    ("Hedlund", "stodgruppen", "member", START, None),
    ("Lundgren", "stodgruppen", "member", START, None),
    ("Ström", "stodgruppen", "coordinator", START, None),
    ("Granberg", "stodgruppen", "cab_representative", START, None),
]

WORKING_GROUP = {
    "name": "Arbetsgrupp skrotbilar",
    "purpose": "Ta fram ett gemensamt arbetssätt för tillsyn av skrotbilar och nedskräpning i länet.",
    "mandate": "Ta fram checklista, mallar för förelägganden och en plan för ett gemensamt tillsynsprojekt 2027.",
    "goal": "Alla kommuner använder samma checklista från 1 mars 2027.",
    "started_on": datetime.date(2026, 3, 1),
}
WORKING_GROUP_DECISION_TITLE = "Arbetsgrupp för tillsyn av skrotbilar"
WORKING_GROUP_MEMBERS = [("Said", "convener"), ("Wiklund", "member"), ("Lundmark", "member"), ("Ström", "member")]

DEMO_PASSWORD = "demo"

# Most people confirmed their details this autumn; one never has and one did so too long ago,
# so the agreement check shows the CO2 reminder.
NOT_CONFIRMED = {"Sjölander"}
RECENT_CONFIRMATION = datetime.datetime(2026, 9, 15, 10, 0, tzinfo=datetime.UTC)
STALE_CONFIRMATION = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=datetime.UTC)


def _organisation(code_or_key: str) -> Organisation:
    if code_or_key.isdigit():
        return Organisation.objects.get(municipality_code=code_or_key)
    collaboration = Collaboration.objects.get(slug="miljosamverkan-vasterbotten")
    return collaboration.parties.get(key=code_or_key).organisation


def _email(person: DemoPerson) -> str:
    plain = f"{person.first}.{person.last}".lower()
    for a, b in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e")):
        plain = plain.replace(a, b)
    return f"{plain}@example.se"


def _demo_password_hash() -> str:
    """The demo password hashed once per process (and hasher) and given to every demo account: a
    password hash (Argon2 by default) is deliberately slow, and the demo has six accounts."""
    return _hash_with(settings.PASSWORD_HASHERS[0])


@cache
def _hash_with(hasher: str) -> str:
    return make_password(DEMO_PASSWORD)


@cache
def _is_demo_password(encoded: str) -> bool:
    """Whether a stored hash is of the demo password, each distinct hash checked once (a second
    run finds one hash shared by all accounts)."""
    if encoded == _demo_password_hash():
        return True
    try:
        identify_hasher(encoded)
    except ValueError:
        # a new account's empty password, an unusable one or an unknown hasher's: not the demo
        # password, and check_password would hash a random string to even out its timing
        return False
    return check_password(DEMO_PASSWORD, encoded)


def _user(username: str, *, email: str, superuser: bool = False) -> User:
    user, _created = User.objects.get_or_create(username=username, defaults={"email": email, "is_demo": True})
    changed = False
    if not user.is_demo or user.email != email:
        user.is_demo, user.email, changed = True, email, True
    if superuser and not (user.is_superuser and user.is_staff):
        user.is_superuser = user.is_staff = changed = True
    if not _is_demo_password(user.password):
        user.password = _demo_password_hash()
        changed = True
    if changed:
        user.save()
    return user


def _membership(group: Group, person: Person, role: str, start: datetime.date, end: datetime.date | None) -> None:
    if not Membership.objects.filter(group=group, person=person, role=role, started_on=start).exists():
        services.add_membership(group=group, person=person, role=role, started_on=start, ended_on=end, actor=None)


# Two years of meetings: the collaboration group in spring and autumn (SG3), the support group
# about six times a year (ST3). Past meetings are held; the last support-group meeting is ahead.
COLLABORATION_GROUP_MEETINGS = [(2025, 5, 13), (2025, 10, 7), (2026, 5, 12), (2026, 10, 6)]
SUPPORT_GROUP_MEETINGS = [
    (2025, 2, 11),
    (2025, 3, 25),
    (2025, 4, 22),
    (2025, 8, 26),
    (2025, 9, 16),
    (2025, 11, 18),
    (2026, 2, 10),
    (2026, 3, 24),
    (2026, 4, 21),
    (2026, 8, 25),
    (2026, 9, 15),
    (2026, 12, 8),
]


def _demo_meetings(collaboration_group: Group, support_group: Group) -> None:
    tz = timezone.get_current_timezone()
    for group, dates, place in (
        (collaboration_group, COLLABORATION_GROUP_MEETINGS, "Region Västerbotten, Umeå"),
        (support_group, SUPPORT_GROUP_MEETINGS, "Teams"),
    ):
        for year, month, day in dates:
            start = datetime.datetime(year, month, day, 9, 30, tzinfo=tz)
            if Meeting.objects.filter(group=group, starts_at=start).exists():
                continue
            meeting = plan_meeting(
                group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=3), place=place, actor=None
            )
            if start < timezone.now():
                if group.kind == "collaboration_group":
                    finance_demo.before_meeting(meeting)
                    plans_demo.propose_on_agenda(meeting)
                Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
                meeting.refresh_from_db()
                _demo_minutes(meeting, approve=(year, month, day) != (2026, 10, 6))


def _demo_minutes(meeting: Meeting, *, approve: bool) -> None:
    """Minutes as a secretary writes them. The autumn 2026 collaboration-group minutes are left
    unapproved, so the agreement check shows the 14-day reminder; they are sent for approval, so
    the chair and the adjuster can approve them through their e-mail links (`approval_links`)."""

    minutes = minutes_service.start_minutes(meeting=meeting, actor=None)
    day = minutes_service.meeting_day(meeting)
    members = list(Membership.objects.current(day).filter(group=meeting.group).select_related("person"))
    statuses = {
        m.person_id: (AttendanceStatus.ABSENT if i == 2 else AttendanceStatus.PRESENT, "")
        for i, m in enumerate(members)
    }
    minutes_service.record_attendance(minutes=minutes, statuses=statuses, guests=[], actor=None)
    year = day.year
    if meeting.group.kind == "collaboration_group":
        minutes_service.add_minute_item(minutes=minutes, title="Mötets öppnande och val av justerare", actor=None)
        # the support group's proposals on the agenda (plans, budget, annual report) become §s
        minutes_service.items_from_agenda(minutes=minutes, actor=None)
        items = []
        if year < 2026:  # from 2026 the status report is on the agenda with its PDF (finance.demo)
            items.append(("Ekonomisk lägesrapport", "Samordnaren redovisade utfallet hittills i år.", "", "other"))
        if (year, day.month) == (2025, 10):
            items.append(
                (
                    WORKING_GROUP_DECISION_TITLE,
                    "Flera kommuner har bett om en gemensam linje.",
                    "Samverkansgruppen tillsätter Arbetsgrupp skrotbilar med det syfte, uppdrag och mål som "
                    "framgår av bilagan, från 1 mars 2026.",
                    "working_group",
                )
            )
    else:
        items = [
            ("Uppföljning av aktiviteter", "Gruppen gick igenom aktivitetsplanen.", "", "other"),
            ("Omvärldsbevakning", "Nya vägledningar från Naturvårdsverket diskuterades.", "", "other"),
        ]
    for title, text, decision, kind in items:
        minutes_service.add_minute_item(
            minutes=minutes, title=title, text=text, decision=decision, decision_kind=kind, actor=None
        )
    signatories = {s.person_id for s in minutes.signatories.all()}
    adjuster = next(
        m.person for i, m in enumerate(members) if i != 2 and m.person_id not in signatories and m.role == "member"
    )
    minutes_service.set_adjusters(minutes=minutes, people=[adjuster], actor=None)
    if not approve:
        # The chair and the adjuster (who has no account) get their approval links by e-mail.
        if minutes.sent_for_approval_at is None:
            minutes_service.send_for_approval(minutes=minutes, actor=None)
        return
    for signatory in minutes.signatories.select_related("person"):
        if signatory.person is not None:
            minutes_service.approve_minutes(minutes=minutes, person=signatory.person, actor=None)
    # The demo is loaded today; its minutes were approved a week after each meeting.
    approved_at = meeting.ends_at + datetime.timedelta(days=7)
    minutes.signatories.update(approved_at=approved_at)
    Minutes.objects.filter(pk=minutes.pk).update(approved_at=approved_at)


def approval_links(collaboration: Collaboration) -> list[tuple[str, str, str]]:
    """(name, role, link) of every open approval link in the demo, for the demo command to print."""

    links = ApprovalLink.objects.filter(
        signatory__minutes__meeting__group__collaboration=collaboration,
        signatory__minutes__status="draft",
        used_at__isnull=True,
        superseded=False,
        expires_at__gt=timezone.now(),
    ).select_related("signatory")
    return [(link.signatory.name, link.signatory.get_role_display(), minutes_service.url_for(link)) for link in links]


@transaction.atomic
def load_demo() -> Collaboration:
    services.import_populations(path=POPULATIONS, actor=None, source="SCB, folkmängd 31 december")
    collaboration = load_collaboration_model(
        path=AGREEMENTS / "miljosamverkan-vasterbotten.toml", actor=None, today=START
    ).collaboration

    for party in collaboration.parties.filter(organisation__kind="municipality").select_related("organisation"):
        org = party.organisation
        name = (
            "Miljökontoret Malå–Norsjö" if org.municipality_code in ("2417", "2418") else f"Miljökontoret i {org.name}"
        )
        unit, _created = SupervisionUnit.objects.get_or_create(name=name)
        unit.municipalities.add(org)

    people: dict[str, Person] = {}
    for spec in PEOPLE:
        email = _email(spec)
        person = Person.objects.filter(email=email).first()
        if person is None:
            person = services.create_person(
                collaboration=collaboration,
                actor=None,
                first_name=spec.first,
                last_name=spec.last,
                title=spec.title,
                organisation=_organisation(spec.org),
                email=email,
                phone=f"090-{len(people) + 10:02d} {len(spec.last):02d} 00",
                gender=spec.gender,
            )
        if spec.username and person.user is None:
            person.user = _user(spec.username, email=email)
            person.save(update_fields=["user"])
        people[spec.last] = person
        if person.confirmed_at is None and spec.last not in NOT_CONFIRMED:
            confirmed = STALE_CONFIRMATION if spec.last == "Forsberg" else RECENT_CONFIRMATION
            services.mark_confirmed(person=person, at=confirmed, actor=None, collaboration=collaboration)
    _user("admin", email="admin@example.se", superuser=True)

    groups = {g.key: g for g in collaboration.groups.exclude(key="")}
    for last, key, role, start, end in MEMBERSHIPS:
        _membership(groups[key], people[last], role, start, end)

    plans_demo.load_activities(collaboration, people)
    _demo_meetings(groups["samverkansgruppen"], groups["stodgruppen"])

    # The working group exists through the collaboration group's decision of 7 October 2025 (AG1).

    decision = Decision.objects.filter(
        item__group=groups["samverkansgruppen"], item__title=WORKING_GROUP_DECISION_TITLE
    ).first()
    working_group = collaboration.groups.filter(name=WORKING_GROUP["name"]).first()
    if decision is None:  # a demo database from before decisions existed: reload it (make clean) to get one
        pass
    elif working_group is None:
        working_group = services.create_working_group(
            collaboration=collaboration,
            actor=None,
            appointed_by=decision,
            **WORKING_GROUP,  # type: ignore[arg-type]
        )
    elif working_group.appointed_by_id is None:
        Group.objects.filter(pk=working_group.pk).update(appointed_by=decision)
    if working_group is not None:
        for last, role in WORKING_GROUP_MEMBERS:
            _membership(working_group, people[last], role, datetime.date(2026, 3, 1), None)

    plans_demo.load_assignments(collaboration, working_group)
    finance_demo.load_time(collaboration, people)
    events_demo.load_events(collaboration, people)

    # A second collaboration on the same instance, with its own rules; Tomas Hedlund sits in both.
    waste = load_collaboration_model(
        path=AGREEMENTS / "example-avfallssamverkan.toml", actor=None, today=datetime.date(2026, 1, 1)
    ).collaboration
    waste_groups = {g.key: g for g in waste.groups.exclude(key="")}
    _membership(waste_groups["styrgruppen"], people["Hedlund"], "chair", datetime.date(2026, 1, 1), None)
    _membership(waste_groups["beredningsgruppen"], people["Hedlund"], "coordinator", datetime.date(2026, 1, 1), None)
    _membership(waste_groups["beredningsgruppen"], people["Berglund"], "member", datetime.date(2026, 1, 1), None)
    _membership(waste_groups["beredningsgruppen"], people["Forsberg"], "member", datetime.date(2026, 1, 1), None)
    return collaboration
