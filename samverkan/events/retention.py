"""Registrants' personal data (GDPR, issue 15): their own copy, and kept only as long as needed.

`registration_data` is what the platform holds about one registration, for the registrant's
download by their personal link, and `person_registrations` a person's registrations in their
own export (`organisations.personal_data.personal_data`, through `register_exporter`): those made
logged in as them and those under their address.

A registration is anonymised `[events] retention_months` (model file, default 24) after its event's
last session ended, by the retention job (`samverkan personal-data-retention`, which runs
`apply_retention` here through `organisations.personal_data.register_retention`), and at once when
the registrant asks by their personal link (`erase_own`).

Anonymising blanks what says who the registrant is: the name, the address (an address of the row's
own that is nobody's, so the database's one-active-registration-per-address rule holds), the
free-text organisation, the answers, the link to a member's person; and replaces the personal
link's token, so the link stops working. It keeps what the statistics need: the category, the
gender as stated, the status, the attendance, the organisation when it is a known party (a
municipality is not personal data; a citizen's free text may be). The registration's audit trail
is scrubbed of the same data, as `erasure.py` has it scrubbed when a person is erased.
`anonymised_at` marks it done, so running it again changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.audit.models import AuditEntry
from samverkan.audit.services import record
from samverkan.collaborations.models import Collaboration
from samverkan.events import selectors, services
from samverkan.events.models import Answer, Event, EventStatus, Registration, RegistrationStatus, new_token
from samverkan.lib.dates import months_before
from samverkan.lib.errors import DomainError
from samverkan.organisations.personal_data import ERASED, scrub

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.organisations.models import Person

# the fields of a registration that say who the registrant is (in its row and its audit trail)
PERSONAL_FIELDS = ("name", "email", "organisation_text", "person")
# who erased a registration by its personal link, as the audit trail names them (not by name)
BY_THE_LINK = "anmäld via personlig länk"


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def registration_data(registration: Registration) -> dict[str, Any]:
    """Everything kept about one registration, as JSON-safe values (GDPR art. 15)."""
    event = registration.event
    trail = AuditEntry.objects.filter(object_type="events.registration", object_id=str(registration.pk)).order_by(
        "at", "pk"
    )
    return {
        "registration": {
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation.name if registration.organisation else "",
            "organisation_text": registration.organisation_text,
            "category": registration.category,
            "gender": registration.gender,
            "status": registration.status,
            "place_in_line": selectors.place_in_line(registration),
            "registered_at": _iso(registration.created_at),
            "cancelled_at": _iso(registration.cancelled_at),
            "consented_at": _iso(registration.consented_at),
            "attended": registration.attended,
            "reminded_at": _iso(registration.reminded_at),
            "evaluation_sent_at": _iso(registration.evaluation_sent_at),
            "evaluated_at": _iso(registration.evaluated_at),
            "logged_in_as": str(registration.person) if registration.person else None,
        },
        "answers": [
            {"question": answer.question.text, "answer": answer.value} for answer in registration.answers.all()
        ],
        "event": {
            "title": event.title,
            "collaboration": event.collaboration.name,
            "activity": event.activity.title,
            "status": event.status,
            "sessions": [
                {
                    "starts_at": _iso(s.starts_at),
                    "ends_at": _iso(s.ends_at),
                    "place": s.place,
                    "video_link": s.video_link,
                }
                for s in event.sessions.all()
            ],
            "retention_months": event.collaboration.model.events.retention_months,
        },
        "changes": [
            {"at": _iso(e.at), "by": e.actor_label, "action": e.action, "before": e.before, "after": e.after}
            for e in trail
        ],
    }


def for_export(queryset: Any) -> Any:
    """Registrations with what `registration_data` reads."""
    return queryset.select_related(
        "event__collaboration", "event__activity", "organisation", "person"
    ).prefetch_related("event__sessions", Prefetch("answers", queryset=Answer.objects.select_related("question")))


def person_registrations(person: Person) -> dict[str, Any]:
    """The person's registrations for their own export: made logged in as them, or under their
    address in any case (those anonymised hold nothing of them any more)."""
    mine = Registration.objects.filter(person=person)
    if person.email:
        mine = mine | Registration.objects.filter(email__iexact=person.email)
    registrations = for_export(mine.filter(anonymised_at__isnull=True).distinct().order_by("created_at", "pk"))
    return {"event_registrations": [registration_data(r) for r in registrations]}


def placeholder_email(registration: Registration) -> str:
    """An address of the row's own that is nobody's (.invalid never exists, RFC 2606)."""
    return f"{registration.pk}@anonymiserad.invalid"


def _secrets(registration: Registration) -> list[str]:
    """What the trail may hold of the registrant, longest first (a name inside an address)."""
    found = {registration.name, registration.email, registration.organisation_text}
    if registration.person is not None:
        found.add(str(registration.person))
    found |= {answer.value for answer in registration.answers.all()}
    return sorted((s for s in found if s and len(s) > 2), key=len, reverse=True)


def _scrub_entry(entry: AuditEntry, registration: Registration, secrets: list[str]) -> None:
    def blank(values: Any) -> Any:
        if not isinstance(values, dict):
            return scrub(values, secrets)
        return {
            key: (ERASED if key in PERSONAL_FIELDS and value not in ("", None) else scrub(value, secrets))
            for key, value in values.items()
        }

    name = registration.name.strip().casefold()
    entry.before = blank(entry.before)
    entry.after = blank(entry.after)
    entry.object_label = f"{ERASED} ({registration.event})"[:300]
    if entry.actor_id is None and name and entry.actor_label.strip().casefold() == name:
        entry.actor_label = ERASED  # a registrant without an account is named after themself
    else:
        entry.actor_label = scrub(entry.actor_label, secrets)


def _anonymise(registrations: Sequence[Registration]) -> None:
    """Blank the personal data of these registrations (loaded with their person, event and answers)
    and scrub their audit trail; in bulk, inside the caller's transaction."""
    if not registrations:
        return
    by_id = {str(r.pk): (r, _secrets(r)) for r in registrations}
    entries = list(AuditEntry.objects.filter(object_type="events.registration", object_id__in=list(by_id)))
    for entry in entries:
        registration, secrets = by_id[entry.object_id]
        _scrub_entry(entry, registration, secrets)
    now = timezone.now()
    for registration in registrations:
        registration.name = ""
        registration.email = placeholder_email(registration)
        registration.organisation_text = ""
        registration.person = None
        registration.token = new_token()
        registration.anonymised_at = now
    Registration.objects.bulk_update(
        registrations, ["name", "email", "organisation_text", "person", "token", "anonymised_at"], batch_size=500
    )
    Answer.objects.filter(registration__in=registrations).exclude(value="").update(value="")
    AuditEntry.objects.bulk_update(entries, ["before", "after", "object_label", "actor_label"], batch_size=500)


