"""Small HTTP helpers shared by the views."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.urls import reverse

from samverkan.lib.documents_text import file_name_segment

# the largest primary key a BigAutoField (and PostgreSQL's bigint) holds
ID_MAX = 2**63 - 1


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """A Content-Disposition header value (RFC 6266) that no stored name can break: an ASCII
    `filename="…"` for old clients, with everything but letters, digits and `._-()` and space
    replaced, and the full name as `filename*=UTF-8''…`, percent-encoded. No quote, backslash,
    semicolon, CR, LF or other control character reaches the header unencoded."""
    name = file_name_segment(filename, default="fil")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"[^A-Za-z0-9._() -]", "_", ascii_name).strip(" .") or "fil"
    disposition = "attachment" if attachment else "inline"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file the browser saves under `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def object_id(value: Any) -> int:
    """An id a view read from a form or query string ("12") as an int, or 404: never a ValueError
    ("abc"), an overflow (beyond 64 bits) or a NUL reaching the database."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or not 0 < int(text) <= ID_MAX:
        raise Http404
    return int(text)


def takes_anonymous_writes[V](view: V) -> V:
    """Marks a page under a collaboration that anyone may post to without logging in (a public
    event's registration form); every other write there is sent to log in first
    (`AnonymousWritesLogInFirstMiddleware`). Such a view answers 404 for what the visitor may not see."""
    view.takes_anonymous_writes = True  # type: ignore[attr-defined]
    return view


def url_for_each(name: str, *args: Any) -> Callable[[int], str]:
    """`reverse(name, args=[*args, pk])` for every row of a list at the cost of one `reverse`: a
    table of fifty rows spent more on reversing its links than on anything else per row. The last
    argument of the route must be the row's integer key."""
    marker = str(ID_MAX)
    head, tail = reverse(name, args=[*args, ID_MAX]).rsplit(marker, 1)
    return lambda pk: f"{head}{int(pk)}{tail}"
