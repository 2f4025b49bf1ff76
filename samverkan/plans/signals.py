"""Receivers: plans follow the meetings app's events without the meetings app knowing of plans."""

from typing import Any

from django.dispatch import receiver

from samverkan.meetings.signals import minutes_approved


@receiver(minutes_approved, dispatch_uid="plans_decide_from_minutes")
def decide_plans(sender: Any, minutes: Any, actor: Any = None, **kwargs: Any) -> None:
    from samverkan.plans.services import decide_from_minutes

    decide_from_minutes(minutes=minutes, actor=actor)
