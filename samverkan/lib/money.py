"""Money in öre, formatted the Swedish way ("1 234,50 kr"). Amounts are integers, never floats."""

from decimal import Decimal

from django.utils.formats import number_format


def format_money(amount: int | Decimal, *, in_ore: bool = False) -> str:
    """Format kronor (or öre when `in_ore`) for the active language, with the currency."""
    value = Decimal(amount) / 100 if in_ore else Decimal(amount)
    return f"{number_format(value, 2, force_grouping=True)}\xa0kr"
