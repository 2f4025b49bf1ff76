from hypothesis import given
from hypothesis import strategies as st

from samverkan.lib.swedish_order import swedish_key


def test_a_a_o_follow_z_in_swedish_order():
    words = ["Örebro", "Åsele", "Ängelholm", "Umeå", "Zinkgruvan", "arjeplog", "Östersund", "Älvsbyn"]
    assert sorted(words, key=swedish_key) == [
        "arjeplog",
        "Umeå",
        "Zinkgruvan",
        "Åsele",
        "Älvsbyn",
        "Ängelholm",
        "Örebro",
        "Östersund",
    ]


@given(st.text(alphabet="abcxyzåäöABCÅÄÖ", max_size=8))
def test_case_does_not_change_the_order(word):
    assert swedish_key(word) == swedish_key(word.upper())
