"""A workflow's table decides which status may follow which, and says so in the user's words."""

import pytest

from samverkan.lib.errors import DomainError
from samverkan.lib.workflow import Workflow

DOOR = Workflow.of(
    {"closed": {"open", "locked"}, "open": {"closed"}, "locked": set()},
    refused="En dörr som är %(current)s kan inte bli %(new)s.",
)
LABELS = {"closed": "stängd", "open": "öppen", "locked": "låst"}


def test_the_table_allows_its_moves_and_nothing_else() -> None:
    assert DOOR.allows("closed", "open")
    assert DOOR.allows("open", "closed")
    assert not DOOR.allows("open", "locked")
    assert not DOOR.allows("locked", "open")
    assert not DOOR.allows("open", "open")  # staying needs its own entry


def test_next_states_and_sources() -> None:
    assert DOOR.next_states("closed") == {"open", "locked"}
    assert DOOR.next_states("locked") == set()
    assert DOOR.sources("closed") == {"open"}


def test_the_refusal_names_both_statuses_by_their_labels() -> None:
    assert DOOR.refusal("closed", "open", labels=LABELS) is None
    assert DOOR.refusal("locked", "open", labels=LABELS) == "En dörr som är låst kan inte bli öppen."
    assert DOOR.refusal("locked", "open") == "En dörr som är locked kan inte bli open."


def test_require_raises_the_refusal() -> None:
    DOOR.require("open", "closed", labels=LABELS)
    with pytest.raises(DomainError, match="En dörr som är öppen kan inte bli låst"):
        DOOR.require("open", "locked", labels=LABELS)


def test_an_unknown_status_is_a_mistake_in_the_code_not_a_refusal() -> None:
    with pytest.raises(ValueError, match="Unknown status 'ajar'"):
        DOOR.allows("ajar", "open")
    with pytest.raises(ValueError, match="Unknown status 'ajar'"):
        DOOR.refusal("open", "ajar")


def test_a_status_moved_to_needs_a_row_of_its_own() -> None:
    with pytest.raises(ValueError, match="broken"):
        Workflow.of({"closed": {"broken"}}, refused="")


def test_covers_compares_the_rows_with_the_enum() -> None:
    assert DOOR.covers(["open", "closed", "locked"])
    assert not DOOR.covers(["open", "closed", "locked", "ajar"])  # a new status nobody placed
    assert not DOOR.covers(["open", "closed"])


def test_the_table_cannot_be_changed_afterwards() -> None:
    with pytest.raises(TypeError):
        DOOR.table["locked"] = frozenset({"open"})  # type: ignore[index]
