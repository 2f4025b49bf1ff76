"""The organisation's clauses judged on plain facts (organisations.rules.judge): no database."""

import dataclasses
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.collaborations.findings import Link
from samverkan.collaborations.model_file import parse_model, read_model_file
from samverkan.organisations import rules
from samverkan.organisations.rules import GroupFact, MemberFact, OrganisationFacts, OrgFact

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
    return OrganisationFacts(
        on=DAY,
        parties=tuple(o for k, o in orgs.items() if k != "consultant"),
        host=orgs[host] if host else None,
        groups=(
            GroupFact("samverkansgruppen", 1, "Samverkansgruppen", tuple(sg)),
            GroupFact("stodgruppen", 2, "Stödgruppen", tuple(st)),
        ),
        organisations={o.id: o for o in orgs.values()},
    )


def statuses(findings, rule):
    return [f.status for f in findings if f.rule == rule]


def test_a_fully_staffed_collaboration_keeps_every_composition_rule():
    findings = rules.judge(MODEL, build())
    assert {f.rule for f in findings} >= {"SG1", "SG4", "ST1", "ST3", "CM1", "CM2", "CM3", "CO2"}
    assert [f for f in findings if f.status != "ok"] == []


def test_it_warns_when_a_municipality_has_no_representative():
    keys = [p.key for p in MODEL.parties if p.kind == "municipality" and p.key != "vindeln"]
    findings = rules.judge(MODEL, build(keys))
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
    warnings = [f for f in rules.judge(MODEL, facts) if f.rule == "SG1" and f.status == "warning"]
    assert len(warnings) == 1 and warnings[0].subject == "Umeå"
    assert "2 representanter" in warnings[0].message and "avtalet säger 1" in warnings[0].message


def test_it_warns_when_the_collaboration_group_has_no_chair():
    findings = rules.judge(MODEL, build(chair=None))
    chair_rule = [f for f in findings if f.rule == "SG1" and f.quote == "varav en är ordförande"]
    assert chair_rule[0].status == "warning"
    sg4 = [f for f in findings if f.rule == "SG4"]
    assert "warning" in [f.status for f in sg4]  # nobody convenes without a chair


def test_an_appointed_convener_replaces_the_chair_as_convener():
    facts = build(chair=None, extra_sg=(MemberFact(7000, "Utsedd Person", 3, "convener"),))
    sg4 = [f for f in rules.judge(MODEL, facts) if f.rule == "SG4"]
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
    findings = rules.judge(MODEL, build(st_keys=support_keys))
    st1 = next(f for f in findings if f.rule == "ST1" and f.quote.startswith("3-4"))
    assert st1.status == expected
    assert "3–4" in st1.message


def test_a_secretary_other_than_the_coordinator_is_a_warning():
    facts = build(extra_sg=(MemberFact(8000, "Annan Sekreterare", 4, "secretary"),))
    secretary = [f for f in rules.judge(MODEL, facts) if f.rule == "SG4" and "ekreterare" in f.message]
    assert secretary[0].status == "warning"


def test_without_a_host_the_collaboration_is_in_breach():
    findings = rules.judge(MODEL, build(host=None))
    assert "breach" in statuses(findings, "CM3")


def test_a_coordinator_not_provided_by_the_host_is_a_warning():
    findings = rules.judge(MODEL, build(coordinator_from="lansstyrelsen"))
    cm3 = [f for f in findings if f.rule == "CM3"]
    assert [f.status for f in cm3] == ["ok", "warning"]
    assert "Region Västerbotten" in cm3[1].message


def test_the_county_board_missing_from_the_support_group_breaks_cm2():
    findings = rules.judge(MODEL, build(cab_in_st=False))
    assert statuses(findings, "CM2") == ["warning"]


def test_a_member_from_an_organisation_that_is_not_a_party_is_reported():
    facts = build(extra_sg=(MemberFact(9000, "Konsult Konsultsson", 99, "member"),))
    findings = rules.judge(MODEL, facts)
    assert all(f.subject != "Konsult AB" for f in findings)  # not a municipality: not counted under SG1
    text = MODEL_TEXT_WITH_OPEN_RULE
    model = parse_model(text)
    facts2 = facts
    assert any("Konsult AB" in f.message for f in rules.judge(model, facts2))


MODEL_TEXT_WITH_OPEN_RULE = _TEXT.replace(
    'quote = "1 miljöansvarig från varje kommun"\n  party_kind = "municipality"\n  per_party = 1',
    'quote = "1 miljöansvarig från varje kommun"\n  per_party = 1',
    1,
)


def test_severity_breach_in_the_model_makes_a_gap_a_breach():
    text = _TEXT.replace('quote = "varav en är ordförande"', 'quote = "varav en är ordförande"\n  severity = "breach"')
    model = parse_model(text)
    findings = rules.judge(model, build(chair=None))
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
    findings = rules.judge(model, dataclasses.replace(facts, groups=(without_cab, facts.groups[1])))
    cab_rule = next(f for f in findings if f.quote.startswith("1 representant från Länsstyrelsen"))
    assert cab_rule.status == "ok" and "valfritt" in cab_rule.message


@pytest.mark.parametrize(
    ("low", "high", "text"), [(1, 1, "1"), (3, 4, "3–4"), (1, None, "minst 1"), (None, 2, "högst 2")]
)
def test_counts_are_written_as_people_write_them(low, high, text):
    assert rules.count_text(low, high) == text


def test_findings_serialise_with_rule_status_message_and_subject():
    finding = rules.judge(MODEL, build())[0]
    assert set(finding.as_dict()) >= {"rule", "status", "message", "subject"}


