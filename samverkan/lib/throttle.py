"""How often one network may do a thing that anyone may do without an account (a registration
for a public event): a count per hour in the cache, the same for every web process when the cache
is Redis (production), per process with the local-memory cache (development, tests).

A network is the client's IPv4 address, or the /64 of an IPv6 address (one household or office
gets a /64, and can choose any address in it). The client's address is `client_address`, so a
client behind a trusted proxy cannot choose its own. A request without an address is not limited.

`claim` takes one before the work is done (refused when none is left) and `release` gives it back
when the work was refused, so a form sent back with a mistake costs nothing.
"""

from __future__ import annotations

import contextlib
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


def claim(limit: Limit, request: HttpRequest) -> bool:
    """Take one of this network's `per_hour` for this hour: False (nothing taken) when they are
    all taken. The count goes up first and is judged after, so requests at the same moment cannot
    all pass one check (the cache's increment is atomic in Redis). Give it back with `release`
    when the thing was not done after all."""
    key = _key(limit, request)
    if key is None:
        return True
    cache.add(key, 0, WINDOW_SECONDS + 60)
    try:
        taken = cache.incr(key)
    except ValueError:  # gone between the two calls: the hour turned
        cache.add(key, 1, WINDOW_SECONDS + 60)
        taken = 1
    if taken > limit.per_hour:
        release(limit, request)
        return False
    return True


def release(limit: Limit, request: HttpRequest) -> None:
    """Give back one claimed (a form sent back with a mistake costs nothing)."""
    key = _key(limit, request)
    if key is None:
        return
    with contextlib.suppress(ValueError):  # the hour turned: nothing to give back
        cache.decr(key)
