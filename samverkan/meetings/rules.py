"""Pure rules about meeting dates: Swedish public holidays and the days treated as such."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.lib.workflow import Workflow

# Workflows: which status may follow which
# One table per status of the meetings models (values of the TextChoices in models.py, which this
# pure module does not import; the app's tests assert each table covers its enum). The use cases
# ask them before they move a status: `MEETING.require(meeting.status, "held", labels=...)`.

MEETING = Workflow.of(
    {
        "planned": {"called", "held", "cancelled"},  # the notice goes out; the minutes open; cancelled
        "called": {"called", "held", "cancelled"},  # called again re-sends the notice
        "held": {"approved"},  # when the minutes are approved
        "approved": set(),
        "cancelled": set(),  # a cancelled meeting stays cancelled: plan a new one
    },
    refused=gettext_lazy("Ett möte som är %(current)s kan inte bli %(new)s."),
)
AGENDA_ITEM = Workflow.of(
    {"suggested": {"accepted"}, "accepted": set()},  # a declined suggestion is removed, not moved back
    refused=gettext_lazy("En punkt som är %(current)s kan inte bli %(new)s."),
)
# The secretary records and corrects attendance freely until the minutes are approved (they lock it).
ATTENDANCE = Workflow.of(
    {
        "present": {"present", "absent", "substitute"},
        "absent": {"present", "absent", "substitute"},
        "substitute": {"present", "absent", "substitute"},
    },
    refused=gettext_lazy("Närvaron %(current)s kan inte ändras till %(new)s."),
)
MINUTES = Workflow.of(
    {"draft": {"approved"}, "approved": set()},  # approved minutes are corrected by a later decision
    refused=gettext_lazy("Ett protokoll som är %(current)s kan inte bli %(new)s."),
)
DATE_POLL = Workflow.of(
    {"open": {"decided"}, "decided": set()},
    refused=gettext_lazy("En datumförfrågan som är %(current)s kan inte bli %(new)s."),
)


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


# A meeting's year: from ten years back to ten years ahead. The meeting list offers and shows
# exactly these years, so every meeting that may be planned can be found again.
YEARS_BACK = 10
YEARS_AHEAD = 10


def meeting_years(today: datetime.date) -> range:
    """The years a meeting (or a proposed time) may have, seen from `today`."""
    return range(today.year - YEARS_BACK, today.year + YEARS_AHEAD + 1)


def year_refusal(day: datetime.date, today: datetime.date) -> str | None:
    """Why a meeting cannot be on `day`, or None: only the years the meeting list shows."""
    years = meeting_years(today)
    if day.year in years:
        return None
    return _("Ett möte kan planeras mellan %(first)s och %(last)s.") % {"first": years[0], "last": years[-1]}
