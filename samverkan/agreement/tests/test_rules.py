"""The agreement rules judged on plain facts: no database."""

import dataclasses
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.agreement import rules
from samverkan.agreement.rules import Facts, GroupFact, MemberFact, OrgFact
from samverkan.collaborations.findings import Link
from samverkan.collaborations.model_file import parse_model, read_model_file

MODEL, _TEXT = read_model_file(Path(settings.BASE_DIR) / "agreements" / "miljosamverkan-vasterbotten.toml")
DAY = datetime.date(2026, 11, 27)


def build(
    sg_keys=None,
    *,
    chair="skelleftea",
    st_keys=("umea", "lycksele", "vannas"),
    extra_sg=(),
    extra_st=(),
    host="region",
    coordinator_from="region",
    cab_in_st=True,
):
    """Facts for the Västerbotten model: by default every clause holds."""
    orgs = {}
    for i, party in enumerate(MODEL.parties, start=1):
        orgs[party.key] = OrgFact(i, party.name, party.kind, party.key)
    orgs["consultant"] = OrgFact(99, "Konsult AB", "other", "")
    municipalities = [p.key for p in MODEL.parties if p.kind == "municipality"]
    sg_keys = municipalities if sg_keys is None else sg_keys
    pid = iter(range(1000, 2000))

    def member(key, role="member", person_id=None):
        return MemberFact(person_id or next(pid), f"Person {key}", orgs[key].id, role)

    municipal_people = {key: next(pid) for key in municipalities}
    sg = [member(k, "chair" if k == chair else "member", municipal_people[k]) for k in sg_keys]
    coordinator = member(coordinator_from, "coordinator", 1)
    cab = member("lansstyrelsen", "cab_representative", 2)
    sg += [coordinator, cab, *extra_sg]
    st = [member(k, "member", municipal_people[k]) for k in st_keys] + [coordinator, *extra_st]
    if cab_in_st:
        st.append(cab)
    return Facts(
        on=DAY,
        parties=tuple(o for k, o in orgs.items() if k != "consultant"),
        host=orgs[host] if host else None,
        groups=(
            GroupFact("samverkansgruppen", 1, "Samverkansgruppen", tuple(sg)),
            GroupFact("stodgruppen", 2, "Stödgruppen", tuple(st)),
        ),
        organisations={o.id: o for o in orgs.values()},
        meetings=tuple(rules.MeetingFact(key, day) for key, day in REGULAR_MEETINGS),
    )


REGULAR_MEETINGS = [
    ("samverkansgruppen", datetime.date(2026, 5, 12)),
    ("samverkansgruppen", datetime.date(2026, 10, 6)),
]
REGULAR_MEETINGS += [("stodgruppen", datetime.date(2026, m, 10)) for m in (2, 3, 5, 8, 9, 11)]


PLAN_RULES = {"PL1", "PL2", "PL3", "PL4", "ST2"}  # judged in the tests at the end of this file


def statuses(findings, rule):
    return [f.status for f in findings if f.rule == rule]


def test_a_fully_staffed_collaboration_keeps_every_composition_rule():
    findings = rules.check(MODEL, build())
    assert {f.rule for f in findings} >= {"SG1", "SG4", "ST1", "ST3", "CM1", "CM2", "CM3"}
    assert [f for f in findings if f.status != "ok" and f.rule not in PLAN_RULES] == []


def test_it_warns_when_a_municipality_has_no_representative():
    keys = [p.key for p in MODEL.parties if p.kind == "municipality" and p.key != "vindeln"]
    findings = rules.check(MODEL, build(keys))
    sg1 = [f for f in findings if f.rule == "SG1" and f.status != "ok"]
    assert [(f.status, f.subject) for f in sg1] == [("warning", "Vindeln")]
    assert "Vindeln har ingen representant i Samverkansgruppen" in sg1[0].message
    cm1 = next(f for f in findings if f.rule == "CM1" and f.subject == "Vindeln")
    assert cm1.status == "warning"
    assert cm1.link == Link("organisation_detail", (next(o.id for o in build().parties if o.name == "Vindeln"),))


def test_it_warns_when_a_municipality_has_two_representatives():
    extra = (MemberFact(5000, "Andra Umeåbo", 13, "member"),)  # party 13 is Umeå in file order
    facts = build(extra_sg=extra)
    assert facts.organisations[13].name == "Umeå"
    warnings = [f for f in rules.check(MODEL, facts) if f.rule == "SG1" and f.status == "warning"]
    assert len(warnings) == 1 and warnings[0].subject == "Umeå"
    assert "2 representanter" in warnings[0].message and "avtalet säger 1" in warnings[0].message


