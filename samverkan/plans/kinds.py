"""Plan documents another app owns a part of, without the plans app knowing that app.

The budget is a plan document (drafted, decided, locked and versioned like every plan) whose lines
belong to the economy. An app that owns such a document type registers a `DocumentKind` when it
loads (`AppConfig.ready()`); the plans app asks `kind_for(version)` where a proposal is made, a
plan page is shown or a plan document is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samverkan.plans.models import PlanVersion


@dataclass(frozen=True)
class DocumentKind:
    name: str
    applies: Callable[[PlanVersion], bool]
    # before a version goes out as a proposal: refuse with a DomainError, or fix the app's part into
    # the version (saved with it)
    before_proposal: Callable[[PlanVersion], None]
    # what the plan page (with_findings=True) and the plan document show of the app's part
    summary: Callable[..., dict[str, Any] | None]
    # the demo's contents of a new draft
    fill_demo: Callable[[PlanVersion], None] | None = None


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    _KINDS[kind.name] = kind


def kind_for(version: PlanVersion) -> DocumentKind | None:
    return next((kind for kind in _KINDS.values() if kind.applies(version)), None)


def summary(version: PlanVersion, *, with_findings: bool = False) -> dict[str, Any] | None:
    """The owning app's part of the version, or None for an ordinary plan document."""
    kind = kind_for(version)
    return kind.summary(version, with_findings=with_findings) if kind else None
