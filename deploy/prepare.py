"""The scale-out run's data, beside the demo: `python deploy/prepare.py seed N` or `... tasks`.

seed N: a date poll for the collaboration group with its invitations queued (the members answer it
during the load test: "registering"), and N confirmation send-outs of one e-mail each, queued as N
tasks, so that two workers compete for them. Prints, as JSON, what the load test needs (the
collaboration's address, the poll's links, what a coordinator edits) and how many e-mails the
workers must send.

tasks: how the queued tasks ended, as JSON: counts by status, how many each worker ran, and any
task claimed by more than one worker (django-tasks-db records every claim in `worker_ids`).

Run by deploy/scaleout.py with the environment of the web processes (DATABASE_URL and the rest).
"""

import datetime
import json
import os
import sys
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from samverkan.accounts.models import User  # noqa: E402
from samverkan.collaborations.models import Collaboration  # noqa: E402
from samverkan.meetings import polls  # noqa: E402
from samverkan.meetings.models import Meeting  # noqa: E402
from samverkan.organisations import confirmations  # noqa: E402
from samverkan.organisations.models import Group, Person  # noqa: E402


def next_weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def seed(mails: int) -> dict[str, object]:
    collaboration = Collaboration.objects.order_by("pk").first()
    if collaboration is None:
        raise SystemExit("No collaboration: run `samverkan demo` first.")
    coordinator = User.objects.get(username="samordnare")
    # What the demo itself queued (its approval links) is sent here, into memory, so that the queue
    # the two workers share holds exactly the run's own tasks and the sink can count them.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        call_command("db_worker", batch=True, worker_id="seed", verbosity=0, startup_delay=False)
    group = Group.objects.get(collaboration=collaboration, key="samverkansgruppen")

    day = next_weekday(timezone.localdate() + datetime.timedelta(days=21))
    options = []
    for offset in (0, 1):
        starts = timezone.make_aware(
            datetime.datetime.combine(next_weekday(day + datetime.timedelta(days=offset)), datetime.time(10))
        )
        options.append((starts, starts + datetime.timedelta(hours=2)))
    poll = polls.create_poll(group=group, title="Lasttest: höstens möte", options=options, actor=coordinator)
    invited = polls.invite(poll=poll, actor=coordinator)

    people = list(Person.objects.filter(erased_at__isnull=True).exclude(email="").order_by("pk"))
    for number in range(mails):
        confirmations.request_confirmations(
            collaboration=collaboration,
            people=[people[number % len(people)]],
            description=f"Lasttest {number + 1}",
            actor=coordinator,
        )
    edited = Person.objects.filter(user__isnull=True, erased_at__isnull=True).order_by("pk").first()
    assert edited is not None
    meeting = Meeting.objects.filter(group=group).order_by("pk").first()
    return {
        "slug": collaboration.slug,
        "group": group.pk,
        "person": edited.pk,
        "meeting": meeting.pk if meeting else None,
        "poll_links": [f"/datum/{polls.token_for(i)}/" for i in poll.invitations.order_by("pk")],
        "poll_options": [o.pk for o in poll.options.order_by("pk")],
        "expected_mails": mails + invited,
        "tasks": mails + 1,
    }


def tasks() -> dict[str, object]:
    results = list(DBTaskResult.objects.values("status", "worker_ids"))
    by_worker: Counter[str] = Counter()
    for result in results:
        by_worker.update(result["worker_ids"])
    return {
        "total": len(results),
        "by_status": dict(Counter(r["status"] for r in results)),
        "by_worker": dict(by_worker),
        "claimed_twice": sum(1 for r in results if len(r["worker_ids"]) > 1),
    }


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "seed":
        print(json.dumps(seed(int(sys.argv[2]))))
    elif command == "tasks":
        print(json.dumps(tasks()))
    else:
        raise SystemExit(__doc__)
