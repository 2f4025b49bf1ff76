"""The yearly cycle's clauses judged on plain facts (plans.rules.judge): no database."""

import dataclasses
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.collaborations.findings import Link
from samverkan.collaborations.model_file import read_model_file
from samverkan.meetings.rules import MeetingFact
from samverkan.plans import rules

MODEL, _TEXT = read_model_file(Path(settings.BASE_DIR) / "agreements" / "miljosamverkan-vasterbotten.toml")


def plan_facts(on, plans=(), activities=(), assignments=(), meetings=()):
    return rules.PlanFacts(
        on=on,
        plans=tuple(plans),
        activities=tuple(activities),
        open_assignments=tuple(assignments),
        meetings=tuple(meetings),
    )


def plan_findings(facts, rule):
    return [f for f in rules.judge(MODEL, facts) if f.rule == rule]


def test_a_plan_decided_by_the_collaboration_group_in_time_keeps_pl3():
    decided = rules.PlanFact(
        "operations_plan", 2027, 1, "decided", datetime.date(2026, 10, 6), "§ 5/2026", "samverkansgruppen"
    )
    (finding,) = plan_findings(plan_facts(datetime.date(2026, 11, 27), [decided]), "PL3")
    assert finding.status == "ok" and "§ 5/2026" in finding.message
    assert finding.link == Link("plan_detail", (1,))


def test_a_plan_decided_late_or_by_the_wrong_body_is_a_warning():
    late = rules.PlanFact(
        "operations_plan", 2027, 1, "decided", datetime.date(2026, 11, 10), "§ 7/2026", "samverkansgruppen"
    )
    (finding,) = plan_findings(plan_facts(datetime.date(2026, 11, 27), [late]), "PL3")
    assert finding.status == "warning" and "efter sista dag 2026-10-31" in finding.message
    wrong = rules.PlanFact("operations_plan", 2027, 1, "decided", datetime.date(2026, 10, 6), "§ 5/2026", "stodgruppen")
    (finding,) = plan_findings(plan_facts(datetime.date(2026, 11, 27), [wrong]), "PL3")
    assert finding.status == "warning" and "fel organ" in finding.message


def test_an_undecided_plan_is_fine_before_its_deadline_only_with_a_meeting_planned():
    draft = rules.PlanFact("activity_plan", 2027, 2, "draft")
    on = datetime.date(2026, 8, 20)
    (finding,) = plan_findings(plan_facts(on, [draft]), "PL1")
    assert finding.status == "warning" and "inget möte planerat" in finding.message
    meeting = MeetingFact("samverkansgruppen", datetime.date(2026, 10, 6))
    (finding,) = plan_findings(plan_facts(on, [draft], meetings=[meeting]), "PL1")
    assert finding.status == "ok" and "2026-10-06" in finding.message and "utkast" in finding.message
    (finding,) = plan_findings(plan_facts(datetime.date(2026, 11, 1), [draft], meetings=[meeting]), "PL1")
    assert finding.status == "warning" and "sista dag var 2026-10-31" in finding.message


def test_the_annual_report_is_about_the_year_before_and_nothing_is_asked_before_the_start():
    (finding,) = plan_findings(plan_facts(datetime.date(2026, 6, 15)), "ST2")
    assert finding.subject == "Verksamhetsberättelse 2025" and "sista dag var 2026-05-31" in finding.message
    assert plan_findings(plan_facts(datetime.date(2025, 6, 15)), "ST2") == []  # no 2024 report: began 2025


def test_pl2_judges_activities_against_the_areas_of_their_years_operations_plan():
    plan = rules.PlanFact(
        "operations_plan",
        2027,
        1,
        "decided",
        datetime.date(2026, 10, 6),
        "§ 5/2026",
        "samverkansgruppen",
        ("kompetensutveckling",),
    )
    inside = rules.ActivityFact(10, "Kurs", 2027, "kompetensutveckling")
    outside = rules.ActivityFact(11, "Omvärldsdag", 2027, "omvarldsbevakning")
    on = datetime.date(2026, 11, 27)
    assert [f.status for f in plan_findings(plan_facts(on, [plan], [inside]), "PL2")] == ["ok"]
    (finding,) = plan_findings(plan_facts(on, [plan], [inside, outside]), "PL2")
    assert finding.status == "warning" and finding.link == Link("activity_detail", (11,))
    (finding,) = plan_findings(plan_facts(on, [], [inside]), "PL2")
    assert finding.status == "warning" and "ingen verksamhetsplan" in finding.message


