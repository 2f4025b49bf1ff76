"""Typed readers for settings taken from the environment; a bad value fails loudly."""

import ipaddress
import os
import re

from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
# .env.example's secret key starts so; copied unchanged, it is as public as the development key.
PLACEHOLDER_PREFIX = "change-me"

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


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str, default: list[str]) -> list[str]:
    """A comma-separated list of IP addresses or networks (`10.0.0.5, 192.168.0.0/16, ::1`),
    normalised to network notation."""
    result = []
    for item in env_list(name, default):
        try:
            result.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks separated by commas; {item!r} is neither"
            ) from None
    return result


_HEADER_NAME = re.compile(r"^[A-Za-z0-9-]+$")


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """The header and value by which the reverse proxy says a request came over HTTPS, written
    `X-Forwarded-Proto: https`, as Django's SECURE_PROXY_SSL_HEADER (`("HTTP_X_FORWARDED_PROTO",
    "https")`); None when unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    header, sep, value = raw.partition(":")
    header, value = header.strip(), value.strip()
    if not sep or not _HEADER_NAME.match(header) or not value:
        raise ImproperlyConfigured(f"{name} must read like 'X-Forwarded-Proto: https'; got {raw!r}")
    return "HTTP_" + header.upper().replace("-", "_"), value


def require_production_secret(*, secret_key: str, debug: bool, demo_mode: bool) -> None:
    """Refuse to serve with the development key outside debug and demo mode."""
    placeholder = secret_key == DEVELOPMENT_SECRET_KEY or secret_key.startswith(PLACEHOLDER_PREFIX)
    if placeholder and not (debug or demo_mode):
        raise ImproperlyConfigured(
            "SAMVERKAN_SECRET_KEY must be set to a long random value before serving in production "
            "(or set SAMVERKAN_DEMO=1 for a demo)."
        )
