"""A chart as SVG markup: a Vega-Lite spec (built with Altair by the app) rendered on the server
with vl-convert, so the page and the PDF show the same picture without JavaScript. Each chart goes
with a table of the same numbers; the SVG itself is hidden from screen readers.

A chart is rendered once for its data and language, then served from the cache, which the web
processes share when there are several (Redis): rendering takes tens of milliseconds."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable

from django.core.cache import cache
from django.utils import translation

CHART_CACHE_SECONDS = 24 * 60 * 60


def svg(name: str, data: Hashable, spec: Callable[[], dict[str, object]]) -> str:
    """The chart `name` of `data` as SVG: from the cache, or `spec()` rendered and cached. `data`
    must hold everything the spec depends on but the language, which is added here."""
    import vl_convert

    swedish = (translation.get_language() or "sv").startswith("sv")
    key = f"chart:{name}:" + hashlib.sha256(repr((swedish, data)).encode()).hexdigest()
    cached = cache.get(key)
    if isinstance(cached, str):
        return cached
    # no base URLs: the spec carries its data, and nothing may be fetched at run time
    markup = vl_convert.vegalite_to_svg(spec(), format_locale="sv-SE" if swedish else "en-GB", allowed_base_urls=[])
    # The SVG is decorative beside its table; a figure around it gives it a name.
    markup = re.sub(r"^<svg ", '<svg aria-hidden="true" focusable="false" ', markup, count=1)
    cache.set(key, markup, CHART_CACHE_SECONDS)
    return markup


# The two widths of a chart that is drawn twice: a phone's (its text readable at 320-375 px
# without scaling the picture down) and a wider screen's; the stylesheet shows one (`.chart-narrow`,
# `.chart-wide`, switched at 40em).
NARROW_WIDTH, WIDE_WIDTH = 280, 520


def responsive_svg(name: str, data: Hashable, spec: Callable[[int], dict[str, object]]) -> str:
    """The chart drawn for a phone and for a wider screen (`spec(width)` for each, each cached),
    as markup of both; the page shows the one that fits."""
    narrow = svg(f"{name}:narrow", data, lambda: spec(NARROW_WIDTH))
    wide = svg(f"{name}:wide", data, lambda: spec(WIDE_WIDTH))
    return f'<div class="chart-wide">{wide}</div><div class="chart-narrow">{narrow}</div>'
