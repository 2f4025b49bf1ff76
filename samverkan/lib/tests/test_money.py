from decimal import Decimal

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from samverkan.lib.money import format_money


def test_a_negative_amount_has_a_minus_sign_not_a_hyphen():
    with translation.override("sv"):
        assert format_money(-123450, in_ore=True) == "\u22121\xa0234,50\xa0kr"
        assert format_money(Decimal("-5")) == "\u22125,00\xa0kr"
        assert format_money(1234) == "1\xa0234,00\xa0kr"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_no_amount_shows_a_hyphen(amount):
    with translation.override("sv"):
        text = format_money(amount, in_ore=True)
    assert "-" not in text
    assert text.startswith("\u2212") == (amount < 0)
