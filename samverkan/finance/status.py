"""The financial status report (ekonomisk lägesrapport, CO2, CM3) for any date: per budget line the
budget, the actual to date, the forecast for the year and the deviation; and the coordinator's time
against the collaboration's share (CO1).

Pure Python, amounts in öre. The forecast of a line is, in this order:

1. the forecast someone entered for the line;
2. for a line whose category runs all year (model file ``forecast = "linear"``), the actual to date
   scaled to the whole year by days: ``actual × days in year ÷ days passed`` (rounded half up to
   the öre), the actual itself once the year is over;
3. otherwise the budget, or the actual when that is already larger;

and once the year is over, the actual.

The deviation is forecast − budget: for a cost, a positive deviation is an overrun; for income, a
positive deviation is more income than budgeted.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from samverkan.finance.budget import COST, INCOME, BudgetLine


@dataclass(frozen=True)
class Booking:
    """One ledger entry as the report needs it."""

    day: datetime.date
    line_key: str
    amount_ore: int


@dataclass(frozen=True)
class Forecast:
    amount_ore: int
    comment: str = ""


@dataclass(frozen=True)
class ReportLine:
    line: BudgetLine
    actual_ore: int
    forecast_ore: int
    forecast_entered: bool
    comment: str = ""

    @property
    def budget_ore(self) -> int:
        return self.line.amount_ore

    @property
    def deviation_ore(self) -> int:
        return self.forecast_ore - self.budget_ore


@dataclass(frozen=True)
class MonthPoint:
    month: int
    budget_ore: int  # the year's cost budget spread evenly, cumulative to the end of the month
    actual_ore: int | None  # costs booked, cumulative; None for months after the report date


@dataclass(frozen=True)
class Report:
    year: int
    as_of: datetime.date
    lines: list[ReportLine]
    months: list[MonthPoint]

    def of_kind(self, kind: str) -> list[ReportLine]:
        return [line for line in self.lines if line.line.kind == kind]

    def total(self, kind: str, attribute: str) -> int:
        return sum(getattr(line, attribute) for line in self.of_kind(kind))

    @property
    def costs(self) -> list[ReportLine]:
        return self.of_kind(COST)

    @property
    def income(self) -> list[ReportLine]:
        return self.of_kind(INCOME)


def round_half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)).__floor__()) if value >= 0 else -round_half_up(-value)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def days_passed(year: int, as_of: datetime.date) -> int:
    """Days of `year` up to and including `as_of` (0 before the year, all of them after it)."""
    if as_of.year < year:
        return 0
    if as_of.year > year:
        return days_in_year(year)
    return as_of.timetuple().tm_yday


def extrapolate(actual: int, year: int, as_of: datetime.date) -> int:
    """The actual to date scaled to the whole year by days passed."""
    passed = days_passed(year, as_of)
    if passed == 0:
        return 0
    return round_half_up(Fraction(actual * days_in_year(year), passed))


def forecast_for(line: BudgetLine, actual: int, year: int, as_of: datetime.date) -> int:
    if days_passed(year, as_of) == days_in_year(year):
        return actual  # the year is over: what happened is the outcome
    if line.forecast == "linear" and days_passed(year, as_of) > 0:
        return extrapolate(actual, year, as_of)
    return max(line.amount_ore, actual)


def report(
    budget_lines: Sequence[BudgetLine],
    bookings: Sequence[Booking],
    *,
    year: int,
    as_of: datetime.date,
    forecasts: Mapping[str, Forecast] | None = None,
    unbudgeted_name: str = "",
) -> Report:
    """The status report of `year` as it stood at the end of `as_of`.

    Bookings on a key the budget has no line for (an activity added later, say) get a line of their
    own with budget 0, named `unbudgeted_name`, so that no actual is left out.
    """
    forecasts = forecasts or {}
    actual: dict[str, int] = defaultdict(int)
    for booking in bookings:
        if booking.day.year == year and booking.day <= as_of:
            actual[booking.line_key] += booking.amount_ore
    all_lines = list(budget_lines)
    known = {line.key for line in all_lines}
    for key in sorted(set(actual) - known):
        kind = INCOME if key.startswith(INCOME + ":") else COST
        category = key.split(":", 1)[1].split("#", 1)[0].split(".", 1)[0]
        all_lines.append(
            BudgetLine(key=key, kind=kind, category=category, category_name="", name=unbudgeted_name, amount_ore=0)
        )
    rows = []
    for line in all_lines:
        entered = forecasts.get(line.key)
        value = actual.get(line.key, 0)
        rows.append(
            ReportLine(
                line=line,
                actual_ore=value,
                forecast_ore=entered.amount_ore if entered else forecast_for(line, value, year, as_of),
                forecast_entered=entered is not None,
                comment=entered.comment if entered else "",
            )
        )
    return Report(year=year, as_of=as_of, lines=rows, months=months(all_lines, bookings, year=year, as_of=as_of))


def months(
    budget_lines: Sequence[BudgetLine], bookings: Sequence[Booking], *, year: int, as_of: datetime.date
) -> list[MonthPoint]:
    """Costs by month, cumulative: the budget spread evenly over the year against the actual."""
    budget = sum(line.amount_ore for line in budget_lines if line.kind == COST)
    cost_keys = {line.key for line in budget_lines if line.kind == COST}
    by_month: dict[int, int] = defaultdict(int)
    for booking in bookings:
        is_cost = booking.line_key in cost_keys or booking.line_key.startswith(COST + ":")
        if is_cost and booking.day.year == year and booking.day <= as_of:
            by_month[booking.day.month] += booking.amount_ore
    points = []
    running = 0
    for month in range(1, 13):
        running += by_month[month]
        started = datetime.date(year, month, 1) <= as_of
        points.append(
            MonthPoint(
                month=month,
                budget_ore=round_half_up(Fraction(budget * month, 12)),
                actual_ore=running if started else None,
            )
        )
    return points


@dataclass(frozen=True)
class TimeStatus:
    """The coordinator's hours against the collaboration's share of them (CO1)."""

    year: int
    as_of: datetime.date
    share_hours: Fraction
    used_minutes: int
    by_month: list[int]  # minutes per month
    tolerance_percent: int  # how far below the share the forecast may fall before a warning

    @property
    def used_hours(self) -> Fraction:
        return Fraction(self.used_minutes, 60)

    @property
    def expected_hours(self) -> Fraction:
        """The share as it falls due by days passed."""
        return self.share_hours * days_passed(self.year, self.as_of) / days_in_year(self.year)

    @property
    def forecast_hours(self) -> Fraction:
        passed = days_passed(self.year, self.as_of)
        if passed == 0:
            return Fraction(0)
        return self.used_hours * days_in_year(self.year) / passed

    @property
    def forecast_percent(self) -> Fraction:
        """The forecast as a share of the share (100 = exactly the agreed time)."""
        return self.forecast_hours * 100 / self.share_hours if self.share_hours else Fraction(0)

    @property
    def judged(self) -> bool:
        """Too early in the year to judge a forecast: less than a month has passed."""
        return days_passed(self.year, self.as_of) >= 31

    @property
    def over(self) -> bool:
        """Forecast above the share: the collaboration would use more than it has (any excess)."""
        return self.judged and self.forecast_percent > 100

    @property
    def under(self) -> bool:
        return self.judged and self.forecast_percent < 100 - self.tolerance_percent


def time_status(
    minutes_by_day: Sequence[tuple[datetime.date, int]],
    *,
    year: int,
    as_of: datetime.date,
    share_hours: int,
    tolerance_percent: int,
) -> TimeStatus:
    by_month = [0] * 12
    for day, minutes in minutes_by_day:
        if day.year == year and day <= as_of:
            by_month[day.month - 1] += minutes
    return TimeStatus(
        year=year,
        as_of=as_of,
        share_hours=Fraction(share_hours),
        used_minutes=sum(by_month),
        by_month=by_month,
        tolerance_percent=tolerance_percent,
    )
