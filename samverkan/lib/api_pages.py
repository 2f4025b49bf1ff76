"""The API's lists that can grow answer a window of their rows: `limit` (default DEFAULT_LIMIT, at
most MAX_LIMIT) from `offset` (0), in the list's order. The body stays a JSON list, as before the
lists were windowed, so clients that read a list keep working; the headers say what else there is:
`X-Total-Count` (every row the filters select) and an RFC 8288 `Link` with `next` and `prev`
where there is such a window. See docs/architecture.md, "The API per app"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from pydantic import Field

DEFAULT_LIMIT = 100
MAX_LIMIT = 500

Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description="How many rows at most (default 100, at most 500).")]
Offset = Annotated[int, Field(ge=0, le=10**9, description="How many rows to skip (default 0).")]


def window[T](
    request: HttpRequest, response: HttpResponse, rows: QuerySet[Any] | Sequence[T], limit: int, offset: int
) -> list[Any]:
    """The rows from `offset`, at most `limit` of them; the total and the neighbouring windows set
    as headers on `response`. A query set is read only for the window (and its count)."""
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    response["X-Total-Count"] = str(total)
    links = []
    if offset + limit < total:
        links.append(f'<{_url(request, limit, offset + limit)}>; rel="next"')
    if offset > 0:
        links.append(f'<{_url(request, limit, max(offset - limit, 0))}>; rel="prev"')
    if links:
        response["Link"] = ", ".join(links)
    return list(rows[offset : offset + limit])


def _url(request: HttpRequest, limit: int, offset: int) -> str:
    query = request.GET.copy()
    query["limit"], query["offset"] = str(limit), str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
