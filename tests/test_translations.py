"""The English catalogue: complete, consistent with its placeholders, compiled, and used at run time.

The msgids are Swedish (Swedish is the primary language and complete by construction); English is
the translation in `locale/en/LC_MESSAGES/django.po`, compiled to `django.mo` and committed because
the machine that runs the site may lack gettext. `make messages` refreshes both.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdrifg]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """A small .po reader: enough for the catalogue makemessages writes (no obsolete entries)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] = ("", 0)
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if entry is None or (line.startswith(("#", "msgctxt", "msgid ")) and target[0] in ("msgstr",)):
            entry = Entry(line=number)
            entries.append(entry)
            target = ("", 0)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line):
            keyword, index, text = match.group(1), int(match.group(2) or 0), ast.literal_eval(match.group(3))
            target = (keyword, index)
            if keyword == "msgstr":
                entry.msgstr[index] = text
            else:
                setattr(entry, keyword, text)
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            keyword, index = target
            if keyword == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, keyword, getattr(entry, keyword) + text)
    return [e for e in entries if e.msgid]  # the header has an empty msgid


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    assert PO.exists(), f"{PO} is missing; run `make messages`."
    return read_po(PO)


def test_the_english_catalogue_has_no_untranslated_or_fuzzy_entry(catalogue: list[Entry]) -> None:
    assert len(catalogue) > 100, "the parser found suspiciously few entries"
    untranslated = [e.msgid for e in catalogue if not e.msgstr or not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert untranslated == [], "untranslated in locale/en (run `make messages` and translate)"
    assert fuzzy == [], "fuzzy in locale/en (check the translation, then remove the flag)"


def test_plural_entries_have_both_english_forms(catalogue: list[Entry]) -> None:
    plurals = [e for e in catalogue if e.msgid_plural is not None]
    assert plurals, "the catalogue should contain plural entries"
    assert [e.msgid for e in plurals if sorted(e.msgstr) != [0, 1]] == []


def test_every_translation_keeps_the_placeholders_of_its_msgid(catalogue: list[Entry]) -> None:
    wrong = []
    for entry in catalogue:
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        for text in entry.msgstr.values():
            if entry.msgid_plural is None and set(PLACEHOLDER.findall(text)) != expected:
                wrong.append((entry.msgid, text))
            # An English singular may leave out the count ("one …"), never add an unknown name.
            if entry.msgid_plural is not None and not set(PLACEHOLDER.findall(text)) <= expected:
                wrong.append((entry.msgid, text))
    assert wrong == []


def test_the_compiled_catalogue_holds_every_translation_of_the_po_file(catalogue: list[Entry]) -> None:
    """The committed .mo is not stale: compiled from the .po as it is now."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in catalogue:
        if entry.msgid_plural is not None:
            found = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            expected = [entry.msgstr[0], entry.msgstr[1]]
        elif entry.msgctxt is not None:
            found, expected = [compiled.pgettext(entry.msgctxt, entry.msgid)], [entry.msgstr[0]]
        else:
            found, expected = [compiled.gettext(entry.msgid)], [entry.msgstr[0]]
        if found != expected:
            stale.append(entry.msgid)
    assert stale == [], "django.mo is older than django.po: run `make messages` (compilemessages)"


# Looked up through variables so that makemessages does not extract them from this file.
VISIBLE = {
    "Avtalsuppföljning": "Agreement check",
    "Huvudman": "Host organisation",
    "Tillgänglighetsredogörelse": "Accessibility statement",
    "Hoppa till innehållet": "Skip to content",
}


@pytest.mark.parametrize(("swedish", "english"), VISIBLE.items())
def test_visible_strings_are_english_when_english_is_chosen(swedish: str, english: str) -> None:
    translate = translation.gettext
    with translation.override("en"):
        assert translate(swedish) == english
    with translation.override("sv"):
        assert translate(swedish) == swedish


def test_plural_messages_agree_with_the_count_in_english() -> None:
    translate_plural = translation.ngettext
    singular, plural = "%(n)s varning", "%(n)s varningar"
    with translation.override("en"):
        assert translate_plural(singular, plural, 1) % {"n": 1} == "1 warning"
        assert translate_plural(singular, plural, 3) % {"n": 3} == "3 warnings"


@pytest.mark.django_db
def test_a_page_is_served_in_english_to_a_browser_that_asks_for_english(client) -> None:  # type: ignore[no-untyped-def]
    # LocaleMiddleware activates the language in this thread; the override restores it afterwards.
    with translation.override(settings.LANGUAGE_CODE):
        english = client.get("/tillganglighet/", headers={"accept-language": "en"})
        swedish = client.get("/tillganglighet/", headers={"accept-language": "sv"})
    assert english.status_code == swedish.status_code == 200
    assert '<html lang="en">' in english.text
    assert "Accessibility statement" in english.text
    assert "Tillgänglighetsredogörelse" in swedish.text


# --- the catalogue covers the source --------------------------------------------------------------

PY_KEYWORDS = {  # name: (index of msgctxt or None, index of msgid, index of msgid_plural or None)
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def _messages_in(tree: ast.AST) -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in PY_KEYWORDS:
            continue
        context_index, msgid_index, _plural = PY_KEYWORDS[name]
        args = node.args
        if len(args) <= msgid_index or not isinstance(args[msgid_index], ast.Constant):
            continue
        msgid = args[msgid_index].value
        context = None
        if context_index is not None and isinstance(args[context_index], ast.Constant):
            context = args[context_index].value
        if isinstance(msgid, str) and msgid:
            found.add((context, msgid))
    return found


def _template_messages(path: Path) -> set[tuple[str | None, str]]:
    """Django turns a template into Python-like text for xgettext; read the calls out of it."""
    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found: set[tuple[str | None, str]] = set()
    for match in re.finditer(r"\b(?:n?p?gettext|_)\(", text):
        start = match.start()
        for end in (m.end() for m in re.finditer(r"\)", text[start:])):
            try:
                tree = ast.parse(text[start : start + end], mode="eval")
            except SyntaxError:
                continue
            found |= _messages_in(tree)
            break
    return found


def source_messages() -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for path in (ROOT / "samverkan").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found |= _messages_in(ast.parse(path.read_text(encoding="utf-8")))
    for path in (ROOT / "templates").rglob("*.html"):
        found |= _template_messages(path)
    return found


def test_every_translatable_string_in_the_source_is_in_the_english_catalogue(catalogue: list[Entry]) -> None:
    """A new `_("…")` or `{% translate %}` without `make messages` fails here, not in front of a user."""
    known = {(e.msgctxt, e.msgid) for e in catalogue}
    missing = sorted(m for _c, m in source_messages() - known)
    assert missing == [], "not in locale/en/LC_MESSAGES/django.po: run `make messages` and translate"
