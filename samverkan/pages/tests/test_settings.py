"""Settings read from the environment fail loudly on bad values and on a missing production secret."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from samverkan.lib.env import DEVELOPMENT_SECRET_KEY, env_bool, env_int, require_production_secret


def test_serving_in_production_with_the_development_key_is_refused():
    with pytest.raises(ImproperlyConfigured, match="SAMVERKAN_SECRET_KEY"):
        require_production_secret(secret_key=DEVELOPMENT_SECRET_KEY, debug=False, demo_mode=False)
    require_production_secret(secret_key=DEVELOPMENT_SECRET_KEY, debug=False, demo_mode=True)
    require_production_secret(secret_key="a-real-secret", debug=False, demo_mode=False)


def test_the_wsgi_application_will_not_start_without_a_secret():
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}
    env["DJANGO_SETTINGS_MODULE"] = "samverkan.settings"
    result = subprocess.run([sys.executable, "-c", "import samverkan.wsgi"], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SAMVERKAN_SECRET_KEY must be set" in result.stderr
    env["SAMVERKAN_SECRET_KEY"] = "x" * 50
    assert subprocess.run([sys.executable, "-c", "import samverkan.wsgi"], env=env).returncode == 0


def test_a_bad_boolean_or_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("SAMVERKAN_X", "kanske")
    with pytest.raises(ImproperlyConfigured, match="SAMVERKAN_X"):
        env_bool("SAMVERKAN_X", False)
    with pytest.raises(ImproperlyConfigured, match="integer"):
        env_int("SAMVERKAN_X", 1)
