"""The shared form fields answer bad input with a message that says what is allowed."""

import pytest
from django import forms
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


class _EveryKind(forms.Form):
    name = forms.CharField()
    text = forms.CharField(widget=forms.Textarea, required=False)
    password = forms.CharField(widget=forms.PasswordInput, strip=False, required=False)
    day = forms.DateField(required=False)
    moment = forms.DateTimeField(required=False)


def _form(**data):
    form = _EveryKind({"name": "Anna", **data})
    form.is_valid()
    return form


def test_every_text_field_loses_control_characters_and_a_line_loses_breaks_and_bidi_overrides():
    form = _form(name="\u202eAnna\x1b\x00\r\nBerg\x07", text="Rubrik\x0bstycke\r\n\x00slut")
    assert form.cleaned_data["name"] == "Anna Berg"
    assert form.cleaned_data["text"] == "Rubrik\nstycke\r\nslut"


def test_a_password_is_kept_as_typed():
    assert _form(password=" hemligt\x1b ").cleaned_data["password"] == " hemligt\x1b "


def test_a_text_of_only_control_characters_is_empty_and_so_missing():
    assert _form(name="\x00\x1b").errors["name"] == ["Detta fält måste fyllas i."]


def test_a_text_without_its_own_limit_gets_the_default_one():
    assert _form(name="x" * 301).errors["name"] == ["Texten kan vara högst 300 tecken lång (den är 301)."]
    assert _form(text="x" * 20_001).errors["text"] == [
        "Texten kan vara högst 20\xa0000 tecken lång (den är 20\xa0001)."
    ]
    assert _form(name="x" * 300, text="x" * 20_000).is_valid()


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "1989-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_outside_the_window_is_refused(day):
    message = ["Ange ett datum mellan 1990-01-01 och 2100-12-31."]
    assert _form(day=day).errors["day"] == message
    assert _form(moment=f"{day} 00:30").errors["moment"] == message


def test_a_date_inside_the_window_is_taken():
    form = _form(day="1990-01-01", moment="2100-12-31 23:30")
    assert form.is_valid(), form.errors
