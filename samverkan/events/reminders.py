"""The e-mails before and after an event (issue 15, part 6): the reminder `reminder_days` before the
first session, and the link to the anonymous evaluation after the last one.

Both run as background tasks (Django's tasks with django-tasks-db, run by `samverkan db_worker`),
queued by `samverkan events-mail`, which cron runs every hour (docs/events.md, README).

Never twice: each registration is *claimed* before its e-mail is sent, by an
`UPDATE … SET reminded_at = now WHERE pk = … AND reminded_at IS NULL` committed on its own. Only
the run whose UPDATE changed the row sends, so a second run, two workers at once or a worker
restarted never send one twice. If the sending fails (the mail server refuses), the claim is
given back and the next run tries again; if the worker dies between the claim and the sending,
that one e-mail is not sent (at most once, never twice).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max, Min, Q, QuerySet
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.audit.services import record
from samverkan.events import mail, notices
from samverkan.events.evaluation import evaluation_url
from samverkan.events.models import Event, EventSession, EventStatus, Registration, RegistrationStatus
from samverkan.lib import dates
from samverkan.lib.documents_text import one_line

logger = logging.getLogger(__name__)

# The evaluation goes out a little after the last session has ended, so that attendance marked at
# the door or at the end counts, and not for events that ended long ago (a worker down for a
# month, or the first run after an upgrade, must not ask about last year's seminars).
EVALUATION_DELAY = datetime.timedelta(hours=1)
EVALUATION_WINDOW = datetime.timedelta(days=30)


def _claim(registration_id: int, field: str, now: datetime.datetime, *, extra: Q) -> bool:
    """Whether this run claimed the registration: its UPDATE set `field` where it was empty."""
    with transaction.atomic():
        claimed = (
            Registration.objects.filter(extra, pk=registration_id, **{f"{field}__isnull": True}).update(**{field: now})
            == 1
        )
    return claimed


def _release(registration_id: int, field: str, now: datetime.datetime) -> None:
    Registration.objects.filter(pk=registration_id, **{field: now}).update(**{field: None})


def _addressable() -> Q:
    return Q(anonymised_at__isnull=True) & ~Q(email="")


# --- the reminder -----------------------------------------------------------------------------


def due_reminders(now: datetime.datetime) -> list[tuple[Event, datetime.datetime]]:
    """The published events whose reminder is due: `reminder_days` before the first session,
    which has not begun; with the moment the reminder was due."""
    coming = (
        Event.objects.filter(status=EventStatus.PUBLISHED, reminder_days__gt=0)
        .annotate(first_start=Min("sessions__starts_at"))
        .filter(first_start__gt=now)
        .select_related("collaboration", "contact_person")
        .prefetch_related("sessions")
        .order_by("pk")
    )
    due: list[tuple[Event, datetime.datetime]] = []
    for event in coming:
        moment = event.first_start - datetime.timedelta(days=event.reminder_days)  # type: ignore[attr-defined]
        if moment <= now:
            due.append((event, moment))
    return due


def reminder_recipients(event: Event, moment: datetime.datetime) -> QuerySet[Registration]:
    """The confirmed who have not been reminded. Someone who registered after the reminder was due
    just got the confirmation with the same facts, so not a reminder as well."""
    return (
        event.registrations.confirmed()
        .filter(_addressable(), reminded_at__isnull=True, created_at__lt=moment)
        .order_by("pk")
    )


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind every confirmed registrant of each event whose reminder is due; returns how many were
    sent by this run. Idempotent (see the module's docstring)."""
    now = now or timezone.now()
    sent = 0
    for event, moment in due_reminders(now):
        sessions = list(event.sessions.all())
        sent += _send_claimed(
            event,
            list(reminder_recipients(event, moment).values_list("pk", flat=True)),
            field="reminded_at",
            now=now,
            still=Q(status=RegistrationStatus.CONFIRMED),
            message=partial(_reminder_message, sessions=sessions),
            action="send_event_reminders",
        )
    return sent


def _send_claimed(
    event: Event,
    registration_ids: list[int],
    *,
    field: str,
    now: datetime.datetime,
    still: Q,
    message: Callable[[Registration], EmailMultiAlternatives],
    action: str,
) -> int:
    """Sends the e-mail to each registration this run claims (`field` set where it was empty and
    `still` holds), releasing the claim of one that fails so the next run tries again; one audit
    entry for the event. Returns how many were sent."""
    count = 0
    for registration_id in registration_ids:
        if not _claim(registration_id, field, now, extra=still):
            continue  # another run has it, or it no longer qualifies
        registration = Registration.objects.get(pk=registration_id)
        registration.event = event  # with its sessions, for the .ics
        try:
            message(registration).send()
        except Exception:  # one failed address must not stop the rest; the next run tries again
            logger.exception("%s to registration %s failed", action, registration_id)
            _release(registration_id, field, now)
            continue
        count += 1
    if count:
        record(actor=None, action=action, obj=event, collaboration=event.collaboration, after={"recipients": count})
    return count