def test_the_support_group_without_its_convener_is_a_warning():
    facts = build()
    st = facts.groups[1]
    without_coordinator = GroupFact(st.key, st.id, st.name, tuple(m for m in st.members if m.role != "coordinator"))
    findings = rules.judge(
        MODEL,
        dataclasses.replace(facts, groups=(facts.groups[0], without_coordinator)),
    )
    st3 = [f for f in findings if f.rule == "ST3" and "sammankallande" in f.message]
    assert [f.status for f in st3] == ["warning"]


def with_contacts(facts, confirmed):
    contacts = tuple(rules.ContactFact(i, f"Person {i}", day) for i, day in enumerate(confirmed))
    return dataclasses.replace(facts, contacts=contacts)


def test_contact_details_confirmed_within_twelve_months_keep_co2():
    facts = with_contacts(build(), [datetime.date(2026, 1, 5), datetime.date(2025, 11, 27)])
    co2 = [f for f in rules.judge(MODEL, facts) if f.rule == "CO2" and f.subject == "Kontaktlistan"]
    assert [f.status for f in co2] == ["ok"]


def test_unconfirmed_or_stale_contact_details_are_a_co2_warning():
    facts = with_contacts(build(), [None, datetime.date(2025, 11, 26), datetime.date(2026, 6, 1)])
    co2 = next(f for f in rules.judge(MODEL, facts) if f.rule == "CO2")
    assert co2.status == "warning" and co2.link == Link("contact_list", query="sort=bekraftad")
    assert "2 personer" in co2.message and "Person 0" in co2.message and "Person 1" in co2.message
    assert "Person 2" not in co2.message


def _sg1(findings, quote_start):
    return next(f for f in findings if f.rule == "SG1" and f.quote.startswith(quote_start))


@pytest.mark.parametrize("staffed", [True, False])
def test_the_chair_the_coordinator_and_the_county_board_findings_each_name_whom_they_are_about(staffed):
    facts = build(chair="skelleftea" if staffed else None)
    if not staffed:  # nobody in the three roles: once the messages were all "Samverkansgruppen har 0 (–); …"
        sg = facts.groups[0]
        members = tuple(m for m in sg.members if m.role not in ("coordinator", "cab_representative"))
        facts = dataclasses.replace(facts, groups=(dataclasses.replace(sg, members=members), facts.groups[1]))
    findings = rules.judge(MODEL, facts)
    chair = _sg1(findings, "varav en är ordförande")
    coordinator = _sg1(findings, "1 samordnare")
    cab = _sg1(findings, "1 representant från Länsstyrelsen")
    assert {chair.status, coordinator.status, cab.status} == ({"ok"} if staffed else {"warning"})
    assert len({chair.message, coordinator.message, cab.message}) == 3
    assert "ordförande" in chair.message and "samordnare" not in chair.message
    assert "samordnare" in coordinator.message and "ordförande" not in coordinator.message
    assert "länsstyrelsen" in cab.message


def with_working_groups(*groups):
    return dataclasses.replace(build(), working_groups=tuple(groups))


def test_a_working_group_without_its_appointing_decision_breaks_ag1():
    facts = with_working_groups(
        rules.WorkingGroupFact(50, "AG skrotbilar", "§ 4/2025", "samverkansgruppen"),
        rules.WorkingGroupFact(51, "AG utan", ""),
    )
    ag1 = {f.subject: f.status for f in rules.judge(MODEL, facts) if f.rule == "AG1"}
    assert ag1 == {"AG skrotbilar": "ok", "AG utan": "breach"}


def test_a_working_group_appointed_by_another_body_than_the_model_names_breaks_ag1():
    facts = with_working_groups(rules.WorkingGroupFact(50, "AG skrotbilar", "§ 4/2025", "stodgruppen"))
    (finding,) = [f for f in rules.judge(MODEL, facts) if f.rule == "AG1"]
    assert finding.status == "breach" and "tillsätts av Samverkansgruppen" in finding.message
    assert finding.link == Link("group_detail", (50,))


def test_ag1_takes_clause_body_and_quote_from_the_model_file_and_needs_it():
    facts = with_working_groups(rules.WorkingGroupFact(50, "AG skrotbilar", "§ 4/2025", "stodgruppen"))
    (finding,) = [f for f in rules.judge(MODEL, facts) if f.subject == "AG skrotbilar"]
    assert (finding.rule, finding.quote) == (MODEL.working_groups.clause, MODEL.working_groups.quote)
    elsewhere = dataclasses.replace(MODEL, working_groups=rules_working_groups("X7", "Q", "stodgruppen"))
    (finding,) = [f for f in rules.judge(elsewhere, facts) if f.subject == "AG skrotbilar"]
    assert (finding.rule, finding.quote, finding.status) == ("X7", "Q", "ok")
    # a collaboration whose model file has no [working_groups] gets no finding about them
    without = dataclasses.replace(MODEL, working_groups=None)
    assert not [f for f in rules.judge(without, facts) if f.subject == "AG skrotbilar"]


def rules_working_groups(clause, quote, appointed_by):
    return dataclasses.replace(MODEL.working_groups, clause=clause, quote=quote, appointed_by=appointed_by)


def test_a_model_file_names_a_group_that_exists_as_the_appointing_body():
    text = _TEXT.replace('appointed_by = "samverkansgruppen"', 'appointed_by = "styrelsen"', 1)
    with pytest.raises(ValueError, match=r"working_groups\.appointed_by"):
        parse_model(text)
