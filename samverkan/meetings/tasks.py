"""Background tasks of the meetings app, run by `samverkan db_worker`."""

from django.tasks import task

from samverkan.meetings import notices


@task()
def send_meeting_invitations(meeting_id: int, method: str) -> None:
    notices.send_invitations(meeting_id=meeting_id, method=method)
