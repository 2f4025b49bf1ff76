"""The yearly-cycle planner: what a coordinator sees when asking for next year's meetings."""

import datetime
import itertools
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from samverkan.collaborations.model_file import CollaborationModel, read_model_file
from samverkan.meetings.rules import GroupRef, MeetingFact, MeetingFacts, holiday_name, judge
from samverkan.plans.cycle import ProposedMeeting, YearPlan, day_is_free, propose_year

VASTERBOTTEN = "miljosamverkan-vasterbotten"
WASTE = "example-avfallssamverkan"
YEARS = range(2026, 2036)


@cache
def model(name: str) -> CollaborationModel:
    return read_model_file(Path(settings.BASE_DIR) / "agreements" / f"{name}.toml")[0]


def is_holiday(day: datetime.date) -> bool:
    return holiday_name(day) is not None


def days_of(plan: YearPlan, key: str) -> list[datetime.date]:
    return [m.day for m in plan.meetings if m.group_key == key]


def proposed(plan: YearPlan, key: str | None = None) -> list[ProposedMeeting]:
    return [m for m in plan.meetings if not m.existing and (key is None or m.group_key == key)]


def in_avoid_window(m: CollaborationModel, day: datetime.date) -> bool:
    return any(w.contains(day) for w in m.cycle.avoid)


def holiday_called(year: int, name: str) -> datetime.date:
    day = datetime.date(year, 1, 1)
    while holiday_name(day) != name:
        day += datetime.timedelta(days=1)
    return day


@pytest.mark.parametrize("name", [VASTERBOTTEN, WASTE])
@pytest.mark.parametrize("year", YEARS)
def test_a_planned_year_keeps_every_rule_of_the_cycle(name, year):
    m = model(name)
    plan = propose_year(m, year, is_holiday=is_holiday)
    assert plan.year == year
    assert plan.problems == ()
    assert [x.day for x in plan.meetings] == sorted(x.day for x in plan.meetings)
    for group in m.groups:
        assert group.cadence is not None
        days = days_of(plan, group.key)
        assert len(days) == group.cadence.per_year
        for window in group.cadence.windows:
            assert any(window.contains(day) for day in days), (group.key, window)
        assert all(later - earlier > datetime.timedelta(days=14) for earlier, later in itertools.pairwise(days))
    for meeting in plan.meetings:
        assert meeting.day.year == year
        assert meeting.day.isoweekday() in m.cycle.weekdays
        assert holiday_name(meeting.day) is None
        assert not in_avoid_window(m, meeting.day)
        assert day_is_free(m, meeting.day, is_holiday)
        assert meeting.reason


@pytest.mark.parametrize("name", [VASTERBOTTEN, WASTE])
@pytest.mark.parametrize("year", YEARS)
def test_the_drafting_body_meets_lead_days_before_every_deciding_meeting(name, year):
    m = model(name)
    plan = propose_year(m, year, is_holiday=is_holiday)
    lead = m.cycle.lead_days
    pairs = {(doc.drafted_by, doc.decided_by) for doc in m.documents}
    assert pairs
    for drafting, deciding in pairs:
        for day in days_of(plan, deciding):
            earliest, latest = day - datetime.timedelta(days=lead + 28), day - datetime.timedelta(days=lead)
            assert earliest.year == year  # fits in the year for both models
            assert any(earliest <= d <= latest for d in days_of(plan, drafting)), (deciding, day)


@pytest.mark.parametrize("name", [VASTERBOTTEN, WASTE])
@pytest.mark.parametrize("year", YEARS)
def test_every_document_gets_a_proposal_and_a_decision_in_time(name, year):
    m = model(name)
    plan = propose_year(m, year, is_holiday=is_holiday)
    assert [d.day for d in plan.deadlines] == sorted(d.day for d in plan.deadlines)
    for doc in m.documents:
        assert doc.decide_by is not None
        mine = {d.kind: d for d in plan.deadlines if d.document_type == doc.type}
        assert set(mine) == {"proposal", "decision"}
        decision, proposal = mine["decision"], mine["proposal"]
        assert decision.about_year == proposal.about_year == doc.about_year(year)
        assert decision.day <= datetime.date(year, *doc.decide_by)
        assert decision.day in days_of(plan, doc.decided_by)
        assert proposal.day in days_of(plan, doc.drafted_by)
        assert (decision.day - proposal.day).days >= m.cycle.lead_days


