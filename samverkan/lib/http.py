"""Small HTTP helpers shared by the views."""

from django.http import HttpResponse


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file the browser saves under `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
