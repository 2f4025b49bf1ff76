"""Form fields shared by the apps, and the text cleaning every form field gets.

`install_form_defaults()` (run once by `samverkan.lib`'s app config) makes every `CharField` —
and so every `EmailField`, `URLField`, `SlugField`, `RegexField` and `ModelForm` text field, in our
forms, allauth's and the admin's — pass its value through `lib.text.clean_text` before it is
validated: multi-line (a `Textarea`) keeps tab and line breaks, single-line loses them and the
bidi override characters. Password fields are left exactly as typed. A NUL is removed, so it can
never reach PostgreSQL (which refuses it in text) and answer 500. A text field without its own
`max_length` gets LINE_LIMIT or TEXT_LIMIT, and a refusal says the limit and the length; every
date field refuses days outside EARLIEST–LATEST.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from samverkan.lib.errors import DomainError
from samverkan.lib.text import clean_text

# kronor with at most two decimals, in the digits 0–9 only (Decimal alone would take other scripts' digits and 1e5)
AMOUNT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
# below 10^11 kr, what an amount in öre can hold with room to sum
LIMIT = Decimal("100000000000")


class MoneyField(forms.CharField):
    """Kronor as the user writes them ("12 500", "12 500,50", "-250") → öre as an integer."""

    def __init__(self, *args: Any, allow_negative: bool = False, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = str(value or "").replace("\xa0", "").replace(" ", "").replace("kr", "").replace(",", ".").strip()
        text = text.replace("\u2212", "-")
        if not text:
            return None
        try:
            if not AMOUNT.fullmatch(text):
                raise InvalidOperation
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Skriv ett belopp i kronor, t.ex. 12 500 eller 12 500,50.")) from None
        if amount >= LIMIT:
            raise ValidationError(_("Beloppet kan vara högst 99 999 999 999,99 kr."))
        if amount <= -LIMIT:
            raise ValidationError(_("Beloppet kan vara lägst −99 999 999 999,99 kr."))
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(_("Beloppet kan ha högst två decimaler (öre)."))
        if amount < 0 and not self.allow_negative:
            raise ValidationError(_("Beloppet kan inte vara negativt."))
        return int(amount * 100)

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, int):
            sign = "-" if value < 0 else ""
            kronor, ore = divmod(abs(value), 100)
            return f"{sign}{kronor},{ore:02d}" if ore else f"{sign}{kronor}"
        return str(value or "")


# --- defaults for every form field (installed by samverkan.lib's app config) -------------------

# Text a field without its own max_length may hold: one line (a name, a title, a place) and a
# multi-line text (a description, a decision, a plan section gets more, see plans.forms).
LINE_LIMIT = 300
TEXT_LIMIT = 20_000
# The days a date in a form may be: no collaboration, meeting, membership, plan or activity is
# before 1990 or after 2100. Outside it a date is a typo (0001, 9999), and near year 1 the
# conversion from Swedish time to UTC even underflows.
EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2100, 12, 31)

_UNCLEANED: dict[type[forms.Field], Callable[..., Any]] = {
    forms.CharField: forms.CharField.to_python,
    forms.DateField: forms.DateField.to_python,
    forms.DateTimeField: forms.DateTimeField.to_python,
}


def _too_long(value: str, limit: int) -> ValidationError:
    return ValidationError(
        _("Texten kan vara högst %(limit)s tecken lång (den är %(length)s)."),
        code="max_length",
        params={
            "limit": number_format(limit, force_grouping=True),
            "length": number_format(len(value), force_grouping=True),
        },
    )


def _text(self: forms.CharField, value: Any) -> Any:
    value = _UNCLEANED[forms.CharField](self, value)
    if not isinstance(value, str) or isinstance(self.widget, forms.PasswordInput):
        return value
    multiline = isinstance(self.widget, forms.Textarea)
    value = clean_text(value, multiline=multiline)
    if self.strip:
        value = value.strip()
    # a hidden field is checked by its form against what it may be (a budget line's key), not by length
    limit = self.max_length or (
        None if isinstance(self.widget, forms.HiddenInput) else TEXT_LIMIT if multiline else LINE_LIMIT
    )
    if limit is not None and len(value) > limit:
        raise _too_long(value, limit)
    return self.empty_value if value in self.empty_values else value


def posted_text(value: str | None, *, multiline: bool = False, limit: int | None = None) -> str:
    """Text a view reads from `request.POST` without a form, cleaned as a form field cleans it; a
    DomainError (the same message as a field's) when it is longer than `limit`."""
    text = clean_text(value or "", multiline=multiline).strip()
    limit = limit or (TEXT_LIMIT if multiline else LINE_LIMIT)
    if len(text) > limit:
        raise DomainError(str(_too_long(text, limit).messages[0]))
    return text


def in_window(day: datetime.date) -> None:
    """Refuse a date outside EARLIEST–LATEST with a message that says the window."""
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Ange ett datum mellan %(earliest)s och %(latest)s."),
            code="date_window",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )


def _date(self: forms.DateField, value: Any) -> Any:
    day = _UNCLEANED[forms.DateField](self, value)
    if day is not None and getattr(self, "window", True):
        in_window(day)
    return day


def narrower_window(field: forms.DateField) -> forms.DateField:
    """`field` without the general window, because its form refuses days outside a narrower one
    with a message that says that one (a meeting's years around today)."""
    field.window = False  # type: ignore[attr-defined]
    return field


def _datetime(self: forms.DateTimeField, value: Any) -> Any:
    try:
        moment = _UNCLEANED[forms.DateTimeField](self, value)
    except OverflowError:
        raise ValidationError(self.error_messages["invalid"], code="invalid") from None
    if moment is not None:
        in_window(moment.date())
    return moment


def install_form_defaults() -> None:
    """Every form's text fields clean their value with `clean_text` and have a length limit; every
    date and date-time field refuses a day outside EARLIEST–LATEST. Idempotent."""
    forms.CharField.to_python = _text  # type: ignore[method-assign]
    forms.DateField.to_python = _date  # type: ignore[method-assign]
    forms.DateTimeField.to_python = _datetime  # type: ignore[method-assign]