def test_it_warns_when_the_collaboration_group_has_no_chair():
    findings = rules.check(MODEL, build(chair=None))
    chair_rule = [f for f in findings if f.rule == "SG1" and f.quote == "varav en är ordförande"]
    assert chair_rule[0].status == "warning"
    sg4 = [f for f in findings if f.rule == "SG4"]
    assert "warning" in [f.status for f in sg4]  # nobody convenes without a chair


def test_an_appointed_convener_replaces_the_chair_as_convener():
    facts = build(chair=None, extra_sg=(MemberFact(7000, "Utsedd Person", 3, "convener"),))
    sg4 = [f for f in rules.check(MODEL, facts) if f.rule == "SG4"]
    assert sg4[0].status == "ok" and "utsedd sammankallande" in sg4[0].message


@pytest.mark.parametrize(
    ("support_keys", "expected"),
    [
        (("umea", "lycksele"), "warning"),
        (("umea", "lycksele", "vannas"), "ok"),
        (("umea", "lycksele", "vannas", "skelleftea"), "ok"),
        (("umea", "lycksele", "vannas", "skelleftea", "dorotea"), "warning"),
    ],
)
def test_the_support_group_range_three_to_four_is_a_warning_outside_never_a_refusal(support_keys, expected):
    findings = rules.check(MODEL, build(st_keys=support_keys))
    st1 = next(f for f in findings if f.rule == "ST1" and f.quote.startswith("3-4"))
    assert st1.status == expected
    assert "3–4" in st1.message


def test_a_secretary_other_than_the_coordinator_is_a_warning():
    facts = build(extra_sg=(MemberFact(8000, "Annan Sekreterare", 4, "secretary"),))
    secretary = [f for f in rules.check(MODEL, facts) if f.rule == "SG4" and "ekreterare" in f.message]
    assert secretary[0].status == "warning"


def test_without_a_host_the_collaboration_is_in_breach():
    findings = rules.check(MODEL, build(host=None))
    assert "breach" in statuses(findings, "CM3")


def test_a_coordinator_not_provided_by_the_host_is_a_warning():
    findings = rules.check(MODEL, build(coordinator_from="lansstyrelsen"))
    cm3 = [f for f in findings if f.rule == "CM3"]
    assert [f.status for f in cm3] == ["ok", "warning"]
    assert "Region Västerbotten" in cm3[1].message


def test_the_county_board_missing_from_the_support_group_breaks_cm2():
    findings = rules.check(MODEL, build(cab_in_st=False))
    assert statuses(findings, "CM2") == ["warning"]


def test_a_member_from_an_organisation_that_is_not_a_party_is_reported():
    facts = build(extra_sg=(MemberFact(9000, "Konsult Konsultsson", 99, "member"),))
    findings = rules.check(MODEL, facts)
    assert all(f.subject != "Konsult AB" for f in findings)  # not a municipality: not counted under SG1
    text = MODEL_TEXT_WITH_OPEN_RULE
    model = parse_model(text)
    facts2 = Facts(facts.on, facts.parties, facts.host, facts.groups, facts.organisations)
    assert any("Konsult AB" in f.message for f in rules.check(model, facts2))


MODEL_TEXT_WITH_OPEN_RULE = _TEXT.replace(
    'quote = "1 miljöansvarig från varje kommun"\n  party_kind = "municipality"\n  per_party = 1',
    'quote = "1 miljöansvarig från varje kommun"\n  per_party = 1',
    1,
)


def test_severity_breach_in_the_model_makes_a_gap_a_breach():
    text = _TEXT.replace('quote = "varav en är ordförande"', 'quote = "varav en är ordförande"\n  severity = "breach"')
    model = parse_model(text)
    findings = rules.check(model, build(chair=None))
    assert "breach" in statuses(findings, "SG1")


def test_an_optional_member_may_be_absent():
    text = _TEXT.replace(
        'quote = "1 representant från Länsstyrelsen i Västerbotten"\n  party_kind = "county_administrative_board"',
        'quote = "1 representant från Länsstyrelsen i Västerbotten"\n  optional = true\n'
        '  party_kind = "county_administrative_board"',
    )
    model = parse_model(text)
    facts = build()
    sg = facts.groups[0]
    without_cab = GroupFact(sg.key, sg.id, sg.name, tuple(m for m in sg.members if m.role != "cab_representative"))
    findings = rules.check(
        model, Facts(facts.on, facts.parties, facts.host, (without_cab, facts.groups[1]), facts.organisations)
    )
    cab_rule = next(f for f in findings if f.quote.startswith("1 representant från Länsstyrelsen"))
    assert cab_rule.status == "ok" and "valfritt" in cab_rule.message


