"""The meetings app's background tasks under the names they were first queued by.

Each task lives beside the use case that queues it (services, polls, minutes), so that no module
needs the other back. A task row names its function by import path, so rows queued before the
move still find theirs here.
"""

from samverkan.meetings.minutes import send_approval_links
from samverkan.meetings.polls import send_poll_invitations
from samverkan.meetings.services import send_meeting_invitations
from samverkan.meetings.services import send_supplementary_notice_mail as send_supplementary_notice

__all__ = ["send_approval_links", "send_meeting_invitations", "send_poll_invitations", "send_supplementary_notice"]
