"""Cost-sharing keys (fördelningsnycklar): a total in öre split between parties, exactly.

Pure Python, no floats: amounts are integers in öre and quotas are `Fraction`s. Every key ends in
the largest-remainder method, so the parts always add up to the total:

1. each party gets the whole öre of its exact quota (rounded down);
2. the öre left over (fewer than the number of parties) go one each to the parties with the
   largest remainders;
3. equal remainders are broken by the tie order given — municipality code ascending — so the
   result never depends on dictionary order and can be recomputed by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from samverkan.lib.errors import DomainError
from samverkan.lib.swedish_order import swedish_key


@dataclass(frozen=True)
class Party:
    """A party sharing the cost: its key, the code that breaks ties, its population and name."""

    key: str
    code: str
    population: int = 0
    name: str = ""  # as messages name the party (its key when empty)


def _tie_order(parties: Sequence[Party]) -> list[str]:
    return [p.key for p in sorted(parties, key=lambda p: (p.code, p.key))]


def largest_remainder(
    total_ore: int, weights: Mapping[str, Fraction | int], tie_order: Sequence[str]
) -> dict[str, int]:
    """Split `total_ore` in proportion to `weights`; the parts are whole öre and sum to the total."""
    if total_ore < 0:
        raise DomainError(_("Beloppet att fördela kan inte vara negativt."))
    if any(w < 0 for w in weights.values()):
        raise DomainError(_("En andel kan inte vara negativ."))
    weight_sum = sum((Fraction(w) for w in weights.values()), Fraction(0))
    if weight_sum == 0:
        raise DomainError(_("Fördelningsnyckeln ger ingen part någon andel."))
    if sorted(tie_order) != sorted(weights):
        raise ValueError("tie_order must name every party exactly once")
    quotas = {key: Fraction(total_ore) * Fraction(w) / weight_sum for key, w in weights.items()}
    parts = {key: quota.numerator // quota.denominator for key, quota in quotas.items()}
    left = total_ore - sum(parts.values())
    rank = {key: index for index, key in enumerate(tie_order)}
    by_remainder = sorted(quotas, key=lambda key: (-(quotas[key] - parts[key]), rank[key]))
    for key in by_remainder[:left]:
        parts[key] += 1
    return parts


def equal_shares(total_ore: int, parties: Sequence[Party]) -> dict[str, int]:
    """Every party pays the same (to the öre, the first in code order pay the odd öre)."""
    if not parties:
        raise DomainError(_("Det finns inga parter att fördela på."))
    return largest_remainder(total_ore, {p.key: 1 for p in parties}, _tie_order(parties))


def by_population(total_ore: int, parties: Sequence[Party]) -> dict[str, int]:
    """In proportion to each party's population (of the year the budget states)."""
    if not parties:
        raise DomainError(_("Det finns inga parter att fördela på."))
    missing = sorted((p.name or p.key for p in parties if p.population <= 0), key=swedish_key)
    if missing:
        raise DomainError(_("Folkmängd saknas för: %(parties)s.") % {"parties": ", ".join(missing)})
    return largest_remainder(total_ore, {p.key: p.population for p in parties}, _tie_order(parties))


def base_plus_per_inhabitant(total_ore: int, parties: Sequence[Party], *, base_ore: int) -> dict[str, int]:
    """A fixed base fee from every party; the rest of the total by population."""
    if base_ore < 0:
        raise DomainError(_("Grundavgiften kan inte vara negativ."))
    bases = base_ore * len(parties)
    if bases > total_ore:
        raise DomainError(
            _("Grundavgifterna (%(bases)s öre) är större än beloppet att fördela (%(total)s öre).")
            % {"bases": bases, "total": total_ore}
        )
    rest = by_population(total_ore - bases, parties)
    return {key: base_ore + amount for key, amount in rest.items()}


def fixed_sums(total_ore: int, amounts: Mapping[str, int]) -> dict[str, int]:
    """Sums agreed per party; they must add up to the total exactly."""
    if any(a < 0 for a in amounts.values()):
        raise DomainError(_("Ett belopp kan inte vara negativt."))
    given = sum(amounts.values())
    if given != total_ore:
        raise DomainError(
            _("De fasta beloppen blir %(given)s öre, men ska bli %(total)s öre.") % {"given": given, "total": total_ore}
        )
    return dict(amounts)
