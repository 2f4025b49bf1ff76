"""Pure rules of events: seats and the waitlist, fees, the registration window, the answers; the
reach of a year's events and the agreement's clause M3 on it.

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
from django.utils.translation import gettext_lazy, ngettext

from samverkan.collaborations.findings import Finding, Link
from samverkan.collaborations.model_file import CollaborationModel
from samverkan.lib import dates
from samverkan.lib.errors import DomainError
from samverkan.lib.text import clean_text, has_unsafe_characters
from samverkan.lib.workflow import Workflow
from samverkan.organisations.rules import SMALL_COUNT, gender_table

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


def has_ended(last_end: datetime.datetime | None, now: datetime.datetime) -> bool:
    """Whether an event whose last session ends at `last_end` is over at `now` (none: not yet)."""
    return last_end is not None and last_end <= now


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


# How long after the last session an evaluation is taken: the links are e-mailed up to 30 days
# after it (reminders.EVALUATION_WINDOW), and the last of them has 30 days more.
EVALUATION_OPEN = datetime.timedelta(days=60)


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
    if now > last_end + EVALUATION_OPEN:
        return DomainError(
            _("Utvärderingen är stängd: den var öppen i %(days)s dagar efter evenemanget. Tack ändå!")
            % {"days": EVALUATION_OPEN.days}
        )
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


# --- reach: whom the year's events reached (issue 15, P5, P6, M3) ----------------------------------

# The three target groups of an activity and of its events (plans.rules.TARGET_GROUPS: the model
# file names none of its own), and the registration category that counts as someone from it.
TARGET_GROUPS = ("for_municipalities", "for_business", "for_citizens")
TARGET_CATEGORY = {"for_municipalities": "municipality", "for_business": "business", "for_citizens": "citizen"}
TARGET_GROUP_LABELS = {
    "for_municipalities": gettext_lazy("kommunerna"),
    "for_business": gettext_lazy("företag och verksamhetsutövare"),
    "for_citizens": gettext_lazy("allmänheten"),
}
# The values of Category and RegistrationGender in models.py, in the order the tables show them.
CATEGORIES = ("municipality", "business", "citizen", "authority", "other")
GENDERS = ("woman", "man", "other", "not_stated")
# An evaluation's average is shown from this many answers: below it the organiser, who knows who
# answered, could read one person's marks from it (the same threshold as the gender counts).
EVALUATION_MIN = SMALL_COUNT


@dataclass(frozen=True)
class ReachEvent:
    """What the reach needs of one (published) event."""

    id: int
    title: str
    activity_id: int
    target_groups: tuple[str, ...]  # of TARGET_GROUPS
    starts_on: datetime.date | None  # the first session's day; None: no session


@dataclass(frozen=True)
class ReachRegistration:
    """One registration that is not cancelled (confirmed or on the waitlist)."""

    id: int
    event_id: int
    status: str  # confirmed, waitlisted
    category: str
    gender: str
    attended: bool | None  # None: not marked
    organisation_id: int | None = None


@dataclass(frozen=True)
class EvaluationSums:
    """An event's evaluations summed: how many, and the sums of the two marks (1–5)."""

    event_id: int
    count: int
    overall: int
    usefulness: int


@dataclass(frozen=True)
class MunicipalityParty:
    organisation_id: int
    name: str


def held(event: ReachEvent, on: datetime.date) -> bool:
    """An event has been held (at least begun) by the day: only then has it reached anyone."""
    return event.starts_on is not None and event.starts_on <= on


def took_part(registration: ReachRegistration, event: ReachEvent, on: datetime.date) -> bool:
    """Someone who came to an event held by the day: marked as attending, or, while their attendance
    is not marked, confirmed (a no-show did not take part, nor did anyone still on the waitlist)."""
    return held(event, on) and registration.status == "confirmed" and registration.attended is not False


@dataclass(frozen=True)
class EvaluationFigures:
    count: int
    overall: float | None  # None: no answers, or fewer than EVALUATION_MIN
    usefulness: float | None

    @property
    def too_few(self) -> bool:
        return 0 < self.count < EVALUATION_MIN


@dataclass(frozen=True)
class Figures:
    """The reach of one event or of a set of events."""

    events: int
    registrations: int  # not cancelled: confirmed and waitlisted
    confirmed: int
    waitlisted: int
    attended: int  # marked as attending
    no_shows: int  # confirmed, marked as not attending
    unmarked: int  # confirmed, attendance not marked
    participants: int  # took part (see took_part)
    categories: tuple[tuple[str, int, int], ...]  # (category, registrations, participants), CATEGORIES order
    municipalities_reached: tuple[str, ...]
    municipalities_not_reached: tuple[str, ...]
    gender: tuple[str, ...]  # the published counts of those who attended, GENDERS order (gender_table)
    evaluation: EvaluationFigures

    def category(self, key: str) -> tuple[int, int]:
        return next(((r, p) for c, r, p in self.categories if c == key), (0, 0))


