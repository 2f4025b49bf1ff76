"""Dates, numbers and money the Swedish way, and the health check."""

import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from samverkan.lib.money import format_money


def test_dates_are_written_the_swedish_way():
    with translation.override("sv"):
        assert date_format(datetime.date(2026, 11, 27)) == "27 november 2026"
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


def test_template_filters_write_dates_in_prose_iso_in_tables_and_local_times():
    moment = datetime.datetime(2026, 3, 30, 7, 30, tzinfo=datetime.UTC)  # 09:30 in Stockholm (CEST)
    one_day = datetime.date(2026, 3, 1)
    template = Template(
        "{{ m|prose_date }}|{{ m|weekday_date }}|{{ m|iso_date }}|{{ m|iso_datetime }}|{{ m|clock }}|"
        "{{ d|date_span:d }}|{{ d|iso_span:d }}|{% meeting_when m m %}|{{ minus|ore }}"
    )
    with translation.override("sv"):
        html = template.render(Context({"m": moment, "d": one_day, "minus": -50000}))
    assert html.split("|") == [
        "30 mars 2026",
        "måndag 30 mars 2026",
        "2026-03-30",
        "2026-03-30 09:30",
        "09:30",
        "1 mars 2026",
        "2026-03-01",
        "måndag 30 mars 2026, 09:30–09:30",
        "\u2212500,00\xa0kr",
    ]