def test_deadline_titles_name_the_document_and_the_year_it_is_about():
    plan = propose_year(model(VASTERBOTTEN), 2027, is_holiday=is_holiday)
    titles = {d.title for d in plan.deadlines}
    assert "Beslut: Verksamhetsplan 2028" in titles
    assert "Förslag klart: Verksamhetsplan 2028" in titles
    assert "Beslut: Verksamhetsberättelse 2026" in titles
    autumn = next(d for d in plan.deadlines if d.document_type == "operations_plan" and d.kind == "decision")
    assert autumn.day.month in (9, 10)


def test_the_waste_steering_group_meets_once_in_february_march_and_spread_over_the_year():
    plan = propose_year(model(WASTE), 2027, is_holiday=is_holiday)
    days = days_of(plan, "styrgruppen")
    assert sum(1 for d in days if d.month in (2, 3)) == 1
    # Spread: one meeting in each third of the year after the window meeting, none in summer.
    assert {d.month for d in days} & {4, 5} and {d.month for d in days} & {9, 10, 11}
    assert plan.problems == ()


@pytest.mark.parametrize("name", [VASTERBOTTEN, WASTE])
@pytest.mark.parametrize("year", YEARS)
def test_the_agreement_check_finds_the_planned_year_in_order(name, year):
    m = model(name)
    plan = propose_year(m, year, is_holiday=is_holiday)
    groups = tuple(GroupRef(g.key, i, g.name) for i, g in enumerate(m.groups, start=1))
    facts = MeetingFacts(
        on=datetime.date(year, 12, 31),
        groups=groups,
        meetings=tuple(MeetingFact(x.group_key, x.day) for x in plan.meetings),
    )
    cadence = {spec.cadence.clause for spec in m.groups if spec.cadence}
    for spec in m.groups:
        findings = [f for f in judge(m, facts) if f.rule in cadence and f.subject == spec.name]
        assert findings
        assert [f.status for f in findings] == ["ok"], [f.message for f in findings]


@pytest.mark.parametrize("year", YEARS)
def test_no_meeting_on_ascension_midsummer_or_national_day(year):
    for name in (VASTERBOTTEN, WASTE):
        plan = propose_year(model(name), year, is_holiday=is_holiday)
        banned = {
            holiday_called(year, "Kristi himmelsfärdsdag"),
            holiday_called(year, "Midsommarafton"),
            holiday_called(year, "Nationaldagen"),
            holiday_called(year, "Första maj"),
        }
        assert not banned & {x.day for x in plan.meetings}


def test_a_holiday_moves_the_meeting_to_another_day_in_the_same_period():
    m = model(VASTERBOTTEN)
    plain = propose_year(m, 2027, is_holiday=lambda day: False)
    spring = days_of(plain, "samverkansgruppen")[0]
    moved = propose_year(m, 2027, is_holiday=lambda day: day == spring)
    new_spring = days_of(moved, "samverkansgruppen")[0]
    assert new_spring != spring
    assert m.groups[0].cadence is not None and m.groups[0].cadence.windows[0].contains(new_spring)
    assert moved.problems == ()


def test_day_is_free_follows_the_weekdays_the_holidays_and_the_avoid_windows():
    m = model(VASTERBOTTEN)
    assert day_is_free(m, datetime.date(2027, 3, 10), is_holiday)  # a Wednesday in March
    assert not day_is_free(m, datetime.date(2027, 3, 8), is_holiday)  # a Monday
    assert not day_is_free(m, datetime.date(2027, 5, 6), is_holiday)  # Kristi himmelsfärdsdag, a Thursday
    assert not day_is_free(m, datetime.date(2027, 7, 7), is_holiday)  # a Wednesday in the summer break
    assert not day_is_free(m, datetime.date(2027, 1, 5), is_holiday)  # a Tuesday in the Christmas break


def test_an_existing_spring_meeting_is_kept_and_only_the_autumn_meeting_is_proposed():
    m = model(VASTERBOTTEN)
    spring = datetime.date(2027, 5, 19)
    support = [datetime.date(2027, 2, 17), datetime.date(2027, 11, 10)]
    existing = [("samverkansgruppen", spring)] + [("stodgruppen", d) for d in support]
    plan = propose_year(m, 2027, is_holiday=is_holiday, existing=existing)
    first = next(x for x in plan.meetings if x.group_key == "samverkansgruppen")
    assert (first.day, first.existing) == (spring, True)
    new = proposed(plan, "samverkansgruppen")
    assert len(new) == 1 and new[0].day.month in (9, 10)
    for key, day in existing:
        assert ProposedMeeting(key, day, "Redan planerat", existing=True) in plan.meetings
    assert len(days_of(plan, "stodgruppen")) == 6
    assert len(proposed(plan, "stodgruppen")) == 4
    # The spring decision is the meeting already planned, prepared by a support-group meeting.
    report = next(d for d in plan.deadlines if d.document_type == "annual_report" and d.kind == "decision")
    assert report.day == spring
    assert plan.problems == ()


