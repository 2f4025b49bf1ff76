"""The budget's lines and its cost-sharing key, from the model file's economy (EC1, EC3, EC4).

Pure Python: plain data in, plain data out. A budget is stored on its plan version as
``{"lines": {line key: öre}, "notes": {line key: text}, "key": {…}}``. Line keys are stable across
versions and years, so the ledger can book against them:

- ``cost:<category>`` — a cost category with one line (the coordinator's salary);
- ``cost:<category>.<part>`` — one line per part (overhead: administration, premises, …);
- ``cost:<category>#<activity id>`` — one line per planned activity;
- ``income:<source>`` — an income source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from samverkan.collaborations.model_file import Economy
from samverkan.finance import allocation
from samverkan.lib.errors import DomainError
from samverkan.lib.money import format_money

COST = "cost"
INCOME = "income"

EQUAL = "equal"
POPULATION = "population"
BASE_PLUS = "base_plus"
FIXED = "fixed"
METHODS = (EQUAL, POPULATION, BASE_PLUS, FIXED)


def method_label(method: str) -> str:
    return {
        EQUAL: _("Lika delar"),
        POPULATION: _("Efter folkmängd"),
        BASE_PLUS: _("Grundavgift plus del per invånare"),
        FIXED: _("Fasta belopp per part"),
    }[method]


@dataclass(frozen=True)
class ActivityCost:
    """An activity of the budget year and what it is budgeted at (None: not costed yet)."""

    id: int
    title: str
    budget_ore: int | None


@dataclass(frozen=True)
class BudgetLine:
    key: str
    kind: str  # COST | INCOME
    category: str  # the cost category or income source key
    category_name: str
    name: str
    amount_ore: int
    forecast: str = "budget"  # how the year's outcome is foreseen (model file: "budget" or "linear")
    activity_id: int | None = None
    note: str = ""

    @property
    def mapping_key(self) -> str:
        """The key an account is mapped to: the line, or its category when it is one per activity."""
        return self.key.split("#", 1)[0]


def cost_key(category: str, part: str = "", activity_id: int | None = None) -> str:
    if activity_id is not None:
        return f"{COST}:{category}#{activity_id}"
    return f"{COST}:{category}.{part}" if part else f"{COST}:{category}"


def income_key(source: str) -> str:
    return f"{INCOME}:{source}"


def lines(
    economy: Economy,
    amounts: Mapping[str, int],
    activities: Sequence[ActivityCost] = (),
    notes: Mapping[str, str] | None = None,
) -> list[BudgetLine]:
    """Every line of the budget in the model file's order, with its amount (0 when not set).

    Activity lines take the activity's own budget: the activity is where the cost is planned.
    """
    notes = notes or {}
    result: list[BudgetLine] = []
    for category in economy.costs:
        common = {"kind": COST, "category": category.key, "category_name": category.name}
        if category.per_activity:
            for activity in activities:
                key = cost_key(category.key, activity_id=activity.id)
                result.append(
                    BudgetLine(
                        key=key,
                        name=activity.title,
                        amount_ore=activity.budget_ore or 0,
                        forecast=category.forecast,
                        activity_id=activity.id,
                        note=notes.get(key, ""),
                        **common,  # type: ignore[arg-type]
                    )
                )
        elif category.parts:
            for part in category.parts:
                key = cost_key(category.key, part.key)
                result.append(
                    BudgetLine(
                        key=key,
                        name=part.name,
                        amount_ore=amounts.get(key, 0),
                        forecast=category.forecast,
                        note=notes.get(key, ""),
                        **common,  # type: ignore[arg-type]
                    )
                )
        else:
            key = cost_key(category.key)
            result.append(
                BudgetLine(
                    key=key,
                    name=category.name,
                    amount_ore=amounts.get(key, 0),
                    forecast=category.forecast,
                    note=notes.get(key, ""),
                    **common,  # type: ignore[arg-type]
                )
            )
    for source in economy.income:
        key = income_key(source.key)
        result.append(
            BudgetLine(
                key=key,
                kind=INCOME,
                category=source.key,
                category_name=source.name,
                name=source.name,
                amount_ore=amounts.get(key, 0),
                note=notes.get(key, ""),
            )
        )
    return result


def editable_keys(economy: Economy) -> list[str]:
    """The lines entered on the budget itself (activity lines are entered on each activity)."""
    keys: list[str] = []
    for category in economy.costs:
        if category.per_activity:
            continue
        if category.parts:
            keys.extend(cost_key(category.key, p.key) for p in category.parts)
        else:
            keys.append(cost_key(category.key))
    keys.extend(income_key(s.key) for s in economy.income)
    return keys


def mapping_targets(economy: Economy) -> list[tuple[str, str]]:
    """What an account can be mapped to: (key, label), activities as one target per category."""
    targets = []
    for category in economy.costs:
        if category.per_activity:
            targets.append((cost_key(category.key), _("%(name)s (per aktivitet)") % {"name": category.name}))
        elif category.parts:
            targets.extend((cost_key(category.key, p.key), f"{category.name}: {p.name}") for p in category.parts)
        else:
            targets.append((cost_key(category.key), category.name))
    targets.extend((income_key(s.key), _("Intäkt: %(name)s") % {"name": s.name}) for s in economy.income)
    return targets


@dataclass(frozen=True)
class Totals:
    costs_ore: int
    income_ore: int

    @property
    def result_ore(self) -> int:
        return self.income_ore - self.costs_ore


def totals(budget_lines: Sequence[BudgetLine]) -> Totals:
    return Totals(
        costs_ore=sum(line.amount_ore for line in budget_lines if line.kind == COST),
        income_ore=sum(line.amount_ore for line in budget_lines if line.kind == INCOME),
    )


@dataclass(frozen=True)
class SharingKey:
    """The cost-sharing key a budget names for the split income source (EC4)."""

    method: str = POPULATION
    population_year: int | None = None
    base_ore: int = 0
    fixed: Mapping[str, int] = field(default_factory=dict)  # party key → öre

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> SharingKey:
        data = data or {}
        method = str(data.get("method")) if data.get("method") in METHODS else POPULATION
        return cls(
            method=method,
            population_year=data.get("population_year"),
            base_ore=int(data.get("base_ore") or 0),
            fixed={str(k): int(v) for k, v in (data.get("fixed") or {}).items()},
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "population_year": self.population_year,
            "base_ore": self.base_ore,
            "fixed": dict(self.fixed),
        }

    @property
    def label(self) -> str:
        label = method_label(self.method)
        if self.method in (POPULATION, BASE_PLUS) and self.population_year:
            label += " " + _("(folkmängd %(year)s)") % {"year": self.population_year}
        return label


def split(key: SharingKey, total_ore: int, parties: Sequence[allocation.Party]) -> dict[str, int]:
    """The total split between the parties by the key, exactly to the öre (see `allocation`)."""
    if key.method == EQUAL:
        return allocation.equal_shares(total_ore, parties)
    if key.method == POPULATION:
        return allocation.by_population(total_ore, parties)
    if key.method == BASE_PLUS:
        return allocation.base_plus_per_inhabitant(total_ore, parties, base_ore=key.base_ore)
    unknown = sorted(set(key.fixed) - {p.key for p in parties})
    if unknown:
        raise DomainError(_("Fasta belopp för parter som inte delar kostnaden: %(parties)s.") % {"parties": unknown})
    return allocation.fixed_sums(total_ore, {p.key: key.fixed.get(p.key, 0) for p in parties})


@dataclass(frozen=True)
class Comparison:
    key: SharingKey
    shares: dict[str, int] | None
    error: str = ""


def compare(keys: Sequence[SharingKey], total_ore: int, parties: Sequence[allocation.Party]) -> list[Comparison]:
    """Each key's split of the same total, side by side; a key that cannot split says why."""
    result = []
    for key in keys:
        try:
            result.append(Comparison(key=key, shares=split(key, total_ore, parties)))
        except DomainError as error:
            result.append(Comparison(key=key, shares=None, error=error.message))
    return result


