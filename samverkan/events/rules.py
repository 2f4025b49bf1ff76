"""Pure rules of events: seats and the waitlist, fees, the registration window, the answers.

No ORM and no request: plain values and frozen dataclasses in, plain data out. The use cases in
services.py ask these under the event's row lock and raise the `DomainError`s they return.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.lib import dates
from samverkan.lib.errors import DomainError
from samverkan.lib.text import clean_text, has_unsafe_characters
from samverkan.lib.workflow import Workflow

# Workflows: which status may follow which
# The values of EventStatus and RegistrationStatus in models.py, which this pure module does not
# import; the app's tests assert each table covers its enum.

EVENT = Workflow.of(
    {
        "draft": {"published", "cancelled"},
        "published": {"cancelled"},  # a published event is changed in place, or cancelled
        "cancelled": set(),
    },
    refused=gettext_lazy("Ett evenemang som är %(current)s kan inte bli %(new)s."),
)
REGISTRATION = Workflow.of(
    {
        "confirmed": {"cancelled"},
        "waitlisted": {"confirmed", "cancelled"},  # moves up (by itself or by the organiser), or leaves
        "cancelled": set(),  # registering again is a new registration
    },
    refused=gettext_lazy("En anmälan som är %(current)s kan inte bli %(new)s."),
)

SeatStatus = Literal["confirmed", "waitlisted"]

# The categories whose registrants pay the members' fee when their organisation is a party.
MEMBER_CATEGORIES = frozenset({"municipality", "authority"})


def seat_status(capacity: int | None, confirmed_count: int) -> SeatStatus:
    """A newcomer's place: a seat while there is one (no capacity: always), else the waitlist."""
    if capacity is None or confirmed_count < capacity:
        return "confirmed"
    return "waitlisted"


def free_seats(capacity: int | None, confirmed_count: int, waiting: int) -> int:
    """How many of the waitlist can move up now: the free seats, at most everyone waiting (an
    organiser may have confirmed more than the capacity by hand: then none)."""
    if capacity is None:
        return waiting
    return max(0, min(capacity - confirmed_count, waiting))


def seats_left(capacity: int | None, confirmed_count: int) -> int | None:
    """The seats still free for a newcomer (None: no limit); never below 0, even when the
    organiser has confirmed more than the capacity by hand."""
    return None if capacity is None else max(0, capacity - confirmed_count)


def promote[T](waitlist: Sequence[T], free: int) -> list[T]:
    """Who moves up from the waitlist (in its order) into `free` seats: the first ones."""
    return list(waitlist[: max(0, free)])


def fee_for(category: str, member_fee_ore: int | None, other_fee_ore: int | None, is_member_organisation: bool) -> int:
    """The fee in öre (EC3): the members' fee for someone from a municipality or authority that is
    a party of the collaboration, the other fee for everyone else; no fee set is free (0)."""
    if is_member_organisation and category in MEMBER_CATEGORIES:
        return member_fee_ore or 0
    return other_fee_ore or 0


def registration_window_refusal(
    now: datetime.datetime,
    opens: datetime.datetime | None,
    closes: datetime.datetime | None,
    *,
    status: str = "published",
) -> DomainError | None:
    """Why nobody may register at `now`, or None: the event is not published (or is cancelled), the
    registration has not opened yet, or it has closed (the closing moment itself is closed)."""
    if status == "cancelled":
        return DomainError(_("Evenemanget är inställt."))
    if status != "published":
        return DomainError(_("Evenemanget är inte publicerat än."))
    if opens is not None and now < opens:
        return DomainError(
            _("Anmälan har inte öppnat än. Den öppnar %(when)s.") % {"when": dates.prose_datetime(opens)}
        )
    if closes is not None and now >= closes:
        return DomainError(_("Anmälan stängde %(when)s.") % {"when": dates.prose_datetime(closes)})
    return None


@dataclass(frozen=True)
class QuestionSpec:
    """What the check of the answers needs of a question."""

    id: int
    text: str
    kind: str  # text, choice, yes_no
    required: bool = False
    choices: tuple[str, ...] = field(default_factory=tuple)


