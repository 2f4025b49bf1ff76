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
