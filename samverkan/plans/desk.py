"""What the plans app puts on a person's desk (Att göra) and in the kalendarium; registered in
`PlansConfig.ready()`.

To-dos: a plan document to propose before its deadline (every member of the drafting body) and an
assignment due within `ASSIGNMENT_LEAD_DAYS` or overdue (its owner). Calendar entries: activities,
the deadlines of the yearly cycle, the drafting body's proposal meetings and assignment due dates."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.collaborations.desk import Entry, Seat, Todo
from samverkan.organisations.models import Group
from samverkan.plans.models import (
    OPEN_ASSIGNMENT,
    Activity,
    ActivityStatus,
    Assignment,
    AssignmentOwner,
    PlanDocument,
    PlanStatus,
)
from samverkan.plans.services import existing_meetings, propose_year

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration

# A proposal shows on the desk when its decision deadline is at most this far ahead (or passed).
PROPOSAL_LEAD_DAYS = 183
# An open assignment shows on the desk from this many days before it is due.
ASSIGNMENT_LEAD_DAYS = 30


def _proposal_todos(collaboration: Collaboration, seat: Seat, today: datetime.date) -> Iterator[Todo]:
    slug = collaboration.slug
    drafting = dict(Group.objects.filter(collaboration=collaboration, pk__in=seat.group_ids).values_list("key", "pk"))
    if not any(spec.drafted_by in drafting for spec in collaboration.model.documents):
        return
    # the documents of the years a proposal can be due for, at once (not one query per type and year)
    documents = {
        (d.doc_type, d.year): d
        for d in PlanDocument.objects.filter(
            collaboration=collaboration, year__in=range(today.year - 2, today.year + 3)
        ).prefetch_related("versions")
    }
    for spec in collaboration.model.documents:
        if spec.decide_by is None or spec.drafted_by not in drafting:
            continue
        for decision_year in (today.year, today.year + 1):
            about = spec.about_year(decision_year)
            if about < collaboration.model.started_on.year:
                continue  # a year before the collaboration began has nothing to propose
            deadline = spec.deadline(about)
            assert deadline is not None
            if deadline > today + datetime.timedelta(days=PROPOSAL_LEAD_DAYS):
                continue
            document = documents.get((spec.type, about))
            latest = max(document.versions.all(), key=lambda v: v.number, default=None) if document else None
            if latest is not None and latest.status in (PlanStatus.PROPOSAL, PlanStatus.DECIDED):
                continue
            yield Todo(
                collaboration=collaboration,
                title=_("Lämna förslag: %(name)s %(year)s") % {"name": spec.name, "year": about},
                link=(
                    reverse("plan_detail", args=[slug, document.pk])
                    if document
                    else reverse("plan_list", args=[slug]) + f"?ar={about}"
                ),
                deadline=deadline,
                kind="plan_proposal",
                source="plans",
            )


def _assignment_todos(collaboration: Collaboration, seat: Seat, today: datetime.date) -> Iterator[Todo]:
    due = Assignment.objects.filter(
        collaboration=collaboration,
        status__in=OPEN_ASSIGNMENT,
        due_on__lte=today + datetime.timedelta(days=ASSIGNMENT_LEAD_DAYS),
    ).order_by("due_on", "pk")
    for assignment in due:
        mine = (
            (assignment.owner_kind == AssignmentOwner.COORDINATOR and seat.is_coordinator)
            or (assignment.owner_kind == AssignmentOwner.WORKING_GROUP and assignment.owner_group_id in seat.group_ids)
            or (assignment.owner_kind == AssignmentOwner.PERSON and assignment.owner_person_id == seat.person_id)
        )
        if mine:
            yield Todo(
                collaboration=collaboration,
                title=_("Slutför uppdraget: %(title)s") % {"title": assignment.title},
                link=reverse("assignment_detail", args=[collaboration.slug, assignment.pk]),
                deadline=assignment.due_on,
                kind="assignment_due",
                source="plans",
            )


def todos(collaboration: Collaboration, seat: Seat, today: datetime.date) -> Iterator[Todo]:
    if seat.person_id is None:
        return
    yield from _proposal_todos(collaboration, seat, today)
    yield from _assignment_todos(collaboration, seat, today)


def _group_name(collaboration: Collaboration, key: str) -> str:
    spec = collaboration.model.group(key)
    return spec.name if spec else ""


def calendar_entries(collaboration: Collaboration, year: int) -> Iterator[Entry]:
    """Activities (planned period), the decision deadlines, the proposal meetings, assignments due."""
    slug = collaboration.slug
    activities = Activity.objects.filter(collaboration=collaboration, year=year).exclude(
        status=ActivityStatus.CANCELLED
    )
    for activity in activities:
        start = activity.starts_on or activity.ends_on
        if start is None:
            continue
        yield Entry(
            uid=f"activity-{activity.pk}",
            kind="activity",
            day=start,
            last_day=activity.ends_on if activity.ends_on and activity.ends_on != start else None,
            title=activity.title,
            url=reverse("activity_detail", args=[slug, activity.pk]),
            note=activity.get_kind_display(),
        )
    for spec in collaboration.model.documents:
        if spec.decide_by is None:
            continue
        about = spec.about_year(year)
        deadline = spec.deadline(about)
        assert deadline is not None
        yield Entry(
            uid=f"deadline-{spec.type}-{about}",
            kind="deadline",
            day=deadline,
            title=_("Sista dag för beslut: %(name)s %(year)s") % {"name": spec.name, "year": about},
            url=reverse("plan_list", args=[slug]) + f"?ar={about}",
            note=_group_name(collaboration, spec.decided_by),
        )
    # The drafting body's meeting that finishes each proposal, as the planner reads the year's meetings.
    planned = set(existing_meetings(collaboration, year))
    model = collaboration.model
    for step in propose_year(collaboration, year).deadlines:
        document_spec = model.document(step.document_type)
        if step.kind == "proposal" and document_spec and (document_spec.drafted_by, step.day) in planned:
            yield Entry(
                uid=f"proposal-{step.document_type}-{step.about_year}",
                kind="deadline",
                day=step.day,
                title=step.title,
                url=reverse("plan_list", args=[slug]) + f"?ar={step.about_year}",
                note=_group_name(collaboration, document_spec.drafted_by),
            )
    assignments = Assignment.objects.filter(collaboration=collaboration, due_on__year=year, status__in=OPEN_ASSIGNMENT)
    for assignment in assignments:
        yield Entry(
            uid=f"assignment-{assignment.pk}",
            kind="deadline",
            day=assignment.due_on,
            title=_("Uppdrag klart: %(title)s") % {"title": assignment.title},
            url=reverse("assignment_detail", args=[slug, assignment.pk]),
        )