@dataclass(frozen=True)
class EventReach:
    event: ReachEvent
    figures: Figures


@dataclass(frozen=True)
class TargetGroupReach:
    key: str  # of TARGET_GROUPS
    figures: Figures  # of the events for the target group
    reached: int  # people of its category who took part, at any of the year's events

    @property
    def label(self) -> str:
        return str(TARGET_GROUP_LABELS[self.key])


@dataclass(frozen=True)
class YearReach:
    year: int
    on: datetime.date
    events: tuple[EventReach, ...]
    target_groups: tuple[TargetGroupReach, ...]
    total: Figures

    def of_event(self, event_id: int) -> EventReach | None:
        return next((row for row in self.events if row.event.id == event_id), None)


def _average(total: int, count: int) -> float | None:
    return round(total / count, 1) if count >= EVALUATION_MIN else None


def _figures(
    events: Sequence[ReachEvent],
    registrations_of: Mapping[int, Sequence[ReachRegistration]],
    evaluations: Mapping[int, EvaluationSums],
    municipalities: Sequence[MunicipalityParty],
    gender: Sequence[str],
    on: datetime.date,
    *,
    averages: bool,
) -> Figures:
    by_id = {e.id: e for e in events}
    mine = [r for e in events for r in registrations_of.get(e.id, ())]
    confirmed = [r for r in mine if r.status == "confirmed"]
    came = [r for r in mine if took_part(r, by_id[r.event_id], on)]
    reached_ids = {r.organisation_id for r in came}
    sums = [evaluations[e.id] for e in events if e.id in evaluations]
    count = sum(s.count for s in sums)
    # a set's average is the events' averages weighed together: shown only when the answers of the
    # events whose own average is hidden are none, or enough not to be told apart from it
    hidden = sum(s.count for s in sums if s.count < EVALUATION_MIN)
    shown = averages and (hidden == 0 or hidden >= EVALUATION_MIN)
    return Figures(
        events=len(events),
        registrations=len(mine),
        confirmed=len(confirmed),
        waitlisted=sum(1 for r in mine if r.status == "waitlisted"),
        attended=sum(1 for r in confirmed if r.attended is True),
        no_shows=sum(1 for r in confirmed if r.attended is False),
        unmarked=sum(1 for r in confirmed if r.attended is None),
        participants=len(came),
        categories=tuple(
            (c, sum(1 for r in mine if r.category == c), sum(1 for r in came if r.category == c)) for c in CATEGORIES
        ),
        municipalities_reached=tuple(m.name for m in municipalities if m.organisation_id in reached_ids),
        municipalities_not_reached=tuple(m.name for m in municipalities if m.organisation_id not in reached_ids),
        gender=tuple(gender),
        evaluation=EvaluationFigures(
            count,
            _average(sum(s.overall for s in sums), count) if shown else None,
            _average(sum(s.usefulness for s in sums), count) if shown else None,
        ),
    )


def reached_by_target_group(
    events: Sequence[ReachEvent], registrations: Sequence[ReachRegistration], on: datetime.date
) -> dict[str, int]:
    """Target group → how many of its category took part in any of the events (M3, P6)."""
    by_id = {e.id: e for e in events}
    came = [r for r in registrations if r.event_id in by_id and took_part(r, by_id[r.event_id], on)]
    return {key: sum(1 for r in came if r.category == TARGET_CATEGORY[key]) for key in TARGET_GROUPS}


