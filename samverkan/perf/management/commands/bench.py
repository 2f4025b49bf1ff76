import json
import sys
import warnings
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samverkan.perf import bench


class Command(BaseCommand):
    help = (
        "Measure every main page and API list of the generated Miljösamverkan Västerbotten in process, "
        "warm, against a floor page sampled in the same run; print median, p95, SQL queries and the "
        "ratio to the floor, and the targets of issue 14 as met or missed (docs/performance.md)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=["county", "national", "tiny"], required=True, metavar="county|national")
        parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
        parser.add_argument("--warmup", type=int, default=2, help="discarded requests per page first (default 2)")
        parser.add_argument("--json", type=Path, help="write the results to this file")
        parser.add_argument(
            "--only",
            default="",
            help="only the pages whose label contains one of these words (e.g. 'event,registration'); the floors always",
        )
        parser.add_argument("--from", dest="stored", type=Path, help="print a stored run's table instead of running")
        parser.add_argument(
            "--compare",
            type=Path,
            help="the county run's JSON: print the query counts side by side and national/county",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["requests"] < 1:
            raise CommandError("--requests must be at least 1")
        county = None
        if options["compare"]:
            county = self._read(options["compare"])

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\rbench {options['scale']}: round {done}/{total}")
            if done == total:
                sys.stderr.write("\n")

        # whitenoise warns once per client that `collectstatic` has not run; the bench serves no files
        warnings.filterwarnings("ignore", message="No directory at")
        if options["stored"]:
            report = self._read(options["stored"])
        else:
            report = bench.run(
                requests=options["requests"], warmup=options["warmup"], progress=progress, only=options["only"]
            )
            report["scale"] = options["scale"]
        if options["json"] and not options["stored"]:
            options["json"].parent.mkdir(parents=True, exist_ok=True)
            options["json"].write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        for line in bench.table(report, county):
            self.stdout.write(line)

    def _read(self, path: Path) -> dict[str, Any]:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
