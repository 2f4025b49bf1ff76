from typing import Any

from django.core.management.base import BaseCommand

from samverkan.meetings.minutes import remind_signatories


class Command(BaseCommand):
    help = (
        "Remind, once, every chair and adjuster who has not approved draft minutes within the model "
        "file's [minutes] reminder_days of being asked; each gets a fresh link, sent by the worker. Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = remind_signatories()
        for signatory in reminded:
            self.stdout.write(f"Reminded {signatory.name} ({signatory.role}) of minutes #{signatory.minutes_id}")
        self.stdout.write(f"Reminded {len(reminded)} signatories.")
