from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samverkan.events import reminders


class Command(BaseCommand):
    help = (
        "Queue the events' e-mails that are due for the worker: the reminder reminder_days before an "
        "event, and the link to the anonymous evaluation after it. Run every hour; each registrant gets "
        "each e-mail once, however often it runs. --now sends here instead of through the worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="send here instead of queueing for the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            reminded = reminders.send_reminders()
            asked = reminders.send_evaluation_links()
            self.stdout.write(f"Sent {reminded} reminders and {asked} evaluation links.")
            return
        reminders.send_reminders_task.enqueue()
        reminders.send_evaluation_links_task.enqueue()
        self.stdout.write("Queued the events' reminders and evaluation links for the worker.")
