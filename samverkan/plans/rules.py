"""Pure rules of the yearly cycle: how versions compare, and what the follow-up of a year says.

No ORM and no request: plain dictionaries and dataclasses in, plain data out.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.lib.workflow import Workflow

# Workflows: which status may follow which
# One table per status of the plans models (the values of PlanStatus, ActivityStatus and
# AssignmentStatus in models.py, which this pure module does not import; the app's tests assert
# each table covers its enum). The use cases in services.py ask them before they move a status.

PLAN_VERSION = Workflow.of(
    {
        "draft": {"proposal"},  # submitted to the deciding body
        "returned": {"proposal"},  # submitted again after the changes
        # decided or sent back at the meeting, sent back before it; submitted again when its agenda
        # item was removed or its meeting cancelled (the service checks that it is stranded)
        "proposal": {"proposal", "decided", "returned"},
        "decided": set(),  # a change to a decided plan is a new version
    },
    refused=gettext_lazy("En version som är %(current)s kan inte bli %(new)s."),
)
# The follow-up records what happened, and corrects it: any status may follow any other.
_ACTIVITY_STATUSES = ("planned", "ongoing", "done", "postponed", "cancelled")
ACTIVITY = Workflow.of(
    dict.fromkeys(_ACTIVITY_STATUSES, _ACTIVITY_STATUSES),
    refused=gettext_lazy("En aktivitet som är %(current)s kan inte bli %(new)s."),
)
# Reopening a finished or cancelled assignment is for the coordinator only (the service checks who).
ASSIGNMENT = Workflow.of(
    {
        "not_started": {"not_started", "in_progress", "done", "cancelled"},
        "in_progress": {"not_started", "in_progress", "done", "cancelled"},
        "done": {"done", "not_started", "in_progress"},  # a finished assignment is not cancelled afterwards
        "cancelled": {"cancelled", "not_started", "in_progress"},  # resumed first, then finished
    },
    refused=gettext_lazy("Ett uppdrag som är %(current)s kan inte bli %(new)s."),
)

DiffOp = Literal["same", "added", "removed"]
TARGET_GROUPS = ("for_municipalities", "for_business", "for_citizens")


def activity_line(activity: Mapping[str, Any], area_names: Mapping[str, str]) -> str:
    """One activity of an activity-plan snapshot as one readable line."""
    parts = [area_names.get(activity.get("area", ""), activity.get("area", "")), activity.get("kind_label", "")]
    if activity.get("starts_on") or activity.get("ends_on"):
        parts.append(f"{activity.get('starts_on') or '…'}–{activity.get('ends_on') or '…'}")
    if activity.get("target_groups"):
        parts.append(_("målgrupp: %(groups)s") % {"groups": ", ".join(activity["target_groups"])})
    if activity.get("responsible"):
        parts.append(_("ansvarig: %(name)s") % {"name": activity["responsible"]})
    if activity.get("budget"):
        parts.append(_("budget: %(amount)s") % {"amount": activity["budget"]})
    return f"{activity.get('title', '')} ({', '.join(p for p in parts if p)})"


def areas_section(titles: Iterable[str]) -> int | None:
    """The section that is about the collaboration areas, if the document has one: the list of
    areas goes in it rather than under a second heading of the same name."""
    names = {"samverkansområden", _("Samverkansområden").casefold()}
    return next((i for i, title in enumerate(titles) if title.strip().casefold() in names), None)


def version_lines(
    *,
    sections: Iterable[Mapping[str, str]],
    areas: Iterable[str] = (),
    activities: Iterable[Mapping[str, Any]] = (),
    area_names: Mapping[str, str] | None = None,
) -> list[str]:
    """A version as lines of text, in the order a reader meets them: what the diff compares."""
    names = area_names or {}
    lines: list[str] = []
    for section in sections:
        lines.append(f"## {section.get('title', '')}")
        lines.extend(line for line in (section.get("text") or "").splitlines() if line.strip())
    area_list = list(areas)
    if area_list:
        lines.append("## " + _("Samverkansområden"))
        lines.extend(f"- {names.get(key, key)}" for key in area_list)
    activity_list = list(activities)
    if activity_list:
        lines.append("## " + _("Aktiviteter"))
        lines.extend(f"- {activity_line(a, names)}" for a in activity_list)
    return lines


def diff(old: list[str], new: list[str]) -> list[tuple[DiffOp, str]]:
    """Line by line: what stayed, what was added and what was removed between two versions."""
    result: list[tuple[DiffOp, str]] = []
    for line in difflib.ndiff(old, new):
        code, text = line[:2], line[2:]
        if code == "  ":
            result.append(("same", text))
        elif code == "+ ":
            result.append(("added", text))
        elif code == "- ":
            result.append(("removed", text))
    return result


@dataclass(frozen=True)
class ActivityFollowUp:
    """What the follow-up needs of one activity."""

    title: str
    area: str
    kind: str
    status: str  # planned, ongoing, done, postponed, cancelled
    target_groups: tuple[str, ...] = ()
    women: int | None = None
    men: int | None = None
    other: int | None = None
    outcome: str = ""


@dataclass(frozen=True)
class FollowUp:
    """A year's activities, planned against done, counted the ways the annual report needs."""

    planned: int
    done: int
    cancelled: int
    not_done: int
    by_area: dict[str, tuple[int, int]] = field(default_factory=dict)  # area → (planned, done)
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    by_target_group: dict[str, tuple[int, int]] = field(default_factory=dict)
    women: int = 0
    men: int = 0
    other: int = 0

    @property
    def participants(self) -> int:
        return self.women + self.men + self.other

    def share_women(self) -> int | None:
        """Women's share of participants with a known gender, in whole per cent."""
        known = self.women + self.men
        return round(100 * self.women / known) if known else None


def follow_up(activities: Iterable[ActivityFollowUp]) -> FollowUp:
    """Planned vs done for a year. Every activity of the plan counts as planned; a cancelled one
    counts as planned and not done, so nothing silently disappears from the report."""
    items = list(activities)

    def tally(group_of: Any) -> dict[str, tuple[int, int]]:
        planned: Counter[str] = Counter()
        done: Counter[str] = Counter()
        for a in items:
            for group in group_of(a):
                planned[group] += 1
                if a.status == "done":
                    done[group] += 1
        return {g: (planned[g], done[g]) for g in planned}

    done_items = [a for a in items if a.status == "done"]
    return FollowUp(
        planned=len(items),
        done=len(done_items),
        cancelled=sum(1 for a in items if a.status == "cancelled"),
        not_done=sum(1 for a in items if a.status != "done"),
        by_area=tally(lambda a: (a.area,)),
        by_kind=tally(lambda a: (a.kind,)),
        by_target_group=tally(lambda a: a.target_groups),
        women=sum(a.women or 0 for a in done_items),
        men=sum(a.men or 0 for a in done_items),
        other=sum(a.other or 0 for a in done_items),
    )
