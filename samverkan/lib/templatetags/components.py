"""Helpers for the form templates (templates/forms/): fieldsets and the required-field note."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.filter
def fieldsets(form: forms.BaseForm) -> list[tuple[Any, list[forms.BoundField]]]:
    """The visible fields grouped as the form's `fieldsets` says, the rest after them without a legend.

    A form declares `fieldsets = [(_("Grunduppgifter"), ["title", "area"]), …]`; a form without
    it is one group without a legend.
    """
    visible = {field.name: field for field in form.visible_fields()}
    groups: list[tuple[Any, list[forms.BoundField]]] = []
    for legend, names in getattr(form, "fieldsets", ()):
        fields = [visible.pop(name) for name in names if name in visible]
        if fields:
            groups.append((legend, fields))
    if visible:
        groups.append(("", list(visible.values())))
    return groups


@register.filter
def has_required(form: forms.BaseForm) -> bool:
    """Whether the form shows a required marker, so the note that explains it is shown too."""
    return any(field.field.required for field in form.visible_fields())