YES_NO = ("yes", "no")
ANSWER_MAX = 2000  # characters of one answer


def question_refusal(text: str, kind: str, choices: Sequence[str]) -> DomainError | None:
    """A question has a text; a choice question at least two distinct alternatives."""
    if not text.strip():
        return DomainError(_("Frågan behöver en text."), field="text")
    if kind not in ("text", "choice", "yes_no"):
        return DomainError(_("Välj vilket slags fråga det är."), field="kind")
    cleaned = [c.strip() for c in choices if c.strip()]
    if kind == "choice" and (len(cleaned) < 2 or len(set(cleaned)) != len(cleaned)):
        return DomainError(_("En flervalsfråga behöver minst två olika svarsalternativ."), field="choices")
    return None


def clean_answers(questions: Sequence[QuestionSpec], answers: Mapping[int, str]) -> dict[int, str] | DomainError:
    """The answers to keep (question id → value, the empty ones left out), or why they are refused:
    a required question unanswered, an answer to a question the event does not ask, a choice not
    among the alternatives, a yes/no answer that is neither."""
    by_id = {q.id: q for q in questions}
    unknown = set(answers) - set(by_id)
    if unknown:
        return DomainError(_("Svaret gäller en fråga som evenemanget inte ställer."))
    kept: dict[int, str] = {}
    for question in questions:
        value = clean_text(str(answers.get(question.id, "") or ""), multiline=question.kind == "text").strip()
        if not value:
            if question.required:
                return DomainError(
                    _("Svara på frågan ”%(question)s”.") % {"question": question.text}, field=f"question_{question.id}"
                )
            continue
        if question.kind == "choice" and value not in question.choices:
            return DomainError(
                _("Välj ett av svarsalternativen på frågan ”%(question)s”.") % {"question": question.text},
                field=f"question_{question.id}",
            )
        if question.kind == "yes_no" and value not in YES_NO:
            return DomainError(
                _("Svara ja eller nej på frågan ”%(question)s”.") % {"question": question.text},
                field=f"question_{question.id}",
            )
        if len(value) > ANSWER_MAX:
            return DomainError(
                _("Svaret på frågan ”%(question)s” är för långt (högst %(max)s tecken).")
                % {"question": question.text, "max": ANSWER_MAX},
                field=f"question_{question.id}",
            )
        kept[question.id] = value
    return kept


# --- the evaluation afterwards (issue 15, part 6) ---------------------------------------------

SCORES = (1, 2, 3, 4, 5)  # overall and usefulness are answered 1–5
COMMENT_MAX = 2000  # characters of the free text
# Fewer answers than this and a comment (or a lone low score) may point at the one who gave it:
# the organiser still sees them, told how few they are.
FEW_ANSWERS = 3


@dataclass(frozen=True)
class Averages:
    """The evaluation's averages, each rounded to one decimal (half up); None with no answers."""

    answers: int
    overall: Decimal | None
    usefulness: Decimal | None


