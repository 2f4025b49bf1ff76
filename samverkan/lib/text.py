"""Cleaning of text at the edge: what a form or an API write may store.

`clean_text(value, multiline=…)` is the one cleaning every form field and every API input schema
uses (and that document builders may use on what is already stored). It removes what no one types
on purpose and what breaks the documents built from the text (XML in Word and Excel, vCard lines,
PostgreSQL, which refuses NUL in text):

- NUL and every other C0 control character, DEL and the C1 controls (U+0080–U+009F);
  multi-line text keeps tab, newline and carriage return, and the other line breaks (vertical
  tab, form feed, which Word puts in pasted text, NEL, U+2028, U+2029) become a newline;
- lone surrogates (U+D800–U+DFFF, which a JSON body can carry and no database stores) and the
  noncharacters U+FFFE and U+FFFF (not allowed in XML);
- in single-line text: every line break and tab becomes a space, and the
  bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069), which
  can make a name read backwards, are removed.

Nothing else is changed: letters of every script, emoji (with their joiners) and the
left-to-right and right-to-left marks stay.
"""

from __future__ import annotations

import re

# line breaks other than LF and CR: vertical tab, form feed, the separators \x1c–\x1e, NEL, U+2028, U+2029
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# C0 without tab, LF and CR; DEL; C1; surrogates; the noncharacters U+FFFE and U+FFFF
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# the line breaks and the tab, in single-line text
_BREAKS = re.compile("\r\n|[\t\n\r]")
# bidirectional embeddings, overrides and isolates
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str, *, multiline: bool) -> str:
    """`value` without control characters; `multiline=False` also without line breaks and bidi controls."""
    value = _CONTROL.sub("", _OTHER_BREAKS.sub("\n", value))
    if multiline:
        return value
    return _BIDI.sub("", _BREAKS.sub(" ", value))


def has_unsafe_characters(value: str, *, multiline: bool) -> bool:
    """Whether `clean_text` would change `value`."""
    return clean_text(value, multiline=multiline) != value
