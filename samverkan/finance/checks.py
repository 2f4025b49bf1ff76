"""The facts the economy's clauses are judged on (`finance.rules`), read from the database."""

from __future__ import annotations

import datetime

from django.utils import timezone

from samverkan.collaborations.models import Collaboration
from samverkan.finance import selectors as finance
from samverkan.finance.models import TimeEntry, TimeKind
from samverkan.finance.rules import BudgetFact, FinanceFacts
from samverkan.meetings.models import Meeting


def collect(collaboration: Collaboration, on: datetime.date) -> FinanceFacts | None:
    """This year's and next year's budgets, the year's presented status reports, the
    coordinator's logged time and the year's meetings; None when the model has no economy."""
    if collaboration.model.economy is None:
        return None
    budgets = []
    for year in (on.year, on.year + 1):
        version = finance.shown_budget(collaboration, year, drafts=True)
        if version is None:
            continue
        lines = finance.version_lines(version)
        if not any(line.amount_ore for line in lines):
            continue  # not drafted yet: PL4 says so
        share = finance.cofinancing(collaboration, version, year)
        budgets.append(BudgetFact(year, version.document_id, tuple(lines), share.error if share.total_ore else ""))
    minutes = TimeEntry.objects.filter(
        collaboration=collaboration, kind=TimeKind.COORDINATOR, day__year=on.year, day__lte=on
    ).values_list("day", "minutes")
    meetings = tuple(
        (group_key, timezone.localtime(starts_at).date())
        for group_key, starts_at in Meeting.objects.not_cancelled()
        .filter(group__collaboration=collaboration, starts_at__year=on.year)
        .values_list("group__key", "starts_at")
    )
    return FinanceFacts(
        on=on,
        budgets=tuple(budgets),
        reported=tuple(
            sorted(
                {
                    (r.agenda_item.meeting.group.key, timezone.localtime(r.agenda_item.meeting.starts_at).date())
                    for r in finance.presented_reports(collaboration, on.year)
                    if r.agenda_item is not None
                }
            )
        ),
        coordinator_minutes=tuple(minutes),
        meetings=meetings,
    )
