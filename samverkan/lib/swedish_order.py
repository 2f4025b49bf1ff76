"""Swedish alphabetical order (… x y z å ä ö), the same on SQLite and PostgreSQL.

Databases sort by their own collation (PostgreSQL's default puts Ä before Å, SQLite sorts by
bytes), so lists that people read are ordered in Python with this key.
"""

# "{", "|" and "}" follow "z" in code-point order, so å, ä, ö come after z as in Swedish.
_LETTERS = str.maketrans(
    {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e", "è": "e", "ü": "y", "á": "a", "à": "a"}
)


def swedish_key(text: str) -> str:
    """A sort key that orders text as a Swedish dictionary does, ignoring case."""
    return text.casefold().translate(_LETTERS)
