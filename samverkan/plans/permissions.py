"""The plans app's actions, answered through the one `Access.can` (accounts.permissions)."""

from __future__ import annotations

from typing import Any

from samverkan.accounts.permissions import (
    Access,
    define_action,
    group_member_or_manager,
    manager,
    meeting_organiser,
    participant,
)


def _assignment_owner(access: Access, obj: Any) -> bool:
    """Who reports on an assignment: the coordinator, the person it was given to, or a member of
    the working group it was given to."""
    if manager(access, obj):
        return True
    mine = obj.owner_person_id is not None and obj.owner_person_id == access.person_id
    my_group = obj.owner_group_id is not None and obj.owner_group_id in access.group_ids
    return access.is_authenticated and (mine or my_group)


VIEW_PLANS = define_action("view_plans", participant)  # drafts and proposals; decided plans are public
DRAFT_PLAN = define_action("draft_plan", group_member_or_manager)  # obj: the drafting group of the type
SEND_BACK_PLAN = define_action("send_back_plan", meeting_organiser)  # obj: the deciding group
MANAGE_ACTIVITIES = define_action("manage_activities", group_member_or_manager)  # obj: the drafting group
MANAGE_ASSIGNMENTS = define_action("manage_assignments", manager)
REPORT_ASSIGNMENT = define_action("report_assignment", _assignment_owner)  # obj: the assignment
VIEW_CALENDAR = define_action("view_calendar", participant)
PLAN_YEAR = define_action("plan_year", manager)
