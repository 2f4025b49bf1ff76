"""Money in öre, formatted the Swedish way ("1 234,50 kr", "−500,00 kr"). Amounts are integers,
never floats. A negative amount has the minus sign (U+2212), as typeset text does, not a hyphen."""

from decimal import Decimal

from django.utils.formats import number_format


def format_money(amount: int | Decimal, *, in_ore: bool = False) -> str:
    """Format kronor (or öre when `in_ore`) for the active language, with the currency."""
    value = Decimal(amount) / 100 if in_ore else Decimal(amount)
    return f"{signed_number(number_format(value, 2, force_grouping=True))}\xa0kr"


MINUS = "\u2212"


def signed_number(text: str) -> str:
    """A formatted number with the minus sign in place of a leading hyphen: "-5" → "−5"."""
    return MINUS + text[1:] if text.startswith("-") else text
