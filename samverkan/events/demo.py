"""Events in the demo (issue 15): a year of trainings, seminars and campaigns of Miljösamverkan
Västerbotten, on the activity plan's activities, with registrations from across the county.

- A seminar held in April 2026 with its attendance marked (as the activity's follow-up counts it:
  7 women, 10 men, 1 other came; two did not) and a few anonymous evaluations, so the reach
  figures show something.
- A campaign for the public in December 2026, in the scrap-car project: two open evenings.
- A paid course in March 2027: the activity's members' and others' fees, registrants from member
  municipalities, the county board, a municipality outside the collaboration and businesses.
- A seminar in September 2027 that is full, with three on the waitlist.

Everything goes through the events' use cases (create, sessions, questions, publish, register, the
evaluation by its link, the attendance), so the audit trail is as real. Idempotent: an event already there is left
as it is. The confirmation e-mails the registrations queue are dropped: in the story they went
out when people registered, and `make run`'s worker would otherwise send some sixty of them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samverkan.events import evaluation, services
from samverkan.events.models import Evaluation, Event, Registration
from samverkan.organisations.models import Organisation, Person
from samverkan.plans import services as plans
from samverkan.plans.models import Activity

KR = 100


@dataclass(frozen=True)
class Registrant:
    name: str
    org: str  # a municipality code, a party key (region, lansstyrelsen), or free text
    category: str
    gender: str
    person: str = ""  # a demo person's last name: registered logged in as them


def _r(name: str, org: str, gender: str, category: str = "municipality", person: str = "") -> Registrant:
    return Registrant(name, org, category, gender, person)


def _b(name: str, company: str, gender: str) -> Registrant:
    return Registrant(name, company, "business", gender)


def _c(name: str, gender: str) -> Registrant:
    return Registrant(name, "", "citizen", gender)


# The April 2026 seminar: 20 registered; the first 18 came (7 women, 10 men, 1 other).
WIND_SEMINAR = [
    _r("Annika Holmström", "2480", "woman"),
    _r("Cecilia Nyberg", "2481", "woman"),
    _r("Elin Burman", "2401", "woman"),
    _r("Gunilla Rönnlund", "2404", "woman"),
    _r("Karolina Persson", "2417", "woman"),
    _r("Fatima Said", "2482", "woman", person="Said"),
    _r("Olof Granberg", "lansstyrelsen", "man", "authority", person="Granberg"),
    _r("Björn Lidén", "2482", "man"),
    _r("David Öhlund", "2460", "man"),
    _r("Fredrik Marklund", "2409", "man"),
    _r("Jakob Lindberg", "2421", "man"),
    _r("Lars Åström", "2418", "man"),
    _r("Niklas Hägglund", "2422", "man"),
    _r("Oskar Nilsson", "2463", "man"),
    _b("Henrik Dahl", "Skelleftebygdens Vind AB", "man"),
    _b("Mats Lejon", "Vindkraft i Norr AB", "man"),
    _b("Maria Engström", "Engströms Miljökonsult AB", "woman"),
    _r("Robin Strand", "2480", "other"),
    # no-shows
    _r("Ida Westerlund", "2462", "woman"),
    _r("Viktor Olofsson", "2460", "not_stated"),
]
WIND_CAME = 18
# (overall, usefulness, comment): anonymous, by the evaluation link after the seminar
WIND_EVALUATIONS = [
    (5, 5, "Mycket konkret om mätningar och villkor. Mer sådant!"),
    (4, 5, ""),
    (4, 4, "Bra att företagen var med."),
    (5, 4, ""),
    (3, 4, "Lite för lite tid till frågor."),
]

# The scrap-car campaign's open evenings, December 2026: for the public.
SCRAP_CAMPAIGN = [
    _c("Agnes Forsman", "woman"),
    _c("Bertil Öst", "man"),
    _c("Dagny Lundqvist", "woman"),
    _c("Erland Holm", "man"),
    _c("Frida Sjöberg", "woman"),
    _c("Gösta Nordlund", "man"),
    _c("Hanna Rova", "not_stated"),
    _c("Ivar Lidström", "man"),
    _c("Jenny Abrahamsson", "woman"),
    _b("Kent Wallin", "Norrlands Bildemontering AB", "man"),
    _r("Nils Lundmark", "2421", "man", person="Lundmark"),
    _r("Sara Wiklund", "2480", "other", person="Wiklund"),
]

# The March 2027 course, with fees: members' fee for the parties, the other fee for the rest.
CONTAMINATED_COURSE = [
    _r("Jonas Lind", "2460", "man", person="Lind"),
    _r("Petra Lundberg", "2480", "woman"),
    _r("Sanna Edlund", "2480", "woman"),
    _r("Tobias Wikström", "2481", "man"),
    _r("Ulla Bergström", "2482", "woman"),
    _r("Hampus Sandberg", "2403", "man"),
    _r("Malin Ek", "2425", "woman"),
    _r("Karolina Persson", "2417", "woman"),
    _r("Jakob Lindberg", "2421", "man"),
    _r("Ingela Vinter", "lansstyrelsen", "woman", "authority"),
    _r("Per-Olov Rask", "Piteå kommun", "man"),  # a municipality outside the collaboration: the other fee
    _b("Maria Engström", "Engströms Miljökonsult AB", "woman"),
    _b("Anton Brännström", "Norrmarks Mark och Sanering AB", "man"),
]
DIET = ["Ingen särskild", "Vegetarisk", "Vegansk", "Glutenfri"]

# The September 2027 seminar: 12 seats, 15 registered, so three wait in line.
SEMINAR_SEATS = 12
HORIZON_SEMINAR = [
    _r("Annika Holmström", "2480", "woman"),
    _r("Björn Lidén", "2482", "man"),
    _r("Cecilia Nyberg", "2481", "woman"),
    _r("David Öhlund", "2460", "man"),
    _r("Elin Burman", "2401", "woman"),
    _r("Fredrik Marklund", "2409", "man"),
    _r("Gunilla Rönnlund", "2404", "woman"),
    _r("Ida Westerlund", "2462", "woman"),
    _r("Lars Åström", "2418", "man"),
    _r("Niklas Hägglund", "2422", "man"),
    _r("Oskar Nilsson", "2463", "man"),
    _r("Linnea Ström", "region", "woman", "authority", person="Ström"),
    # the waitlist, in order
    _r("Malin Ek", "2425", "woman"),
    _r("Robin Strand", "2480", "other"),
    _r("Jonas Lind", "2460", "man", person="Lind"),
]


def _email(name: str, category: str) -> str:
    plain = name.lower().replace(" ", ".")
    for a, b in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e")):
        plain = plain.replace(a, b)
    return f"{plain}@{'example.com' if category == 'citizen' else 'example.se'}"


def _at(day: tuple[int, int, int], clock: str) -> datetime.datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.datetime(*day, hour, minute, tzinfo=timezone.get_current_timezone())


class _Demo:
    def __init__(self, collaboration: Any, people: dict[str, Person]) -> None:
        self.collaboration = collaboration
        self.people = people
        self.parties = {p.key: p.organisation for p in collaboration.parties.select_related("organisation") if p.key}
        self.municipalities = {
            o.municipality_code: o for o in Organisation.objects.filter(municipality_code__startswith="24")
        }

    def activity(self, year: int, title: str) -> Activity:
        return Activity.objects.get(collaboration=self.collaboration, year=year, title=title)

    def event(
        self,
        activity: Activity,
        title: str,
        sessions: list[tuple[datetime.datetime, datetime.datetime, str]],
        **fields: Any,
    ) -> Event | None:
        """The event, published with its sessions; None when the demo has it already."""
        if Event.objects.filter(activity=activity, title=title).exists():
            return None
        event = services.create_event(
            activity=activity, actor=None, title=title, public=True, contact_person=self.people["Ström"], **fields
        )
        for starts_at, ends_at, place in sessions:
            services.add_session(event=event, actor=None, starts_at=starts_at, ends_at=ends_at, place=place)
        services.publish_event(event=event, actor=None)
        return event

    def register(
        self, event: Event, crowd: list[Registrant], answers: list[dict[int | str, str]] | None = None
    ) -> list[Registration]:
        registrations = []
        for index, who in enumerate(crowd):
            organisation = self.municipalities.get(who.org) or self.parties.get(who.org)
            registrations.append(
                services.register(
                    event,
                    name=who.name,
                    email=_email(who.name, who.category),
                    organisation=organisation,
                    organisation_text="" if organisation is not None else who.org,
                    category=who.category,
                    gender=who.gender,
                    answers=answers[index % len(answers)] if answers else None,
                    person=self.people.get(who.person) if who.person else None,
                )
            )
        return registrations


def _wind_seminar(demo: _Demo) -> None:
    """Held on 14 April 2026: attendance marked, evaluations in."""
    event = demo.event(
        demo.activity(2026, "Seminarium om vindkraftens buller"),
        "Vindkraftens buller – tillsyn och vägledning",
        [(_at((2026, 4, 14), "09:30"), _at((2026, 4, 14), "15:30"), "Region Västerbotten, Umeå")],
        description="Mätningar, villkor och klagomål: kommunerna och verksamhetsutövarna går igenom "
        "den gemensamma vägledningen från 2025.",
        capacity=40,
    )
    if event is None:
        return
    registrations = demo.register(event, WIND_SEMINAR)
    services.update_event(event=event, actor=None, registration_closes=_at((2026, 4, 7), "23:59"))
    # they registered in the weeks before (the demo is loaded today)
    for index, registration in enumerate(registrations):
        Registration.objects.filter(pk=registration.pk).update(
            created_at=_at((2026, 3, 2 + index), "10:00"), reminded_at=_at((2026, 4, 12), "08:00")
        )
    came = [r.pk for r in registrations[:WIND_CAME]]
    # marked on the day by the organiser's attendance page
    for index, registration in enumerate(registrations):
        services.set_attendance(registration=registration, attended=index < WIND_CAME, actor=None)
    Registration.objects.filter(pk__in=came).update(evaluation_sent_at=_at((2026, 4, 15), "08:00"))
    # the first five who came answered the evaluation by their links, the day after
    for registration, (overall, useful, comment) in zip(registrations, WIND_EVALUATIONS, strict=False):
        registration.refresh_from_db()
        evaluation.submit(
            token=evaluation.token_for(registration),
            overall=overall,
            usefulness=useful,
            comment=comment,
            now=_at((2026, 4, 15), "10:00"),
        )
    answered = [r.pk for r in registrations[: len(WIND_EVALUATIONS)]]
    Registration.objects.filter(pk__in=answered).update(evaluated_at=_at((2026, 4, 16), "00:00"))
    Evaluation.objects.filter(event=event).update(submitted_on=datetime.date(2026, 4, 16))


def _scrap_campaign(demo: _Demo) -> None:
    event = demo.event(
        demo.activity(2026, "Tillsynsprojekt skrotbilar"),
        "Skrota bilen rätt – öppet hus för bilägare",
        [
            (_at((2026, 12, 9), "17:00"), _at((2026, 12, 9), "19:00"), "Lycksele bibliotek"),
            (_at((2026, 12, 10), "17:00"), _at((2026, 12, 10), "19:00"), "Vilhelmina, Folkets hus"),
        ],
        description="Har du en uttjänt bil på tomten? Miljökontoren berättar hur du lämnar den till "
        "en auktoriserad bilskrotare, vad det kostar (oftast inget) och vad som gäller för skrotbilar "
        "på mark. Fritt inträde; anmäl dig gärna så att vi vet hur mycket kaffe som behövs.",
        for_citizens=True,
    )
    if event is not None:
        demo.register(event, SCRAP_CAMPAIGN)


def _course(demo: _Demo) -> None:
    activity = demo.activity(2027, "Fördjupningskurs i förorenade områden")
    if activity.fee_member_ore is None and activity.fee_other_ore is None:
        plans.update_activity(activity=activity, actor=None, fee_member_ore=1_500 * KR, fee_other_ore=3_500 * KR)
    event = demo.event(
        activity,
        "Fördjupningskurs: förorenade områden",
        [
            (_at((2027, 3, 16), "09:00"), _at((2027, 3, 16), "16:00"), "Skellefteå, Campus"),
            (_at((2027, 3, 17), "08:30"), _at((2027, 3, 17), "15:00"), "Skellefteå, Campus"),
        ],
        description="Två dagar om undersökningar, riskbedömning och efterbehandling, med ett "
        "studiebesök. Konsulter och verksamhetsutövare är välkomna till den högre avgiften.",
        capacity=30,
        for_business=True,
    )
    if event is None:
        return
    diet = services.add_question(event=event, actor=None, text="Specialkost", kind="choice", choices=DIET)
    answers: list[dict[int | str, str]] = [{diet.pk: DIET[i]} for i in (0, 0, 1, 0, 3)]
    demo.register(event, CONTAMINATED_COURSE, answers)
    services.update_event(event=event, actor=None, registration_closes=_at((2027, 3, 1), "23:59"))


def _horizon_seminar(demo: _Demo) -> None:
    event = demo.event(
        demo.activity(2027, "Omvärldsdag med länets miljökontor"),
        "Omvärldsseminarium: nya EU-krav för miljötillsynen",
        [(_at((2027, 9, 22), "09:00"), _at((2027, 9, 22), "12:00"), "Umeå, Väven")],
        description="Vad betyder EU:s nya regler om industriutsläpp, förpackningar och kemikalier för "
        "kommunernas tillsyn? Ett seminarium med länsstyrelsen och Naturvårdsverket.",
        capacity=SEMINAR_SEATS,
    )
    if event is None:
        return
    demo.register(event, HORIZON_SEMINAR)
    services.update_event(event=event, actor=None, registration_closes=_at((2027, 9, 15), "23:59"))


def load_events(collaboration: Any, people: dict[str, Person]) -> None:
    """The demo's events; see the module docstring."""
    started = timezone.now()
    demo = _Demo(collaboration, people)
    _wind_seminar(demo)
    _scrap_campaign(demo)
    _course(demo)
    _horizon_seminar(demo)
    DBTaskResult.objects.filter(
        task_path="samverkan.events.mail.send_registration_mail", status="READY", enqueued_at__gte=started
    ).delete()
