"""Background tasks of the desk, run by `samverkan db_worker`."""

from django.tasks import task

from samverkan.desk import services


@task()
def send_weekly_mail() -> int:
    return services.send_weekly_mail()
