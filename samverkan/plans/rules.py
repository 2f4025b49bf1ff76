"""Pure rules of the yearly cycle: how versions compare, and what the follow-up of a year says.

No ORM and no request: plain dictionaries and dataclasses in, plain data out.
"""

from __future__ import annotations

import datetime
import difflib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext, pgettext

from samverkan.collaborations.findings import Finding, Link, Status
from samverkan.collaborations.model_file import CollaborationModel
from samverkan.lib.errors import DomainError
from samverkan.lib.workflow import Workflow
from samverkan.meetings.rules import MeetingFact

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


# --- what a plan document and an activity must hold (PL2, A1) --------------------------------


def plan_areas_refusal(doc_type: str, areas: Iterable[str], known: Iterable[str]) -> DomainError | None:
    """PL2: a plan names collaboration areas of the agreement, and the operations plan at least
    one (the activity plan builds on the areas it names)."""
    chosen, known = list(areas), set(known)
    unknown = [a for a in chosen if a not in known]
    if unknown:
        return DomainError(_("Okänt samverkansområde: %(key)s.") % {"key": unknown[0]}, field="areas")
    if doc_type == "operations_plan" and not chosen:
        return DomainError(_("Verksamhetsplanen ska nämna minst ett samverkansområde."), field="areas")
    return None


def activity_refusal(
    fields: Mapping[str, Any], *, areas: Iterable[str], supervision_areas: Iterable[str], kinds: Iterable[str]
) -> DomainError | None:
    """A1: an activity has a title, a collaboration area of the agreement, a kind, at least one
    target group (municipalities, business, citizens), dates within its year and no negative
    budget. Why not, or None."""
    if not str(fields.get("title", "")).strip():
        return DomainError(_("Aktiviteten behöver en rubrik."), field="title")
    if fields.get("area") not in set(areas):
        return DomainError(_("Välj ett samverkansområde ur avtalet."), field="area")
    if fields.get("kind") not in set(kinds):
        return DomainError(_("Välj vilket slags aktivitet det är."), field="kind")
    area = fields.get("supervision_area") or ""
    if area and area not in set(supervision_areas):
        return DomainError(_("Okänt tillsynsområde."), field="supervision_area")
    if not any(fields.get(name) for name in TARGET_GROUPS):
        return DomainError(_("Välj minst en målgrupp."), field="for_municipalities")
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts and ends and ends < starts:
        return DomainError(_("Slutdatum kan inte ligga före startdatum."), field="ends_on")
    year = fields.get("year")
    for day, name in ((starts, "starts_on"), (ends, "ends_on")):
        if day and day.year != year:
            return DomainError(_("Datumet ska ligga i planens år, %(year)s.") % {"year": year}, field=name)
    if fields.get("budget_ore") is not None and fields["budget_ore"] < 0:
        return DomainError(_("Budgeten kan inte vara negativ."), field="budget_ore")
    return None


# The agreement's clauses about the yearly cycle (PL1–PL4, ST2 plan documents, PL2 activity areas,
# the assignments a decision gives), judged on plain facts. The collector is plans.checks; the rule
# set is registered in PlansConfig.ready().


@dataclass(frozen=True)
class PlanFact:
    """A plan document about one year: where its latest version stands and, once decided, by whom,
    under which § and on which day (the day of the meeting)."""

    doc_type: str
    about_year: int
    document_id: int
    status: str  # of the latest version: draft, proposal, decided, returned
    decided_on: datetime.date | None = None
    decision: str = ""  # "§ 12/2026"
    decided_by: str = ""  # the key of the body whose § decided it
    areas: tuple[str, ...] = ()  # the collaboration areas named (operations plan)


@dataclass(frozen=True)
class ActivityFact:
    id: int
    title: str
    year: int
    area: str


@dataclass(frozen=True)
class AssignmentFact:
    """An assignment that is not finished, and when it is due."""

    id: int
    title: str
    due_on: datetime.date
    given_by: str  # the name of the body whose decision gave it


@dataclass(frozen=True)
class PlanFacts:
    on: datetime.date
    plans: tuple[PlanFact, ...] = ()
    activities: tuple[ActivityFact, ...] = ()
    open_assignments: tuple[AssignmentFact, ...] = ()
    meetings: tuple[MeetingFact, ...] = ()  # the year's meetings: is one planned before a deadline


STATUS_TEXT = {
    "draft": gettext_noop("utkast"),
    "proposal": gettext_noop("förslag"),
    "returned": gettext_noop("återremitterad"),
    "decided": gettext_noop("beslutad"),
}


