"""Template filters for Swedish presentation, loaded as builtins in every template."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString

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
