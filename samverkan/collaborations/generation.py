"""The data generator's registry (`samverkan generate`, issue 14): each app contributes its part.

An app registers its part in `ready()` with `register(order, name, fn)`; the command runs every
part in `order` inside one transaction, handing each the same `Context`. Parts share what later
parts need through `Context.shared` (documented by the part that writes a key). Everything is
drawn from `Context.rng`, seeded once, and dated from `Context.base_date`: the same seed gives the
same rows, and no part reads the clock.
"""

from __future__ import annotations

import datetime
import random
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Scale:
    """How much to generate. Every collaboration gets the same amount of its own, so a page of one
    collaboration differs between the scales only by what the others add around it."""

    name: str
    counties: int  # county collaborations (the first is Västerbotten, with its real municipalities)
    sector_collaborations: int
    people_per_collaboration: int
    years: int  # of meetings, minutes, plans and ledger, ending the year before base_date
    meetings_per_group_year: int
    decisions_per_meeting: int
    ledger_rows_per_year: int
    activities_per_year: int
    assignments_per_year: int
    all_municipalities: bool = True  # 290 municipalities in 21 counties, or only the counties used


SCALES = {
    # One county's worth (~1/20 of national): Västerbotten and one sector collaboration in it.
    "county": Scale("county", 1, 1, 147, 10, 6, 9, 490, 12, 8, all_municipalities=False),
    # 21 county collaborations and 20 sector collaborations: 6 000 people, ≥ 40 000 decisions,
    # 200 000 ledger rows.
    "national": Scale("national", 21, 20, 147, 10, 6, 9, 490, 12, 8),
    # For tests: one collaboration, one year.
    "tiny": Scale("tiny", 1, 0, 12, 1, 2, 2, 20, 3, 2, all_municipalities=False),
}


@dataclass
class Context:
    scale: Scale
    seed: int
    rng: random.Random
    base_date: datetime.date
    progress: Progress
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def first_year(self) -> int:
        return self.base_date.year - self.scale.years

    @property
    def years(self) -> range:
        return range(self.first_year, self.base_date.year)


@dataclass(frozen=True)
class Part:
    order: int
    name: str
    fn: Callable[[Context], None]


_parts: list[Part] = []


def register(order: int, name: str, fn: Callable[[Context], None]) -> None:
    if any(p.name == name for p in _parts):
        return
    _parts.append(Part(order, name, fn))


def parts() -> list[Part]:
    return sorted(_parts, key=lambda p: (p.order, p.name))


class Progress:
    """A progress bar of its own on stderr: one line, rewritten, per step."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled

    def iterate(self, label: str, items: Iterable[T], total: int) -> Iterator[T]:
        width = 30
        for i, item in enumerate(items, 1):
            if self.enabled and (i == total or i % max(total // 50, 1) == 0):
                done = width * i // max(total, 1)
                self.stream.write(f"\r{label:<28} [{'#' * done}{'.' * (width - done)}] {i}/{total}")
                if i == total:
                    self.stream.write("\n")
                self.stream.flush()
            yield item
