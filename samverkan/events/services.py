"""Use cases of events: creating an event with its sessions and questions, publishing it, and
registering, cancelling and moving up from the waitlist.

Every use case that touches seats locks the event's row first (`select_for_update()` inside
`transaction.atomic()`), then counts: two registrations for the last seat wait for each other, so
the seats are never overbooked and the waitlist positions never collide (on SQLite every
transaction begins IMMEDIATE, which serialises them as well). Each use case validates everything
before it writes, writes its audit entry, and raises `DomainError` with a Swedish message.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.audit.services import record, record_created, save_changes, snapshot
from samverkan.events import mail, notices, rules, selectors
from samverkan.events.models import (
    Answer,
    Category,
    Event,
    EventDocument,
    EventSession,
    EventStatus,
    Question,
    QuestionKind,
    QuestionPurpose,
    Registration,
    RegistrationGender,
    RegistrationStatus,
)
from samverkan.finance import services as finance
from samverkan.lib.errors import DomainError
from samverkan.lib.text import clean_text
from samverkan.lib.uploads import document_name

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from samverkan.accounts.models import User
    from samverkan.finance.models import LedgerEntry
    from samverkan.organisations.models import Organisation, Person
    from samverkan.plans.models import Activity

EVENT_FIELDS = [
    "activity",
    "title",
    "description",
    "for_municipalities",
    "for_business",
    "for_citizens",
    "capacity",
    "registration_opens",
    "registration_closes",
    "public",
    "contact_person",
    "consent_text",
    "reminder_days",
    "status",
]
# What the organiser may change of an event after it is created (the status has its own use cases).
EDITABLE_FIELDS = [f for f in EVENT_FIELDS if f not in ("activity", "status")]
SESSION_FIELDS = ["event", "starts_at", "ends_at", "place", "video_link"]
QUESTION_FIELDS = ["event", "text", "kind", "choices", "required", "order", "purpose"]
# Never the gender: it is for statistics only and the trail is shown per object.
REGISTRATION_FIELDS = [
    "event",
    "name",
    "email",
    "organisation",
    "organisation_text",
    "category",
    "status",
    "waitlist_position",
    "person",
]
ALREADY_REGISTERED = gettext_noop("Den här e-postadressen är redan anmäld till evenemanget.")


# --- events ---------------------------------------------------------------------------------


@transaction.atomic
def create_event(
    *,
    activity: Activity,
    actor: User | None,
    title: str,
    description: str = "",
    capacity: int | None = None,
    registration_opens: datetime.datetime | None = None,
    registration_closes: datetime.datetime | None = None,
    public: bool = False,
    contact_person: Person | None = None,
    consent_text: str = "",
    reminder_days: int = 2,
    **target_groups: bool,
) -> Event:
    """A draft event of an activity of the plan, in the activity's collaboration. Its target groups
    are the activity's unless given (`for_municipalities=`, `for_business=`, `for_citizens=`)."""
    unknown = set(target_groups) - {"for_municipalities", "for_business", "for_citizens"}
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    fields: dict[str, Any] = {
        "title": title.strip(),
        "description": description,
        "capacity": capacity,
        "registration_opens": registration_opens,
        "registration_closes": registration_closes,
        "public": public,
        "contact_person": contact_person,
        "consent_text": clean_text(consent_text or "", multiline=True).strip(),
        "reminder_days": reminder_days,
        "for_municipalities": target_groups.get("for_municipalities", activity.for_municipalities),
        "for_business": target_groups.get("for_business", activity.for_business),
        "for_citizens": target_groups.get("for_citizens", activity.for_citizens),
    }
    refusal = rules.event_refusal(fields)
    if refusal:
        raise refusal
    event = Event.objects.create(collaboration_id=activity.collaboration_id, activity=activity, **fields)
    record_created(
        obj=event, fields=EVENT_FIELDS, actor=actor, action="create_event", collaboration=event.collaboration
    )
    return event


@transaction.atomic
def add_session(
    *,
    event: Event,
    actor: User | None,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_link: str = "",
) -> EventSession:
    """A session more; the registrants of a published event are told (`_sessions_changed`)."""
    locked = _locked_event(event.pk)
    _refuse_if_cancelled(locked)
    refusal = rules.session_refusal(starts_at, ends_at)
    if refusal:
        raise refusal
    session = EventSession.objects.create(
        event=locked, starts_at=starts_at, ends_at=ends_at, place=place.strip(), video_link=video_link.strip()
    )
    record_created(
        obj=session, fields=SESSION_FIELDS, actor=actor, action="add_event_session", collaboration=locked.collaboration
    )
    if locked.status == EventStatus.PUBLISHED:  # a draft has sent no invitation yet
        _sessions_changed(locked)
    return session


