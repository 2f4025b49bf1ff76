"""The shared form fields answer bad input with a message that says what is allowed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from samverkan.lib.forms import MoneyField


def refusal(field, text):
    with translation.override("sv"), pytest.raises(ValidationError) as caught:
        field.clean(text)
    return caught.value.messages


def test_an_amount_over_the_maximum_is_told_the_maximum():
    assert refusal(MoneyField(), "100 000 000 000") == ["Beloppet kan vara högst 99 999 999 999,99 kr."]
    assert refusal(MoneyField(allow_negative=True), "-100000000000") == [
        "Beloppet kan vara lägst \u221299 999 999 999,99 kr."
    ]
    assert MoneyField().clean("99 999 999 999,99") == 9_999_999_999_999


@pytest.mark.parametrize("text", ["١٢٣", "١٢٣,٥٠", "１２３", "12e3", "Infinity"])
def test_an_amount_is_written_in_ordinary_digits(text):
    assert refusal(MoneyField(), text) == ["Skriv ett belopp i kronor, t.ex. 12 500 eller 12 500,50."]


@given(st.integers(min_value=0, max_value=9_999_999_999_999))
def test_every_amount_in_range_round_trips(ore):
    field = MoneyField()
    assert field.clean(field.prepare_value(ore)) == ore