@pytest.mark.parametrize(
    ("low", "high", "text"), [(1, 1, "1"), (3, 4, "3–4"), (1, None, "minst 1"), (None, 2, "högst 2")]
)
def test_counts_are_written_as_people_write_them(low, high, text):
    assert rules.count_text(low, high) == text


def test_findings_serialise_with_rule_status_message_and_subject():
    finding = rules.check(MODEL, build())[0]
    assert set(finding.as_dict()) >= {"rule", "status", "message", "subject"}


def test_the_support_group_without_its_convener_is_a_warning():
    facts = build()
    st = facts.groups[1]
    without_coordinator = GroupFact(st.key, st.id, st.name, tuple(m for m in st.members if m.role != "coordinator"))
    findings = rules.check(
        MODEL,
        Facts(
            facts.on,
            facts.parties,
            facts.host,
            (facts.groups[0], without_coordinator),
            facts.organisations,
            meetings=facts.meetings,
        ),
    )
    st3 = [f for f in findings if f.rule == "ST3" and "sammankallande" in f.message]
    assert [f.status for f in st3] == ["warning"]


def with_contacts(facts, confirmed):
    contacts = tuple(rules.ContactFact(i, f"Person {i}", day) for i, day in enumerate(confirmed))
    return Facts(facts.on, facts.parties, facts.host, facts.groups, facts.organisations, contacts)


def test_contact_details_confirmed_within_twelve_months_keep_co2():
    facts = with_contacts(build(), [datetime.date(2026, 1, 5), datetime.date(2025, 11, 27)])
    co2 = [f for f in rules.check(MODEL, facts) if f.rule == "CO2" and f.subject == "Kontaktlistan"]
    assert [f.status for f in co2] == ["ok"]


def test_unconfirmed_or_stale_contact_details_are_a_co2_warning():
    facts = with_contacts(build(), [None, datetime.date(2025, 11, 26), datetime.date(2026, 6, 1)])
    co2 = next(f for f in rules.check(MODEL, facts) if f.rule == "CO2")
    assert co2.status == "warning" and co2.link == Link("contact_list", query="sort=bekraftad")
    assert "2 personer" in co2.message and "Person 0" in co2.message and "Person 1" in co2.message
    assert "Person 2" not in co2.message


def with_meetings(facts, meetings):
    return Facts(
        facts.on,
        facts.parties,
        facts.host,
        facts.groups,
        facts.organisations,
        facts.contacts,
        tuple(rules.MeetingFact(key, day) for key, day in meetings),
    )


D = datetime.date
SIX_SUPPORT = [("stodgruppen", D(2026, m, 10)) for m in (2, 3, 5, 8, 9, 11)]


def test_two_collaboration_group_meetings_in_their_windows_keep_sg3():
    facts = with_meetings(
        build(), [("samverkansgruppen", D(2026, 5, 12)), ("samverkansgruppen", D(2026, 10, 6)), *SIX_SUPPORT]
    )
    findings = rules.check(MODEL, facts)
    assert [f.status for f in findings if f.rule == "SG3"] == ["ok"]
    assert [f.status for f in findings if f.rule == "ST3" and "möten" in f.message] == ["ok"]


def test_a_missing_autumn_meeting_is_a_warning_with_a_link_to_plan_one():
    facts = with_meetings(build(), [("samverkansgruppen", D(2026, 4, 20)), *SIX_SUPPORT])
    sg3 = [f for f in rules.check(MODEL, facts) if f.rule == "SG3"]
    assert [f.status for f in sg3] == ["warning", "warning"]
    assert "inget möte i september–oktober 2026" in sg3[0].message
    assert "1 möte 2026; avtalet säger 2" in sg3[1].message
    assert sg3[0].link.url_name == "meeting_create"


def test_a_meeting_outside_the_windows_is_a_warning():
    facts = with_meetings(
        build(),
        [
            ("samverkansgruppen", D(2026, 5, 12)),
            ("samverkansgruppen", D(2026, 10, 6)),
            ("samverkansgruppen", D(2026, 3, 3)),
            *SIX_SUPPORT,
        ],
    )
    sg3 = [f for f in rules.check(MODEL, facts) if f.rule == "SG3"]
    assert any("2026-03-03, utanför avtalets perioder (april–maj, september–oktober)" in f.message for f in sg3)