def _check_plan_documents(model: CollaborationModel, facts: PlanFacts) -> list[Finding]:
    """PL1–PL4, ST2: each document the year's cycle decides is drafted by the drafting body and
    decided by the deciding body, by the model file's last day."""
    findings = []
    year = facts.on.year
    for spec in model.documents:
        about = spec.about_year(year)
        if about < model.started_on.year:  # nothing to report on from before the collaboration began
            continue
        deadline = spec.deadline(about) or datetime.date(year, 12, 31)
        decider = model.group(spec.decided_by)
        decider_name = decider.name if decider else spec.decided_by
        quote = spec.quote
        subject = f"{spec.name} {about}"
        fact = next((p for p in facts.plans if p.doc_type == spec.type and p.about_year == about), None)
        target = Link("plan_detail", (fact.document_id,)) if fact else Link("plan_list", query=f"ar={about}")
        values = {"document": subject, "deadline": deadline.isoformat(), "group": decider_name}
        if fact is not None and fact.decided_on is not None:
            values.update({"decision": fact.decision, "date": fact.decided_on.isoformat()})
            if fact.decided_by != spec.decided_by:
                status: Status = spec.severity  # type: ignore[assignment]
                message = _("%(document)s är beslutad %(decision)s av fel organ; den ska beslutas av %(group)s.")
            elif fact.decided_on > deadline:
                status, message = (
                    "warning",
                    _("%(document)s beslutades %(date)s (%(decision)s), efter sista dag %(deadline)s."),
                )
            else:
                status, message = "ok", _("%(document)s är beslutad %(decision)s den %(date)s.")
            findings.append(Finding(spec.clause, status, message % values, subject, quote, target))
            continue
        values["status"] = _(STATUS_TEXT.get(fact.status, fact.status)) if fact else _("inte påbörjad")
        if facts.on > deadline:
            findings.append(
                Finding(
                    spec.clause,
                    spec.severity,  # type: ignore[arg-type]
                    _("%(document)s är inte beslutad (%(status)s); sista dag var %(deadline)s.") % values,
                    subject,
                    quote,
                    target,
                )
            )
            continue
        meeting = next(
            (m for m in sorted(facts.meetings, key=lambda m: m.day) if m.group_key == spec.decided_by
             and facts.on <= m.day <= deadline),
            None,
        )  # fmt: skip
        if meeting is None:
            findings.append(
                Finding(
                    spec.clause,
                    "warning",
                    _(
                        "%(document)s ska beslutas senast %(deadline)s (nu: %(status)s), men %(group)s har "
                        "inget möte planerat före dess."
                    )
                    % values,
                    subject,
                    quote,
                    target,
                )
            )
        else:
            values["meeting"] = meeting.day.isoformat()
            findings.append(
                Finding(
                    spec.clause,
                    "ok",
                    _("%(document)s ska beslutas senast %(deadline)s (nu: %(status)s); %(group)s möts %(meeting)s.")
                    % values,
                    subject,
                    quote,
                    target,
                )
            )
    return findings


def _check_activity_areas(model: CollaborationModel, facts: PlanFacts) -> list[Finding]:
    """PL2: every activity belongs to an area the year's operations plan names. Judged only when
    the model file has an `[activity_areas]` table; clause and quote come from it."""
    rule = model.activity_areas
    if rule is None or model.document("operations_plan") is None:
        return []
    names = {a.key: a.name for a in model.collaboration_areas}
    findings = []
    for year in sorted({a.year for a in facts.activities} & {facts.on.year, facts.on.year + 1}):
        activities = sorted((a for a in facts.activities if a.year == year), key=lambda a: a.title)
        plan = next((p for p in facts.plans if p.doc_type == "operations_plan" and p.about_year == year), None)
        subject = _("Aktiviteter %(year)s") % {"year": year}
        if plan is None:
            findings.append(
                Finding(
                    rule.clause,
                    "warning",
                    ngettext(
                        "%(count)s aktivitet är planerad för %(year)s, men det finns ingen verksamhetsplan för "
                        "året att pröva den mot.",
                        "%(count)s aktiviteter är planerade för %(year)s, men det finns ingen verksamhetsplan för "
                        "året att pröva dem mot.",
                        len(activities),
                    )
                    % {"count": len(activities), "year": year},
                    subject,
                    rule.quote,
                    Link("plan_list", query=f"ar={year}"),
                )
            )
            continue
        outside = [a for a in activities if a.area not in plan.areas]
        for activity in outside:
            findings.append(
                Finding(
                    rule.clause,
                    "warning",
                    _("%(activity)s hör till %(area)s, som verksamhetsplanen %(year)s inte tar upp.")
                    % {"activity": activity.title, "area": names.get(activity.area, activity.area), "year": year},
                    subject,
                    rule.quote,
                    Link("activity_detail", (activity.id,)),
                )
            )
        if not outside:
            findings.append(
                Finding(
                    rule.clause,
                    "ok",
                    ngettext(
                        "%(count)s aktivitet %(year)s hör till områden i verksamhetsplanen.",
                        "Alla %(count)s aktiviteter %(year)s hör till områden i verksamhetsplanen.",
                        len(activities),
                    )
                    % {"count": len(activities), "year": year},
                    subject,
                    rule.quote,
                    Link("plan_list", query=f"ar={year}"),
                )
            )
    return findings


def _check_assignments(model: CollaborationModel, facts: PlanFacts) -> list[Finding]:
    """CO2: decided assignments are carried out; one that is past its due date is a warning.
    Judged only when the model file has an `[assignments]` table; clause and quote come from it."""
    rule = model.assignments
    if rule is None:
        return []
    late = sorted((a for a in facts.open_assignments if a.due_on < facts.on), key=lambda a: a.due_on)
    subject = pgettext("assignment", "Uppdrag")
    if not late:
        return [
            Finding(
                rule.clause,
                "ok",
                ngettext(
                    "Inget uppdrag är försenat (%(count)s pågår).",
                    "Inget uppdrag är försenat (%(count)s pågår).",
                    len(facts.open_assignments),
                )
                % {"count": len(facts.open_assignments)},
                subject,
                rule.quote,
            )
        ]
    return [
        Finding(
            rule.clause,
            "warning",
            _(
                "%(title)s skulle vara klart %(date)s (gavs av %(group)s); det tas upp för uppföljning på gruppens nästa möte."
            )
            % {"title": a.title, "date": a.due_on.isoformat(), "group": a.given_by},
            subject,
            rule.quote,
            Link("assignment_detail", (a.id,)),
        )
        for a in late
    ]


def judge(model: CollaborationModel, facts: PlanFacts) -> list[Finding]:
    """The plan documents of the year's cycle, the activities' areas and the assignments."""
    return [
        *_check_plan_documents(model, facts),
        *_check_activity_areas(model, facts),
        *_check_assignments(model, facts),
    ]
