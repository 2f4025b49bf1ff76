"""Which status may follow which: one workflow's moves as one table.

An app writes each of its workflows in its `rules.py` as `Workflow.of({from: {to, ...}}, refused=...)`
with the status values as plain strings; a use case asks the table before it moves a status
(`FLOW.require(current, new, labels=dict(SomeStatus.choices))`) and gets a `DomainError` saying
what may not happen. The labels come from the caller, so this module knows no app, and a test per
workflow asserts that its table names every status of the model's enum (`covers`), so a status
added without deciding where it may go fails there."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from samverkan.lib.errors import DomainError


@dataclass(frozen=True, eq=False)
class Workflow:
    table: Mapping[str, frozenset[str]]
    # a translatable sentence (gettext_lazy) with %(current)s and %(new)s: the statuses' labels
    refused: Any

    @classmethod
    def of(cls, table: Mapping[str, Iterable[str]], *, refused: Any) -> Workflow:
        """The workflow of `table`; every status a move leads to must have its own row, even
        when nothing follows it (`"cancelled": set()`)."""
        frozen = {str(state): frozenset(str(new) for new in moves) for state, moves in table.items()}
        unknown = set().union(*frozen.values()) - set(frozen)
        if unknown:
            raise ValueError(f"Statuses without a row of their own: {sorted(unknown)}")
        return cls(MappingProxyType(frozen), refused)

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.table)

    def _known(self, state: str) -> str:
        if str(state) not in self.table:
            raise ValueError(f"Unknown status {state!r}; known: {sorted(self.table)}")
        return str(state)

    def allows(self, current: str, new: str) -> bool:
        return self._known(new) in self.table[self._known(current)]

    def next_states(self, current: str) -> frozenset[str]:
        return self.table[self._known(current)]

    def sources(self, new: str) -> frozenset[str]:
        """The statuses `new` may follow (for a guarded update: `filter(status__in=...)`)."""
        new = self._known(new)
        return frozenset(state for state, moves in self.table.items() if new in moves)

    def refusal(self, current: str, new: str, *, labels: Mapping[str, Any] | None = None) -> str | None:
        """None when the move is allowed, else the sentence saying it is not, with the labels."""
        if self.allows(current, new):
            return None
        names = labels or {}
        return str(self.refused) % {
            "current": names.get(str(current), str(current)),
            "new": names.get(str(new), str(new)),
        }

    def require(self, current: str, new: str, *, labels: Mapping[str, Any] | None = None) -> None:
        """Raise the refusal as a DomainError when the move is not allowed."""
        message = self.refusal(current, new, labels=labels)
        if message is not None:
            raise DomainError(message)

    def covers(self, states: Iterable[str]) -> bool:
        """The table has one row for each of `states` (an enum's values) and no other."""
        return self.states == {str(s) for s in states}
