import datetime

from hypothesis import given
from hypothesis import strategies as st

from samverkan.lib.dates import months_before


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(datetime.date(2026, 11, 27), 12) == datetime.date(2025, 11, 27)
    assert months_before(datetime.date(2026, 5, 31), 3) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2024, 5, 31), 3) == datetime.date(2024, 2, 29)
    assert months_before(datetime.date(2026, 1, 15), 1) == datetime.date(2025, 12, 15)


@given(st.dates(min_value=datetime.date(1901, 1, 1)), st.integers(min_value=0, max_value=120))
def test_months_before_never_goes_forward_and_moves_about_that_many_months(day, months):
    earlier = months_before(day, months)
    assert earlier <= day
    assert (day.year - earlier.year) * 12 + day.month - earlier.month == months


# --- How dates and times read in documents, e-mail and exports (issue 11) ---

import zoneinfo  # noqa: E402

import pytest  # noqa: E402
from django.utils import translation  # noqa: E402

from samverkan.lib import dates  # noqa: E402

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
UTC = datetime.UTC


@pytest.mark.parametrize(
    "utc",
    [
        datetime.datetime(2026, 3, 27, 8, 30, tzinfo=UTC),  # CET, before the change on 29 March
        datetime.datetime(2026, 3, 30, 7, 30, tzinfo=UTC),  # CEST, after it
        datetime.datetime(2026, 10, 23, 7, 30, tzinfo=UTC),  # CEST, before 25 October
        datetime.datetime(2026, 10, 26, 8, 30, tzinfo=UTC),  # CET, after it
    ],
)
def test_a_utc_moment_reads_as_stockholm_time_on_both_sides_of_a_daylight_saving_change(utc):
    assert dates.clock(utc) == "09:30"
    assert dates.iso_datetime(utc).endswith(" 09:30")
    assert dates.excel_datetime(utc) == utc.astimezone(STOCKHOLM).replace(tzinfo=None)
    assert dates.excel_datetime(utc).hour == 9


def test_dates_in_prose_are_swedish_or_english_with_the_month_spelled_out():
    day = datetime.date(2026, 2, 10)
    with translation.override("sv"):
        assert dates.prose_date(day) == "10 februari 2026"
        assert dates.prose_date(day, weekday=True) == "tisdag 10 februari 2026"
    with translation.override("en"):
        assert dates.prose_date(day) == "10 February 2026"
        assert dates.prose_date(day, weekday=True) == "Tuesday 10 February 2026"
    assert dates.iso_date(day) == "2026-02-10"


def test_the_local_day_of_a_late_evening_moment_is_not_the_utc_day():
    late = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # 00:30 on 1 July in Stockholm
    with translation.override("sv"):
        assert dates.prose_date(late) == "1 juli 2026"
    assert dates.iso_date(late) == "2026-07-01"


def test_a_one_day_period_shows_one_date():
    with translation.override("sv"):
        one = datetime.date(2026, 3, 1)
        assert dates.date_span(one, one) == "1 mars 2026"
        assert dates.date_span(one, datetime.date(2026, 3, 3)) == "1–3 mars 2026"
        assert dates.date_span(datetime.date(2026, 3, 30), datetime.date(2026, 4, 2)) == "30 mars – 2 april 2026"
        assert (
            dates.date_span(datetime.date(2026, 12, 30), datetime.date(2027, 1, 2))
            == "30 december 2026 – 2 januari 2027"
        )
        assert dates.date_span(one, None) == "1 mars 2026"
    assert dates.iso_span(one, one) == "2026-03-01"


def test_a_meeting_reads_with_weekday_date_and_local_times():
    starts = datetime.datetime(2026, 3, 30, 7, 30, tzinfo=UTC)
    with translation.override("sv"):
        assert dates.meeting_when(starts, starts + datetime.timedelta(hours=2)) == "måndag 30 mars 2026, 09:30–11:30"


@pytest.mark.parametrize("language", ["sv", "en"])
@given(moment=st.datetimes(min_value=datetime.datetime(1901, 1, 1), max_value=datetime.datetime(2200, 12, 31)))
def test_the_written_out_dates_and_times_read_as_djangos_own_formats(language, moment):
    """`prose_date` and `clock` spell the date out themselves (for speed); every day and minute
    reads exactly as Django's `date_format` with the documented formats would write it."""
    from django.utils import formats

    with translation.override(language):
        assert dates.prose_date(moment.date()) == formats.date_format(moment.date(), dates.PROSE)
        assert dates.prose_date(moment.date(), weekday=True) == formats.date_format(
            moment.date(), dates.PROSE_WITH_WEEKDAY
        )
        assert dates.clock(moment.time()) == formats.time_format(moment.time(), dates.CLOCK)
