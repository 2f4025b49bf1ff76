from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samverkan.desk import services
from samverkan.desk.tasks import send_weekly_mail


class Command(BaseCommand):
    help = (
        "Queue this week's to-do e-mail (Att göra) for the worker: everyone with something to do who has "
        "not opted out gets one, at most once a week. Run weekly (e.g. Monday morning); running it again "
        "the same week sends nothing twice. --now sends it here instead of through the worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="send here instead of queueing for the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            self.stdout.write(f"Sent {services.send_weekly_mail()} weekly to-do e-mails.")
            return
        send_weekly_mail.enqueue()
        self.stdout.write("Queued the weekly to-do e-mail for the worker.")
