"""`{% if access|can:"manage_groups" %}`: templates ask the one permission mechanism too."""

from typing import Any

from django import template

from samverkan.accounts.permissions import action_named

register = template.Library()


@register.filter
def can(access: Any, action: str) -> bool:
    return bool(access is not None and access.can(action_named(action)))
