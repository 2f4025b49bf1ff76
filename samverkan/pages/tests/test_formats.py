"""Dates, numbers and money the Swedish way, and the health check."""

import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from samverkan.lib.money import format_money


def test_dates_are_written_the_swedish_way():
    with translation.override("sv"):
        assert date_format(datetime.date(2026, 11, 27)) == "27 nov. 2026"
        assert date_format(datetime.date(2026, 3, 1)) == "1 mars 2026"
        assert date_format(datetime.date(2026, 5, 5)) == "5 maj 2026"


def test_money_is_written_the_swedish_way():
    with translation.override("sv"):
        assert format_money(Decimal("1234.50")) == "1\xa0234,50\xa0kr"
        assert format_money(123450, in_ore=True) == "1\xa0234,50\xa0kr"
        html = Template("{{ v|money }} {{ n|grouped }}").render(Context({"v": Decimal("1234.5"), "n": 134249}))
        assert html == "1\xa0234,50\xa0kr 134\xa0249"


def test_english_keeps_its_own_formats():
    with translation.override("en"):
        assert format_money(Decimal("1234.50")) == "1,234.50\xa0kr"


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