def test_meetings_in_february_and_april_still_get_the_required_autumn_meeting():
    """2027 with the collaboration group already meeting in February and April: the April meeting
    fills the spring period, February is outside the periods, and autumn still gets its meeting."""
    m = model(VASTERBOTTEN)
    february, april = datetime.date(2027, 2, 17), datetime.date(2027, 4, 21)
    existing = [("samverkansgruppen", february), ("samverkansgruppen", april)]
    plan = propose_year(m, 2027, is_holiday=is_holiday, existing=existing)
    (autumn,) = proposed(plan, "samverkansgruppen")
    assert autumn.day.month in (9, 10) and day_is_free(m, autumn.day, is_holiday)
    assert days_of(plan, "samverkansgruppen") == [february, april, autumn.day]
    assert not any("får inget möte" in problem for problem in plan.problems)
    assert any("17 februari" in p and "utanför avtalets perioder" in p for p in plan.problems)
    # the spring decision is taken in April, the autumn decisions at the new meeting
    decisions = {d.document_type: d.day for d in plan.deadlines if d.kind == "decision"}
    assert decisions["annual_report"] == april and decisions["operations_plan"] == autumn.day
    sg = GroupRef("samverkansgruppen", 1, "Samverkansgruppen")
    meetings = tuple(MeetingFact("samverkansgruppen", d) for d in days_of(plan, "samverkansgruppen"))
    facts = MeetingFacts(on=datetime.date(2027, 12, 31), groups=(sg,), meetings=meetings)
    assert not [f for f in judge(m, facts) if "inget möte i" in f.message]


def test_a_group_with_all_its_meetings_planned_gets_no_new_ones():
    m = model(VASTERBOTTEN)
    support = [datetime.date(2027, month, 10) for month in (2, 3, 4, 5, 9, 11)]
    plan = propose_year(m, 2027, is_holiday=is_holiday, existing=[("stodgruppen", d) for d in support])
    assert proposed(plan, "stodgruppen") == []
    assert days_of(plan, "stodgruppen") == support
    assert len(days_of(plan, "samverkansgruppen")) == 2


def test_a_deciding_meeting_too_early_to_prepare_within_the_year_is_reported():
    m = model(VASTERBOTTEN)
    plan = propose_year(m, 2027, is_holiday=is_holiday, existing=[("samverkansgruppen", datetime.date(2027, 1, 13))])
    # January is outside the agreed periods: it stands in for neither, so both still get a meeting
    assert [d.month for d in days_of(plan, "samverkansgruppen")] == [1, 4, 9]
    assert any("året innan" in problem for problem in plan.problems)
    assert any("13 januari, utanför avtalets perioder" in problem for problem in plan.problems)


def _free_days(year: int) -> list[datetime.date]:
    m = model(VASTERBOTTEN)
    start = datetime.date(year, 1, 1)
    days = (start + datetime.timedelta(days=n) for n in range(366))
    return [d for d in days if d.year == year and day_is_free(m, d, is_holiday)]


@st.composite
def years_with_existing_meetings(draw):
    year = draw(st.integers(min_value=2024, max_value=2060))
    free = _free_days(year)
    existing = []
    for key, most in (("samverkansgruppen", 3), ("stodgruppen", 8)):
        existing += [(key, day) for day in draw(st.lists(st.sampled_from(free), max_size=most, unique=True))]
    return year, existing


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(years_with_existing_meetings())
def test_whatever_is_already_planned_the_planner_never_overfills_or_crowds(case):
    year, existing = case
    m = model(VASTERBOTTEN)
    plan = propose_year(m, year, is_holiday=is_holiday, existing=existing)
    for group in m.groups:
        assert group.cadence is not None
        mine = [e for e in existing if e[0] == group.key]
        days = days_of(plan, group.key)
        # beyond the yearly count only for a period that none of the existing meetings fills
        empty = [w for w in group.cadence.windows if not any(w.contains(d) for _k, d in mine)]
        assert len(proposed(plan, group.key)) <= max(group.cadence.per_year - len(mine), len(empty))
        for window in empty:
            assert any(window.contains(d) for d in days) or any("får inget möte" in p for p in plan.problems)
        for new in proposed(plan, group.key):
            assert new.day.year == year
            assert day_is_free(m, new.day, is_holiday)
            assert all(abs((new.day - d).days) > 14 for d in days if d != new.day)
    # Every existing meeting is returned, unmoved.
    kept = {(x.group_key, x.day) for x in plan.meetings if x.existing}
    assert kept == set(existing)
