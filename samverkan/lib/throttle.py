"""How often one network may do a thing that anyone may do without an account (a registration
for a public event): a count per hour in the cache, the same for every web process when the cache
is Redis (production), per process with the local-memory cache (development, tests).

A network is the client's IPv4 address, or the /64 of an IPv6 address (one household or office
gets a /64, and can choose any address in it). The client's address is `client_address`, so a
client behind a trusted proxy cannot choose its own. A request without an address is not limited.

`exceeded` asks before the work is done and `count` counts only what was done, so a form sent
back with a mistake costs nothing.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from samverkan.lib.client_address import client_address, parse_address

WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class Limit:
    scope: str  # what is counted, e.g. "event-registration"
    per_hour: int  # 0: no limit


def network(address: str) -> str:
    """The network an address counts for: an IPv4 address itself, an IPv6 address's /64."""
    parsed = parse_address(address)
    if parsed is None:
        return ""
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _key(limit: Limit, request: HttpRequest) -> str | None:
    where = network(client_address(request))
    if not where or limit.per_hour <= 0:
        return None
    return f"throttle:{limit.scope}:{where}:{int(time.time() // WINDOW_SECONDS)}"


def exceeded(limit: Limit, request: HttpRequest) -> bool:
    """Whether this network has done the thing `per_hour` times in this hour already."""
    key = _key(limit, request)
    return key is not None and int(cache.get(key, 0)) >= limit.per_hour


def count(limit: Limit, request: HttpRequest) -> None:
    """Count one more for this network in this hour (kept a little past the hour's end)."""
    key = _key(limit, request)
    if key is None:
        return
    cache.add(key, 0, WINDOW_SECONDS + 60)
    try:
        cache.incr(key)
    except ValueError:  # gone between the two calls: the hour turned
        cache.add(key, 1, WINDOW_SECONDS + 60)
