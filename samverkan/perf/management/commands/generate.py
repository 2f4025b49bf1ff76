import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samverkan.collaborations.generation import Progress
from samverkan.perf.generator import AlreadyFilled, generate


class Command(BaseCommand):
    help = (
        "Fill an empty database with generated collaborations for the benchmark: county (one county, "
        "~1/20) or national (21 county and 20 sector collaborations, 290 municipalities, 6 000 people, "
        "ten years of meetings, 200 000 ledger rows). Deterministic for a seed."
    )

    def add_arguments(self, parser: Any) -> None:
        # "tiny" is for tests: one collaboration, one year
        parser.add_argument("--scale", choices=["county", "national", "tiny"], required=True, metavar="county|national")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-progress", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = generate(
                scale=options["scale"], seed=options["seed"], progress=Progress(enabled=not options["no_progress"])
            )
        except AlreadyFilled as error:
            raise CommandError(
                "The database already holds collaborations; generate into an empty one "
                "(e.g. DATABASE_URL=sqlite:///.bench/x.sqlite3 samverkan migrate first)."
            ) from error
        for name, seconds in summary.parts:
            self.stdout.write(f"  {name:<32} {seconds:7.1f} s")
        for name, count in summary.counts.items():
            self.stdout.write(f"  {name:<32} {count:>9,}".replace(",", " "))
        size = f"{summary.database_bytes / 1e6:.1f} MB" if summary.database_bytes is not None else "unknown"
        self.stdout.write(
            f"Generated scale {summary.scale} (seed {summary.seed}) in {summary.seconds:.1f} s; database size {size}."
        )
