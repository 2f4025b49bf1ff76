from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.lib.errors import DomainError
from samverkan.organisations.services import import_populations


class Command(BaseCommand):
    help = "Load municipality populations per year from a CSV (code,name,population_YYYY_12_31,…)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="SCB")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            changed = import_populations(path=options["file"], source=options["source"], actor=None)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{changed} population figures written")
