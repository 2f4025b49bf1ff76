"""Gender statistics that never identify anyone (P5), without a database.

The property test plays the attacker exactly: it tries every possible assignment of genders to the
people in the table and keeps those that would have produced the same published cells. A person's
gender is given away when all the kept assignments agree on it – for an outsider, or for an insider
who also knows their own gender.
"""

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.organisations.rules import HIDDEN, SMALL, gender_table, official_municipality_name

MUNICIPALITIES_CSV = Path(__file__).resolve().parents[3] / "data" / "municipalities-vasterbotten.csv"

CATEGORIES = ["woman", "man", "other", ""]


def allowed(shown: str, size: int) -> range:
    """The counts a published cell admits, as the attacker reads it."""
    if shown == HIDDEN:
        return range(0, size + 1)
    if shown == SMALL:
        return range(1, 3)
    return range(int(shown), int(shown) + 1)


def consistent_assignments(rows, published):
    """Every assignment of genders to the people in the rows that gives the same published table."""
    people = sorted({p for members in rows.values() for p in members})
    for genders in itertools.product(CATEGORIES, repeat=len(people)):
        guess = dict(zip(people, genders, strict=True))
        if all(
            sum(1 for p in members if guess[p] == category) in allowed(shown, len(members))
            for key, members in rows.items()
            for category, shown in zip(CATEGORIES, published[key], strict=True)
        ):
            yield guess


people_and_rows = st.integers(min_value=1, max_value=6).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from(CATEGORIES), min_size=n, max_size=n),
        st.lists(st.sets(st.integers(0, n - 1), min_size=1), min_size=1, max_size=4),
    )
)


@settings(max_examples=150, deadline=None)
@given(people_and_rows)
def test_no_one_s_gender_can_be_worked_out_from_the_published_table(case):
    genders, memberships = case
    rows = {f"row {i}": {p: genders[p] for p in members} for i, members in enumerate(memberships)}
    published = gender_table(rows, CATEGORIES)
    assert set(published) == set(rows)
    for cells in published.values():
        assert "1" not in cells and "2" not in cells
    member_sets = {key: set(members) for key, members in rows.items()}
    people = sorted({p for members in member_sets.values() for p in members})
    truth = {p: genders[p] for p in people}
    kept = list(consistent_assignments(member_sets, published))
    assert truth in kept  # the table tells the truth
    for person in people:
        # an outsider cannot tell this person's gender ...
        assert len({g[person] for g in kept}) >= 2, (person, rows, published)
        # ... nor can any one other member who knows their own
        for insider in people:
            if insider != person:
                possible = {g[person] for g in kept if g[insider] == truth[insider]}
                assert len(possible) >= 2, (person, insider, rows, published)


def test_the_issue_s_rows_are_no_longer_published_as_they_were():
    # one representative, and two people of whom one stated nothing: "< 3 / 0 / < 3 / 0, total 2"
    published = gender_table({"Vindeln": {1: "woman"}, "Storuman": {2: "woman", 3: ""}}, CATEGORIES)
    assert published["Vindeln"] != ["< 3", "0", "0", "0"]
    assert published["Storuman"] != ["< 3", "0", "0", "< 3"]
    assert published["Vindeln"].count(HIDDEN) >= 2 and published["Storuman"].count(HIDDEN) >= 2


def test_a_mixed_group_keeps_its_figures():
    group = {p: "woman" for p in range(8)} | {p: "man" for p in range(8, 15)} | {15: ""}
    assert gender_table({"Samverkansgruppen": group}, CATEGORIES)["Samverkansgruppen"] == ["8", "7", "0", SMALL]


def test_a_group_of_one_gender_does_not_say_so():
    published = gender_table({"Arbetsgruppen": {p: "woman" for p in range(5)}}, CATEGORIES)["Arbetsgruppen"]
    assert published[0] == HIDDEN and published.count(HIDDEN) == 2


def test_one_newcomer_in_an_otherwise_identical_group_is_not_given_away_by_the_difference():
    old = {p: "woman" for p in range(4)} | {p: "man" for p in range(4, 8)}
    published = gender_table({"A": old, "B": old | {8: "woman"}}, CATEGORIES)
    a = [int(v) if v.isdigit() else None for v in published["A"]]
    b = [int(v) if v.isdigit() else None for v in published["B"]]
    assert not (a[0] is not None and b[0] is not None and b[0] - a[0] == 1)


def test_every_category_has_a_column_even_with_no_rows():
    assert gender_table({}, CATEGORIES) == {}
    assert len(gender_table({"A": {}}, CATEGORIES)["A"]) == 4


def test_the_official_names_of_the_county_s_municipalities_are_scb_s():
    names = [line.split(",")[1] for line in MUNICIPALITIES_CSV.read_text(encoding="utf-8").splitlines()[1:]]
    assert [official_municipality_name(n) for n in names] == [
        "Nordmalings kommun",
        "Bjurholms kommun",
        "Vindelns kommun",
        "Robertsfors kommun",
        "Norsjö kommun",
        "Malå kommun",
        "Storumans kommun",
        "Sorsele kommun",
        "Dorotea kommun",
        "Vännäs kommun",
        "Vilhelmina kommun",
        "Åsele kommun",
        "Umeå kommun",
        "Lycksele kommun",
        "Skellefteå kommun",
    ]


def test_a_group_of_one_or_two_shows_no_figure_at_all():
    # "Styrgruppen 0 / x / x / 0, totalt 1" told the public that its one named member is not a woman
    published = gender_table({"Styrgruppen": {1: "man"}, "Par": {2: "woman", 3: "man"}}, CATEGORIES)
    assert published["Styrgruppen"] == [HIDDEN] * 4
    assert published["Par"] == [HIDDEN] * 4
