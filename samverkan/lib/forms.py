"""Form fields shared by the apps."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
