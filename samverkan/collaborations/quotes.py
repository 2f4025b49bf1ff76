"""The agreement's own words: is a model file's quote found in the agreement text?

Pure Python, no Django. A model file that names its agreement text (`agreement_text`) may quote
only what that text says; `model_file.parse_model` asks `unquoted` for the first quote that is not.

How a quote is matched, so that copying from the agreement is enough and nothing else is:

- any run of whitespace (line breaks too) counts as one space;
- list markers at the start of a line ("·", "•", "-", "–", "*" …) are not part of the words;
- curly and straight quotation marks are the same, and so are the dashes ("–", "—") and "-";
- case counts: a quote is a piece of the text as it stands ("vid behov ingå …" mid-sentence);
- "…" (or "...") leaves words out: each fragment between must be found, in this order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# A list marker at the start of a line, with the spaces around it.
_BULLET_RE = re.compile(r"^[ \t]*[-–—•·*▪◦‣][ \t]*", re.MULTILINE)
_SPACE_RE = re.compile(r"\s+")
_ELLIPSIS_RE = re.compile(r"…|\.\.\.")
_SAME = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
    }
)


def normalise(text: str) -> str:
    """The words of `text` as they are compared: no list markers, one space, one kind of dash."""
    return _SPACE_RE.sub(" ", _BULLET_RE.sub("", text).translate(_SAME)).strip()


def fragments(quote: str) -> list[str]:
    """The pieces of a quote that leaves words out with "…", each normalised; empty ones dropped."""
    return [piece for piece in (normalise(p) for p in _ELLIPSIS_RE.split(quote)) if piece]


def missing_fragment(quote: str, agreement: str) -> str | None:
    """The first fragment of `quote` not found in the (normalised) `agreement` after the fragment
    before it, or None when the whole quote is the agreement's words."""
    at = 0
    for piece in fragments(quote):
        found = agreement.find(piece, at)
        if found < 0:
            return piece
        at = found + len(piece)
    return None


def quotes_in(data: dict[str, Any], path: str = "") -> Iterator[tuple[str, str]]:
    """Every quote in a model file's TOML data, with its key path as the parser names keys
    (`groups[0].composition[1].quote`): each key `quote` or `…_quote`, and the clause texts of
    `[clauses]`, which the agreement check shows as the agreement's words."""
    for name, value in data.items():
        key = f"{path}.{name}" if path else name
        if isinstance(value, dict):
            if key == "clauses":
                yield from ((f"{key}.{k}", v) for k, v in value.items() if isinstance(v, str))
            else:
                yield from quotes_in(value, key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from quotes_in(item, f"{key}[{index}]")
        elif isinstance(value, str) and (name == "quote" or name.endswith("_quote")):
            yield key, value


def unquoted(data: dict[str, Any], agreement_text: str) -> tuple[str, str, str] | None:
    """The first quote in `data` that is not the agreement's words: (key path, quote, the fragment
    not found when the quote has several, else ""), or None when every quote is found."""
    agreement = normalise(agreement_text)
    for key, quote in quotes_in(data):
        piece = missing_fragment(quote, agreement)
        if piece is not None:
            return key, quote, piece if len(fragments(quote)) > 1 else ""
    return None