def test_only_assignments_past_their_due_date_are_flagged():
    on = datetime.date(2026, 11, 27)
    due_today = rules.AssignmentFact(1, "Checklista", on, "Samverkansgruppen")
    late = rules.AssignmentFact(2, "Sammanställning", datetime.date(2026, 9, 30), "Samverkansgruppen")
    findings = [
        f for f in plan_findings(plan_facts(on, assignments=[due_today, late]), "CO2") if f.subject == "Uppdrag"
    ]
    assert [(f.status, f.link) for f in findings] == [("warning", Link("assignment_detail", (2,)))]
    findings = [f for f in plan_findings(plan_facts(on, assignments=[due_today]), "CO2") if f.subject == "Uppdrag"]
    assert [f.status for f in findings] == ["ok"]


def test_the_assignment_finding_takes_clause_and_quote_from_the_model_file_and_needs_it():
    on = datetime.date(2026, 11, 27)
    late = rules.AssignmentFact(2, "Sammanställning", datetime.date(2026, 9, 30), "Samverkansgruppen")
    facts = plan_facts(on, assignments=[late])
    (finding,) = [f for f in rules.judge(MODEL, facts) if f.subject == "Uppdrag"]
    assert (finding.rule, finding.quote) == (MODEL.assignments.clause, MODEL.assignments.quote)
    elsewhere = dataclasses.replace(MODEL, assignments=dataclasses.replace(MODEL.assignments, clause="X9", quote="Q"))
    (finding,) = [f for f in rules.judge(elsewhere, facts) if f.subject == "Uppdrag"]
    assert (finding.rule, finding.quote) == ("X9", "Q")
    # a collaboration whose model file lacks the clause gets no finding for it
    assert not [f for f in rules.judge(dataclasses.replace(MODEL, assignments=None), facts) if f.subject == "Uppdrag"]


def test_pl2_takes_clause_and_quote_from_the_model_file_and_needs_it():
    activity = rules.ActivityFact(11, "Omvärldsdag", 2027, "omvarldsbevakning")
    facts = plan_facts(datetime.date(2026, 11, 27), activities=[activity])
    pl2 = [f for f in rules.judge(MODEL, facts) if f.rule == MODEL.activity_areas.clause]
    assert pl2 and all(f.quote == MODEL.activity_areas.quote for f in pl2)
    without = dataclasses.replace(MODEL, activity_areas=None)
    assert not [f for f in rules.judge(without, facts) if f.subject.startswith("Aktiviteter")]


def test_a_plan_documents_quote_comes_from_the_model_file_only():
    draft = rules.PlanFact("activity_plan", 2027, 2, "draft")
    (finding,) = plan_findings(plan_facts(datetime.date(2026, 8, 20), [draft]), "PL1")
    assert finding.quote == MODEL.document("activity_plan").quote
    assert finding.quote.startswith("Årligen tas förslag till aktivitetsplan")
    documents = tuple(dataclasses.replace(d, quote="") for d in MODEL.documents)
    (finding,) = [f for f in rules.judge(dataclasses.replace(MODEL, documents=documents),
                                         plan_facts(datetime.date(2026, 8, 20), [draft])) if f.rule == "PL1"]  # fmt: skip
    assert finding.quote == ""  # no words of our own put in the agreement's mouth


# --- what a plan and an activity must hold: refusals, pure ------------------------------------

AREAS = [a.key for a in MODEL.collaboration_areas]
ACTIVITY = {
    "title": "Kurs i livsmedelstillsyn",
    "area": AREAS[0],
    "kind": "training",
    "year": 2027,
    "for_municipalities": True,
    "starts_on": datetime.date(2027, 3, 1),
    "ends_on": datetime.date(2027, 3, 2),
}


def refusal(**changes):
    return rules.activity_refusal({**ACTIVITY, **changes}, areas=AREAS, supervision_areas=["livsmedel"],
                                  kinds=["training", "campaign"])  # fmt: skip


def test_a_complete_activity_is_accepted():
    assert refusal() is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": "  "}, "title", "rubrik"),
        ({"area": "rymden"}, "area", "samverkansområde ur avtalet"),
        ({"kind": "fest"}, "kind", "slags aktivitet"),
        ({"supervision_area": "okänt"}, "supervision_area", "tillsynsområde"),
        ({"for_municipalities": False}, "for_municipalities", "minst en målgrupp"),
        ({"ends_on": datetime.date(2027, 2, 1)}, "ends_on", "före startdatum"),
        ({"starts_on": datetime.date(2026, 12, 1)}, "starts_on", "planens år, 2027"),
        ({"budget_ore": -1}, "budget_ore", "negativ"),
    ],
)
def test_an_activity_missing_what_a1_asks_is_refused_with_the_field_named(changes, field, words):
    error = refusal(**changes)
    assert error is not None and error.field == field and words in error.message


def test_the_operations_plan_names_at_least_one_known_area():
    assert rules.plan_areas_refusal("operations_plan", AREAS[:1], AREAS) is None
    assert rules.plan_areas_refusal("operations_plan", [], AREAS).field == "areas"
    assert rules.plan_areas_refusal("activity_plan", [], AREAS) is None
    assert "rymden" in rules.plan_areas_refusal("activity_plan", ["rymden"], AREAS).message
