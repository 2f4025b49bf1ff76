"""The budget's lines, its cost-sharing key and what the agreement asks of it (EC1, EC4), and the
status report's arithmetic (CO2), checked by hand; pure, no database."""

import datetime
from fractions import Fraction
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.collaborations.findings import Link
from samverkan.collaborations.model_file import read_model_file
from samverkan.finance import allocation
from samverkan.finance import rules as finance_rules
from samverkan.finance.budget import (
    BASE_PLUS,
    EQUAL,
    FIXED,
    POPULATION,
    ActivityCost,
    SharingKey,
    compare,
    editable_keys,
    judge,
    lines,
    mapping_targets,
    split,
    totals,
)
from samverkan.finance.status import Booking, Forecast, extrapolate, report, time_status

MODEL, _TEXT = read_model_file(Path(settings.BASE_DIR) / "agreements" / "miljosamverkan-vasterbotten.toml")
ECONOMY = MODEL.economy
KR = 100  # öre


def budget(**extra):
    amounts = {
        "cost:samordnare": 600_000 * KR,
        "cost:oh.administration": 40_000 * KR,
        "cost:oh.lokal": 60_000 * KR,
        "cost:oh.moten": 20_000 * KR,
        "cost:oh.forbrukning": 10_000 * KR,
        "income:kommunerna": 700_000 * KR,
        "income:regionen": 80_000 * KR,
        **extra,
    }
    return lines(ECONOMY, amounts, [ActivityCost(1, "Tillsynsdag", 50_000 * KR), ActivityCost(2, "Kurs", None)])


def test_the_budget_has_the_agreed_categories_in_order_with_one_line_per_activity():
    result = budget()
    assert [line.key for line in result] == [
        "cost:samordnare",
        "cost:oh.administration",
        "cost:oh.lokal",
        "cost:oh.moten",
        "cost:oh.forbrukning",
        "cost:aktiviteter#1",
        "cost:aktiviteter#2",
        "income:kommunerna",
        "income:regionen",
        "income:lansstyrelsen",
        "income:projektmedel",
        "income:deltagaravgifter",
        "income:ovrigt",
    ]
    assert (
        result[5].name == "Tillsynsdag"
        and result[5].amount_ore == 50_000 * KR
        and result[5].mapping_key == ("cost:aktiviteter")
    )
    assert result[6].amount_ore == 0  # an activity not costed yet
    assert totals(result).costs_ore == 780_000 * KR and totals(result).income_ore == 780_000 * KR
    assert "cost:aktiviteter#1" not in editable_keys(ECONOMY)
    assert ("cost:aktiviteter", "Planerade aktiviteter (per aktivitet)") in mapping_targets(ECONOMY)


def test_a_balanced_budget_with_every_category_has_no_findings():
    assert judge(ECONOMY, budget()) == []


def test_a_missing_category_and_a_deficit_are_found():
    result = lines(ECONOMY, {"cost:samordnare": 100 * KR, "income:kommunerna": 50 * KR}, [])
    findings = judge(ECONOMY, result)
    messages = [f.message for f in findings]
    assert any("OH-kostnader" in m for m in messages)
    assert any("Planerade aktiviteter" in m for m in messages)
    deficit = next(f for f in findings if f.clause == "EC4")
    assert "50,00" in deficit.message


def test_an_unsplittable_municipal_share_is_an_ec4_finding():
    findings = judge(ECONOMY, budget(), split_error="Folkmängd saknas för: umea.")
    assert [f.clause for f in findings] == ["EC4"]
    assert "Folkmängd saknas" in findings[0].message


PARTIES = [
    allocation.Party("a", "2401", 7_000),
    allocation.Party("b", "2403", 2_000),
    allocation.Party("c", "2480", 1_000),
]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (SharingKey(EQUAL), {"a": 3334, "b": 3333, "c": 3333}),
        (SharingKey(POPULATION, 2024), {"a": 7000, "b": 2000, "c": 1000}),
        (SharingKey(BASE_PLUS, 2024, base_ore=1000), {"a": 1000 + 4900, "b": 1000 + 1400, "c": 1000 + 700}),
        (SharingKey(FIXED, fixed={"a": 5000, "b": 3000, "c": 2000}), {"a": 5000, "b": 3000, "c": 2000}),
    ],
)
def test_every_key_splits_exactly(key, expected):
    assert split(key, 10_000, PARTIES) == expected
    assert sum(split(key, 10_000, PARTIES).values()) == 10_000


