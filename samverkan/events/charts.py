"""Charts of the reach: Vega-Lite specs built with Altair, rendered to SVG on the server
(`lib.charts`, as the economy's), each shown with a table of the same numbers beside it.

The gender counts are not drawn: their protected cells ("< 3", "x") are no lengths of a bar."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from samverkan.events import rules
from samverkan.events.models import Category
from samverkan.lib import charts

REGISTERED, TOOK_PART = "#6b6b6b", "#0b5cad"  # grey and blue, as the economy's budget and actual


def category_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Category.choices}


def _bars(rows: Sequence[tuple[str, int, int]], *, label_title: str, bar_height: int) -> dict[str, object]:
    """Grouped horizontal bars: per row its registrations and those who took part."""
    import altair as alt

    registered, took_part = _("Anmälda"), _("Deltog")
    values = []
    for label, registrations, participants in rows:
        values.append({"label": label, "series": registered, "count": registrations})
        values.append({"label": label, "series": took_part, "count": participants})
    labels = [label for label, _r, _p in rows]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=labels, title=label_title, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("series:N", sort=[registered, took_part]),
            x=alt.X("count:Q", title=_("Antal"), axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=[registered, took_part], range=[REGISTERED, TOOK_PART]),
                legend=alt.Legend(orient="top"),
            ),
        )
        .properties(width=420, height=alt.Step(bar_height))
        .configure(font="DejaVu Sans, Arial, sans-serif")
    )
    return chart.to_dict()  # type: ignore[no-any-return]


def categories_svg(figures: rules.Figures) -> str:
    """Registrations and participants per category, as SVG markup."""
    names = category_labels()
    rows = tuple((names[c].capitalize(), r, p) for c, r, p in figures.categories)
    return charts.svg("event-categories", rows, lambda: _bars(rows, label_title=_("Kategori"), bar_height=14))


def events_svg(reach: rules.YearReach) -> str:
    """Registrations and participants per event of the year, as SVG markup."""
    rows = tuple((row.event.title, row.figures.registrations, row.figures.participants) for row in reach.events)
    return charts.svg("year-events", rows, lambda: _bars(rows, label_title=_("Evenemang"), bar_height=12))
