"""Pure rules about meeting dates: Swedish public holidays and the days treated as such."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _holidays(year: int, language: str) -> dict[datetime.date, str]:
    # Midsummer Eve, Christmas Eve and New Year's Eve are "de facto" days off in Sweden.
    calendar = holidays.Sweden(
        years=year,
        include_sundays=False,
        categories=("public", "de_facto"),
        language="en_US" if language.startswith("en") else "sv",
    )
    return dict(calendar.items())


def holiday_name(day: datetime.date, language: str = "sv") -> str | None:
    """The holiday's name if the day is a Swedish public holiday or a de facto day off."""
    return _holidays(day.year, language).get(day)
