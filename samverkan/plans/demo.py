"""The yearly cycle in the demo: activities for 2025–2027 with their follow-up, plan documents that
went through the cycle (the support group's proposals on the collaboration group's agendas, decided
when the minutes were approved), and assignments given by decisions.

Left deliberately for the agreement check and the walkthrough: the 2027 operations plan and
budget are proposals in the autumn 2026 minutes that are not yet approved; there is no activity
plan for 2027 yet (the support group drafts it in the demo); one 2027 activity lies in an area the
2027 operations plan does not name (PL2); and one assignment is overdue (CO2).
"""

from __future__ import annotations

import datetime
from typing import Any

from samverkan.meetings.models import Decision, Meeting
from samverkan.organisations.models import Group, Person
from samverkan.plans import kinds, services
from samverkan.plans.models import Activity, Assignment, PlanDocument

# (year, title, area, kind, start, end, targets, budget kr, done?, women, men, other, outcome)
ACTIVITIES: list[tuple[Any, ...]] = [
    (2025, "Grundkurs i tillsyn enligt miljöbalken", "kompetensutveckling", "training", (3, 18), (3, 19),
     "m", 45_000, True, 14, 6, 1, "Kursen gavs i Umeå med 21 deltagare; utvärderingen gav 4,5 av 5."),
    (2025, "Erfarenhetsträff om enskilda avlopp", "erfarenhetsutbyte", "experience_exchange", (5, 27), (5, 27),
     "m", 8_000, True, 9, 7, 0, "Gemensam tolkning av Havs- och vattenmyndighetens vägledning."),
    (2025, "Tillsynsprojekt hälsoskydd i skolor", "tillsynsprojekt", "supervision_project", (9, 1), (11, 30),
     "mb", 20_000, True, 11, 4, 0, "112 skolor inspekterades i 14 kommuner med gemensam checklista."),
    (2025, "Kampanj mot nedskräpning", "information", "campaign", (4, 1), (5, 31),
     "bc", 30_000, False, None, None, None, ""),
    (2026, "Kurs i miljösanktionsavgifter", "kompetensutveckling", "training", (3, 10), (3, 10),
     "m", 35_000, True, 12, 8, 0, "Heldag med jurist från länsstyrelsen."),
    (2026, "Seminarium om vindkraftens buller", "kompetensutveckling", "seminar", (4, 14), (4, 14),
     "mb", 15_000, True, 7, 10, 1, "Företag och kommuner möttes; vägledningen från 2025 gicks igenom."),
    (2026, "Tillsynsprojekt skrotbilar", "tillsynsprojekt", "supervision_project", (3, 1), (12, 15),
     "mc", 25_000, False, None, None, None, ""),
    (2026, "Nyhetsbrev om omvärldsbevakning", "omvarldsbevakning", "horizon_scanning", (1, 15), (12, 15),
     "m", 5_000, False, None, None, None, ""),
    (2027, "Fördjupningskurs i förorenade områden", "kompetensutveckling", "training", (3, 16), (3, 17),
     "m", 50_000, False, None, None, None, ""),
    (2027, "Gemensamt tillsynsprojekt kemikalier i handeln", "tillsynsprojekt", "supervision_project", (4, 1),
     (10, 31), "mb", 30_000, False, None, None, None, ""),
    (2027, "Omvärldsdag med länets miljökontor", "omvarldsbevakning", "horizon_scanning", (9, 22), (9, 22),
     "m", 10_000, False, None, None, None, ""),
]  # fmt: skip

TARGETS = {"m": "for_municipalities", "b": "for_business", "c": "for_citizens"}

SECTIONS = {
    "operations_plan": [
        "Miljösamverkan Västerbotten stärker kommunernas miljö- och hälsoskyddsarbete genom samverkan.",
        "- En likvärdig och effektiv tillsyn i hela länet\n- Hög kompetens hos inspektörerna\n"
        "- **Jämställdhet** i både organisation och tillsyn",
        "Verksamheten bedrivs inom dessa samverkansområden:",
        "Samverkansgruppen beslutar; stödgruppen bereder; samordnaren håller ihop arbetet.",
        "Aktiviteterna följs upp två gånger per år och redovisas i verksamhetsberättelsen.",
    ],
    "activity_plan": [
        "Aktivitetsplanen bygger på verksamhetsplanens samverkansområden.",
        "Tillsynsprojekt och kompetensutveckling prioriteras.",
        "Varje aktivitet följs upp med deltagare, utfall och lärdomar.",
    ],
    "budget": [
        "Budgeten omfattar samordnarens tid, overhead och de planerade aktiviteterna.",
        "Kostnaderna för aktiviteterna följer aktivitetsplanen.",
        "Kommunerna och Regionen medfinansierar enligt avtalet.",
    ],
}


