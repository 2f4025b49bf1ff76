"""Pure presentation rules for people data: aggregates that never identify anyone (P5)."""

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext_lazy

from samverkan.lib.workflow import Workflow

# Workflows: which status may follow which
# The statuses of the contact import and of a batch of confirmation e-mails (ContactImportStatus
# and ConfirmationBatchStatus in models.py, which this pure module does not import; the app's
# tests assert each table covers its enum).
CONTACT_IMPORT = Workflow.of(
    {"preview": {"committed", "discarded"}, "committed": set(), "discarded": set()},  # once
    refused=gettext_lazy("En import som är %(current)s kan inte bli %(new)s."),
)
CONFIRMATION_BATCH = Workflow.of(
    # the worker sends a queued batch; a batch interrupted while sending is sent on where it stopped
    {"queued": {"sending"}, "sending": {"sending", "done"}, "done": set()},
    refused=gettext_lazy("Utskicket har status %(current)s och kan inte få status %(new)s."),
)

SMALL_COUNT = 3  # counts of 1 and 2 are never shown as such
SMALL = f"< {SMALL_COUNT}"  # a count of 1 or 2
HIDDEN = "x"  # a hidden count: it could be anything from 0 to the row's total

_EXACT, _SMALL, _HIDDEN = "exact", "small", "hidden"


def _admits(state: str, count: int, size: int) -> bool:
    """Whether a cell in this state would have been shown the same had its true count been `count`."""
    if state == _HIDDEN:
        return 0 <= count <= size
    if state == _SMALL:
        return 0 < count < SMALL_COUNT
    return False  # an exact cell admits only its true count, and callers only ask about another one


def gender_table[K: Hashable](rows: Mapping[K, Mapping[Any, str]], categories: Sequence[str]) -> dict[K, list[str]]:
    """The published gender counts of every row (a group: person → gender), one cell per category.

    A row's total (its number of members) is public, and so is who the members are: groups are
    listed by name, and a person may sit in several rows. A cell shows the count, or "< 3" for a
    count of 1 or 2, or "x" when it is hidden.

    The invariant, which the property test checks by trying every assignment of genders: *for
    every person p in the table, there are two assignments of genders to everyone that both give
    exactly the published cells and totals and that differ in p's gender – and that is so even
    among the assignments that give any one other member the gender they know they have.* So
    neither an outsider, who sees the cells, the totals and the differences between rows (a
    newcomer, a group that is another one plus one person), nor a member who also knows their own
    gender, can work out anyone's gender. In particular no category is known to be all of a row,
    or all of it but one.

    How: first every count of 1 or 2 becomes "< 3", and a row of only one or two people shows no
    figure at all (a "0" there would tell the public something of a named person). Then each person (in fact each set of people
    with the same gender and the same rows, who are interchangeable) needs a witness, an
    alternative that changes nothing published:

    * a *swap* with someone of another gender: the rows they share keep their counts, and in each
      row only one of them is in, the two genders' cells must admit one more and one fewer. A
      person needs two such partners, so that an insider who is one of them still has the other
      to wonder about; or
    * a *move*: the person alone having another gender b, which every row of theirs must admit
      (their own gender's cell one fewer, b's cell one more). That involves no one else, so it
      holds whatever other members know.

    Where someone has no witness, their own gender's cell and one other in each of their rows are
    hidden, which makes a move possible; hiding only grows, so this ends, at worst with everything
    hidden. It hides the fewest cells it can for that person and, between equal choices, the
    smaller count.

    What it does not cover: someone who reruns this function on guessed data to learn why a cell
    is hidden, and comparing the table from one day to the next (who joined since yesterday).
    """
    categories = list(categories)
    members = {key: dict(people) for key, people in rows.items()}
    counts = {key: Counter(people.values()) for key, people in members.items()}
    sizes = {key: len(people) for key, people in members.items()}
    state = {(key, c): _SMALL if 0 < counts[key][c] < SMALL_COUNT else _EXACT for key in members for c in categories}
    for key, size in sizes.items():  # a group of one or two: even a 0 would say something of a named person
        if size < SMALL_COUNT:
            for c in categories:
                state[key, c] = _HIDDEN

    # people with the same rows and the same gender are interchangeable: check each such class once
    rows_of: dict[Hashable, frozenset[K]] = {}
    gender_of: dict[Hashable, str] = {}
    for key, people in members.items():
        for person, gender in people.items():
            rows_of[person] = rows_of.get(person, frozenset()) | {key}
            gender_of[person] = gender
    classes = Counter((rows_of[p], gender_of[p]) for p in rows_of)

    def shifts(keys: frozenset[K], down: str, up: str) -> bool:
        """Whether one person in each of these rows moving from `down` to `up` changes nothing shown."""
        return all(
            _admits(state[key, down], counts[key][down] - 1, sizes[key])
            and _admits(state[key, up], counts[key][up] + 1, sizes[key])
            for key in keys
        )

    def protected(keys: frozenset[K], gender: str) -> bool:
        if any(shifts(keys, gender, other) for other in categories if other != gender):
            return True
        partners = sum(
            size
            for (their_keys, their_gender), size in classes.items()
            if their_gender != gender
            and shifts(keys - their_keys, gender, their_gender)
            and shifts(their_keys - keys, their_gender, gender)
        )
        return partners >= 2

    changed = True
    while changed:
        changed = False
        for keys, gender in sorted(classes, key=lambda c: (sorted(map(str, c[0])), categories.index(c[1]))):
            if protected(keys, gender):
                continue
            others = [c for c in categories if c != gender]

            def cost(other: str, keys: frozenset[K] = keys, gender: str = gender) -> tuple[int, int, int]:
                to_hide = sum(state[key, other] != _HIDDEN for key in keys) + sum(
                    state[key, gender] != _HIDDEN for key in keys
                )
                return (to_hide, sum(counts[key][other] for key in keys), categories.index(other))

            other = min(others, key=cost)
            for key in keys:
                state[key, gender] = state[key, other] = _HIDDEN
            changed = True

    def shown(key: K, category: str) -> str:
        if state[key, category] == _HIDDEN:
            return HIDDEN
        if state[key, category] == _SMALL:
            return SMALL
        return str(counts[key][category])

    return {key: [shown(key, c) for c in categories] for key in members}


def name_key(name: str) -> str:
    """An organisation's name as it is matched: case and spacing do not matter."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def official_municipality_name(name: str) -> str:
    """A municipality's official name as SCB spells it: "Vindeln" → "Vindelns kommun", "Umeå" →
    "Umeå kommun". The genitive -s is added unless the name ends in a vowel or an s ("Robertsfors
    kommun"); a municipality that is named otherwise (Falu kommun, Göteborgs Stad) has it in its
    model file."""
    if name[-1:].casefold() in set("aeiouyåäös"):
        return f"{name} kommun"
    return f"{name}s kommun"


def organisation_names(
    *, name: str, kind: str, municipality_code: str = "", official_name: str = "", aliases: Iterable[str] = ()
) -> set[str]:
    """Every key (see name_key) by which an organisation is recognised in an uploaded list: its
    name, its municipality code, its official name (for a municipality SCB's spelling unless the
    model file says otherwise, and the plain "<name> kommun") and its aliases."""
    names = {name, official_name, *aliases}
    if kind == "municipality":
        names |= {municipality_code, official_municipality_name(name), f"{name} kommun"}
    return {name_key(n) for n in names if n.strip()}
