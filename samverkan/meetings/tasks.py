"""Background tasks of the meetings app, run by `samverkan db_worker`."""

from django.tasks import task

from samverkan.meetings import notices


@task()
def send_meeting_invitations(meeting_id: int, method: str) -> None:
    notices.send_invitations(meeting_id=meeting_id, method=method)


@task()
def send_poll_invitations(poll_id: int) -> None:
    from samverkan.meetings import polls

    polls.send_invitations(poll_id=poll_id)


@task()
def send_supplementary_notice(meeting_id: int) -> None:
    notices.send_supplementary_notice(meeting_id=meeting_id)


@task()
def send_approval_links(minutes_id: int) -> None:
    from samverkan.meetings import minutes

    minutes.send_links(minutes_id=minutes_id)
