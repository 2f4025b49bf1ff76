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

# C0 controls except tab/LF/CR, DEL and the C1 controls, lone surrogates, and the two noncharacters
# XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# every way of breaking a line: CRLF, CR, vertical tab, form feed, NEL, line and paragraph separator
_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# characters that change the direction of the text or take no space: harmless inside a document's
# text (where right-to-left names need them), but in a file name they can disguise what it is
# ("faktura\u202egpj.exe" shows as "fakturaexe.jpg")
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
# what Windows refuses in a file or folder name, and the path separators of every system
_NOT_IN_FILE_NAME = re.compile(r'[<>:"/\\|?*]')


def printable(value: object) -> str:
    """`value` as text a document can hold: line breaks of every kind become "\\n", tab stays, and
    every other control character is dropped. `None` is the empty text."""
    text = "" if value is None else str(value)
    return _CONTROL.sub("", _BREAK.sub("\n", text))


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
