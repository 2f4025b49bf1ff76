"""Several web processes share one Redis: the settings switch cache and sessions together.

The whole set-up (two gunicorns behind nginx, two workers, a load test) is `make loadtest`
(deploy/scaleout.py); these tests pin the settings it relies on.
"""

import json
import os
import subprocess
import sys

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
