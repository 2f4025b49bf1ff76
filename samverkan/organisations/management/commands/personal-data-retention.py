from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samverkan.organisations.personal_data import apply_other_retention, apply_retention


class Command(BaseCommand):
    help = (
        "Erase the personal data of people whose last membership ended longer ago than the retention "
        "period in their collaborations' model files ([contact_list] retention_months), and what other apps "
        "keep past their own periods (event registrations: [events] retention_months). Run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report who would be erased; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        expired = apply_retention(dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        for item in expired:
            self.stdout.write(
                f"{verb} person #{item.person.pk}: last membership ended {item.last_membership_ended}, "
                f"retention {item.retention_months} months"
            )
        self.stdout.write(f"{verb} {len(expired)} people.")
        for line in apply_other_retention(dry_run=dry_run):
            self.stdout.write(line)
