"""The budget as a plan document: what the economy adds to the plans app's yearly cycle.

The budget is drafted, proposed, decided and locked like every plan (PL4); its lines are the
economy's. `FinanceConfig.ready()` registers `BUDGET` with the plans app.
"""

from __future__ import annotations

from samverkan.finance import demo, selectors
from samverkan.plans.kinds import DocumentKind
from samverkan.plans.models import PlanVersion


def before_proposal(version: PlanVersion) -> None:
    """A budget goes out as a proposal only with amounts in it, and with the year's activity lines
    fixed into it as they stand."""
    selectors.check_proposable(version)
    version.budget = selectors.budget_snapshot(version)


BUDGET = DocumentKind(
    name="budget",
    applies=selectors.is_budget,
    before_proposal=before_proposal,
    summary=selectors.budget_summary,
    fill_demo=demo.fill_budget,
)