def _loaded(queryset: Any) -> Any:
    return queryset.select_related("person", "event").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.order_by())
    )


def _over(event: Event, now: datetime.datetime) -> bool:
    """Whether the event's last session has ended (an event without sessions was never held)."""
    last = selectors.last_end(event)
    return last is None or last < now


@transaction.atomic
def erase_own(registration: Registration) -> list[Registration]:
    """The registrant deletes their personal data now, by their personal link: the same
    anonymisation as after the retention period. If the event is still to come and they hold a seat
    or wait for one, the registration is cancelled first (`services.cancel`), so the first on the
    waitlist moves up and is told; an event that is over keeps its statistics (status, attendance)
    as they were. Returns who moved up. Refused when it is already done (the link has stopped
    working)."""
    locked = Event.objects.select_for_update().get(pk=registration.event_id)
    current = _loaded(Registration.objects.select_for_update(of=("self",))).get(pk=registration.pk)
    if current.anonymised_at is not None:
        raise DomainError(_("Uppgifterna i anmälan är redan borttagna."))
    moved: list[Registration] = []
    if (
        current.status != RegistrationStatus.CANCELLED
        and locked.status == EventStatus.PUBLISHED
        and not _over(locked, timezone.now())
    ):
        moved = services.cancel(current, actor=None)
        current = _loaded(Registration.objects.all()).get(pk=current.pk)
    _anonymise([current])
    entry = record(
        actor=None,
        actor_label=BY_THE_LINK,
        action="erase_registration",
        obj=current,
        collaboration=locked.collaboration,
        after={"anonymised": True, "status": current.status},
    )
    entry.object_label = f"{ERASED} ({locked})"[:300]
    entry.save(update_fields=["object_label"])
    registration.refresh_from_db()
    return moved


# --- the retention job ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """An event whose registrants' data has been kept long enough, and how many are still there."""

    event: Event
    last_ended: datetime.date
    retention_months: int
    registrations: int


def due(today: datetime.date | None = None) -> list[Due]:
    """The events whose last session ended more than their collaboration's `[events]
    retention_months` before today, with registrations not yet anonymised; oldest first."""
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    pending = Registration.objects.filter(event=OuterRef("pk"), anonymised_at__isnull=True)
    found = []
    for collaboration in Collaboration.objects.filter(events__isnull=False).distinct().order_by("pk"):
        months = collaboration.model.events.retention_months
        # the last session ended before this day began: more than `months` months ago
        cutoff = datetime.datetime.combine(months_before(today, months), datetime.time.min, tzinfo=tz)
        events = (
            Event.objects.filter(collaboration=collaboration)
            .annotate(last_end=Max("sessions__ends_at"))
            .filter(last_end__lt=cutoff)
            .filter(Exists(pending))
            .order_by("last_end", "pk")
        )
        for event in events:
            count = event.registrations.filter(anonymised_at__isnull=True).count()
            ended = timezone.localtime(event.last_end, tz).date()  # type: ignore[attr-defined]
            found.append(Due(event, ended, months, count))
    return found


@transaction.atomic
def anonymise_event(*, event: Event, actor: User | None) -> int:
    """Anonymise the event's registrations that are not yet (the retention job); how many."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    registrations = list(
        _loaded(locked.registrations.filter(anonymised_at__isnull=True).select_for_update(of=("self",)))
    )
    _anonymise(registrations)
    if registrations:
        record(
            actor=actor,
            action="anonymise_registrations",
            obj=locked,
            collaboration=locked.collaboration,
            after={"anonymised": len(registrations)},
        )
    return len(registrations)


def apply_retention(*, dry_run: bool, today: datetime.date) -> list[str]:
    """The events' part of the retention job: each event in its own transaction, so one
    failure does not undo the others. The lines of the command's report."""
    verb = "Would anonymise" if dry_run else "Anonymised"
    lines = []
    total = 0
    for item in due(today):
        count = item.registrations if dry_run else anonymise_event(event=item.event, actor=None)
        total += count
        lines.append(
            f"{verb} {count} registrations of event #{item.event.pk}: last session ended {item.last_ended}, "
            f"retention {item.retention_months} months"
        )
    lines.append(f"{verb} {total} event registrations.")
    return lines