def year_reach(
    year: int,
    on: datetime.date,
    events: Sequence[ReachEvent],
    registrations: Sequence[ReachRegistration],
    evaluations: Sequence[EvaluationSums],
    municipalities: Sequence[MunicipalityParty],
) -> YearReach:
    """The reach of a year's events: per event, per target group and for the year.

    The gender counts are of those marked as attending, one protected table for every row the
    pages show (organisations.rules.gender_table: "< 3" for 1 and 2, "x" where a cell would tell
    someone's gender), computed once for the whole year so that an event shows the same counts on
    its own page as in the year's table. A row's people are its attendances: the rows of the
    target groups and of the year are sums of events' rows (a person at two events counts twice,
    as in the activities' follow-up), so they tell nothing the events' rows do not. Only one row
    per event: a second one of those registered would differ from it by the no-shows, and so tell
    their genders. Municipalities are named in the order given."""
    ordered_events = list(events)
    evaluation_of = {s.event_id: s for s in evaluations}
    registrations_of: dict[int, list[ReachRegistration]] = {e.id: [] for e in ordered_events}
    for r in registrations:
        if r.event_id in registrations_of:
            registrations_of[r.event_id].append(r)
    attended = {
        event_id: {r.id: r.gender for r in mine if r.status == "confirmed" and r.attended is True}
        for event_id, mine in registrations_of.items()
    }
    groups = {key: [e for e in ordered_events if key in e.target_groups] for key in TARGET_GROUPS}
    rows: dict[tuple[str, object], dict[int, str]] = {("event", e.id): attended[e.id] for e in ordered_events}
    for key, members in groups.items():
        rows["target", key] = {rid: g for e in members for rid, g in attended[e.id].items()}
    rows["year", year] = {rid: g for people in attended.values() for rid, g in people.items()}
    cells = gender_table(rows, GENDERS)
    reached = reached_by_target_group(ordered_events, registrations, on)

    def figures(members: Sequence[ReachEvent], key: tuple[str, object], *, averages: bool = True) -> Figures:
        return _figures(members, registrations_of, evaluation_of, municipalities, cells[key], on, averages=averages)

    return YearReach(
        year=year,
        on=on,
        events=tuple(EventReach(e, figures([e], ("event", e.id))) for e in ordered_events),
        # a target group's average is left out: with the year's it would tell the others' sum
        target_groups=tuple(
            TargetGroupReach(key, figures(groups[key], ("target", key), averages=False), reached[key])
            for key in TARGET_GROUPS
        ),
        total=figures(ordered_events, ("year", year)),
    )


def follow_up_counts(attended_by_gender: Mapping[str, int]) -> dict[str, int]:
    """The activity's follow-up (participants by gender) from its events' attendance: women, men,
    and everyone else (other, or not stated) together, as the follow-up counts them."""
    women = attended_by_gender.get("woman", 0)
    men = attended_by_gender.get("man", 0)
    return {
        "participants_women": women,
        "participants_men": men,
        "participants_other": sum(attended_by_gender.values()) - women - men,
    }


# --- the agreement check: M3 -----------------------------------------------------------------------

M3 = "M3"


@dataclass(frozen=True)
class EventsFacts:
    """The year's published events and their registrations (not cancelled), on a day."""

    on: datetime.date
    events: tuple[ReachEvent, ...]
    registrations: tuple[ReachRegistration, ...]


def judge(model: CollaborationModel, facts: EventsFacts) -> list[Finding]:
    """M3: the year's trainings, seminars and campaigns reach each target group (municipalities,
    business, citizens): someone of its category took part in an event held by the day. One finding
    per target group, a warning naming the one not reached and why (no event for it, the events for
    it drew nobody from it, or they are still to come). Judged when the model file names the clause
    M3; the model file names no target groups of its own, so they are the activities' three."""
    if M3 not in model.clause_titles and M3 not in model.clause_texts:
        return []
    year, on = facts.on.year, facts.on
    quote = model.clause_texts.get(M3, "")
    reached = reached_by_target_group(facts.events, facts.registrations, on)
    link = Link("events_reach_year", args=(year,))
    findings = []
    for key in TARGET_GROUPS:
        group = str(TARGET_GROUP_LABELS[key])
        subject = _("Evenemang %(year)s: %(group)s") % {"year": year, "group": group}
        for_it = [e for e in facts.events if key in e.target_groups]
        coming = [e for e in for_it if not held(e, on)]
        values = {"year": year, "group": group, "count": reached[key], "events": len(for_it), "coming": len(coming)}
        if reached[key]:
            message = ngettext(
                "Evenemangen %(year)s har nått %(group)s: %(count)s deltagare därifrån.",
                "Evenemangen %(year)s har nått %(group)s: %(count)s deltagare därifrån.",
                reached[key],
            )
            findings.append(Finding(M3, "ok", message % values, subject, quote, link))
            continue
        if not for_it:
            message = _("Evenemangen %(year)s har inte nått %(group)s: inget av årets evenemang är för dem.")
        elif coming:
            message = ngettext(
                "Evenemangen %(year)s har inte nått %(group)s än: ingen därifrån har deltagit, och "
                "%(coming)s evenemang för dem återstår.",
                "Evenemangen %(year)s har inte nått %(group)s än: ingen därifrån har deltagit, och "
                "%(coming)s evenemang för dem återstår.",
                len(coming),
            )
        else:
            message = ngettext(
                "Evenemangen %(year)s har inte nått %(group)s: %(events)s evenemang var för dem, men ingen "
                "därifrån deltog.",
                "Evenemangen %(year)s har inte nått %(group)s: %(events)s evenemang var för dem, men ingen "
                "därifrån deltog.",
                len(for_it),
            )
        findings.append(Finding(M3, "warning", message % values, subject, quote, link))
    return findings