def _mean(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def averages(scores: Iterable[tuple[int, int]]) -> Averages:
    """The number of answers and the average overall and usefulness scores of (overall,
    usefulness) pairs: one event's evaluations, or a year's of many events."""
    pairs = list(scores)
    return Averages(answers=len(pairs), overall=_mean([o for o, _u in pairs]), usefulness=_mean([u for _o, u in pairs]))


def distribution(scores: Iterable[int]) -> dict[int, int]:
    """How many gave each score 1–5 (every score present, 0 when nobody gave it)."""
    counts = dict.fromkeys(SCORES, 0)
    for score in scores:
        if score in counts:
            counts[score] += 1
    return counts


def score_refusal(name: str, value: object) -> DomainError | None:
    """A score is a whole number 1–5."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
        return DomainError(_("Välj ett betyg från 1 till 5."), field=name)
    return None


def comment_refusal(text: str) -> DomainError | None:
    """The free text: at most COMMENT_MAX characters, and no control characters (nobody types
    them; a NUL, an escape or a bell would garble what the organiser reads)."""
    if has_unsafe_characters(text, multiline=True):
        return DomainError(
            _("Texten innehåller osynliga styrtecken som inte kan sparas. Skriv om den eller ta bort dem."),
            field="comment",
        )
    if len(text) > COMMENT_MAX:
        return DomainError(
            _("Kommentaren kan vara högst %(max)s tecken lång (den är %(length)s).")
            % {"max": COMMENT_MAX, "length": len(text)},
            field="comment",
        )
    return None


def evaluation_refusal(
    now: datetime.datetime,
    last_end: datetime.datetime | None,
    *,
    event_status: str,
    registration_status: str,
    attended: bool | None,
    evaluated: bool,
) -> DomainError | None:
    """Why this registrant may not answer the evaluation now, or None: once, after the event's
    last session, for someone who was there (or whose attendance was not marked)."""
    if evaluated:
        return DomainError(_("Du har redan svarat på utvärderingen. Tack för dina svar!"))
    if event_status == "cancelled":
        return DomainError(_("Evenemanget ställdes in, så det finns inget att utvärdera."))
    # those marked present; while unmarked, those who had a seat (not the waitlist)
    came = attended is True or (attended is None and registration_status == "confirmed")
    if registration_status == "cancelled" or not came:
        return DomainError(_("Utvärderingen är för dem som deltog i evenemanget."))
    if last_end is None or now < last_end:
        return DomainError(_("Utvärderingen öppnar när evenemanget är slut."))
    return None


def hours_of(sessions: Iterable[tuple[datetime.datetime, datetime.datetime]]) -> Decimal:
    """The hours of an event: the sessions' lengths summed, to one decimal (a certificate's hours)."""
    seconds = sum((end - start).total_seconds() for start, end in sessions)
    return (Decimal(seconds) / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


CAPACITY_MAX = 100_000  # seats of one event: more is a typo
REMINDER_DAYS_MAX = 60


def event_refusal(fields: Mapping[str, object]) -> DomainError | None:
    """An event has a title and at least one target group; a capacity, when given, of at least
    one seat; and its registration closes after it opens. Why not, or None."""
    if not str(fields.get("title", "") or "").strip():
        return DomainError(_("Evenemanget behöver en rubrik."), field="title")
    if not any(fields.get(name) for name in ("for_municipalities", "for_business", "for_citizens")):
        return DomainError(_("Välj minst en målgrupp."), field="for_municipalities")
    capacity = fields.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        return DomainError(_("Antalet platser ska vara minst 1, eller tomt för obegränsat."), field="capacity")
    if isinstance(capacity, int) and capacity > CAPACITY_MAX:
        return DomainError(
            _("Antalet platser kan vara högst %(max)s.") % {"max": f"{CAPACITY_MAX:,}".replace(",", "\xa0")},
            field="capacity",
        )
    reminder = fields.get("reminder_days")
    if reminder is not None and (not isinstance(reminder, int) or not 0 <= reminder <= REMINDER_DAYS_MAX):
        return DomainError(
            _("Påminnelsen kan skickas 0–%(max)s dagar före (0: ingen påminnelse).") % {"max": REMINDER_DAYS_MAX},
            field="reminder_days",
        )
    opens, closes = fields.get("registration_opens"), fields.get("registration_closes")
    if isinstance(opens, datetime.datetime) and isinstance(closes, datetime.datetime) and closes <= opens:
        return DomainError(_("Anmälan måste stänga efter att den öppnar."), field="registration_closes")
    return None


def session_refusal(starts_at: datetime.datetime, ends_at: datetime.datetime) -> DomainError | None:
    if ends_at <= starts_at:
        return DomainError(_("Tillfället måste sluta efter att det börjar."), field="ends_at")
    return None


FeeGroup = Literal["members", "others"]


def fee_group(
    category: str, member_fee_ore: int | None, other_fee_ore: int | None, is_member_organisation: bool
) -> FeeGroup | None:
    """Which of the economy's two fee counts a paying registrant falls in (the split `fee_for`
    makes), or None for someone who pays nothing."""
    if is_member_organisation and category in MEMBER_CATEGORIES:
        return "members" if member_fee_ore else None
    return "others" if other_fee_ore else None
