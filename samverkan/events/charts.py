"""Charts of the reach: Vega-Lite specs built with Altair, rendered to SVG on the server
(`lib.charts`, as the economy's), each shown with a table of the same numbers beside it.

The gender counts are not drawn: their protected cells ("< 3", "x") are no lengths of a bar."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from django.utils.translation import gettext as _

from samverkan.events import rules
from samverkan.events.models import Category
from samverkan.lib import charts

REGISTERED, TOOK_PART = "#6b6b6b", "#0b5cad"  # grey and blue, as the economy's budget and actual


def category_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Category.choices}


def _wrapped(label: str, width: int) -> str:
    """A long label (a title is up to 200 characters) in lines that fit the chart's width."""
    return "\n".join(textwrap.wrap(label, max(20, width // 7))) or label


def _bars(rows: Sequence[tuple[str, int, int]], *, width: int) -> dict[str, object]:
    """Per row its registrations and those who took part, two bars under the row's label: the
    label above the bars (not beside them), so a long title keeps the bars their width on a phone."""
    import altair as alt

    registered, took_part = _("Anmälda"), _("Deltog")
    values = []
    for label, registrations, participants in rows:
        values.append({"label": _wrapped(label, width), "series": registered, "count": registrations})
        values.append({"label": _wrapped(label, width), "series": took_part, "count": participants})
    labels = [_wrapped(label, width) for label, _r, _p in rows]
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y("series:N", sort=[registered, took_part], axis=None, title=None, scale=alt.Scale(paddingOuter=0)),
            x=alt.X("count:Q", title=_("Antal"), axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=[registered, took_part], range=[REGISTERED, TOOK_PART]),
                legend=alt.Legend(orient="top", labelFontSize=13, symbolSize=150),
            ),
        )
        .properties(width=width, height=alt.Step(14))
    )
    header = alt.Header(
        labelAngle=0,
        labelOrient="top",
        labelAnchor="start",
        labelAlign="left",
        labelFontSize=13,
        labelLimit=0,
        labelPadding=2,
        labelBaseline="bottom",
        labelExpr="split(datum.value, '\\n')",  # the wrapped lines
    )
    chart = (
        alt.FacetChart(
            data=alt.Data(values=values),
            spec=bars,
            facet=alt.Facet("label:N", sort=labels, title=None, header=header),
            columns=1,
            spacing=22,
        )
        .configure(font="DejaVu Sans, Arial, sans-serif")
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .configure_view(stroke=None)
    )
    return chart.to_dict()  # type: ignore[no-any-return]


def categories_svg(figures: rules.Figures) -> str:
    """Registrations and participants per category, as SVG markup."""
    names = category_labels()
    rows = tuple((names[c].capitalize(), r, p) for c, r, p in figures.categories)
    return charts.responsive_svg("event-categories", rows, lambda width: _bars(rows, width=width))


def events_svg(reach: rules.YearReach) -> str:
    """Registrations and participants per event of the year, as SVG markup."""
    rows = tuple((row.event.title, row.figures.registrations, row.figures.participants) for row in reach.events)
    return charts.responsive_svg("year-events", rows, lambda width: _bars(rows, width=width))
