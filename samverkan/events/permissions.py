"""The events app's actions, answered through the one `Access.can` (accounts.permissions)."""

from __future__ import annotations

from samverkan.accounts.permissions import define_action, manager, participant

# Create, change, publish and cancel events; see and handle their registrations (move people up
# from the waitlist by hand): the coordinator or the instance admin.
MANAGE_EVENTS = define_action("manage_events", manager)
# Published events for members only: participants of the collaboration (public ones are for all).
VIEW_MEMBER_EVENTS = define_action("view_member_events", participant)
# The reach of the events (per event and per year: registrations, attendance, municipalities,
# categories, the protected gender counts, evaluation averages): the collaboration group reports
# it, so every participant sees it; it holds aggregates only, no one's registration.
VIEW_EVENT_REACH = define_action("view_event_reach", participant)
