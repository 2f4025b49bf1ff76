"""The economy's documents: the status report (PDF, Excel), the co-financing table (Excel) and a
party's invoicing basis (PDF, Excel). Amounts in Excel are numbers in kronor with two decimals,
formatted as such, so the host's economists can sum them; text cells are never formulas."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from samverkan.finance.charts import budget_vs_actual_svg, month_names
from samverkan.finance.selectors import CoFinancing, StatusView
from samverkan.lib.documents_text import printable
from samverkan.meetings.documents import html_to_pdf

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl is imported where a workbook is made, not with this module: the views (and with them
# every management command's system checks) import this module, most never write Excel.

MONEY_FORMAT = "#,##0.00"


def _kr(amount_ore: int) -> Decimal:
    return Decimal(amount_ore) / 100


def status_context(view: StatusView) -> dict[str, Any]:
    return {"view": view, "collaboration": view.collaboration, "chart": budget_vs_actual_svg(view.report.months)}


def status_pdf(view: StatusView) -> bytes:
    return html_to_pdf("finance/pdf/status.html", status_context(view))


def _new_workbook() -> Workbook:
    from openpyxl import Workbook

    return Workbook()


def _sheet(workbook: Workbook, title: str, header: Sequence[str], *, first: bool = False) -> Worksheet:
    from openpyxl.styles import Font, PatternFill

    sheet = workbook.active if first else workbook.create_sheet()
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([printable(text) for text in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="00558C")
    sheet.freeze_panes = "A2"
    return sheet  # type: ignore[return-value]


def _append(sheet: Worksheet, values: Sequence[object], *, bold: bool = False) -> None:
    from openpyxl.styles import Font

    sheet.append([None] * len(values))
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, Decimal):
            cell.value = value
            cell.number_format = MONEY_FORMAT
        elif isinstance(value, int):
            cell.value = value
        elif value is None:
            cell.value = None  # an empty cell, not 0 and not text
        else:
            cell.value = printable(value)  # Excel refuses control characters
            cell.data_type = "s"  # never a formula, whatever the text starts with
        if bold:
            cell.font = Font(bold=True)


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def status_xlsx(view: StatusView) -> bytes:
    workbook = _new_workbook()
    header = [
        _("Slag"),
        _("Kostnadsslag eller källa"),
        _("Budgetrad"),
        _("Budget (kr)"),
        _("Utfall t.o.m. %(day)s (kr)") % {"day": view.as_of.isoformat()},
        _("Prognos helår (kr)"),
        _("Avvikelse (kr)"),
        _("Prognosen"),
        _("Kommentar"),
    ]
    sheet = _sheet(workbook, _("Lägesrapport"), header, first=True)
    for kind, label in (("cost", _("Kostnad")), ("income", _("Intäkt"))):
        rows = view.report.of_kind(kind)
        for r in rows:
            _append(
                sheet,
                [
                    label,
                    r.line.category_name,
                    r.line.name,
                    _kr(r.budget_ore),
                    _kr(r.actual_ore),
                    _kr(r.forecast_ore),
                    _kr(r.deviation_ore),
                    _("inmatad") if r.forecast_entered else _("beräknad"),
                    r.comment,
                ],
            )
        _append(
            sheet,
            [
                _("Summa %(kind)s") % {"kind": label.lower()},
                "",
                "",
                _kr(sum(r.budget_ore for r in rows)),
                _kr(sum(r.actual_ore for r in rows)),
                _kr(sum(r.forecast_ore for r in rows)),
                _kr(sum(r.deviation_ore for r in rows)),
                "",
                "",
            ],
            bold=True,
        )
    _widths(sheet, [12, 30, 36, 16, 18, 18, 16, 12, 40])
    months = _sheet(
        workbook, _("Per månad"), [_("Månad"), _("Budget, ackumulerad (kr)"), _("Utfall, ackumulerat (kr)")]
    )
    names = month_names()
    for point in view.report.months:
        _append(
            months,
            [
                names[point.month - 1],
                _kr(point.budget_ore),
                _kr(point.actual_ore) if point.actual_ore is not None else "",
            ],
        )
    _widths(months, [10, 26, 26])
    parties = _sheet(
        workbook,
        _("Per part"),
        [_("Part"), _("Andel enligt budget (kr)"), _("Fakturerat (kr)"), _("Betalt (kr)"), _("Obetalt (kr)")],
    )
    for p in view.parties:
        _append(
            parties,
            [p.party.organisation.name, _kr(p.share_ore), _kr(p.invoiced_ore), _kr(p.paid_ore), _kr(p.outstanding_ore)],
        )
    total = view.parties_total
    _append(
        parties,
        [
            _("Summa, alla parter"),
            _kr(total.share_ore),
            _kr(total.invoiced_ore),
            _kr(total.paid_ore),
            _kr(total.outstanding_ore),
        ],
        bold=True,
    )
    _widths(parties, [30, 22, 18, 18, 18])
    return _bytes(workbook)


def cofinancing_xlsx(share: CoFinancing, year: int) -> bytes:
    """The municipalities' shares with the population of the key's year (empty where the key uses
    none or a figure is missing, as the page shows "–"), and on a second sheet what a single party
    pays alone."""
    workbook = _new_workbook()
    population_year = share.key.population_year
    sheet = _sheet(
        workbook,
        _("Medfinansiering %(year)s") % {"year": year},
        [
            _("Kommunkod"),
            _("Part"),
            _("Folkmängd %(year)s") % {"year": population_year} if population_year else _("Folkmängd"),
            _("Andel (kr)"),
        ],
        first=True,
    )
    for row in share.rows:
        _append(
            sheet,
            [
                row.party.organisation.municipality_code,
                row.party.organisation.name,
                row.population if population_year and row.population else None,
                _kr(row.amount_ore),
            ],
        )
    _append(
        sheet,
        [
            _("Summa"),
            share.key.label,
            share.population_total if population_year and share.population_total else None,
            _kr(sum(r.amount_ore for r in share.rows)),
        ],
        bold=True,
    )
    _widths(sheet, [12, 30, 16, 18])
    own = _sheet(
        workbook,
        _("Betalas av en part"),
        [_("Part"), _("Avser"), _("Andel (kr)")],
    )
    for alone in share.own:
        _append(own, [alone.party.organisation.name, alone.source_name, _kr(alone.amount_ore)])
    _widths(own, [30, 40, 18])
    return _bytes(workbook)


def invoicing_basis_pdf(basis: dict[str, Any], collaboration: Any) -> bytes:
    return html_to_pdf("finance/pdf/invoicing_basis.html", {**basis, "collaboration": collaboration})


def invoicing_basis_xlsx(basis: dict[str, Any]) -> bytes:
    workbook = _new_workbook()
    party = basis["party"]
    sheet = _sheet(
        workbook,
        _("Fakturaunderlag %(year)s") % {"year": basis["year"]},
        [_("Avser"), _("Grund"), _("Belopp (kr)")],
        first=True,
    )
    for row in basis["rows"]:
        _append(sheet, [row["name"], row["basis"], _kr(row["amount_ore"])])
    _append(
        sheet,
        [_("Att betala för %(year)s") % {"year": basis["year"]}, party.organisation.name, _kr(basis["total_ore"])],
        bold=True,
    )
    _widths(sheet, [40, 40, 18])
    return _bytes(workbook)
