"""Pure presentation rules for people data: aggregates that never identify anyone (P5)."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

SMALL_COUNT = 3  # counts below this are shown as "< 3" so no one is identifiable
HIDDEN = "x"  # a count hidden so that a small one cannot be worked out from the total


def suppressed(count: int) -> str:
    """A count as shown in gender statistics: 0, "< 3", or the number."""
    if 0 < count < SMALL_COUNT:
        return f"< {SMALL_COUNT}"
    return str(count)


def gender_breakdown(genders: Iterable[str], order: Iterable[tuple[str, Any]]) -> list[tuple[Any, str]]:
    """(label, shown count) for every gender choice, "not stated" included, in the given order.

    Small counts show as "< 3". Where exactly one count in the row is small, the smallest other
    non-zero count is hidden too ("x"), since the total is public and would give the small one away
    (or, when there is no other, the zeros are hidden).
    """
    counts = Counter(genders)
    cells = [(value, label, counts.get(value, 0)) for value, label in order]
    shown = {value: suppressed(count) for value, _label, count in cells}
    small = [value for value, _label, count in cells if 0 < count < SMALL_COUNT]
    if len(small) == 1:
        others = [(count, value) for value, _label, count in cells if count >= SMALL_COUNT]
        if others:
            shown[min(others)[1]] = HIDDEN
        else:  # the small count is the whole total: hide the zeros too
            shown = {value: HIDDEN if value not in small else shown[value] for value in shown}
    return [(label, shown[value]) for value, label, _count in cells]
