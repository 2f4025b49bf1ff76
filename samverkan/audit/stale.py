"""Stale forms: refuse a save made from a page someone else has saved since, and show what changed.

An object edited by several people has an integer `version`, raised by one on every save through
its service. The edit form carries the version it was loaded with as a hidden field (`add_field`);
the service locks the row, compares (`check`) and raises `StaleEditError` — a `DomainError` naming
who saved and when, as the audit trail knows it — before it writes anything. The view then shows
the other person's saved values next to the user's own (`conflict`); the user's input stays in the
form, whose hidden version is moved on, so saving again deliberately replaces what is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samverkan.audit.models import AuditEntry
from samverkan.lib.errors import DomainError
from samverkan.lib.forms import MoneyField
from samverkan.lib.money import format_money

FIELD = "version"


class StaleEditError(DomainError):
    """The form was loaded from an older version than the one saved now."""

    def __init__(self, message: str, *, current: int) -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Difference:
    label: str
    saved: str
    yours: str


@dataclass(frozen=True)
class Conflict:
    message: str
    differences: list[Difference]


def add_field(form: forms.BaseForm, version: int) -> None:
    """The hidden field with the version the form is loaded with."""
    form.fields[FIELD] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, initial=version)


def loaded(form: forms.BaseForm) -> int | None:
    """The version a valid form was loaded with (None when it had none)."""
    return form.cleaned_data.get(FIELD)  # type: ignore[no-any-return]


def lock(obj: models.Model) -> int:
    """Lock the object's row for the rest of the transaction, refresh it and return its stored version."""
    obj.refresh_from_db(from_queryset=type(obj)._default_manager.select_for_update())
    return int(obj.version)  # type: ignore[attr-defined]


def check(obj: models.Model, expected: int | None) -> int:
    """Lock the row; refuse when the form was loaded from another version (None: not checked).

    Returns the stored version; the caller saves `version + 1` with its change (`next_version`)."""
    current = lock(obj)
    if expected is not None and expected != current:
        raise StaleEditError(saved_since_message(obj), current=current)
    return current


def saved_since_message(obj: models.Model) -> str:
    entry = AuditEntry.objects.for_object(obj).order_by("-at", "-pk").select_related("actor").first()
    hint = _("Det du skrev är inte sparat men finns kvar i formuläret. Jämför, ändra om det behövs och spara igen.")
    if entry is None:
        return _("Någon annan har sparat ändringar här sedan du öppnade sidan.") + " " + hint
    return (
        _("%(who)s sparade ändringar här %(when)s, efter att du öppnade sidan.")
        % {
            "who": _who(entry),
            "when": formats.date_format(timezone.localtime(entry.at), "DATETIME_FORMAT"),
        }
        + " "
        + hint
    )


def _who(entry: Any) -> str:
    person = getattr(entry.actor, "person", None) if entry.actor is not None else None
    if person is not None:
        return str(person)
    return str(entry.actor_label) if entry.actor_label != "system" else _("Systemet")


def conflict(
    form: forms.BaseForm, error: StaleEditError, saved: Mapping[str, Any], labels: Mapping[str, str] | None = None
) -> Conflict:
    """After a refused stale save: the message on the form, the differences, and the form's hidden
    version moved on to the stored one so that saving again replaces it on purpose."""
    # the notice above the form says who saved and when; the error summary only points to it
    form.add_error(
        None,
        _(
            "Det du skrev är inte sparat: någon annan har sparat under tiden. Jämför med det sparade ovan och spara igen."
        ),
    )
    data = form.data.copy()  # type: ignore[attr-defined]
    data[form.add_prefix(FIELD)] = str(error.current)
    form.data = data
    return Conflict(error.message, differences(form, saved, labels or {}))


def differences(form: forms.BaseForm, saved: Mapping[str, Any], labels: Mapping[str, str]) -> list[Difference]:
    """The form's fields where the saved value and the user's differ, in the form's order."""
    yours = getattr(form, "cleaned_data", {})
    rows = []
    for name, field in form.fields.items():
        if name == FIELD or name not in saved or name not in yours:
            continue
        if _normal(field, saved[name]) != _normal(field, yours[name]):
            rows.append(
                Difference(
                    label=str(labels.get(name) or field.label or name),
                    saved=_display(field, saved[name]),
                    yours=_display(field, yours[name]),
                )
            )
    return rows


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple, set)) and not value)


def _normal(field: forms.Field, value: Any) -> Any:
    if isinstance(field, forms.BooleanField):
        return bool(value)
    if isinstance(field, MoneyField):
        return value or 0
    if _empty(value):
        return ""
    if isinstance(field, forms.ModelChoiceField):
        return str(getattr(value, "pk", value))
    if isinstance(field, forms.MultipleChoiceField):
        return sorted(str(v) for v in value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def _display(field: forms.Field, value: Any) -> str:
    if isinstance(field, forms.BooleanField):
        return _("ja") if value else _("nej")
    if isinstance(field, MoneyField):
        return format_money(value or 0, in_ore=True)
    if _empty(value):
        return "–"
    if isinstance(field, forms.ModelChoiceField):
        if isinstance(value, models.Model):
            return str(value)
        found = field.queryset.filter(pk=value).first()  # type: ignore[union-attr]
        return str(found) if found is not None else "–"
    if isinstance(field, forms.ChoiceField):
        names = {str(key): str(label) for key, label in field.choices}  # type: ignore[misc, union-attr]
        if isinstance(field, forms.MultipleChoiceField):
            return ", ".join(names.get(str(v), str(v)) for v in value)
        return names.get(str(value), str(value))
    return str(value)