@transaction.atomic
def add_question(
    *,
    event: Event,
    actor: User | None,
    text: str,
    kind: str = QuestionKind.TEXT,
    choices: Sequence[str] = (),
    required: bool = False,
    purpose: str = QuestionPurpose.REGISTRATION,
) -> Question:
    """A question of the event's own, asked after those it has: when registering, or in the
    evaluation afterwards (`purpose`)."""
    refusal = rules.question_refusal(text, kind, choices)
    if refusal:
        raise refusal
    if purpose not in QuestionPurpose.values:
        raise DomainError(_("Välj när frågan ställs."), field="purpose")
    kept = [c.strip() for c in choices if c.strip()] if kind == QuestionKind.CHOICE else []
    last = event.questions.aggregate(last=Max("order"))["last"]
    question = Question.objects.create(
        event=event,
        text=text.strip(),
        kind=kind,
        choices=kept,
        required=required,
        order=(last or 0) + 1,
        purpose=purpose,
    )
    record_created(
        obj=question,
        fields=QUESTION_FIELDS,
        actor=actor,
        action="add_event_question",
        collaboration=event.collaboration,
    )
    return question


def _set_event_status(event: Event, status: str, actor: User | None, action: str) -> Event:
    locked = Event.objects.select_for_update().get(pk=event.pk)
    rules.EVENT.require(locked.status, status, labels=dict(EventStatus.choices))
    before = snapshot(locked, ["status"])
    locked.status = status
    locked.save(update_fields=["status"])
    record(
        actor=actor,
        action=action,
        obj=locked,
        collaboration=locked.collaboration,
        before=before,
        after=snapshot(locked, ["status"]),
    )
    event.status = status
    return locked


@transaction.atomic
def publish_event(*, event: Event, actor: User | None) -> Event:
    """Opens the event for registration (within its window)."""
    if not event.sessions.exists():
        raise DomainError(_("Lägg till minst ett tillfälle innan evenemanget publiceras."))
    return _set_event_status(event, EventStatus.PUBLISHED, actor, "publish_event")


