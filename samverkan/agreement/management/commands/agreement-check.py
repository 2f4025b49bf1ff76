import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from samverkan.agreement.services import check_collaboration
from samverkan.collaborations.findings import summary
from samverkan.collaborations.models import Collaboration

SYMBOLS = {"ok": "ok     ", "warning": "warning", "breach": "BREACH "}


class Command(BaseCommand):
    help = "Check collaborations against their agreements. Exit status 1 when a rule is in breach."
    # The check reads the database only: Django's system checks (which import every view and URL
    # configuration) cost more than the check itself; `samverkan check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--collaboration", help="The collaboration's slug (default: all)")
        parser.add_argument("--year", type=int, help="The year to judge (default: this year, as of today)")
        parser.add_argument("--json", action="store_true", help="Print a JSON list of findings")
        parser.add_argument("--language", default="sv", choices=["sv", "en"], help="Language of the messages")

    def handle(self, *args: Any, **options: Any) -> None:
        collaborations = Collaboration.objects.all()
        if options["collaboration"]:
            collaborations = collaborations.filter(slug=options["collaboration"])
            if not collaborations.exists():
                raise CommandError(f"No collaboration with the slug {options['collaboration']!r}.")
        results = []
        breach = False
        with translation.override(options["language"]):
            for collaboration in collaborations:
                for finding in check_collaboration(collaboration, year=options["year"]):
                    breach = breach or finding.status == "breach"
                    results.append((collaboration, finding))
        if options["json"]:
            payload = [{**f.as_dict(), "collaboration": c.slug} for c, f in results]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for collaboration, finding in results:
                self.stdout.write(
                    f"{collaboration.slug}  {finding.rule:<4} {SYMBOLS[finding.status]} {finding.message}"
                )
            counts = summary(f for _, f in results)
            self.stdout.write(f"{counts['ok']} ok, {counts['warning']} warning, {counts['breach']} breach")
        if breach:
            sys.exit(1)
