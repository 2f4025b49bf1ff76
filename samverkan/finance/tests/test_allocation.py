"""The cost-sharing keys split to the öre: parts are whole öre and always add up to the total."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from samverkan.finance.allocation import (
    Party,
    base_plus_per_inhabitant,
    by_population,
    equal_shares,
    fixed_sums,
    largest_remainder,
)
from samverkan.lib.errors import DomainError


def vasterbotten() -> list[Party]:
    path = Path(settings.BASE_DIR) / "data" / "municipalities-vasterbotten.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    population = "population_2024_12_31"  # the year the budget states
    return [Party(key=r["code"], code=r["code"], population=int(r[population])) for r in rows]


def test_one_million_kronor_by_population_over_the_15_municipalities_is_exact_to_the_ore():
    parties = vasterbotten()
    assert len(parties) == 15
    total = 1_000_000_00
    shares = by_population(total, parties)
    assert sum(shares.values()) == total
    people = sum(p.population for p in parties)
    for party in parties:
        exact = Fraction(total * party.population, people)
        assert exact - 1 < shares[party.key] < exact + 1  # the exact quota, rounded down or up
    umea = next(p for p in parties if p.key == "2480")
    assert shares["2480"] == max(shares.values()) and umea.population == max(p.population for p in parties)


def test_equal_shares_give_the_odd_ore_in_municipality_code_order():
    parties = [Party("vindeln", "2404"), Party("bjurholm", "2403"), Party("nordmaling", "2401")]
    assert equal_shares(100, parties) == {"nordmaling": 34, "bjurholm": 33, "vindeln": 33}
    assert equal_shares(101, parties) == {"nordmaling": 34, "bjurholm": 34, "vindeln": 33}


def test_a_base_fee_and_the_rest_by_population():
    parties = [Party("a", "0001", 1000), Party("b", "0002", 3000)]
    assert base_plus_per_inhabitant(10_000, parties, base_ore=1_000) == {"a": 3_000, "b": 7_000}
    with pytest.raises(DomainError, match="Grundavgifterna"):
        base_plus_per_inhabitant(1_000, parties, base_ore=1_000)


def test_fixed_sums_must_add_up_and_bad_keys_are_refused():
    assert fixed_sums(300, {"a": 100, "b": 200}) == {"a": 100, "b": 200}
    with pytest.raises(DomainError, match="ska bli 301"):
        fixed_sums(301, {"a": 100, "b": 200})
    with pytest.raises(DomainError, match="Folkmängd saknas"):
        by_population(100, [Party("a", "0001", 0)])
    with pytest.raises(DomainError, match="negativt"):
        equal_shares(-1, [Party("a", "0001")])


parties_strategy = st.lists(
    st.tuples(st.from_regex(r"\A\d{4}\Z"), st.integers(min_value=1, max_value=2_000_000)),
    min_size=1,
    max_size=30,
    unique_by=lambda t: t[0],
).map(lambda rows: [Party(key=f"p{code}", code=code, population=pop) for code, pop in rows])


@given(total=st.integers(min_value=0, max_value=10**13), parties=parties_strategy)
def test_every_key_adds_up_to_the_total_in_whole_ore(total, parties):
    for shares in (equal_shares(total, parties), by_population(total, parties)):
        assert sum(shares.values()) == total
        assert set(shares) == {p.key for p in parties}
        assert all(isinstance(v, int) and v >= 0 for v in shares.values())
    base = total // (2 * len(parties))
    shares = base_plus_per_inhabitant(total, parties, base_ore=base)
    assert sum(shares.values()) == total and all(v >= base for v in shares.values())


@given(
    total=st.integers(min_value=0, max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20).filter(any),
)
def test_largest_remainder_is_within_one_ore_of_the_exact_quota(total, weights):
    keys = [f"k{i:02d}" for i in range(len(weights))]
    shares = largest_remainder(total, dict(zip(keys, weights, strict=True)), keys)
    weight_sum = sum(weights)
    assert sum(shares.values()) == total
    for key, weight in zip(keys, weights, strict=True):
        exact = Fraction(total * weight, weight_sum)
        assert exact - 1 < shares[key] < exact + 1
