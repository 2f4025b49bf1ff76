"""The client's address of a request, behind trusted reverse proxies.

`REMOTE_ADDR` is the direct peer. Only when that peer is one of `settings.TRUSTED_PROXIES`
(addresses or networks, from SAMVERKAN_TRUSTED_PROXIES) is `X-Forwarded-For` read, from the
right: each hop a trusted proxy appended is skipped, and the first (right-most) hop that is not
a trusted proxy is the client. Anything left of it was written by the client and is ignored, so
a client cannot choose its own address. Used by the login rate limits and the audit trail.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def parse_address(text: str) -> Address | None:
    """An address as proxies write it (`203.0.113.5`, `203.0.113.5:4711`, `[2001:db8::1]:443`)."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address as text ("" if the peer gave none)."""
    peer = parse_address(request.META.get("REMOTE_ADDR", "") or "")
    if peer is None:
        return ""
    networks = _networks(tuple(str(item) for item in getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    client = peer
    for hop in reversed(request.headers.get("X-Forwarded-For", "").split(",")):
        address = parse_address(hop)
        if address is None:
            break  # a hop no proxy of ours wrote: the nearest address we know stands
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
