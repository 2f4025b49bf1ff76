"""Two users saving the budget at the same moment, on a SQLite file: run as a script.

`python -m tests.sqlite_writers` with DATABASE_URL naming a fresh SQLite file migrates it, loads
the Västerbotten collaboration, starts a budget and lets two threads (two connections, as two
requests would have) save it ROUNDS times each, all at once. It prints one JSON line: how many
saves went through and the errors (e.g. "database is locked"). tests/test_sqlite_concurrency.py
runs it; it needs its own process because the test database is in memory.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import django

ROUNDS = 15


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    from samverkan.agreement.services import load_collaboration_model
    from samverkan.finance import services as finance
    from samverkan.finance.budget import SharingKey
    from samverkan.plans import services as plans

    call_command("migrate", verbosity=0)
    model = Path(settings.BASE_DIR) / "agreements" / "miljosamverkan-vasterbotten.toml"
    collaboration = load_collaboration_model(path=model, actor=None).collaboration
    document = plans.start_document(collaboration=collaboration, doc_type="budget", year=2031, actor=None)
    version = plans.latest_version(document)
    journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    connection.close()

    barrier = threading.Barrier(2)
    saved: list[int] = []
    errors: list[str] = []

    def writer(amount: int) -> None:
        try:
            barrier.wait()
            for round_ in range(ROUNDS):
                try:
                    finance.update_budget(
                        version=version,
                        amounts={"cost:samordnare": amount + round_},
                        notes={},
                        key=SharingKey("equal"),
                        actor=None,
                    )
                    saved.append(amount)
                except Exception as error:  # noqa: BLE001 - the point is to report any failure
                    errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(amount,)) for amount in (100_00, 200_00)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"saved": len(saved), "errors": errors, "journal_mode": journal}))


if __name__ == "__main__":
    main()
