"""Small HTTP helpers shared by the views."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse

# the largest primary key a BigAutoField (and PostgreSQL's bigint) holds
ID_MAX = 2**63 - 1


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file the browser saves under `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def object_id(value: Any) -> int:
    """An id a view read from a form or query string ("12") as an int, or 404: never a ValueError
    ("abc"), an overflow (beyond 64 bits) or a NUL reaching the database."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or not 0 < int(text) <= ID_MAX:
        raise Http404
    return int(text)
