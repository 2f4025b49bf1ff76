"""The API of the joint economy: the year's budget with its co-financing, and the financial
status report."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from samverkan.accounts.api import collaboration_access
from samverkan.finance import selectors as finance
from samverkan.finance.budget import totals
from samverkan.finance.permissions import VIEW_FINANCE
from samverkan.lib.api_inputs import Day, Slug, Year

router = Router()


class BudgetLineOut(Schema):
    key: str
    kind: str
    category: str
    name: str
    amount_ore: int
    note: str


class ShareOut(Schema):
    party: str
    name: str
    municipality_code: str
    population: int
    amount_ore: int


class BudgetOut(Schema):
    year: int
    version: int
    status: str
    lines: list[BudgetLineOut]
    costs_ore: int
    income_ore: int
    sharing_key: str
    cofinancing: list[ShareOut]
    cofinancing_error: str


@router.get("/collaborations/{slug}/budget/{year}", response=BudgetOut, tags=["finance"])
def budget(request: HttpRequest, slug: Slug, year: Year) -> dict[str, Any]:
    """The year's budget (the decided version, or the latest draft until one is decided), its lines
    and the municipal co-financing split to the öre (members of the collaboration's groups)."""
    collaboration, access = collaboration_access(request, slug)
    if not access.can(VIEW_FINANCE):
        raise HttpError(403, "Only members of the collaboration's groups see its economy.")
    if collaboration.model.economy is None:
        raise HttpError(404, "This collaboration has no joint economy.")
    version = finance.shown_budget(collaboration, year, drafts=True)
    if version is None:
        raise HttpError(404, f"No budget for {year}.")
    lines = finance.version_lines(version)
    share = finance.cofinancing(collaboration, version, year)
    total = totals(lines)
    return {
        "year": year,
        "version": version.number,
        "status": version.status,
        "lines": [
            {
                "key": ln.key,
                "kind": ln.kind,
                "category": ln.category,
                "name": ln.name,
                "amount_ore": ln.amount_ore,
                "note": ln.note,
            }
            for ln in lines
        ],
        "costs_ore": total.costs_ore,
        "income_ore": total.income_ore,
        "sharing_key": share.key.method,
        "cofinancing": [
            {
                "party": r.party.key,
                "name": r.party.organisation.name,
                "municipality_code": r.party.organisation.municipality_code,
                "population": r.population,
                "amount_ore": r.amount_ore,
            }
            for r in share.rows
        ],
        "cofinancing_error": share.error,
    }


class StatusLineOut(Schema):
    key: str
    kind: str
    name: str
    budget_ore: int
    actual_ore: int
    forecast_ore: int
    forecast_entered: bool
    deviation_ore: int
    comment: str


class PartyTotalOut(Schema):
    share_ore: int
    invoiced_ore: int
    paid_ore: int


class PartyStatusOut(PartyTotalOut):
    party: str
    name: str


class StatusOut(Schema):
    as_of: datetime.date
    budget_version: int | None
    budget_status: str | None
    lines: list[StatusLineOut]
    parties: list[PartyStatusOut]
    parties_total: PartyTotalOut
    all_parties: bool


@router.get("/collaborations/{slug}/finance/status", response=StatusOut, tags=["finance"])
def finance_status(request: HttpRequest, slug: Slug, date: Day | None = None) -> dict[str, Any]:
    """The financial status report for a date (today by default): per line budget, actual to date,
    forecast for the year and deviation; each party's share, invoiced and paid where the caller may
    see that party (`view_party_finance`), and the total of all parties."""
    collaboration, access = collaboration_access(request, slug)
    if not access.can(VIEW_FINANCE):
        raise HttpError(403, "Only members of the collaboration's groups see its economy.")
    if collaboration.model.economy is None:
        raise HttpError(404, "This collaboration has no joint economy.")
    view = finance.for_reader(finance.status_view(collaboration, date or timezone.localdate()), access)
    data = finance.status_snapshot(view)
    total = view.parties_total
    return {
        **data,
        "lines": [{k: v for k, v in line.items() if k != "category"} for line in data["lines"]],
        "parties_total": {"share_ore": total.share_ore, "invoiced_ore": total.invoiced_ore, "paid_ore": total.paid_ore},
        "all_parties": view.all_parties,
    }
