"""The facts the yearly cycle's clauses are judged on (`plans.rules.judge`), read from the database:
the plan documents the year's cycle touches, the activities, the open assignments and the year's
meetings."""

from __future__ import annotations

import datetime

from django.utils import timezone

from samverkan.collaborations.models import Collaboration
from samverkan.meetings.checks import year_meetings
from samverkan.plans import rules
from samverkan.plans.models import OPEN_ASSIGNMENT, Activity, ActivityStatus, Assignment, PlanDocument, PlanStatus


def collect(collaboration: Collaboration, on: datetime.date) -> rules.PlanFacts:
    return rules.PlanFacts(
        on=on,
        plans=plan_facts(collaboration, on.year),
        activities=tuple(
            rules.ActivityFact(a.pk, a.title, a.year, a.area)
            for a in Activity.objects.filter(collaboration=collaboration, year__in=[on.year, on.year + 1]).exclude(
                status=ActivityStatus.CANCELLED
            )
        ),
        open_assignments=tuple(
            rules.AssignmentFact(a.pk, a.title, a.due_on, a.decision.item.group.name)
            for a in Assignment.objects.filter(collaboration=collaboration, status__in=OPEN_ASSIGNMENT).select_related(
                "decision__item__group"
            )
        ),
        meetings=year_meetings(collaboration, on.year),
    )


def plan_facts(collaboration: Collaboration, year: int) -> tuple[rules.PlanFact, ...]:
    """The plan documents the year's cycle touches (about the year before, the year and the next)."""
    facts = []
    documents = PlanDocument.objects.filter(collaboration=collaboration, year__in=[year - 1, year, year + 1])
    for document in documents.prefetch_related(
        "versions__decision__item__group", "versions__decision__item__minutes__meeting"
    ):
        versions = sorted(document.versions.all(), key=lambda v: -v.number)
        if not versions:
            continue
        decided_versions = [v for v in versions if v.status == PlanStatus.DECIDED and v.decision is not None]
        # the first decision is what was decided in time (or not); later versions are changes
        decided = decided_versions[-1] if decided_versions else None
        shown = decided_versions[0] if decided_versions else versions[0]
        if decided is not None and decided.decision is not None:
            item = decided.decision.item
            facts.append(
                rules.PlanFact(
                    document.doc_type,
                    document.year,
                    document.pk,
                    versions[0].status,
                    timezone.localtime(item.minutes.meeting.starts_at).date(),
                    f"§ {item.number}/{item.year}",
                    item.group.key,
                    tuple(shown.areas),
                )
            )
        else:
            facts.append(
                rules.PlanFact(
                    document.doc_type, document.year, document.pk, versions[0].status, areas=tuple(shown.areas)
                )
            )
    return tuple(facts)
