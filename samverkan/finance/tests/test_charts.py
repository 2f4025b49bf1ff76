"""The status report's chart is rendered once for its data and language, then read from the cache."""

import pytest
import vl_convert
from django.core.cache import cache
from django.utils import translation

from samverkan.finance import charts
from samverkan.finance.status import MonthPoint


@pytest.fixture
def renders(monkeypatch):
    cache.clear()
    calls = []
    real = vl_convert.vegalite_to_svg

    def counting(spec, **kwargs):
        calls.append(spec)
        return real(spec, **kwargs)

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", counting)
    yield calls
    cache.clear()


def points(actual):
    return [MonthPoint(month, 100_000 * month, actual * month if month <= 3 else None) for month in range(1, 13)]


def test_the_same_data_is_rendered_once(renders):
    first = charts.budget_vs_actual_svg(points(90_000))
    again = charts.budget_vs_actual_svg(points(90_000))
    assert again == first and first.startswith('<svg aria-hidden="true"')
    assert len(renders) == 1


def test_other_data_or_another_language_is_rendered_anew(renders):
    charts.budget_vs_actual_svg(points(90_000))
    other = charts.budget_vs_actual_svg(points(80_000))
    with translation.override("en"):
        english = charts.budget_vs_actual_svg(points(90_000))
    assert len(renders) == 3
    assert "Utfall" not in english and other != english
