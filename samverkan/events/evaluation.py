"""The evaluation after an event, answered anonymously by a personal link (issue 15, part 6).

Each registrant who came gets a link of their own (reminders.send_evaluation_links). The link
names the registration, so it works once; the answer is stored as an `Evaluation` of the event
that names nobody. The registration keeps only *that* it was answered, and only the day
(`evaluated_at` at local midnight): with a moment, its order among the registrations would
match the order of the answers. Nothing of the answer goes to the audit trail either, since an
entry would carry the moment. The results page lists the free texts sorted, not in the order
they came, for the same reason.

The link's token is the registration's id and an HMAC of it and the registration's own secret
(the personal link's token) under SECRET_KEY: it can be checked without a table, cannot be
guessed, and does not reveal the personal link.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.events import rules, selectors
from samverkan.events.models import Evaluation, Event, Question, QuestionPurpose, Registration
from samverkan.events.notices import absolute
from samverkan.lib.errors import DomainError
from samverkan.lib.text import clean_text

SALT = "samverkan.events.evaluation"
INVALID = gettext_noop("Länken är ogiltig. Kontrollera att hela länken kom med.")


def _digest(registration_id: int, secret: str) -> str:
    return salted_hmac(SALT, f"{registration_id}:{secret}", algorithm="sha256").hexdigest()[:40]


def token_for(registration: Registration) -> str:
    return f"{registration.pk}-{_digest(registration.pk, registration.token)}"


def evaluation_url(registration: Registration) -> str:
    return absolute(reverse("evaluation_answer", args=[token_for(registration)]))


def registration_for(token: str, *, for_update: bool = False) -> Registration:
    """The registration a link names; a DomainError when the link is not one of ours."""
    head, _sep, digest = token.partition("-")
    if not (head.isascii() and head.isdigit()) or len(head) > 18 or not digest:
        raise DomainError(_(INVALID))
    queryset = Registration.objects.select_related("event__collaboration")
    if for_update:
        queryset = queryset.select_for_update()
    registration = queryset.filter(pk=int(head)).first()
    if registration is None or not constant_time_compare(digest, _digest(registration.pk, registration.token)):
        raise DomainError(_(INVALID))
    return registration


def evaluation_questions(event: Event) -> list[Question]:
    return list(event.questions.filter(purpose=QuestionPurpose.EVALUATION).order_by("order", "pk"))


def refusal(registration: Registration, *, now: datetime.datetime | None = None) -> DomainError | None:
    """Why the link's holder may not answer now (answered already, the event not over …), or None."""
    event = registration.event
    return rules.evaluation_refusal(
        now or timezone.now(),
        selectors.last_end(event),
        event_status=event.status,
        registration_status=registration.status,
        attended=registration.attended,
        evaluated=registration.evaluated_at is not None,
    )


def _today_at_midnight() -> datetime.datetime:
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time()))


@transaction.atomic
def submit(
    *,
    token: str,
    overall: int,
    usefulness: int,
    comment: str = "",
    answers: Mapping[str, str] | Mapping[int, str] | None = None,
    now: datetime.datetime | None = None,
) -> Evaluation:
    """Store one anonymous answer for the link's registration, once. The event's row is locked
    first, then the registration's (the lock order of services.py), so two answers by the same
    link at once give one evaluation and one refusal."""
    registration = registration_for(token)
    Event.objects.select_for_update().filter(pk=registration.event_id).first()
    registration = registration_for(token, for_update=True)
    refused = refusal(registration, now=now)  # `now`: the demo builds an answer of the past
    if refused:
        raise refused
    for name, value in (("overall", overall), ("usefulness", usefulness)):
        if error := rules.score_refusal(name, value):
            raise error
    if error := rules.comment_refusal(comment or ""):
        raise error
    questions = evaluation_questions(registration.event)
    given = {_question_id(key): value for key, value in (answers or {}).items()}
    specs = [rules.QuestionSpec(q.id, q.text, q.kind, q.required, tuple(q.choices)) for q in questions]
    kept = rules.clean_answers(specs, given)
    if isinstance(kept, DomainError):
        raise kept
    evaluation = Evaluation.objects.create(
        event=registration.event,
        overall=overall,
        usefulness=usefulness,
        comment=clean_text(comment or "", multiline=True).strip(),
        answers={str(key): value for key, value in kept.items()},
    )
    Registration.objects.filter(pk=registration.pk).update(evaluated_at=_today_at_midnight())
    return evaluation


def _question_id(key: int | str) -> int:
    text = str(key)
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise DomainError(_("Svaret gäller en fråga som evenemanget inte ställer."))
    return int(text)


# --- the results, for the organiser -------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int
    counts: list[tuple[str, int]]  # a choice or yes/no question: each alternative and how many chose it
    texts: list[str]  # a text question: the answers, sorted


@dataclass(frozen=True)
class Results:
    averages: rules.Averages
    asked: int  # registrations that got the link
    overall: dict[int, int]  # score → how many
    usefulness: dict[int, int]
    comments: list[str]  # sorted: the order they came in would say who wrote them
    questions: list[QuestionResult]

    @property
    def few(self) -> bool:
        return 0 < self.averages.answers < rules.FEW_ANSWERS


def results(event: Event) -> Results:
    """Everything the results page shows, in three queries (the answers, those asked, the questions)."""
    rows = list(event.evaluations.values_list("overall", "usefulness", "comment", "answers"))
    asked = event.registrations.filter(evaluation_sent_at__isnull=False).count()
    return Results(
        averages=rules.averages((o, u) for o, u, _c, _a in rows),
        asked=asked,
        overall=rules.distribution(o for o, _u, _c, _a in rows),
        usefulness=rules.distribution(u for _o, u, _c, _a in rows),
        comments=sorted((c for _o, _u, c, _a in rows if c), key=str.casefold),
        questions=[_question_result(q, [a for *_rest, a in rows]) for q in evaluation_questions(event)],
    )


YES_NO_LABELS = {"yes": gettext_noop("Ja"), "no": gettext_noop("Nej")}


def _question_result(question: Question, answers: Sequence[dict[str, Any]]) -> QuestionResult:
    values = [str(a.get(str(question.pk), "")) for a in answers if isinstance(a, dict)]
    values = [v for v in values if v]
    if question.kind == "text":
        return QuestionResult(question, len(values), [], sorted(values, key=str.casefold))
    alternatives = list(rules.YES_NO) if question.kind == "yes_no" else [str(c) for c in question.choices]
    counts = [(_(YES_NO_LABELS[a]) if a in YES_NO_LABELS else a, values.count(a)) for a in alternatives]
    return QuestionResult(question, len(values), counts, [])
