"""The meetings app's actions, answered through the one `Access.can` (accounts.permissions)."""

from __future__ import annotations

from typing import Any

from samverkan.accounts.permissions import (
    ORGANISER_ROLES,
    Access,
    define_action,
    manager,
    meeting_organiser,
    participant,
)


def _suggests(access: Access, obj: Any) -> bool:
    """An organiser of the group (obj), or any member of it today."""
    return meeting_organiser(access, obj) or getattr(obj, "pk", None) in access.group_ids


def _plans_meetings(access: Access, obj: Any) -> bool:
    """The coordinator, an admin, or whoever chairs, convenes or is secretary of any group."""
    return manager(access, obj) or bool({role for _group, role in access.group_roles} & set(ORGANISER_ROLES))


MANAGE_MEETINGS = define_action("manage_meetings", meeting_organiser)  # obj: the group
VIEW_VIDEO_LINK = define_action("view_video_link", participant)  # obj: the meeting (Meeting.video_link_for)
SUGGEST_AGENDA_ITEM = define_action("suggest_agenda_item", _suggests)  # obj: the group
PLAN_MEETINGS = define_action("plan_meetings", _plans_meetings)
# agenda items and minute items (§§) that are not public, their decisions and their documents
VIEW_CLOSED_ITEMS = define_action("view_closed_items", participant)
