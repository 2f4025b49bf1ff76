"""The economy's documents as they are printed: every table fits an A4 page, its header repeats on
each page, no row is split across two pages, and the figures in them are the ones the pages show."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from samverkan.finance import documents, selectors, services
from samverkan.finance.tests.test_services import KR, _activity, _half_year
from samverkan.organisations.models import Party

BASE = "/miljosamverkan-vasterbotten"
A4_LANDSCAPE = (842, 595)  # points, rounded
A4_PORTRAIT = (595, 842)


def _pages(pdf: bytes) -> list[str]:
    """Each page's text, with non-breaking spaces as spaces."""
    return [page.extract_text().replace("\xa0", " ") for page in PdfReader(io.BytesIO(pdf)).pages]


def _sizes(pdf: bytes) -> set[tuple[int, int]]:
    return {
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in PdfReader(io.BytesIO(pdf)).pages
    }


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def _overflowing(template: str, context: dict[str, Any]) -> list[str]:
    """The texts WeasyPrint lays out beyond the right edge of a page's printable area."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "lang": "sv"})
    found = []
    for page in HTML(string=html).render().pages:
        page_box = page._page_box
        right = page_box.margin_width() - page_box.margin_right
        found += [
            b.text for b in _boxes(page_box) if type(b).__name__ == "TextBox" and b.position_x + b.width > right + 0.5
        ]
    return found


def _right_edges(template: str, context: dict[str, Any]) -> set[int]:
    """Where the amounts ("… kr") end on the page, to the point: one edge per column of figures."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "lang": "sv"})
    return {
        round(b.position_x + b.width)
        for page in HTML(string=html).render().pages
        for b in _boxes(page._page_box)
        if type(b).__name__ == "TextBox" and re.fullmatch(r"[−-]?[\d\xa0 ]+,\d\d\xa0kr", b.text)
    }


def _long_report(world) -> selectors.StatusView:
    """The 30 June report with forty activities, some with long names: several pages of lines."""
    _half_year(world)
    for n in range(40):
        title = f"A{n:02d}x " + ("seminarium om vindkraftens buller och tillsyn av " * (n % 3)) + f"slut{n:02d}"
        _activity(world, 2026, title=title, budget=12_300 * KR + n)
    services.add_extra_contribution(
        collaboration=world.collaboration,
        party=Party.objects.get(collaboration=world.collaboration, key="region"),
        amount_ore=35_000 * KR,
        invoiced_on=datetime.date(2026, 3, 2),
        actor=None,
    )
    return selectors.status_view(world.collaboration, datetime.date(2026, 6, 30))


def test_the_status_report_fits_a4_landscape_repeats_its_headers_and_never_splits_a_row(world, client_for):
    view = _long_report(world)
    assert _overflowing("finance/pdf/status.html", documents.status_context(view)) == []
    pdf = client_for("chair").get(f"{BASE}/ekonomi/lagesrapport.pdf?datum=2026-06-30").content
    assert _sizes(pdf) == {A4_LANDSCAPE}
    pages = _pages(pdf)
    assert len(pages) >= 3
    compact = [re.sub(r"\s+", "", text) for text in pages]
    for n in range(40):
        # the row's first word, its last word and its budget are on one page, and only on that one
        first = {i for i, text in enumerate(compact) if f"A{n:02d}x" in text}
        last = {i for i, text in enumerate(compact) if f"slut{n:02d}" in text}
        amount = {i for i, text in enumerate(compact) if f"12300,{n:02d}kr" in text}
        assert len(first) == 1 and first == last == amount, n
    for i, text in enumerate(pages):
        if "A0" in text or "A1" in text or "A2" in text or "A3" in text:  # a page of the cost table
            assert "Budgetrad" in text and "Kommentar" in text and "Prognos helår" in text, i
    parties = "\n".join(pages)
    parties = parties[parties.index("Per part") :]
    assert re.search(r"\nRegion Västerbotten [\d−-]", parties)  # the whole name on one line, then its figures


@pytest.mark.parametrize("party", ["region", "umea"])
def test_the_invoicing_basis_fits_a4_with_its_totals_on_one_line(world, client_for, party):
    from samverkan.finance.tests.test_services import _budget

    _budget(world, 2026)
    services.add_extra_contribution(
        collaboration=world.collaboration,
        party=Party.objects.get(collaboration=world.collaboration, key=party),
        amount_ore=1_000_000_000_000_00,  # a thousand billion kronor
        invoiced_on=datetime.date(2026, 3, 2),
        actor=None,
    )
    party_obj = Party.objects.get(collaboration=world.collaboration, key=party)
    basis = selectors.invoicing_basis(world.collaboration, 2026, party_obj)
    context = {**basis, "collaboration": world.collaboration}
    assert _overflowing("finance/pdf/invoicing_basis.html", context) == []
    pdf = client_for("coordinator").get(f"{BASE}/ekonomi/2026/fakturaunderlag/{party}.pdf").content
    assert _sizes(pdf) == {A4_PORTRAIT}
    text = "\n".join(_pages(pdf))
    assert "1 000 000 000 000,00 kr" in text  # never wrapped


def test_the_budget_pdf_fits_a4_with_its_amounts_right_aligned_and_rows_whole(world, client_for):
    from samverkan.finance.tests.test_services import _budget
    from samverkan.plans.documents import plan_context

    for n in range(30):
        _activity(world, 2026, title=f"B{n:02d}x " + "en lång aktivitet med många ord " * 3 + f"slut{n:02d}")
    version = _budget(world, 2026)
    assert _overflowing("plans/pdf/plan.html", plan_context(version)) == []
    assert len(_right_edges("plans/pdf/plan.html", plan_context(version))) == 1  # one column, right-aligned
    pdf = client_for("coordinator").get(f"{BASE}/planer/{version.document.pk}/dokument.pdf").content
    assert _sizes(pdf) == {A4_PORTRAIT}
    compact = [re.sub(r"\s+", "", text) for text in _pages(pdf)]
    assert len(compact) >= 2
    for n in range(30):
        first = {i for i, text in enumerate(compact) if f"B{n:02d}x" in text}
        last = {i for i, text in enumerate(compact) if f"slut{n:02d}" in text}
        assert len(first) == 1 and first == last, n