def test_keys_compare_side_by_side_and_a_broken_key_says_why():
    result = compare([SharingKey(EQUAL), SharingKey(FIXED, fixed={"a": 1})], 10_000, PARTIES)
    assert result[0].shares == {"a": 3334, "b": 3333, "c": 3333}
    assert result[1].shares is None and "ska bli" in result[1].error


def test_a_key_survives_its_round_trip_through_json():
    key = SharingKey(BASE_PLUS, 2024, base_ore=1_500_000, fixed={"umea": 5})
    assert SharingKey.from_json(key.to_json()) == key
    assert SharingKey.from_json(None).method == POPULATION


def test_the_30_june_status_report_matches_the_hand_calculation():
    bookings = [Booking(datetime.date(2026, m, 25), "cost:samordnare", 50_000 * KR) for m in range(1, 8)]
    bookings += [Booking(datetime.date(2026, m, 1), "cost:oh.lokal", 5_000 * KR) for m in range(1, 7)]
    bookings += [
        Booking(datetime.date(2026, 5, 20), "cost:aktiviteter#1", 62_000 * KR),
        Booking(datetime.date(2026, 3, 1), "cost:aktiviteter#99", 1_000 * KR),
        Booking(datetime.date(2026, 2, 28), "income:kommunerna", 700_000 * KR),
        Booking(datetime.date(2025, 12, 31), "cost:oh.lokal", 99 * KR),  # last year: not counted
    ]
    result = report(
        budget(),
        bookings,
        year=2026,
        as_of=datetime.date(2026, 6, 30),
        forecasts={"cost:oh.administration": Forecast(45_000 * KR, "Höjd hyra för arkivet")},
        unbudgeted_name="Utanför budget",
    )
    by_key = {r.line.key: r for r in result.lines}
    # 30 June is day 181 of 365. Salary: six months booked (July's is after the date).
    salary = by_key["cost:samordnare"]
    assert salary.actual_ore == 300_000 * KR
    assert salary.forecast_ore == 60_497_238  # 30 000 000 öre × 365 / 181 = 60 497 237,57 → 60 497 238
    assert salary.deviation_ore == 497_238
    premises = by_key["cost:oh.lokal"]
    assert (premises.actual_ore, premises.forecast_ore, premises.deviation_ore) == (3_000_000, 6_049_724, 49_724)
    admin = by_key["cost:oh.administration"]
    assert (admin.actual_ore, admin.forecast_ore, admin.deviation_ore) == (0, 4_500_000, 500_000)
    assert admin.forecast_entered and admin.comment == "Höjd hyra för arkivet"
    activity = by_key["cost:aktiviteter#1"]  # booked above budget: the forecast is the actual
    assert (activity.actual_ore, activity.forecast_ore, activity.deviation_ore) == (6_200_000, 6_200_000, 1_200_000)
    course = by_key["cost:aktiviteter#2"]
    assert (course.actual_ore, course.forecast_ore) == (0, 0)
    extra = by_key["cost:aktiviteter#99"]
    assert (extra.line.name, extra.budget_ore, extra.actual_ore) == ("Utanför budget", 0, 100_000)
    municipalities = by_key["income:kommunerna"]
    assert (municipalities.actual_ore, municipalities.forecast_ore, municipalities.deviation_ore) == (
        70_000_000,
        70_000_000,
        0,
    )
    assert result.total("cost", "actual_ore") == 30_000_000 + 3_000_000 + 6_200_000 + 100_000
    assert result.total("cost", "budget_ore") == 78_000_000
    june = result.months[5]
    assert (june.budget_ore, june.actual_ore) == (39_000_000, 39_300_000)
    assert result.months[6].actual_ore is None  # July has not begun on 30 June


def test_a_linear_forecast_is_the_actual_once_the_year_is_over():
    assert extrapolate(1_000, 2026, datetime.date(2027, 1, 15)) == 1_000
    assert extrapolate(1_000, 2026, datetime.date(2025, 12, 31)) == 0
    assert extrapolate(1, 2024, datetime.date(2024, 1, 2)) == 183  # 366 / 2 = 183 (leap year)