@transaction.atomic
def update_event(*, event: Event, actor: User | None, **changes: Any) -> list[Registration]:
    """Changes an event's details (`EDITABLE_FIELDS`). When seats free up (a larger capacity, or
    none), the first on the waitlist move up by themselves; returns who moved up. A smaller
    capacity takes nobody's seat: those confirmed keep it, and newcomers wait until it is free."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status == EventStatus.CANCELLED:
        raise DomainError(_("Ett inställt evenemang kan inte ändras."))
    if "title" in changes:
        changes["title"] = str(changes["title"] or "").strip()
    refusal = rules.event_refusal({**{f: getattr(locked, f) for f in EDITABLE_FIELDS}, **changes})
    if refusal:
        raise refusal
    save_changes(
        obj=locked,
        changes=changes,
        fields=EDITABLE_FIELDS,
        actor=actor,
        action="update_event",
        collaboration=locked.collaboration,
    )
    for name in changes:
        setattr(event, name, getattr(locked, name))
    return _fill_free_seats(locked)


@transaction.atomic
def cancel_event(*, event: Event, actor: User | None) -> Event:
    """Cancels the event: nobody registers any more, and the registrations are kept as they were.

    Everyone with a seat or on the waitlist is told by e-mail, with a cancelled `.ics` (the
    calendar invitation's SEQUENCE raised so calendars remove the entry)."""
    cancelled = _set_event_status(event, EventStatus.CANCELLED, actor, "cancel_event")
    Event.objects.filter(pk=cancelled.pk).update(sequence=models.F("sequence") + 1)
    for registration_id in cancelled.registrations.active().values_list("pk", flat=True):
        mail.send_registration_mail.enqueue(registration_id, mail.EVENT_CANCELLED)
    return cancelled


# --- registrations --------------------------------------------------------------------------


def _text(value: str | None, name: str) -> str:
    """A registrant's one-line text without control characters, within its field's length."""
    text = clean_text(str(value or ""), multiline=False).strip()
    field = Registration._meta.get_field(name)
    assert isinstance(field, models.Field)
    limit = field.max_length
    if limit is not None and len(text) > limit:
        label = capfirst(str(field.verbose_name))
        raise DomainError(
            _("%(field)s är för lång (högst %(max)s tecken).") % {"field": label, "max": limit}, field=name
        )
    return text


def _clean_email(email: str) -> str:
    email = _text(email, "email")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Ange en giltig e-postadress."), field="email") from None
    return email


def _answers(event: Event, answers: Mapping[int | str, str]) -> dict[int, str]:
    questions = [
        rules.QuestionSpec(id=q.pk, text=q.text, kind=q.kind, required=q.required, choices=tuple(q.choices))
        for q in event.questions.filter(purpose=QuestionPurpose.REGISTRATION)
    ]
    by_id: dict[int, str] = {}
    for key, value in answers.items():
        try:
            by_id[int(key)] = value
        except (TypeError, ValueError):
            raise DomainError(_("Svaret gäller en fråga som evenemanget inte ställer.")) from None
    cleaned = rules.clean_answers(questions, by_id)
    if isinstance(cleaned, DomainError):
        raise cleaned
    return cleaned


def _next_waitlist_position(event: Event) -> int:
    """One more than the last on the waitlist (1 when nobody waits); asked under the event's lock."""
    last = event.registrations.waitlist().aggregate(last=Max("waitlist_position"))["last"]
    return (last or 0) + 1


@transaction.atomic
def register(
    event: Event,
    *,
    name: str,
    email: str,
    organisation: Organisation | None = None,
    organisation_text: str = "",
    category: str,
    gender: str = RegistrationGender.NOT_STATED,
    answers: Mapping[int | str, str] | None = None,
    person: Person | None = None,
    consented: bool = False,
) -> Registration:
    """Someone registers: a seat while there is one, else the next place on the waitlist.

    Refused, with nothing written, outside the registration window, for a members-only event
    without a logged-in member (`person`), without a name or a valid e-mail address, with an
    unknown category, when a required question is unanswered, and when the same e-mail address
    (whatever its case) is already registered and not cancelled, and without consent when the
    event asks for it. The confirmation e-mail (with the personal link and the `.ics`) is queued
    with the registration: both commit, or neither.
    """
    locked = Event.objects.select_for_update().get(pk=event.pk)
    refusal = rules.registration_window_refusal(
        timezone.now(), locked.registration_opens, locked.registration_closes, status=locked.status
    )
    if refusal:
        raise refusal
    if not locked.public and person is None:
        raise DomainError(_("Evenemanget är bara för medlemmar. Logga in för att anmäla dig."))
    name = _text(name, "name")
    organisation_text = _text(organisation_text, "organisation_text")
    if not name:
        raise DomainError(_("Ange ditt namn."), field="name")
    email = _clean_email(email)
    if category not in Category.values:
        raise DomainError(_("Välj en kategori."), field="category")
    gender = gender or RegistrationGender.NOT_STATED
    if gender not in RegistrationGender.values:
        raise DomainError(_("Välj ett av alternativen för kön, eller ”vill inte ange”."), field="gender")
    kept = _answers(locked, answers or {})
    if locked.consent_text.strip() and not consented:
        raise DomainError(_("Du behöver godkänna villkoren för att anmäla dig."), field="consent")
    if locked.registrations.active().filter(email__iexact=email).exists():
        raise DomainError(_(ALREADY_REGISTERED), field="email")

    status = rules.seat_status(locked.capacity, locked.registrations.confirmed().count())
    registration = Registration(
        event=locked,
        name=name,
        email=email,
        organisation=organisation,
        organisation_text="" if organisation is not None else organisation_text,
        category=category,
        gender=gender,
        status=status,
        waitlist_position=_next_waitlist_position(locked) if status == RegistrationStatus.WAITLISTED else None,
        person=person,
        consented_at=timezone.now() if locked.consent_text.strip() else None,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        # the same address under a spelling the lookup did not match (the database's lower-casing)
        if "registration_one_active_per_email" not in str(error):
            raise
        raise DomainError(_(ALREADY_REGISTERED), field="email") from None
    Answer.objects.bulk_create(
        Answer(registration=registration, question_id=question_id, value=value) for question_id, value in kept.items()
    )
    actor = person.user if person is not None and person.user_id is not None else None
    record(
        actor=actor,
        actor_label=None if actor is not None else name,
        action="create_registration",
        obj=registration,
        collaboration=locked.collaboration,
        after=snapshot(registration, REGISTRATION_FIELDS),
    )
    mail.send_registration_mail.enqueue(registration.pk, mail.REGISTERED)
    return registration


def tell_moved_up(registration_ids: Sequence[int]) -> None:
    """Tell those who moved up from the waitlist that they have a seat: an e-mail with the `.ics`,
    queued for the task worker in the same transaction, so the task row commits with the seats
    or neither does (nobody is told of a seat that was rolled back, nobody with a seat goes untold)."""
    for registration_id in registration_ids:
        mail.send_registration_mail.enqueue(registration_id, mail.MOVED_UP)


@transaction.atomic
def update_registration(
    registration: Registration,
    *,
    name: str,
    organisation: Organisation | None = None,
    organisation_text: str = "",
    category: str,
    gender: str = RegistrationGender.NOT_STATED,
    answers: Mapping[int | str, str] | None = None,
) -> Registration:
    """The registrant changes their details by their personal link. The e-mail address is what
    the link was sent to, so it is not changed here (cancel and register again for another); the
    seat or the place in line stays as it was."""
    locked = Event.objects.select_for_update().get(pk=registration.event_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        raise DomainError(_("Anmälan är avbokad och kan inte ändras."))
    if locked.status == EventStatus.CANCELLED:
        raise DomainError(_("Evenemanget är inställt."))
    name = _text(name, "name")
    if not name:
        raise DomainError(_("Ange ditt namn."), field="name")
    organisation_text = _text(organisation_text, "organisation_text")
    if category not in Category.values:
        raise DomainError(_("Välj en kategori."), field="category")
    gender = gender or RegistrationGender.NOT_STATED
    if gender not in RegistrationGender.values:
        raise DomainError(_("Välj ett av alternativen för kön, eller ”vill inte ange”."), field="gender")
    kept = _answers(locked, answers or {})
    # gender is for the statistics only and never in the audit trail
    fields = ["name", "organisation", "organisation_text", "category"]
    before = snapshot(current, fields)
    current.name = name
    current.organisation = organisation
    current.organisation_text = "" if organisation is not None else organisation_text
    current.category = category
    current.gender = gender
    current.save(update_fields=[*fields, "gender"])
    current.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(registration=current, question_id=question_id, value=value) for question_id, value in kept.items()
    )
    record(
        actor=None,
        actor_label=current.name,
        action="update_registration",
        obj=current,
        collaboration=locked.collaboration,
        before=before,
        after=snapshot(current, fields),
    )
    return current


def _confirm_from_waitlist(registration: Registration, actor: User | None, action: str) -> None:
    before = snapshot(registration, ["status", "waitlist_position"])
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlist_position = None
    registration.save(update_fields=["status", "waitlist_position"])
    record(
        actor=actor,
        action=action,
        obj=registration,
        collaboration=registration.event.collaboration,
        before=before,
        after=snapshot(registration, ["status", "waitlist_position"]),
    )


def _has_ended(event: Event) -> bool:
    """Whether the event's last session is over (asked under the event's lock)."""
    return rules.has_ended(selectors.last_end(event), timezone.now())


def registrant_refusal(event: Event, *, cancelling: bool = False) -> DomainError | None:
    """What the registrant is told when the event is over: they neither register nor cancel by
    their link or the API any more (the seat was used or not; the organiser corrects the list).
    Asked by the pages and the API; the use cases themselves also build history (the demo)."""
    if not _has_ended(event):
        return None
    if cancelling:
        return DomainError(_("Evenemanget har redan ägt rum, så anmälan kan inte avbokas."))
    return DomainError(_("Evenemanget har redan ägt rum."))


def _fill_free_seats(locked: Event) -> list[Registration]:
    """The first on the waitlist move up into the free seats (under the event's lock); their
    e-mails are queued with the change."""
    if _has_ended(locked):
        return []  # a seat at an event that is over is nobody's to take
    waitlist = list(locked.registrations.waitlist().select_related("event__collaboration"))
    confirmed = locked.registrations.confirmed().count()
    moved = rules.promote(waitlist, rules.free_seats(locked.capacity, confirmed, len(waitlist)))
    for waiting in moved:
        _confirm_from_waitlist(waiting, None, "move_up_registration")
    if moved:
        tell_moved_up([r.pk for r in moved])
    return moved


@transaction.atomic
def cancel(registration: Registration, *, actor: User | None = None) -> list[Registration]:
    """Cancels a registration (by its personal link, or the organiser). A freed seat goes to the
    first on the waitlist; returns who moved up (told by e-mail, `tell_moved_up`)."""
    locked = Event.objects.select_for_update().get(pk=registration.event_id)
    current = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        raise DomainError(_("Anmälan är redan avbokad."))
    rules.REGISTRATION.require(current.status, RegistrationStatus.CANCELLED, labels=dict(RegistrationStatus.choices))
    before = snapshot(current, ["status", "waitlist_position"])
    current.status = RegistrationStatus.CANCELLED
    current.waitlist_position = None
    current.cancelled_at = timezone.now()
    current.save(update_fields=["status", "waitlist_position", "cancelled_at"])
    record(
        actor=actor,
        actor_label=None if actor is not None else current.name,
        action="cancel_registration",
        obj=current,
        collaboration=locked.collaboration,
        before=before,
        after=snapshot(current, ["status", "waitlist_position"]),
    )
    mail.send_registration_mail.enqueue(current.pk, mail.CANCELLED)
    registration.status, registration.waitlist_position = current.status, None
    registration.cancelled_at = current.cancelled_at
    # a cancelled event gives nobody a seat: moving the waitlist up would tell someone they are
    # coming to an event that will not be held
    if locked.status != EventStatus.PUBLISHED:
        return []
    return _fill_free_seats(locked)


@transaction.atomic
def move_up(registration: Registration, *, actor: User | None) -> Registration:
    """The organiser gives someone on the waitlist a seat by hand, out of turn. This may take the
    event above its capacity (a larger room, a late cancellation they know of): it is their
    decision, and it is audited; the self-service registrations never do."""
    locked = Event.objects.select_for_update().get(pk=registration.event_id)
    current = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if locked.status == EventStatus.CANCELLED:
        raise DomainError(_("Evenemanget är inställt."))
    if current.status != RegistrationStatus.WAITLISTED:
        raise DomainError(_("Bara den som står på väntelistan kan flyttas upp."))
    _confirm_from_waitlist(current, actor, "move_up_registration")
    tell_moved_up([current.pk])
    registration.status, registration.waitlist_position = current.status, None
    return current


# --- the organiser's pages: sessions, questions, documents, attendance, fees ----------------


def _locked_event(event_id: int) -> Event:
    return Event.objects.select_for_update().select_related("collaboration").get(pk=event_id)


def _refuse_if_cancelled(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise DomainError(_("Ett inställt evenemang kan inte ändras."))


def _sessions_changed(event: Event) -> None:
    """A session's time or place changed, or a session came or went: the calendar invitations'
    version goes up (RFC 5545), and the registrants of a published event are told by e-mail once
    the organiser has stopped changing (`mail.tell_changed`, queued in this transaction, after
    `EVENT_CHANGE_NOTICE_MINUTES`: several changes in a row make one e-mail)."""
    Event.objects.filter(pk=event.pk).update(sequence=models.F("sequence") + 1)
    event.refresh_from_db(fields=["sequence"])
    if event.status != EventStatus.PUBLISHED or not event.registrations.active().exists():
        return
    later = timezone.now() + datetime.timedelta(minutes=settings.EVENT_CHANGE_NOTICE_MINUTES)
    mail.tell_changed.using(run_after=later).enqueue(event.pk, event.sequence, timezone.now().isoformat())


@transaction.atomic
def update_session(
    *,
    session: EventSession,
    actor: User | None,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_link: str = "",
) -> EventSession:
    """Moves a session or changes its place; the calendar invitations get a new version."""
    locked = _locked_event(session.event_id)
    _refuse_if_cancelled(locked)
    refusal = rules.session_refusal(starts_at, ends_at)
    if refusal:
        raise refusal
    changes = {"starts_at": starts_at, "ends_at": ends_at, "place": place.strip(), "video_link": video_link.strip()}
    changed = save_changes(
        obj=session,
        changes=changes,
        fields=SESSION_FIELDS,
        actor=actor,
        action="update_event_session",
        collaboration=locked.collaboration,
    )
    if changed:
        _sessions_changed(locked)
    return session


@transaction.atomic
def remove_session(*, session: EventSession, actor: User | None) -> None:
    """Removes a session; a published event keeps at least one."""
    locked = _locked_event(session.event_id)
    _refuse_if_cancelled(locked)
    if locked.status == EventStatus.PUBLISHED and locked.sessions.count() <= 1:
        raise DomainError(_("Ett publicerat evenemang behöver minst ett tillfälle. Lägg till ett nytt först."))
    record(
        actor=actor,
        action="remove_event_session",
        obj=session,
        collaboration=locked.collaboration,
        before=snapshot(session, SESSION_FIELDS),
    )
    removed: dict[str, str | int] = {
        "uid": notices.session_uid(session),
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "place": notices.place_of(session),
        "removed_at": timezone.now().isoformat(),
    }
    session.delete()
    _sessions_changed(locked)
    # kept for the cancellation of its calendar entry (the registrants' invitations had it)
    removed["sequence"] = locked.sequence
    Event.objects.filter(pk=locked.pk).update(removed_sessions=[*locked.removed_sessions, removed])


@transaction.atomic
def remove_question(*, question: Question, actor: User | None) -> None:
    """Removes a question nobody has answered yet (the answers given are the registrants')."""
    locked = _locked_event(question.event_id)
    _refuse_if_cancelled(locked)
    if question.answers.exists():
        raise DomainError(_("Frågan har redan besvarats och kan inte tas bort."))
    record(
        actor=actor,
        action="remove_event_question",
        obj=question,
        collaboration=locked.collaboration,
        before=snapshot(question, QUESTION_FIELDS),
    )
    question.delete()


@transaction.atomic
def add_document(*, event: Event, upload: UploadedFile, title: str, actor: User | None) -> EventDocument:
    """A document for the participants (programme, slides): what a meeting's documents may be
    (`lib.uploads`). Who may read it is who may see the event."""
    locked = _locked_event(event.pk)
    _refuse_if_cancelled(locked)
    name = document_name(upload)
    document = EventDocument(event=locked, title=(title.strip() or name)[:200])
    document.file.save(name, upload, save=False)
    document.save()
    record_created(
        obj=document, fields=["title"], actor=actor, action="add_event_document", collaboration=locked.collaboration
    )
    return document


@transaction.atomic
def remove_document(*, document: EventDocument, actor: User | None) -> None:
    locked = _locked_event(document.event_id)
    record(
        actor=actor,
        action="remove_event_document",
        obj=document,
        collaboration=locked.collaboration,
        before={"title": document.title},
    )
    storage, name = document.file.storage, document.file.name or ""
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def set_attendance(*, registration: Registration, attended: bool | None, actor: User | None) -> Registration:
    """Marks whether a confirmed registrant came (True), did not come (False), or not yet (None)."""
    locked = _locked_event(registration.event_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == EventStatus.CANCELLED:
        raise DomainError(_("Evenemanget är inställt."))
    if current.status != RegistrationStatus.CONFIRMED:
        raise DomainError(_("Bara den som har en plats kan markeras som närvarande."))
    if attended not in (True, False, None):
        raise DomainError(_("Välj kom eller kom inte."))
    if current.attended is not attended:
        before = snapshot(current, ["attended"])
        current.attended = attended
        current.save(update_fields=["attended"])
        record(
            actor=actor,
            action="set_attendance",
            obj=current,
            collaboration=locked.collaboration,
            before=before,
            after=snapshot(current, ["attended"]),
        )
    registration.attended = current.attended
    return current


@transaction.atomic
def book_fees(*, event: Event, actor: User | None, day: datetime.date | None = None) -> LedgerEntry:
    """Books the collected participant fees to the economy's ledger as income of the event's
    activity (EC3), once: the confirmed who did not stay away, by members' fee and other fee.
    The event's row is locked, so two clicks at once book one entry; a second is refused."""
    locked = _locked_event(event.pk)
    if locked.fees_entry_id is not None:
        raise DomainError(_("Avgifterna för evenemanget är redan bokförda. De bokförs bara en gång."))
    if locked.status != EventStatus.PUBLISHED:
        raise DomainError(_("Bara ett publicerat evenemangs avgifter kan bokföras."))
    listed = selectors.invoicing(locked, on=day)
    members, others = listed.count("members"), listed.count("others")
    if members + others == 0:
        raise DomainError(_("Det finns inga avgifter att bokföra: ingen bekräftad deltagare har en avgift."))
    entry = finance.record_fees(
        activity=locked.activity, members=members, others=others, day=day or timezone.localdate(), actor=actor
    )
    locked.fees_entry = entry
    locked.save(update_fields=["fees_entry"])
    record(
        actor=actor,
        action="book_event_fees",
        obj=locked,
        collaboration=locked.collaboration,
        after={"members": members, "others": others, "amount_ore": entry.amount_ore},
    )
    event.fees_entry = entry
    return entry