@pytest.mark.parametrize(("count", "status"), [(4, "warning"), (5, "ok"), (6, "ok"), (7, "ok"), (8, "warning")])
def test_about_six_support_group_meetings_uses_the_tolerance(count, status):
    meetings = [("stodgruppen", D(2026, 1 + i, 10)) for i in range(count)]
    st3 = [f for f in rules.check(MODEL, with_meetings(build(), meetings)) if f.rule == "ST3" and "möte" in f.message]
    assert [f.status for f in st3] == [status]
    if status == "warning":
        assert "avtalet säger 5–7" in st3[0].message


def test_a_working_group_without_its_appointing_decision_breaks_ag1():
    facts = build()
    groups = (rules.WorkingGroupFact(50, "AG skrotbilar", "§ 4/2025"), rules.WorkingGroupFact(51, "AG utan", ""))
    findings = rules.check(
        MODEL,
        Facts(
            facts.on,
            facts.parties,
            facts.host,
            facts.groups,
            facts.organisations,
            meetings=facts.meetings,
            working_groups=groups,
        ),
    )
    ag1 = {f.subject: f.status for f in findings if f.rule == "AG1"}
    assert ag1 == {"AG skrotbilar": "ok", "AG utan": "breach"}


# --- the yearly cycle: PL1–PL4, ST2, PL2 and overdue assignments (CO2) ---------------------------


def plan_facts(on, plans=(), activities=(), assignments=(), meetings=()):
    return dataclasses.replace(
        build(),
        on=on,
        plans=tuple(plans),
        activities=tuple(activities),
        open_assignments=tuple(assignments),
        meetings=tuple(meetings),
    )


def plan_findings(facts, rule):
    return [f for f in rules.check(MODEL, facts) if f.rule == rule]


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
    meeting = rules.MeetingFact("samverkansgruppen", datetime.date(2026, 10, 6))
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


def _sg1(findings, quote_start):
    return next(f for f in findings if f.rule == "SG1" and f.quote.startswith(quote_start))


@pytest.mark.parametrize("staffed", [True, False])
def test_the_chair_the_coordinator_and_the_county_board_findings_each_name_whom_they_are_about(staffed):
    facts = build(chair="skelleftea" if staffed else None)
    if not staffed:  # nobody in the three roles: once the messages were all "Samverkansgruppen har 0 (–); …"
        sg = facts.groups[0]
        members = tuple(m for m in sg.members if m.role not in ("coordinator", "cab_representative"))
        facts = dataclasses.replace(facts, groups=(dataclasses.replace(sg, members=members), facts.groups[1]))
    findings = rules.check(MODEL, facts)
    chair = _sg1(findings, "varav en är ordförande")
    coordinator = _sg1(findings, "1 samordnare")
    cab = _sg1(findings, "1 representant från Länsstyrelsen")
    assert {chair.status, coordinator.status, cab.status} == ({"ok"} if staffed else {"warning"})
    assert len({chair.message, coordinator.message, cab.message}) == 3
    assert "ordförande" in chair.message and "samordnare" not in chair.message
    assert "samordnare" in coordinator.message and "ordförande" not in coordinator.message
    assert "länsstyrelsen" in cab.message


def test_the_assignment_finding_takes_clause_and_quote_from_the_model_file_and_needs_it():
    on = datetime.date(2026, 11, 27)
    late = rules.AssignmentFact(2, "Sammanställning", datetime.date(2026, 9, 30), "Samverkansgruppen")
    facts = plan_facts(on, assignments=[late])
    (finding,) = [f for f in rules.check(MODEL, facts) if f.subject == "Uppdrag"]
    assert (finding.rule, finding.quote) == (MODEL.assignments.clause, MODEL.assignments.quote)
    elsewhere = dataclasses.replace(MODEL, assignments=dataclasses.replace(MODEL.assignments, clause="X9", quote="Q"))
    (finding,) = [f for f in rules.check(elsewhere, facts) if f.subject == "Uppdrag"]
    assert (finding.rule, finding.quote) == ("X9", "Q")
    # a collaboration whose model file lacks the clause gets no finding for it
    assert not [f for f in rules.check(dataclasses.replace(MODEL, assignments=None), facts) if f.subject == "Uppdrag"]


def test_pl2_takes_clause_and_quote_from_the_model_file_and_needs_it():
    activity = rules.ActivityFact(11, "Omvärldsdag", 2027, "omvarldsbevakning")
    facts = plan_facts(datetime.date(2026, 11, 27), activities=[activity])
    pl2 = [f for f in rules.check(MODEL, facts) if f.rule == MODEL.activity_areas.clause]
    assert pl2 and all(f.quote == MODEL.activity_areas.quote for f in pl2)
    without = dataclasses.replace(MODEL, activity_areas=None)
    assert not [f for f in rules.check(without, facts) if f.subject.startswith("Aktiviteter")]
