"""Several web processes share one Redis: the settings switch cache and sessions together.

The whole set-up (two gunicorns behind nginx, two workers, a load test) is `make loadtest`
(deploy/scaleout.py); these tests pin the settings it relies on.
"""

import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.core import mail

READ_SETTINGS = (
    "import json; from samverkan import settings as s; "
    "print(json.dumps({'cache': s.CACHES['default']['BACKEND'], "
    "'sessions': getattr(s, 'SESSION_ENGINE', 'django.contrib.sessions.backends.db')}))"
)


def settings_with(**env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    out = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_with_redis_the_cache_and_the_sessions_are_shared_between_processes():
    found = settings_with(REDIS_URL="redis://127.0.0.1:6379/0")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    # read from the shared cache, written through to the database
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_without_redis_one_process_keeps_its_cache_and_sessions_are_in_the_database():
    found = settings_with()
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["sessions"] == "django.contrib.sessions.backends.db"


def load_runner():
    spec = importlib.util.spec_from_file_location("scaleout", Path(django_settings.BASE_DIR) / "deploy" / "scaleout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_load_tests_sink_counts_an_email_sent_twice_as_a_duplicate(settings):
    runner = load_runner()
    sink = runner.Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=runner.free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    try:
        mail.send_mail("Stämmer dina uppgifter?", "Länk 1", None, ["a@example.se"])
        mail.send_mail("Stämmer dina uppgifter?", "Länk 2", None, ["a@example.se"])
        assert sink.duplicates() == 0  # two links to one person are two e-mails
        mail.send_mail("Stämmer dina uppgifter?", "Länk 1", None, ["a@example.se"])
    finally:
        controller.stop()
    assert len(sink.mails) == 3
    assert sink.duplicates() == 1


def test_the_load_tests_p95_is_the_time_that_95_of_100_requests_stay_within():
    runner = load_runner()
    times = Counter({100: 95, 2000: 5})
    assert runner.percentile(times, 0.95) == 100
    assert runner.percentile(Counter({100: 94, 2000: 6}), 0.95) == 2000
