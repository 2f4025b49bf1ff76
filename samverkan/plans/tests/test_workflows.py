"""The plans' workflows: which status may follow which. The tables are pure; the last tests show
the use cases asking them."""

from __future__ import annotations

import pytest

from samverkan.lib.errors import DomainError
from samverkan.plans import rules, services
from samverkan.plans.models import ActivityStatus, AssignmentNote, AssignmentStatus, PlanStatus


@pytest.mark.parametrize(
    ("flow", "enum"),
    [(rules.PLAN_VERSION, PlanStatus), (rules.ACTIVITY, ActivityStatus), (rules.ASSIGNMENT, AssignmentStatus)],
)
def test_each_table_decides_for_every_status_of_its_enum(flow, enum) -> None:
    assert flow.covers(enum.values)


def test_a_version_is_proposed_then_decided_or_sent_back_and_a_decided_one_stays() -> None:
    moves = {(a, b) for a in PlanStatus.values for b in PlanStatus.values if rules.PLAN_VERSION.allows(a, b)}
    assert moves == {
        ("draft", "proposal"),
        ("returned", "proposal"),
        ("proposal", "proposal"),
        ("proposal", "decided"),
        ("proposal", "returned"),
    }
    labels = dict(PlanStatus.choices)
    assert rules.PLAN_VERSION.refusal("decided", "returned", labels=labels) == (
        "En version som är beslutad kan inte bli återremitterad."
    )
    assert rules.PLAN_VERSION.refusal("draft", "decided", labels=labels) == (
        "En version som är utkast kan inte bli beslutad."
    )


def test_the_follow_up_of_an_activity_may_correct_any_status() -> None:
    assert all(rules.ACTIVITY.allows(a, b) for a in ActivityStatus.values for b in ActivityStatus.values)


def test_a_finished_assignment_is_not_cancelled_and_a_cancelled_one_is_resumed_before_it_is_finished() -> None:
    labels = dict(AssignmentStatus.choices)
    assert rules.ASSIGNMENT.next_states("not_started") == set(AssignmentStatus.values)
    assert rules.ASSIGNMENT.next_states("in_progress") == set(AssignmentStatus.values)
    assert rules.ASSIGNMENT.next_states("done") == {"done", "not_started", "in_progress"}
    assert rules.ASSIGNMENT.next_states("cancelled") == {"cancelled", "not_started", "in_progress"}
    assert rules.ASSIGNMENT.refusal("done", "cancelled", labels=labels) == (
        "Ett uppdrag som är slutfört kan inte bli avbrutet."
    )
    assert rules.ASSIGNMENT.refusal("cancelled", "done", labels=labels) == (
        "Ett uppdrag som är avbrutet kan inte bli slutfört."
    )


# --- the use cases ask the tables (database) ---------------------------------------------------


def test_the_owner_cannot_finish_a_cancelled_assignment_and_nothing_is_noted(give_assignment):
    assignment = give_assignment()
    services.report_progress(assignment=assignment, actor=None, text="Vi slutar", percent_done=0, status="cancelled")
    with pytest.raises(DomainError, match="Ett uppdrag som är avbrutet kan inte bli slutfört") as refused:
        services.report_progress(
            assignment=assignment,
            actor=None,
            text="Klart ändå",
            percent_done=100,
            status="done",
            outcome="Checklistan finns",
            may_manage=False,
        )
    assert refused.value.field == "status"
    assignment.refresh_from_db()
    assert (assignment.status, assignment.outcome, assignment.completed_on) == ("cancelled", "", None)
    assert list(AssignmentNote.objects.filter(assignment=assignment).values_list("text", flat=True)) == ["Vi slutar"]


def test_a_finished_assignment_is_not_cancelled_afterwards(give_assignment):
    assignment = give_assignment()
    services.report_progress(
        assignment=assignment, actor=None, text="Klart", percent_done=100, status="done", outcome="Ja"
    )
    with pytest.raises(DomainError, match="Ett uppdrag som är slutfört kan inte bli avbrutet"):
        services.report_progress(assignment=assignment, actor=None, text="Ångrar", percent_done=0, status="cancelled")
    assignment.refresh_from_db()
    assert (assignment.status, assignment.percent_done, assignment.completed_on is not None) == ("done", 100, True)
    # the coordinator reopens it first, and may then cancel it
    services.report_progress(assignment=assignment, actor=None, text="Öppnar", percent_done=50, status="in_progress")
    services.report_progress(assignment=assignment, actor=None, text="Avbryter", percent_done=50, status="cancelled")
    assignment.refresh_from_db()
    assert assignment.status == "cancelled"
