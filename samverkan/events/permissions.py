"""The events app's actions, answered through the one `Access.can` (accounts.permissions)."""

from __future__ import annotations

from samverkan.accounts.permissions import define_action, manager, participant

# Create, change, publish and cancel events; see and handle their registrations (move people up
# from the waitlist by hand): the coordinator or the instance admin.
MANAGE_EVENTS = define_action("manage_events", manager)
# Published events for members only: participants of the collaboration (public ones are for all).
VIEW_MEMBER_EVENTS = define_action("view_member_events", participant)
