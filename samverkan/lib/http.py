"""Small HTTP helpers shared by the views."""

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

from samverkan.lib.documents_text import file_name_segment


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
