"""The facts the meetings' clauses are judged on (`meetings.rules.judge`), read from the database:
the groups that exist, the year's meetings and the minutes of the meetings held."""

from __future__ import annotations

import datetime

from django.utils import timezone

from samverkan.collaborations.models import Collaboration
from samverkan.meetings import rules
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.organisations.models import Group


def year_meetings(collaboration: Collaboration, year: int) -> tuple[rules.MeetingFact, ...]:
    """The year's meetings that are not cancelled (the plans' clauses need them too)."""
    return tuple(
        rules.MeetingFact(group_key, timezone.localtime(starts_at).date())
        for group_key, starts_at in Meeting.objects.not_cancelled()
        .filter(group__collaboration=collaboration, starts_at__year=year)
        .values_list("group__key", "starts_at")
    )


def collect(collaboration: Collaboration, on: datetime.date) -> rules.MeetingFacts:
    held = (
        Meeting.objects.filter(group__collaboration=collaboration, starts_at__year=on.year, starts_at__date__lt=on)
        .filter(status__in=[MeetingStatus.HELD, MeetingStatus.APPROVED])
        .select_related("group", "minutes")
    )
    minutes = []
    for meeting in held:
        record = getattr(meeting, "minutes", None)
        approved = timezone.localtime(record.approved_at).date() if record and record.approved_at else None
        minutes.append(
            rules.MinutesFact(
                meeting.group.key,
                meeting.group.name,
                meeting.pk,
                timezone.localtime(meeting.starts_at).date(),
                approved,
            )
        )
    return rules.MeetingFacts(
        on=on,
        groups=tuple(
            rules.GroupRef(key, pk, name)
            for pk, key, name in Group.objects.current(on)
            .filter(collaboration=collaboration)
            .values_list("pk", "key", "name")
        ),
        meetings=year_meetings(collaboration, on.year),
        minutes=tuple(minutes),
    )
