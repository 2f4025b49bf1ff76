"""`clean_text` removes what breaks stored text and documents, and keeps every real character."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.lib.text import clean_text, has_unsafe_characters


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Anna\x1b[31m Berg", "Anna[31m Berg"),
        ("§ 4\x07", "§ 4"),
        ("a\x00b", "ab"),
        ("del\x7f c1\x9b", "del c1"),
        ("plan\x0bsektion\x85", "plan sektion "),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("non\ufffe\uffffchar", "nonchar"),
        ("Anna\r\nBerg", "Anna Berg"),
        ("tab\there", "tab here"),
        ("line\u2028sep", "line sep"),
        ("\u202eanrevsoJ\u202c \u2066Umeå\u2069", "anrevsoJ Umeå"),
    ],
)
def test_a_single_line_loses_control_characters_breaks_and_bidi_overrides(raw, clean):
    assert clean_text(raw, multiline=False) == clean
    assert has_unsafe_characters(raw, multiline=False)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Rubrik\r\nText\tmed tabb\n", "Rubrik\r\nText\tmed tabb\n"),
        ("Word\x0bradbrytning\x0csida", "Word\nradbrytning\nsida"),
        ("a\x00b\x1bc", "abc"),
        ("stycke\u2029nästa", "stycke\nnästa"),
        ("\u2067عربي\u2069 stays", "\u2067عربي\u2069 stays"),
    ],
)
def test_multi_line_text_keeps_tab_newline_and_carriage_return(raw, clean):
    assert clean_text(raw, multiline=True) == clean


@pytest.mark.parametrize(
    "text",
    ["Åsa Öberg-Ärlig", "Zoë 👩‍👩‍👧 Lindqvist", "שלום", "مرحبا\u200f", "Skellefteå kommun", "日本語"],
)
def test_real_names_of_every_script_are_kept(text):
    assert clean_text(text, multiline=False) == text
    assert not has_unsafe_characters(text, multiline=False)


@given(st.text())
def test_the_result_is_clean_and_cleaning_again_changes_nothing(text):
    for multiline in (True, False):
        once = clean_text(text, multiline=multiline)
        assert clean_text(once, multiline=multiline) == once
        assert "\x00" not in once
        assert all(ord(c) >= 32 or c in "\t\n\r" for c in once)
        if not multiline:
            assert not any(c in once for c in "\r\n\t\u202e\u2066")


def test_an_imported_file_is_read_as_clean_single_line_cells():
    from samverkan.lib.tables import read_table

    rows = read_table("Förnamn;E-post\n\u202eAnna\x1b;a@example.se\nBo\x0bEk;b@example.se\n".encode(), "k.csv")
    assert [cells for _line, cells in rows][1:] == [["Anna", "a@example.se"], ["Bo Ek", "b@example.se"]]
