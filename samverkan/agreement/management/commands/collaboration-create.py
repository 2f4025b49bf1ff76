from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.agreement.services import load_collaboration_model
from samverkan.collaborations.model_file import ModelFileError


class Command(BaseCommand):
    help = "Create or update a collaboration from its model file (TOML). Idempotent; all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", required=True, type=Path, help="Path to the model file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_collaboration_model(path=options["model"], actor=None)
        except ModelFileError as error:
            raise CommandError(str(error)) from None
        collaboration = result.collaboration
        if result.created:
            self.stdout.write(f"Created {collaboration.slug}: {collaboration.name}")
        elif result.changes:
            self.stdout.write(f"Updated {collaboration.slug}: " + "; ".join(result.changes))
        else:
            self.stdout.write(f"Unchanged {collaboration.slug}")
