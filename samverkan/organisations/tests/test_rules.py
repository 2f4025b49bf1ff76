"""Small-count protection in gender statistics (P5), without a database."""

from hypothesis import given
from hypothesis import strategies as st

from samverkan.organisations.rules import HIDDEN, gender_breakdown

ORDER = [("woman", "kvinna"), ("man", "man"), ("other", "annat"), ("", "ej angivet")]


def test_counts_under_three_are_shown_as_less_than_three():
    shown = dict(gender_breakdown(["woman"] * 5 + ["man"] * 4 + ["other"] + [""] * 2, ORDER))
    assert shown == {"kvinna": "5", "man": "4", "annat": "< 3", "ej angivet": "< 3"}


def test_a_single_small_count_also_hides_the_smallest_other_so_the_total_gives_nothing_away():
    shown = dict(gender_breakdown(["woman"] * 16 + ["other"], ORDER))
    assert shown == {"kvinna": HIDDEN, "man": "0", "annat": "< 3", "ej angivet": "0"}
    shown = dict(gender_breakdown(["woman"] * 9 + ["man"] * 7 + [""], ORDER))
    assert shown == {"kvinna": "9", "man": HIDDEN, "annat": "0", "ej angivet": "< 3"}


def test_not_stated_is_always_a_row():
    assert [label for label, _shown in gender_breakdown([], ORDER)] == ["kvinna", "man", "annat", "ej angivet"]


@given(st.lists(st.sampled_from(["woman", "man", "other", ""]), max_size=40))
def test_no_count_of_one_or_two_is_ever_shown_or_derivable_from_the_total(genders):
    shown = dict(gender_breakdown(genders, ORDER))
    assert "1" not in shown.values() and "2" not in shown.values()
    hidden = [v for v in shown.values() if v in ("< 3", HIDDEN)]
    assert len(hidden) != 1  # one hidden cell alone could be worked out from the total
