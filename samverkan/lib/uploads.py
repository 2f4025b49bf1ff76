"""What an uploaded document must be, wherever one is attached (a meeting's agenda item, an
event): a common office format, not empty, at most 20 MB, under a plain file name."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from samverkan.lib.errors import DomainError
from samverkan.lib.text import clean_text

DOCUMENT_EXTENSIONS = (
    ".pdf",
    ".docx",
    ".xlsx",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".txt",
    ".csv",
    ".png",
    ".jpg",
    ".jpeg",
)
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def document_name(upload: UploadedFile) -> str:
    """The upload's file name without a path or control characters, once the file is known to be
    an accepted document; otherwise a `DomainError` on the form's `file` field."""
    name = clean_text((upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1], multiline=False).strip()
    if not name.lower().endswith(DOCUMENT_EXTENSIONS):
        raise DomainError(
            _("Filtypen stöds inte. Använd PDF, Word, Excel, PowerPoint, OpenDocument, text eller bild."), field="file"
        )
    if (upload.size or 0) > DOCUMENT_MAX_BYTES:
        raise DomainError(_("Filen är för stor (högst 20 MB)."), field="file")
    if not upload.size:
        raise DomainError(_("Filen är tom."), field="file")
    return name
