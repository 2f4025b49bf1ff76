"""Receivers: plans follow the meetings app's events without the meetings app knowing of plans."""

from typing import Any

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.meetings.notices import FollowUp
from samverkan.meetings.signals import collect_follow_up, collect_removal_consequences, minutes_approved
from samverkan.plans.models import PlanStatus, PlanVersion
from samverkan.plans.services import body, decide_from_minutes, document_type, overdue_for_meeting


@receiver(minutes_approved, dispatch_uid="plans_decide_from_minutes")
def decide_plans(sender: Any, minutes: Any, actor: Any = None, **kwargs: Any) -> None:
    decide_from_minutes(minutes=minutes, actor=actor)


@receiver(collect_follow_up, dispatch_uid="plans_overdue_assignments")
def overdue_assignments(sender: Any, meeting: Any, **kwargs: Any) -> list[Any]:
    """The assignments this body gave that are overdue by the meeting: on its agenda to follow up."""
    slug = meeting.group.collaboration.slug
    return [
        FollowUp(
            title=a.title,
            detail=_("%(owner)s, skulle vara klart %(date)s (%(percent)s %% klart, § %(number)s/%(year)s)")
            % {
                "owner": a.owner_name,
                "date": a.due_on.isoformat(),
                "percent": a.percent_done,
                "number": a.decision.item.number,
                "year": a.decision.item.year,
            },
            url=reverse("assignment_detail", args=[slug, a.pk]),
            public=False,  # assignments are for participants, as on their own pages
        )
        for a in overdue_for_meeting(meeting)
    ]


@receiver(collect_removal_consequences, dispatch_uid="plans_proposal_off_the_agenda")
def proposal_goes_back(sender: Any, item: Any, **kwargs: Any) -> list[str]:
    """A plan proposed under the item leaves the agenda and may be proposed to another meeting."""
    sentences = []
    for version in PlanVersion.objects.filter(agenda_item=item, status=PlanStatus.PROPOSAL).select_related(
        "document__collaboration"
    ):
        document = version.document
        drafting = body(document.collaboration, document_type(document.collaboration, document.doc_type).drafted_by)
        sentences.append(
            _("Förslaget %(title)s, version %(n)s går tillbaka till %(group)s, som kan lämna det till ett annat möte.")
            % {"title": document.title, "n": version.number, "group": drafting.name}
        )
    return sentences
