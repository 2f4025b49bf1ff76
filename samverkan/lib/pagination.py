"""Lists that can grow are shown a page at a time: `PER_PAGE` rows, the page named by `?sida=`
(the other parameters, the list's filters and sorting, kept in the page links by the
`<c-pagination>` component). A page number out of range shows the last page, one that is not a
number the first (Django's `Paginator.get_page`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50
PAGE_PARAMETER = "sida"


def page_of(request: HttpRequest, rows: QuerySet[Any] | Sequence[Any], per_page: int = PER_PAGE) -> Page[Any]:
    """The page of `rows` the request asks for; a query set is read only for that page (and its
    count)."""
    return Paginator(rows, per_page).get_page(request.GET.get(PAGE_PARAMETER))
