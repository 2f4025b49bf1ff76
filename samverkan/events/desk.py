"""What the events app puts in the kalendarium, in a member's own calendar feed and on their desk
(Att göra); registered in `EventsConfig.ready()`.

- Kalendarium: every session of a published event, linked to the event's page; a public event's
  sessions are public entries, shown to everyone (also to anonymous visitors), a members-only
  event's only to the kalendarium's readers.
- Personal feed: the events the person registered for (as a logged-in member, so the
  registration is theirs) and has a seat at; a cancelled event stays as cancelled, so the
  calendar removes it. The UIDs are the invitation's (`notices.session_uid`).
- To-dos: answer the required questions an event added after they registered, while the event is
  still to come; and answer the evaluation they were sent, for `EVALUATION_DAYS`. Both are done
  by the personal link (`registration_manage`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.collaborations.desk import Entry, Seat, Todo
from samverkan.collaborations.ical import CalendarEvent
from samverkan.events import notices
from samverkan.events.models import (
    Answer,
    EventSession,
    EventStatus,
    Question,
    QuestionPurpose,
    Registration,
    RegistrationStatus,
)

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration

# An evaluation is on the desk this many days after it was sent, due on the last of them.
EVALUATION_DAYS = 30


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def calendar_entries(collaboration: Collaboration, year: int) -> Iterator[Entry]:
    """The sessions of the year's published events, with their times."""
    sessions = EventSession.objects.filter(
        event__collaboration=collaboration, event__status=EventStatus.PUBLISHED, starts_at__year=year
    ).select_related("event")
    for session in sessions:
        event = session.event
        first, last = _day(session.starts_at), _day(session.ends_at)
        yield Entry(
            uid=f"event-session-{session.pk}",
            kind="event",
            day=first,
            last_day=last if last != first else None,
            title=event.title,
            url=reverse("event_detail", args=[collaboration.slug, event.pk]),
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            note=session.place or (_("Digitalt") if session.video_link else ""),
            public=event.public,
        )


def feed_events(collaboration: Collaboration, seat: Seat) -> Iterator[CalendarEvent]:
    """The person's events with a seat, each session once, with its video link (they are
    registered); a cancelled event as cancelled."""
    if seat.person_id is None:
        return
    registrations = (
        Registration.objects.filter(
            person_id=seat.person_id,
            event__collaboration=collaboration,
            event__status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED],
        )
        .confirmed()
        .select_related("event__collaboration", "event__contact_person")
        .prefetch_related("event__sessions")
        .order_by("event_id", "pk")
    )
    seen: set[int] = set()
    for registration in registrations:
        if registration.event_id in seen:  # one seat per event is the rule; never an entry twice
            continue
        seen.add(registration.event_id)
        yield from notices.calendar_events(registration.event)


def todos(collaboration: Collaboration, seat: Seat, today: datetime.date) -> Iterator[Todo]:
    if seat.person_id is None:
        return
    now = timezone.now()
    mine = Registration.objects.filter(
        person_id=seat.person_id, event__collaboration=collaboration, anonymised_at__isnull=True
    )
    coming = list(
        mine.active()
        .filter(event__status=EventStatus.PUBLISHED)
        .annotate(first_start=Min("event__sessions__starts_at"), last_end=Max("event__sessions__ends_at"))
        .filter(last_end__gte=now)
        .select_related("event")
        .order_by("first_start", "pk")
    )
    if coming:
        required: dict[int, list[Question]] = defaultdict(list)
        for question in Question.objects.filter(
            event_id__in={r.event_id for r in coming}, required=True, purpose=QuestionPurpose.REGISTRATION
        ):
            required[question.event_id].append(question)
        answered = set(
            Answer.objects.filter(registration__in=[r.pk for r in coming])
            .exclude(value="")
            .values_list("registration_id", "question_id")
        )
        for registration in coming:
            missing = [q for q in required[registration.event_id] if (registration.pk, q.pk) not in answered]
            if not missing:
                continue
            event = registration.event
            closes = event.registration_closes
            yield Todo(
                collaboration=collaboration,
                title=ngettext(
                    "Svara på en fråga i din anmälan till %(event)s",
                    "Svara på %(count)s frågor i din anmälan till %(event)s",
                    len(missing),
                )
                % {"event": event.title, "count": len(missing)},
                link=reverse("registration_manage", args=[registration.token]),
                deadline=_day(min(closes, registration.first_start) if closes else registration.first_start),
                kind="event_questions",
                source="events",
            )
    since = now - datetime.timedelta(days=EVALUATION_DAYS)
    asked = (
        mine.exclude(status=RegistrationStatus.CANCELLED)
        .filter(evaluation_sent_at__gte=since, evaluated_at__isnull=True)
        .select_related("event")
        .order_by("evaluation_sent_at", "pk")
    )
    for evaluation in asked:  # a registration whose evaluation is due
        assert evaluation.evaluation_sent_at is not None
        yield Todo(
            collaboration=collaboration,
            title=_("Utvärdera %(event)s") % {"event": evaluation.event.title},
            link=reverse("registration_manage", args=[evaluation.token]),
            deadline=_day(evaluation.evaluation_sent_at) + datetime.timedelta(days=EVALUATION_DAYS),
            kind="event_evaluation",
            source="events",
        )
