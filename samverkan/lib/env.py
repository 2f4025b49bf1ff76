"""Typed readers for settings taken from the environment; a bad value fails loudly."""

import os

from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer; got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def require_production_secret(*, secret_key: str, debug: bool, demo_mode: bool) -> None:
    """Refuse to serve with the development key outside debug and demo mode."""
    if secret_key == DEVELOPMENT_SECRET_KEY and not (debug or demo_mode):
        raise ImproperlyConfigured(
            "SAMVERKAN_SECRET_KEY must be set to a long random value before serving in production "
            "(or set SAMVERKAN_DEMO=1 for a demo)."
        )
