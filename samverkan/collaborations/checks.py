"""The registry of rule sets the agreement check runs.

Each app that judges clauses of an agreement registers one rule set in its `AppConfig.ready()`:
a name, a collector that reads the facts it needs (ORM reads, in that app) and a pure judge
(in that app's `rules.py`) that turns the facts into findings. The agreement check runs every
registered set, in the order of `order` (then name), and knows nothing about any of them.

A finding carries its own `Link` (collaborations.findings): where on the site it is fixed, as a URL name and the
arguments after the collaboration's slug. The page resolves it with the slug; pure rules build
the value and never touch the database or the URL configuration.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from samverkan.collaborations.findings import Finding

if TYPE_CHECKING:
    from samverkan.collaborations.model_file import CollaborationModel
    from samverkan.collaborations.models import Collaboration


@dataclass(frozen=True)
class RuleSet:
    """One app's rules: `collect(collaboration, on)` reads the facts, `judge(model, facts)` is
    pure and returns the findings, in the order the page and the command show them."""

    name: str
    collect: Callable[[Collaboration, datetime.date], Any]
    judge: Callable[[CollaborationModel, Any], list[Finding]]
    order: int = 100


_registry: dict[str, RuleSet] = {}


def register(rule_set: RuleSet) -> None:
    """Register (or replace, by name) a rule set. Call it from the app's `AppConfig.ready()`."""
    _registry[rule_set.name] = rule_set


def unregister(name: str) -> None:
    _registry.pop(name, None)


def rule_sets() -> Sequence[RuleSet]:
    """The registered rule sets in the order the check runs them."""
    return sorted(_registry.values(), key=lambda s: (s.order, s.name))


def run(collaboration: Collaboration, model: CollaborationModel, on: datetime.date) -> list[Finding]:
    """Every registered rule set's findings for the collaboration on a day, in the agreement's
    order of clauses (`CollaborationModel.clause_order`); within a clause, in the order the rule
    sets run and each set gives them. So the page, the command and the API list them alike,
    whichever app judges a clause."""
    findings: list[Finding] = []
    for rule_set in rule_sets():
        findings.extend(rule_set.judge(model, rule_set.collect(collaboration, on)))
    return sorted(findings, key=lambda finding: model.clause_order(finding.rule))
