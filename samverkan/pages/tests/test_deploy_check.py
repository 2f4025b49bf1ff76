"""The documented production environment (.env.example, repeated in docs/security.md)
passes `samverkan check --deploy` with no warning; the HTTPS settings come from the environment
and fail loudly on bad values; /healthz stays reachable over plain HTTP."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from samverkan.lib.env import env_int, env_proxy_ssl_header, require_production_secret

ROOT = Path(__file__).resolve().parents[3]


def documented_environment(text: str) -> dict[str, str]:
    """KEY=VALUE lines, as a process environment gets them (comments and blank lines skipped)."""
    pairs = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            assert sep and re.fullmatch(r"[A-Z_][A-Z0-9_]*", key), line
            pairs[key] = value
    return pairs


def _env_example() -> dict[str, str]:
    return documented_environment((ROOT / ".env.example").read_text(encoding="utf-8"))


def _check_deploy(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR", "SYSTEMROOT")}
    return subprocess.run(
        [sys.executable, "-m", "samverkan", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **environment, "DJANGO_SETTINGS_MODULE": "samverkan.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_environment_passes_check_deploy_with_no_warning():
    result = _check_deploy(_env_example())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output and "WARNING" not in output, output


def test_the_documentation_shows_exactly_that_environment():
    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    block = doc.split("## Production configuration", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert documented_environment(block) == _env_example()


def test_without_the_https_settings_check_deploy_warns():
    environment = {k: v for k, v in _env_example().items() if "HSTS" not in k and k != "SAMVERKAN_SSL_REDIRECT"}
    output = _check_deploy(environment).stderr
    assert "security.W004" in output and "security.W008" in output


def test_the_example_secret_is_refused_when_serving():
    with pytest.raises(ImproperlyConfigured, match="SAMVERKAN_SECRET_KEY"):
        require_production_secret(secret_key=_env_example()["SAMVERKAN_SECRET_KEY"], debug=False, demo_mode=False)


def test_https_settings_read_from_the_environment_fail_loudly_on_bad_values(monkeypatch):
    monkeypatch.setenv("SAMVERKAN_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
    assert env_proxy_ssl_header("SAMVERKAN_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")
    for bad in ("https", "X-Forwarded-Proto:", "X Forwarded: https"):
        monkeypatch.setenv("SAMVERKAN_PROXY_SSL_HEADER", bad)
        with pytest.raises(ImproperlyConfigured, match="SAMVERKAN_PROXY_SSL_HEADER"):
            env_proxy_ssl_header("SAMVERKAN_PROXY_SSL_HEADER")
    monkeypatch.setenv("SAMVERKAN_HSTS_SECONDS", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SAMVERKAN_HSTS_SECONDS", 0, minimum=0)
    result = _check_deploy({**_env_example(), "SAMVERKAN_HSTS_PRELOAD": "kanske"})
    assert result.returncode != 0 and "SAMVERKAN_HSTS_PRELOAD" in result.stderr


def test_plain_http_is_redirected_except_the_health_check(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/healthz").status_code == 200
    redirected = client.get("/tillganglighet/")
    assert redirected.status_code == 301 and redirected["Location"].startswith("https://")
    assert client.get("/tillganglighet/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