def test_the_coordinator_time_forecast_warns_above_the_share_and_well_below_it():
    def status(hours_a_month, as_of=datetime.date(2026, 6, 30)):
        days = [(datetime.date(2026, m, 15), hours_a_month * 60) for m in range(1, 13)]
        return time_status(days, year=2026, as_of=as_of, share_hours=340, tolerance_percent=10)

    steady = status(28)  # 6 × 28 h = 168 h by 30 June → 338,8 h for the year: within the share
    assert steady.used_hours == 168 and not steady.over and not steady.under
    assert steady.forecast_hours == Fraction(168 * 365, 181)
    busy = status(30)  # 180 h → 363 h > 340 h
    assert busy.over and busy.forecast_percent > 100
    idle = status(20)  # 120 h → 242 h < 306 h (90 %)
    assert idle.under
    early = status(100, as_of=datetime.date(2026, 1, 20))  # too early to judge
    assert not early.over and not early.judged


def test_once_the_year_is_over_every_forecast_is_the_actual():
    bookings = [Booking(datetime.date(2026, 5, 1), "cost:aktiviteter#1", 20_000 * KR)]
    result = report(budget(), bookings, year=2026, as_of=datetime.date(2026, 12, 31))
    by_key = {r.line.key: r for r in result.lines}
    activity = by_key["cost:aktiviteter#1"]  # 50 000 kr budgeted, 20 000 kr spent: 30 000 kr under
    assert (activity.forecast_ore, activity.deviation_ore) == (20_000 * KR, -30_000 * KR)
    municipalities = by_key["income:kommunerna"]  # nothing received: the whole share is missing
    assert (municipalities.forecast_ore, municipalities.deviation_ore) == (0, -700_000 * KR)


def _reports_check(reported, meetings, on):
    (finding,) = finance_rules.check_status_reports(
        MODEL, finance_rules.FinanceFacts(on=on, reported=tuple(reported), meetings=tuple(meetings))
    )
    return finding


def test_status_reports_count_meetings_of_the_deciding_body_and_the_meetings_still_to_come():
    spring, autumn = datetime.date(2026, 5, 12), datetime.date(2026, 10, 6)
    sg = "samverkansgruppen"
    meetings = [(sg, spring), (sg, autumn)]
    # one report in spring, the autumn meeting still to come: fine for now
    finding = _reports_check([(sg, spring)], meetings, datetime.date(2026, 6, 1))
    assert finding.status == "ok" and "1 möte återstår" in finding.message
    # after the autumn meeting without a report: a warning
    assert _reports_check([(sg, spring)], meetings, datetime.date(2026, 11, 1)).status == "warning"
    # a report to the support group does not count, nor does a second report at the same meeting
    twice = [(sg, spring), ("stodgruppen", spring)]
    assert _reports_check(twice, meetings, datetime.date(2026, 11, 1)).status == "warning"
    # the only meeting left already carries one of the two reports wanted: not enough
    finding = _reports_check([(sg, autumn)], meetings, datetime.date(2026, 9, 1))
    assert finding.status == "warning"
    assert _reports_check([(sg, spring), (sg, autumn)], meetings, datetime.date(2026, 11, 1)).status == "ok"


def test_the_coordinators_time_above_the_share_is_a_warning_linked_to_the_time_log():
    on = datetime.date(2026, 6, 30)
    hours_per_day = MODEL.coordinator.hours_share  # a share's worth every logged day: far above
    logged = tuple((datetime.date(2026, month, 1), hours_per_day * 60) for month in range(1, 7))
    (finding,) = finance_rules.check_coordinator_time(
        MODEL, finance_rules.FinanceFacts(on=on, coordinator_minutes=logged)
    )
    assert (finding.rule, finding.status) == (MODEL.coordinator.clause, "warning")
    assert finding.link == Link("time_log", query="ar=2026")


def test_without_an_economy_the_finance_rules_report_nothing():
    assert finance_rules.judge(MODEL, None) == []


def test_ec1_and_ec4_each_get_their_own_finding():
    facts = finance_rules.FinanceFacts(on=datetime.date(2026, 6, 30), budgets=(finance_rules.BudgetFact(2026, 7, ()),))
    findings = finance_rules.check_budgets(MODEL, facts)
    assert {f.rule for f in findings} == {"EC1", "EC4"}
    ec1 = [f for f in findings if f.rule == "EC1"]
    assert ec1 and all(f.status == "warning" and f.quote == MODEL.economy.quote for f in ec1)
    (ec4,) = [f for f in findings if f.rule == "EC4"]  # nothing costed, nothing to cover: it holds
    assert ec4.status == "ok" and ec4.quote == MODEL.economy.income_quote
