"""The yearly-cycle planner (årshjul): a year's meetings and document deadlines, proposed from the model.

Pure Python, no ORM and no request. The planner only proposes: meetings already planned are kept as
they are, and whatever cannot be fitted is reported as a problem sentence rather than forced.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

from samverkan.agreement.rules import MONTHS, window_text
from samverkan.collaborations.model_file import CollaborationModel, GroupSpec

# Two meetings of one group are always more than this many days apart.
MIN_GAP_DAYS = 14
# The drafting body meets between lead_days and lead_days + PREP_SLACK days before the meeting it prepares.
PREP_SLACK = 28
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ProposedMeeting:
    group_key: str
    day: datetime.date
    reason: str
    existing: bool = False  # a meeting already planned (passed in), not a new proposal


@dataclass(frozen=True)
class Deadline:
    day: datetime.date
    document_type: str
    about_year: int
    kind: Literal["proposal", "decision"]
    title: str


@dataclass(frozen=True)
class YearPlan:
    year: int
    meetings: tuple[ProposedMeeting, ...]  # by day, then group order in the model
    deadlines: tuple[Deadline, ...]  # by day
    problems: tuple[str, ...]  # what could not be satisfied; empty when everything fits


def day_is_free(model: CollaborationModel, day: datetime.date, is_holiday: Callable[[datetime.date], bool]) -> bool:
    """A day the planner may use: a weekday in model.cycle.weekdays, not a holiday, not in an avoid window."""
    cycle = model.cycle
    return (
        day.isoweekday() in cycle.weekdays
        and not any(window.contains(day) for window in cycle.avoid)
        and not is_holiday(day)
    )


def _on(year: int, month_day: tuple[int, int]) -> datetime.date:
    """A (month, day) of the model in `year`; 29 February becomes the 28th in other years."""
    month, day = month_day
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _day_text(day: datetime.date) -> str:
    return f"{day.day} {_(MONTHS[day.month])}"


class _Planner:
    """The state of one year's plan: each planned group's meeting days, and what went wrong."""

    def __init__(
        self,
        model: CollaborationModel,
        year: int,
        is_holiday: Callable[[datetime.date], bool],
        existing: Iterable[tuple[str, datetime.date]],
    ) -> None:
        self.model = model
        self.year = year
        self.is_holiday = is_holiday
        self.first, self.last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        self.groups = [g for g in model.groups if g.cadence is not None]
        # The working year: the days outside the avoid windows. Even spreading and gap midpoints
        # count these days only, so the summer break does not attract meetings.
        every_day = (self.first + datetime.timedelta(days=n) for n in range((self.last - self.first).days + 1))
        self.usable = [d for d in every_day if not any(w.contains(d) for w in model.cycle.avoid)]
        self.days: dict[str, list[datetime.date]] = {g.key: [] for g in self.groups}
        self.reasons: dict[tuple[str, datetime.date], str] = {}
        self.existing = {(k, d) for k, d in existing if k in self.days and d.year == year}
        for key, day in sorted(self.existing):
            self.days[key].append(day)
        self.problems: list[str] = []
        # Who decides and who drafts, as the documents say (only among planned groups).
        self.drafts_for: dict[str, set[str]] = {g.key: set() for g in self.groups}
        for doc in model.documents:
            if doc.drafted_by in self.days and doc.decided_by in self.days and doc.drafted_by != doc.decided_by:
                self.drafts_for[doc.drafted_by].add(doc.decided_by)
        self.deciding = {d.decided_by for d in model.documents} | {
            g.key for g in self.groups if g.kind == "collaboration_group"
        }

    def room(self, group: GroupSpec) -> int:
        assert group.cadence is not None
        return group.cadence.per_year - len(self.days[group.key])

    def usable_day(self, key: str, day: datetime.date) -> bool:
        """Free, and more than MIN_GAP_DAYS from every other meeting of the group."""
        return day_is_free(self.model, day, self.is_holiday) and all(
            abs((day - other).days) > MIN_GAP_DAYS for other in self.days[key]
        )

    def prep_possible(self, key: str, day: datetime.date) -> bool:
        """Whether the bodies drafting for `key` have a free day in the year to prepare a meeting on `day`."""
        if not any(key in targets for targets in self.drafts_for.values()):
            return True
        lead = self.model.cycle.lead_days
        return any(
            self.first <= day - datetime.timedelta(days=n)
            and day_is_free(self.model, day - datetime.timedelta(days=n), self.is_holiday)
            for n in range(lead, lead + PREP_SLACK + 1)
        )

    def nearest(
        self, target: datetime.date, ok: Callable[[datetime.date], bool], lo: datetime.date, hi: datetime.date
    ) -> datetime.date | None:
        """The day in [lo, hi] nearest to `target` that is ok (earlier first on a tie)."""
        for offset in range(max((target - lo).days, (hi - target).days) + 1):
            for day in (target - datetime.timedelta(days=offset), target + datetime.timedelta(days=offset)):
                if lo <= day <= hi and ok(day):
                    return day
        return None

    def place(
        self,
        key: str,
        target: datetime.date,
        reason: str,
        lo: datetime.date | None = None,
        hi: datetime.date | None = None,
    ) -> datetime.date | None:
        """Propose the usable day nearest to `target`, preferring days the drafting body can prepare."""
        lo = self.first if lo is None else lo
        hi = self.last if hi is None else hi
        day = self.nearest(target, lambda d: self.usable_day(key, d) and self.prep_possible(key, d), lo, hi)
        day = day or self.nearest(target, lambda d: self.usable_day(key, d), lo, hi)
        if day is not None:
            self.days[key].append(day)
            self.reasons[key, day] = reason
        return day

    def plan_windows(self, group: GroupSpec) -> None:
        """One meeting near the middle of each agreed period that has none yet.

        A meeting fills the period it falls in. A period still empty gets its meeting even when
        meetings outside the periods already make up the yearly count: the agreement names the
        periods, and a meeting elsewhere does not stand in for one (SG3 judges both)."""
        cadence = group.cadence
        assert cadence is not None
        if cadence.windows and cadence.per_year <= len(cadence.windows):
            # every meeting belongs in a period: one outside them is extra, and the check will say so
            periods = ", ".join(window_text(w) for w in cadence.windows)
            for day in sorted(self.days[group.key]):
                if not any(w.contains(day) for w in cadence.windows):
                    self.problems.append(
                        _("%(group)s har redan ett möte %(date)s, utanför avtalets perioder (%(periods)s).")
                        % {"group": group.name, "date": _day_text(day), "periods": periods}
                    )
        for window in cadence.windows:
            if any(window.contains(d) for d in self.days[group.key]):
                continue
            start, end = _on(self.year, window.start), _on(self.year, window.end)
            period = window_text(window)
            reason = _("Möte i avtalets period (%(period)s)") % {"period": period}
            if self.place(group.key, start + (end - start) // 2, reason, start, end) is None:
                self.problems.append(
                    _("%(group)s får inget möte i %(period)s %(year)s.")
                    % {"group": group.name, "period": period, "year": self.year}
                )

    def spread(self, group: GroupSpec) -> None:
        """The group's remaining meetings at evenly spaced points of the working year."""
        assert group.cadence is not None
        n = group.cadence.per_year
        targets = [self.usable[int((i + 0.5) * len(self.usable) / n)] for i in range(n)]
        # Each meeting already there takes the target nearest to it; the others get a meeting each.
        for day in sorted(self.days[group.key]):
            if targets:
                targets.remove(min(targets, key=lambda t: abs((t - day).days)))
        for target in targets:
            if self.room(group) > 0 and self.place(group.key, target, _("Jämnt fördelat över året")) is None:
                self.problems.append(
                    _("%(group)s: ingen ledig dag för ytterligare ett möte %(year)s.")
                    % {"group": group.name, "year": self.year}
                )

    def prepare(self, group: GroupSpec) -> None:
        """A meeting of the drafting body lead_days (up to lead_days + PREP_SLACK) before each deciding meeting."""
        lead = self.model.cycle.lead_days
        to_prepare = sorted((day, key) for key in self.drafts_for[group.key] for day in self.days[key])
        for day, deciding_key in to_prepare:
            lo = day - datetime.timedelta(days=lead + PREP_SLACK)
            hi = day - datetime.timedelta(days=lead)
            if any(lo <= d <= hi for d in self.days[group.key]):
                continue
            deciding = self.model.group(deciding_key)
            names = {
                "group": group.name,
                "deciding": deciding.name if deciding else deciding_key,
                "date": _day_text(day),
            }
            reason = _("Förbereder mötet i %(deciding)s %(date)s") % names
            # A range reaching back before 1 January is cut at the year's start; only when all of it
            # lies in the previous year is the preparation left to that year's plan.
            if hi < self.first:
                self.problems.append(
                    _("Mötet i %(deciding)s %(date)s ligger så tidigt att %(group)s måste förbereda det året innan.")
                    % names
                )
            elif self.room(group) <= 0 or self.place(group.key, hi, reason, max(lo, self.first), hi) is None:
                self.problems.append(
                    _("%(group)s får inget förberedande möte före mötet i %(deciding)s %(date)s.") % names
                )

    def fill_gaps(self, group: GroupSpec) -> None:
        """The remaining meetings, one at a time, in the middle of the largest gap between meetings.

        The first and last usable days of the year bound the first and last gaps; gaps are measured
        in usable days, so a gap across the summer break is only as long as its working days.
        """
        position = lambda d: bisect.bisect_left(self.usable, d)  # noqa: E731
        while self.room(group) > 0:
            bounds = sorted({self.usable[0], self.usable[-1], *self.days[group.key]})
            gaps = sorted(itertools.pairwise(bounds), key=lambda g: position(g[1]) - position(g[0]), reverse=True)
            for a, b in gaps:
                middle = self.usable[min((position(a) + position(b)) // 2, len(self.usable) - 1)]
                if self.place(group.key, middle, _("Fyller ett långt uppehåll mellan möten"), a + ONE_DAY, b - ONE_DAY):
                    break
            else:
                self.problems.append(
                    _("%(group)s: ingen ledig dag för ytterligare ett möte %(year)s.")
                    % {"group": group.name, "year": self.year}
                )
                return

    def deadlines(self) -> list[Deadline]:
        """The decision and proposal meetings of each document decided this year."""
        result = []
        lead = self.model.cycle.lead_days
        for doc in self.model.documents:
            if doc.decide_by is None:
                continue
            about = doc.about_year(self.year)
            deadline = _on(self.year, doc.decide_by)
            names = {"document": doc.name, "year": about, "date": _day_text(deadline), "days": lead}
            candidates = [d for d in self.days.get(doc.decided_by, []) if d <= deadline]
            # When the agreement puts every meeting in a period, an extra meeting outside the
            # periods is not the regular decision meeting; otherwise the latest meeting is.
            decider = self.model.group(doc.decided_by)
            cadence = decider.cadence if decider else None
            if cadence and cadence.windows and cadence.per_year <= len(cadence.windows):
                candidates = [d for d in candidates if any(w.contains(d) for w in cadence.windows)] or candidates
            if not candidates:
                self.problems.append(_("%(document)s %(year)s: inget beslutsmöte senast %(date)s.") % names)
                continue
            decision = max(candidates)
            result.append(Deadline(decision, doc.type, about, "decision", _("Beslut: %(document)s %(year)s") % names))
            drafts = [d for d in self.days.get(doc.drafted_by, []) if (decision - d).days >= lead]
            if not drafts:
                names["date"] = _day_text(decision)
                self.problems.append(
                    _("%(document)s %(year)s: inget möte för förslaget minst %(days)s dagar före beslutet %(date)s.")
                    % names
                )
                continue
            result.append(
                Deadline(max(drafts), doc.type, about, "proposal", _("Förslag klart: %(document)s %(year)s") % names)
            )
        return sorted(result, key=lambda d: d.day)

    def plan(self) -> YearPlan:
        deciding = [g for g in self.groups if g.key in self.deciding]
        drafting = [g for g in self.groups if g.key not in self.deciding and self.drafts_for[g.key]]
        others = [g for g in self.groups if g.key not in self.deciding and not self.drafts_for[g.key]]
        for group in deciding:
            self.plan_windows(group)
            self.spread(group)
        for group in drafting:
            self.prepare(group)
            self.fill_gaps(group)
        for group in others:
            self.spread(group)
        deadlines = self.deadlines()
        order = {g.key: i for i, g in enumerate(self.groups)}
        already = _("Redan planerat")
        meetings = sorted(
            (
                ProposedMeeting(
                    key,
                    day,
                    already if (key, day) in self.existing else self.reasons[key, day],
                    (key, day) in self.existing,
                )
                for key, days in self.days.items()
                for day in days
            ),
            key=lambda m: (m.day, order[m.group_key]),
        )
        return YearPlan(self.year, tuple(meetings), tuple(deadlines), tuple(self.problems))


def propose_year(
    model: CollaborationModel,
    year: int,
    *,
    is_holiday: Callable[[datetime.date], bool],
    existing: Iterable[tuple[str, datetime.date]] = (),
) -> YearPlan:
    """Propose the missing meetings of `year` so each group with a cadence gets exactly per_year.

    Deciding bodies first (one meeting per agreed period, the rest spread evenly), then the drafting
    bodies (a meeting lead_days before each deciding meeting, the rest in the largest gaps), then any
    other group (spread evenly). `existing` meetings count, are returned as they are and never move;
    those of groups without a cadence or outside `year` are ignored.
    """
    return _Planner(model, year, is_holiday, existing).plan()