def _signature(event: Event) -> str:
    contact = event.contact_person
    return one_line(contact.full_name if contact else event.collaboration.name)


def _reminder_message(registration: Registration, sessions: list[EventSession]) -> EmailMultiAlternatives:
    event = registration.event
    from_email, reply_to = notices.sender(event)
    with translation.override(settings.LANGUAGE_CODE):
        when = dates.meeting_when(sessions[0].starts_at, sessions[0].ends_at) if sessions else ""
        subject = _("Påminnelse: %(event)s %(when)s") % {"event": event.title, "when": when}
        body = _(
            "Hej %(name)s!\n\nVälkommen till %(event)s.\n\n%(sessions)s\n\n"
            "Om evenemanget: %(url)s\n"
            "Din anmälan (se, ändra eller avboka): %(manage)s\n\n"
            "Kalenderinbjudan finns bifogad.\n\n%(sender)s"
        ) % {
            "name": one_line(registration.name),
            "event": event.title,
            "sessions": mail.when_and_where(event),
            "url": notices.event_url(event),
            "manage": notices.manage_url(registration),
            "sender": _signature(event),
        }
    ics = notices.invitation(registration)
    message = EmailMultiAlternatives(one_line(subject), body, from_email, [registration.email], reply_to=reply_to)
    message.attach_alternative(ics.decode("utf-8"), "text/calendar; method=REQUEST; charset=UTF-8")
    message.attach("evenemang.ics", ics, "text/calendar")
    return message


# --- the evaluation link afterwards ------------------------------------------------------------


def due_evaluations(now: datetime.datetime) -> list[Event]:
    """Published events whose last session ended at least EVALUATION_DELAY and at most
    EVALUATION_WINDOW ago."""
    return list(
        Event.objects.filter(status=EventStatus.PUBLISHED)
        .annotate(last_end=Max("sessions__ends_at"))
        .filter(last_end__lte=now - EVALUATION_DELAY, last_end__gt=now - EVALUATION_WINDOW)
        .select_related("collaboration", "contact_person")
        .order_by("pk")
    )


def who_attended(event: Event) -> Q:
    """Those marked as attended; when attendance was never marked, the confirmed."""
    if event.registrations.filter(attended__isnull=False).exists():
        return Q(attended=True) & ~Q(status=RegistrationStatus.CANCELLED)
    return Q(status=RegistrationStatus.CONFIRMED)


def send_evaluation_links(*, now: datetime.datetime | None = None) -> int:
    """E-mail the personal, anonymous evaluation link once to everyone who attended each event
    that has just ended; returns how many were sent by this run. Idempotent like the reminders."""
    now = now or timezone.now()
    sent = 0
    for event in due_evaluations(now):
        attended = who_attended(event)
        ids = (
            event.registrations.filter(attended, _addressable(), evaluation_sent_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        sent += _send_claimed(
            event,
            list(ids),
            field="evaluation_sent_at",
            now=now,
            still=attended,
            message=_evaluation_message,
            action="send_event_evaluation",
        )
    return sent


def _evaluation_message(registration: Registration) -> EmailMultiAlternatives:
    event = registration.event
    from_email, reply_to = notices.sender(event)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Vad tyckte du om %(event)s?") % {"event": event.title}
        body = _(
            "Hej %(name)s!\n\nTack för att du deltog i %(event)s. Vi vill gärna veta vad du tyckte: "
            "det tar ett par minuter.\n\n%(link)s\n\n"
            "Svaren är anonyma: de sparas utan ditt namn och din e-postadress. Länken är personlig "
            "och fungerar en gång.\n\n%(sender)s"
        ) % {
            "name": one_line(registration.name),
            "event": event.title,
            "link": evaluation_url(registration),
            "sender": _signature(event),
        }
    return EmailMultiAlternatives(one_line(subject), body, from_email, [registration.email], reply_to=reply_to)


# --- the tasks, run by `samverkan db_worker` ------------------------------------------------------


@task()
def send_reminders_task() -> int:
    return send_reminders()


@task()
def send_evaluation_links_task() -> int:
    return send_evaluation_links()
