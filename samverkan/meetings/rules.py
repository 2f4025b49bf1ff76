"""Pure rules of meetings: Swedish public holidays and the days treated as such, the years a
meeting may have, and the agreement's clauses on how often groups meet and how soon minutes are
approved. No ORM and no request."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samverkan.collaborations.findings import Finding, Link
from samverkan.collaborations.model_file import CollaborationModel, GroupSpec, window_text
from samverkan.lib.workflow import Workflow
from samverkan.organisations.rules import count_text

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


# The agreement's clauses about meetings (SG3/ST3 cadence, the minutes' approval), judged on plain
# facts. The collector is meetings.checks; the rule set is registered in MeetingsConfig.ready().


@dataclass(frozen=True)
class MeetingFact:
    """A meeting that is not cancelled, in the year being judged."""

    group_key: str
    day: datetime.date


@dataclass(frozen=True)
class MinutesFact:
    """A meeting that has been held, and when its minutes were approved (None: not yet)."""

    group_key: str
    group_name: str
    meeting_id: int
    day: datetime.date
    approved_on: datetime.date | None


@dataclass(frozen=True)
class GroupRef:
    """A group that exists on the day judged (organisations judges whether it should)."""

    key: str
    id: int
    name: str


@dataclass(frozen=True)
class MeetingFacts:
    on: datetime.date
    groups: tuple[GroupRef, ...]
    meetings: tuple[MeetingFact, ...] = ()
    minutes: tuple[MinutesFact, ...] = ()

    def group(self, key: str) -> GroupRef | None:
        return next((g for g in self.groups if g.key == key), None)


def _check_cadence(spec: GroupSpec, group: GroupRef, facts: MeetingFacts) -> list[Finding]:
    """SG3/ST3: how many meetings a year, and in which periods; a gap is a warning to plan one."""
    cadence = spec.cadence
    if cadence is None:
        return []
    year = facts.on.year
    days = sorted(m.day for m in facts.meetings if m.group_key == spec.key and m.day.year == year)
    target = Link("meeting_create", query=f"grupp={group.id}")
    findings = []
    for window in cadence.windows:
        if not any(window.contains(day) for day in days):
            findings.append(
                Finding(
                    cadence.clause,
                    "warning",
                    _("%(group)s har inget möte i %(period)s %(year)s.")
                    % {"group": group.name, "period": window_text(window), "year": year},
                    group.name,
                    cadence.quote,
                    target,
                )
            )
    # When the agreement places every meeting in a period ("once in April/May and once in
    # September/October"), a meeting outside them is a warning; when it places only some ("four a
    # year, one of them in February–March"), the others may fall anywhere.
    if cadence.windows and cadence.per_year <= len(cadence.windows):
        periods = ", ".join(window_text(w) for w in cadence.windows)
        for day in days:
            if not any(w.contains(day) for w in cadence.windows):
                findings.append(
                    Finding(
                        cadence.clause,
                        "warning",
                        _("%(group)s har ett möte %(date)s, utanför avtalets perioder (%(periods)s).")
                        % {"group": group.name, "date": day.isoformat(), "periods": periods},
                        group.name,
                        cadence.quote,
                        target,
                    )
                )
    low, high = cadence.per_year - cadence.tolerance, cadence.per_year + cadence.tolerance
    if not low <= len(days) <= high:
        findings.append(
            Finding(
                cadence.clause,
                "warning",
                ngettext(
                    "%(group)s har %(count)s möte %(year)s; avtalet säger %(n)s.",
                    "%(group)s har %(count)s möten %(year)s; avtalet säger %(n)s.",
                    len(days),
                )
                % {
                    "group": group.name,
                    "count": len(days),
                    "year": year,
                    "n": count_text(low, high) if cadence.tolerance else cadence.per_year,
                },
                group.name,
                cadence.quote,
                target,
            )
        )
    if not findings:
        findings.append(
            Finding(
                cadence.clause,
                "ok",
                ngettext(
                    "%(group)s har %(count)s möte %(year)s, som avtalet säger.",
                    "%(group)s har %(count)s möten %(year)s, som avtalet säger.",
                    len(days),
                )
                % {"group": group.name, "count": len(days), "year": year},
                group.name,
                cadence.quote,
                target,
            )
        )
    return findings


def _check_minutes(model: CollaborationModel, facts: MeetingFacts) -> list[Finding]:
    """Minutes approved within the period after each meeting held (Swedish practice: 14 days)."""
    spec = model.minutes
    if spec is None:
        return []
    findings = []
    for item in sorted(facts.minutes, key=lambda m: m.day):
        deadline = item.day + datetime.timedelta(days=spec.approval_days)
        target = Link("minutes_edit", (item.meeting_id,))
        if item.approved_on is None and facts.on > deadline:
            findings.append(
                Finding(
                    spec.clause,
                    "warning",
                    _("Protokollet från %(group)s %(date)s är inte justerat, %(days)s dagar efter mötet.")
                    % {"group": item.group_name, "date": item.day.isoformat(), "days": (facts.on - item.day).days},
                    item.group_name,
                    spec.quote,
                    target,
                )
            )
        elif item.approved_on is not None and item.approved_on > deadline:
            findings.append(
                Finding(
                    spec.clause,
                    "warning",
                    _("Protokollet från %(group)s %(date)s justerades först %(approved)s.")
                    % {
                        "group": item.group_name,
                        "date": item.day.isoformat(),
                        "approved": item.approved_on.isoformat(),
                    },
                    item.group_name,
                    spec.quote,
                    target,
                )
            )
    if not findings:
        return [
            Finding(
                spec.clause,
                "ok",
                ngettext(
                    "%(count)s protokoll i år är justerade i tid (inom %(days)s dagar).",
                    "%(count)s protokoll i år är justerade i tid (inom %(days)s dagar).",
                    len(facts.minutes),
                )
                % {"count": len(facts.minutes), "days": spec.approval_days},
                _("Protokoll"),
                spec.quote,
            )
        ]
    return findings


def judge(model: CollaborationModel, facts: MeetingFacts) -> list[Finding]:
    """Each existing group's meeting cadence, then the minutes' approval."""
    findings: list[Finding] = []
    for spec in model.groups:
        group = facts.group(spec.key)
        if group is not None:
            findings.extend(_check_cadence(spec, group, facts))
    findings.extend(_check_minutes(model, facts))
    return findings
