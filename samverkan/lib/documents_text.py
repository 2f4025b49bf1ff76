"""Text on its way out into a file someone downloads: Excel, Word, PDF, iCalendar, vCard, CSV,
a ZIP entry's name or a download's file name.

Whatever is already stored must not make a document fail: input is cleaned when it arrives, but a
value stored before that, imported, or written by a script can still hold characters that the
formats cannot carry. XML 1.0 (and so Word and Excel) forbids the C0 control characters except
tab, line feed and carriage return, and Excel's writer refuses them outright. These helpers drop
them, so each builder writes the visible text and nothing else changes.

Pure: strings in, strings out.
"""

from __future__ import annotations

import re
import unicodedata

from samverkan.lib.text import clean_text

# CRLF and CR: in a document every line ends in a line feed
_CARRIAGE_RETURN = re.compile("\r\n?")
# characters that change the direction of the text or take no space: harmless inside a document's
# text (where right-to-left names need them), but in a file name they can disguise what it is
# ("faktura\u202egpj.exe" shows as "fakturaexe.jpg")
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
# what Windows refuses in a file or folder name, and the path separators of every system
_NOT_IN_FILE_NAME = re.compile(r'[<>:"/\\|?*]')


def printable(value: object) -> str:
    """`value` as text a document can hold: what input cleaning (`lib.text.clean_text`) keeps of
    multi-line text, with every line ending in "\\n". `None` is the empty text."""
    text = "" if value is None else str(value)
    return clean_text(_CARRIAGE_RETURN.sub("\n", text), multiline=True)


def one_line(value: object) -> str:
    """`printable`, on one line: line breaks and tabs become single spaces (names, headings)."""
    return re.sub(r"[\t\n ]+", " ", printable(value)).strip()


def file_name_segment(value: object, *, default: str = "fil") -> str:
    """One segment of a file name or of a ZIP entry's path: on one line, without characters that
    are invisible or change direction, without path separators or what Windows refuses, never "." or
    "..", and never empty. Swedish letters stay."""
    text = _INVISIBLE.sub("", one_line(unicodedata.normalize("NFC", printable(value))))
    text = _NOT_IN_FILE_NAME.sub("-", text).strip(" .")  # Windows drops trailing dots and spaces
    return text or default


def archive_path(*segments: object) -> str:
    """A ZIP entry name from its folders and file name, each made safe by `file_name_segment`, so a
    naive unzip writes it inside its own folder: relative, no "..", no backslashes, no empty part."""
    return "/".join(file_name_segment(segment) for segment in segments)