def _day(year: int, month_day: tuple[int, int] | None) -> datetime.date | None:
    return datetime.date(year, *month_day) if month_day else None


def load_activities(collaboration: Any, people: dict[str, Person]) -> None:
    """The activities of three years; past ones followed up."""
    for year, title, area, kind, start, end, targets, budget, done, women, men, other, outcome in ACTIVITIES:
        if Activity.objects.filter(collaboration=collaboration, year=year, title=title).exists():
            continue
        activity = services.create_activity(
            collaboration=collaboration,
            actor=None,
            year=year,
            title=title,
            area=area,
            kind=kind,
            supervision_area="skrotbilar" if "skrotbilar" in title else "",
            starts_on=_day(year, start),
            ends_on=_day(year, end),
            budget_ore=budget * 100,
            responsible_person=people["Said"] if "skrotbilar" in title else people["Ström"],
            gender_representation="Kvinnor och män bland föreläsarna i proportion till deltagarna."
            if kind in ("training", "seminar")
            else "",
            business_relevance="Verksamhetsutövarna får samma besked i alla kommuner." if "b" in targets else "",
            **{name: (key in targets) for key, name in TARGETS.items()},
        )
        if done:
            services.record_follow_up(
                activity=activity,
                actor=None,
                status="done",
                done_on=_day(year, end),
                outcome=outcome,
                participants_women=women,
                participants_men=men,
                participants_other=other,
            )
        elif year == 2025:
            services.record_follow_up(activity=activity, actor=None, status="cancelled")


def _document(collaboration: Any, doc_type: str, year: int) -> PlanDocument:
    document = PlanDocument.objects.filter(collaboration=collaboration, doc_type=doc_type, year=year).first()
    if document is not None:
        return document
    document = services.start_document(collaboration=collaboration, doc_type=doc_type, year=year, actor=None)
    version = services.latest_version(document)
    texts = SECTIONS.get(doc_type)
    if texts:
        areas = None
        if doc_type == "operations_plan" and year == 2027:  # horizon scanning left out: PL2 shows it
            areas = [a.key for a in collaboration.model.collaboration_areas if a.key != "omvarldsbevakning"]
        services.update_draft(version=version, actor=None, texts=texts[: len(version.sections)], areas=areas)
    kind = kinds.kind_for(version)
    if kind is not None and kind.fill_demo is not None:
        kind.fill_demo(version)
    return document


def propose_on_agenda(meeting: Meeting) -> None:
    """Before a collaboration-group meeting of the demo is held: the support group's proposals go
    on its agenda, as `services.submit` puts them there."""
    collaboration = meeting.group.collaboration
    day = meeting.starts_at.date()
    if day.month < 7:
        wanted = [("annual_report", day.year - 1)]
    else:
        wanted = [("operations_plan", day.year + 1), ("budget", day.year + 1)]
        if day.year + 1 < 2027:
            wanted.append(("activity_plan", day.year + 1))
    for doc_type, year in wanted:
        if year < collaboration.model.started_on.year:
            continue
        document = _document(collaboration, doc_type, year)
        version = services.latest_version(document)
        if version.editable:
            services.submit(version=version, actor=None, meeting=meeting)


def load_assignments(collaboration: Any, working_group: Group | None) -> None:
    """One assignment on track for the working group, and one overdue for the coordinator."""
    if Assignment.objects.filter(collaboration=collaboration).exists():
        return
    sg = collaboration.groups.get(key="samverkansgruppen")
    spring = Decision.objects.filter(item__group=sg, item__year=2026, kind="annual_report").first()
    if spring is not None:
        services.create_assignment(
            collaboration=collaboration,
            actor=None,
            decision=spring,
            title="Sammanställ kommunernas behov av tillsynsvägledning",
            description="Underlag till aktivitetsplanen 2027.",
            owner_kind="coordinator",
            owner_group=None,
            owner_person=None,
            due_on=datetime.date(2026, 9, 30),
        )
    if working_group is not None and working_group.appointed_by is not None:
        assignment = services.create_assignment(
            collaboration=collaboration,
            actor=None,
            decision=working_group.appointed_by,
            title="Gemensam checklista för skrotbilar",
            description="Checklista och mallar för förelägganden, för beslut i samverkansgruppen.",
            owner_kind="working_group",
            owner_group=working_group,
            owner_person=None,
            due_on=datetime.date(2027, 3, 1),
        )
        services.report_progress(
            assignment=assignment,
            actor=None,
            text="Utkast till checklista klart; remiss till kommunerna i december.",
            percent_done=40,
            status="in_progress",
        )
