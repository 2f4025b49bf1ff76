"""A collaboration's slug is the first segment of its pages' paths, so it may not be one the site
itself uses outside any collaboration (`/datum/<token>/`, `/kalender/<token>.ics`, …)."""

from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from samverkan.collaborations.model_file import RESERVED_SLUGS


def _first_segments() -> set[str]:
    segments = set()
    for pattern in get_resolver().url_patterns:
        assert isinstance(pattern, URLPattern | URLResolver)
        route = str(pattern.pattern)
        if route.startswith("<"):  # the collaborations themselves
            continue
        first = route.split("/", 1)[0].split(".", 1)[0]
        if first:
            segments.add(first)
    return segments


def test_every_first_path_segment_the_site_uses_is_reserved():
    segments = _first_segments()
    assert {"datum", "justera", "kalender", "att-gora", "api"} <= segments  # the walk sees them
    assert segments - RESERVED_SLUGS == set()
