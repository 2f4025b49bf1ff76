"""Background tasks of the organisations app, run by `samverkan db_worker`."""

from django.tasks import task

from samverkan.organisations import confirmations


@task()
def send_confirmation_batch(batch_id: int) -> None:
    confirmations.send_batch(batch_id=batch_id)
