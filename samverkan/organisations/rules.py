"""Pure presentation rules for people data: aggregates that never identify anyone (P5)."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

SMALL_COUNT = 3  # counts below this are shown as "< 3" so no one is identifiable


def suppressed(count: int) -> str:
    """A count as shown in gender statistics: 0, "< 3", or the number."""
    if 0 < count < SMALL_COUNT:
        return f"< {SMALL_COUNT}"
    return str(count)


def gender_breakdown(genders: Iterable[str], order: Iterable[tuple[str, Any]]) -> list[tuple[Any, str]]:
    """(label, shown count) for every gender choice, "not stated" included, in the given order."""
    counts = Counter(genders)
    return [(label, suppressed(counts.get(value, 0))) for value, label in order]