@dataclass(frozen=True)
class Finding:
    clause: str
    message: str


def judge(economy: Economy, budget_lines: Sequence[BudgetLine], split_error: str = "") -> list[Finding]:
    """What the agreement asks of a budget: every cost category costed (EC1); income covering the
    costs and the municipal share split completely (EC4)."""
    findings = []
    for category in economy.costs:
        amount = sum(line.amount_ore for line in budget_lines if line.category == category.key and line.kind == COST)
        if amount <= 0:
            findings.append(
                Finding(economy.clause, _("Kostnadsslaget %(name)s saknar belopp.") % {"name": category.name})
            )
    total = totals(budget_lines)
    if total.income_ore < total.costs_ore:
        findings.append(
            Finding(
                economy.income_clause,
                _("Intäkterna täcker inte kostnaderna: underskott %(amount)s.")
                % {"amount": format_money(total.costs_ore - total.income_ore, in_ore=True)},
            )
        )
    source = economy.split_source
    if source is not None:
        amount = next((line.amount_ore for line in budget_lines if line.key == income_key(source.key)), 0)
        if amount > 0 and split_error:
            findings.append(
                Finding(
                    economy.income_clause,
                    _("%(name)s kan inte fördelas med budgetens fördelningsnyckel: %(error)s")
                    % {"name": source.name, "error": split_error},
                )
            )
    return findings
