"""Charts of the economy: a Vega-Lite spec built with Altair, rendered to SVG on the server
(`lib.charts`), so the page and the PDF show the same picture without JavaScript. Each chart goes
with a table of the same numbers for screen readers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _

from samverkan.finance.status import MonthPoint
from samverkan.lib import charts


def month_names() -> list[str]:
    """Short month names in the active language (jan, feb, … / Jan, Feb, …)."""
    return [formats.date_format(datetime.date(2001, m, 1), "M") for m in range(1, 13)]


def budget_vs_actual_spec(points: Sequence[MonthPoint], width: int = 560) -> dict[str, object]:
    """The chart `width` wide (the page draws a phone's too: `budget_vs_actual_page_svg`)."""
    import altair as alt

    names = month_names()
    budget_label, actual_label = _("Budget"), _("Utfall")
    values = []
    for point in points:
        values.append({"month": names[point.month - 1], "series": budget_label, "kr": point.budget_ore // 100})
        if point.actual_ore is not None:
            values.append({"month": names[point.month - 1], "series": actual_label, "kr": point.actual_ore // 100})
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=alt.X("month:O", sort=names, title=_("Månad"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("kr:Q", title=_("Kostnader hittills (kr)"), axis=alt.Axis(format=",d")),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=[budget_label, actual_label], range=["#6b6b6b", "#0b5cad"]),
                legend=alt.Legend(orient="top"),
            ),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=[budget_label, actual_label], range=[[6, 4], [1, 0]]), legend=None
            ),
        )
        .properties(width=width, height=260 if width > 400 else 220)
        .configure(font="DejaVu Sans, Arial, sans-serif")
        .configure_axis(labelFontSize=12 if width > 400 else 11, titleFontSize=12)
        .configure_legend(labelFontSize=13)
    )
    return chart.to_dict()  # type: ignore[no-any-return]


def budget_vs_actual_svg(points: Sequence[MonthPoint]) -> str:
    """The cumulative costs by month against the budget spread over the year, as SVG markup (for
    the PDF: one width)."""
    return charts.svg("budget-vs-actual", tuple(points), lambda: budget_vs_actual_spec(points))


def budget_vs_actual_page_svg(points: Sequence[MonthPoint]) -> str:
    """The same for the page: drawn for a phone and for a wider screen (`charts.responsive_svg`)."""
    return charts.responsive_svg("budget-vs-actual", tuple(points), lambda width: budget_vs_actual_spec(points, width))
