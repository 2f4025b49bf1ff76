"""The embedded default, SQLite, holds two users saving at once (WAL, a busy timeout, IMMEDIATE)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.sqlite_writers import ROUNDS

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only"
)


def test_sqlite_is_configured_for_concurrent_use():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]
    assert connection.vendor == "sqlite"


def test_two_simultaneous_budget_saves_on_a_sqlite_file_both_go_through(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'samverkan.sqlite3'}",
        "SAMVERKAN_SQLITE_TIMEOUT": "20",
    }
    run = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_writers"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["errors"] == []  # before: OperationalError: database is locked
    assert result["saved"] == 2 * ROUNDS
    assert result["journal_mode"] == "wal"
