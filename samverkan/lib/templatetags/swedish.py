"""Template filters for Swedish presentation, loaded as builtins in every template."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString

from samverkan.lib import dates
from samverkan.lib.markdown import render_markdown
from samverkan.lib.money import format_money

register = template.Library()


@register.filter
def money(value: int | Decimal | None) -> str:
    """Kronor with two decimals: {{ 1234.5|money }} → "1 234,50 kr"."""
    return "" if value is None else format_money(value)


@register.filter
def ore(value: int | None) -> str:
    """An amount stored in öre: {{ 123450|ore }} → "1 234,50 kr"."""
    return "" if value is None else format_money(value, in_ore=True)


@register.filter
def grouped(value: int | None) -> str:
    """An integer with Swedish thousands grouping: 134249 → "134 249"."""
    from django.utils.formats import number_format

    return "" if value is None else number_format(value, 0, force_grouping=True)


@register.filter
def prose_date(value: Any) -> str:
    """A date in prose, local time: {{ meeting.starts_at|prose_date }} → "10 februari 2026"."""
    return dates.prose_date(value) if value else ""


@register.filter
def weekday_date(value: Any) -> str:
    """A date in prose with its weekday: "tisdag 10 februari 2026"."""
    return dates.prose_date(value, weekday=True) if value else ""


@register.filter
def prose_datetime(value: Any) -> str:
    """A moment in prose, local time: "10 februari 2026, 09:30"."""
    return dates.prose_datetime(value) if value else ""


@register.filter
def iso_date(value: Any) -> str:
    """A date for a table or an export, the local day: "2026-09-30"."""
    return dates.iso_date(value) if value else ""


@register.filter
def iso_datetime(value: Any) -> str:
    """A moment for a table or an export, local time: "2026-09-30 09:30"."""
    return dates.iso_datetime(value) if value else ""


@register.filter
def clock(value: Any) -> str:
    """The local clock time: "09:30"."""
    return dates.clock(value) if value else ""


@register.filter
def date_span(first: Any, last: Any) -> str:
    """A period in prose, one date when it is one day: {{ a.starts_on|date_span:a.ends_on }}."""
    return dates.date_span(first or None, last or None)


@register.filter
def iso_span(first: Any, last: Any) -> str:
    """A period in a table, one date when it is one day: {{ a.starts_on|iso_span:a.ends_on }}."""
    return dates.iso_span(first or None, last or None)


@register.simple_tag
def meeting_when(starts_at: Any, ends_at: Any = None, weekday: bool = True) -> str:
    """When a meeting is held: {% meeting_when m.starts_at m.ends_at %} → "tisdag 10 februari 2026, 09:30–11:30"."""
    return dates.meeting_when(starts_at, ends_at, weekday=weekday) if starts_at else ""


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """A dictionary value by key, or a list item by index: {{ labels|get_item:name }}."""
    if isinstance(mapping, (list, tuple)):
        return mapping[int(key)]
    return mapping.get(key, key)


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours with one decimal, the Swedish way: 90 → "1,5"."""
    from django.utils.formats import number_format

    return "" if minutes is None else number_format(Decimal(minutes) / 60, 1)


@register.filter(name="markdown")
def markdown_filter(value: str | None) -> SafeString:
    """A user's Markdown as sanitised HTML."""
    return render_markdown(value or "")
