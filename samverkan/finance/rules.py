"""The economy's clauses judged on plain facts: budgets (EC1, EC4), status reports (CO2) and the
coordinator's time (CO1). Pure: no ORM, no request. The collector is `finance.checks`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samverkan.collaborations.findings import Finding, Link, Status
from samverkan.collaborations.model_file import CollaborationModel
from samverkan.finance import budget as budget_rules
from samverkan.finance import status as finance_status
from samverkan.finance.budget import BudgetLine
from samverkan.lib.workflow import Workflow

# Workflows: which status may follow which
# The ledger import's statuses (LedgerImportStatus in models.py, which this pure module does not
# import; the app's tests assert the table covers it). An import is previewed, then booked or
# discarded, once: a booked file is undone entry by entry, a discarded one is uploaded again.
LEDGER_IMPORT = Workflow.of(
    {"preview": {"committed", "discarded"}, "committed": set(), "discarded": set()},
    refused=gettext_lazy("En import som är %(current)s kan inte bli %(new)s."),
)


@dataclass(frozen=True)
class BudgetFact:
    """A budget of the year or the next, its lines and whether its municipal share splits."""

    year: int
    document_id: int
    lines: tuple[BudgetLine, ...]
    split_error: str = ""


@dataclass(frozen=True)
class FinanceFacts:
    on: datetime.date
    budgets: tuple[BudgetFact, ...] = ()
    # (group key, day) of each meeting in the year at which a status report was presented
    reported: tuple[tuple[str, datetime.date], ...] = ()
    coordinator_minutes: tuple[tuple[datetime.date, int], ...] = ()  # the year's logged time
    # (group key, day) of each meeting of the year that is not cancelled
    meetings: tuple[tuple[str, datetime.date], ...] = ()


def judge(model: CollaborationModel, facts: FinanceFacts | None) -> list[Finding]:
    """The economy's findings, in this order: budgets, status reports, the coordinator's time."""
    return [*check_budgets(model, facts), *check_status_reports(model, facts), *check_coordinator_time(model, facts)]


def check_budgets(model: CollaborationModel, facts: FinanceFacts | None) -> list[Finding]:
    """EC1: the budget has the agreed cost categories; EC4: income covers the costs and the
    municipal share splits completely by the budget's key. This year's budget and next year's.
    Each clause gets its own findings; EC4 only when the model file quotes it (`income_quote`)."""
    economy = model.economy
    if economy is None or facts is None:
        return []
    findings = []
    subject = _("Budget")
    clauses = [(economy.clause, economy.quote)]
    if economy.income_quote and economy.income_clause != economy.clause:
        clauses.append((economy.income_clause, economy.income_quote))
    for budget in facts.budgets:
        problems = budget_rules.judge(economy, budget.lines, split_error=budget.split_error)
        target = Link("plan_detail", (budget.document_id,))
        for clause, quote in clauses:
            mine = [problem for problem in problems if problem.clause == clause]
            for problem in mine:
                findings.append(
                    Finding(
                        clause,
                        "warning",
                        _("Budget %(year)s: %(problem)s") % {"year": budget.year, "problem": problem.message},
                        subject,
                        quote,
                        target,
                    )
                )
            if not mine:
                ok = (
                    _("Budget %(year)s har avtalets kostnadsslag.")
                    if clause == economy.clause
                    else _("Budget %(year)s: intäkterna täcker kostnaderna.")
                )
                findings.append(Finding(clause, "ok", ok % {"year": budget.year}, subject, quote, target))
    return findings


def check_status_reports(model: CollaborationModel, facts: FinanceFacts | None) -> list[Finding]:
    """CO2: the coordinator gives financial status reports during the year, as many as the model
    file says, each presented at a meeting (CM3)."""
    economy = model.economy
    if economy is None or facts is None or not economy.status_reports_per_year:
        return []
    document = model.document(economy.budget_document)
    body = document.decided_by if document else ""
    reported = {day for key, day in facts.reported if key == body}
    wanted, given = economy.status_reports_per_year, len(reported)
    message = ngettext(
        "%(given)s av %(wanted)s ekonomisk lägesrapport är lagd på ett möte %(year)s.",
        "%(given)s av %(wanted)s ekonomiska lägesrapporter är lagda på möten %(year)s.",
        wanted,
    ) % {"given": given, "wanted": wanted, "year": facts.on.year}
    # the deciding body's meetings still to come that have no report yet
    remaining = sum(1 for key, day in facts.meetings if key == body and day > facts.on and day not in reported)
    status: Status = "ok" if given >= wanted else "warning"
    if status == "warning" and given + remaining >= wanted:
        status = "ok"  # the meetings left this year can still take the missing reports
        message += " " + ngettext("%(count)s möte återstår i år.", "%(count)s möten återstår i år.", remaining) % {
            "count": remaining
        }
    return [
        Finding(
            economy.status_reports_clause,
            status,
            message,
            _("Ekonomiska lägesrapporter"),
            economy.status_reports_quote,
            Link("finance", query=f"ar={facts.on.year}"),
        )
    ]


def check_coordinator_time(model: CollaborationModel, facts: FinanceFacts | None) -> list[Finding]:
    """CO1: the collaboration has its share of the coordinator's time; the year's forecast from the
    logged hours is judged against it (above the share, or more than the tolerance below it)."""
    coordinator = model.coordinator
    if coordinator is None or facts is None:
        return []
    time = finance_status.time_status(
        facts.coordinator_minutes,
        year=facts.on.year,
        as_of=facts.on,
        share_hours=coordinator.hours_share,
        tolerance_percent=coordinator.tolerance_percent,
    )
    values = {
        "forecast": round(time.forecast_hours),
        "share": coordinator.hours_share,
        "percent": coordinator.time_share_percent,
        "used": round(time.used_hours),
    }
    if not time.judged:
        status: Status = "ok"
        message = _("För tidigt på året för att bedöma samordnarens tid (%(used)s timmar hittills).") % values
    elif time.over:
        status = "warning"
        message = (
            _(
                "Samordnarens tid: prognosen är %(forecast)s timmar, mer än samverkans %(percent)s %% "
                "(%(share)s timmar)."
            )
            % values
        )
    elif time.under:
        status = "warning"
        message = (
            _(
                "Samordnarens tid: prognosen är %(forecast)s timmar, klart under samverkans %(percent)s %% "
                "(%(share)s timmar)."
            )
            % values
        )
    else:
        status = "ok"
        message = _("Samordnarens tid: prognosen är %(forecast)s av %(share)s timmar.") % values
    return [
        Finding(
            coordinator.clause,
            status,
            message,
            _("Samordnaren"),
            coordinator.quote,
            Link("time_log", query=f"ar={facts.on.year}"),
        )
    ]
