"""No NUL reaches a view: PostgreSQL refuses it in text, so a NUL in a query would answer 500.

`NoNulMiddleware` answers 404 for a path with a NUL (no page or API route has one) and removes
NUL from every query-string value and every posted form value (and their names) before the view
sees them. Forms then clean the rest (`lib.forms`); this covers what views and the API read
without a form (`?rad=`, `?q=`, `paragraf`, `plats`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _without_nul(data: Any) -> Any:
    """`data` (a QueryDict) as it is, or an immutable copy without NUL in its names and values."""
    if not any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists()):
        return data
    clean = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    clean._mutable = False
    return clean


class NoNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]) -> None:
        if "\x00" in request.path_info or any("\x00" in str(v) for v in kwargs.values()):
            raise Http404
        request.GET = _without_nul(request.GET)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = _without_nul(request.POST)
