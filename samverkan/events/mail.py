"""The e-mails a registrant gets: the confirmation (a seat or a place on the waitlist), the
"you have a seat" when they move up, the confirmation of a cancellation, the notice that a
session's time or place changed (and that a session was removed, with its calendar
cancellation), and the notice that the event is cancelled. Each carries the personal link and an
`.ics` (REQUEST while they have a seat, CANCEL when it is gone), and is sent by the task worker
(`samverkan db_worker`): the task row commits with the registration, or neither does.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.events import notices, selectors
from samverkan.events.models import Event, EventStatus, Registration, RegistrationStatus
from samverkan.lib import dates
from samverkan.lib.documents_text import one_line
from samverkan.lib.money import format_money

REGISTERED = "registered"
MOVED_UP = "moved_up"
CANCELLED = "cancelled"
EVENT_CANCELLED = "event_cancelled"
CHANGED = "changed"
KINDS = (REGISTERED, MOVED_UP, CANCELLED, EVENT_CANCELLED, CHANGED)
# the kinds that tell someone with a seat to come: with the video link and the calendar invitation
INVITING = (REGISTERED, MOVED_UP, CHANGED)


def when_and_where(event: Event, *, video: bool = True) -> str:
    """The sessions, one line each: "tisdag 16 mars 2027 kl. 09.00–12.00, Umeå stadshus"; the
    video link only for those with a seat (`video`)."""
    lines = []
    for session in event.sessions.all():
        line = dates.meeting_when(session.starts_at, session.ends_at)
        if session.place:
            line += f", {session.place}"
        if session.video_link and video:
            line += "\n  " + _("Videolänk: %(link)s") % {"link": session.video_link}
        lines.append(f"- {line}")
    return "\n".join(lines)


def _subject_and_opening(registration: Registration, kind: str) -> tuple[str, str]:
    event = registration.event
    title = event.title
    if kind == EVENT_CANCELLED:
        return (
            _("Inställt: %(title)s") % {"title": title},
            _("%(title)s är tyvärr inställt. Din anmälan gäller inte längre; du behöver inte göra något.")
            % {"title": title},
        )
    if kind == CANCELLED:
        return (
            _("Avbokad: %(title)s") % {"title": title},
            _("Din anmälan till %(title)s är avbokad.") % {"title": title},
        )
    if kind == CHANGED:
        opening = _("Tiden eller platsen för %(title)s är ändrad. Så här är det nu:") % {"title": title}
        if registration.status == RegistrationStatus.WAITLISTED:
            place = selectors.place_in_line(registration)
            opening += "\n" + _("Du står kvar på väntelistan, plats %(place)s.") % {"place": place}
        return _("Ändrat: %(title)s") % {"title": title}, opening
    if kind == MOVED_UP:
        return (
            _("Du har fått en plats: %(title)s") % {"title": title},
            _("En plats blev ledig och du har flyttats upp från väntelistan. Du är välkommen till %(title)s!")
            % {"title": title},
        )
    if registration.status == RegistrationStatus.WAITLISTED:
        place = selectors.place_in_line(registration)
        return (
            _("Väntelista: %(title)s") % {"title": title},
            _(
                "Evenemanget är fullt, så du står på väntelistan, plats %(place)s. Blir en plats ledig "
                "flyttas du upp av dig själv och får ett e-brev."
            )
            % {"place": place},
        )
    return (
        _("Anmälan bekräftad: %(title)s") % {"title": title},
        _("Tack för din anmälan. Du har en plats på %(title)s.") % {"title": title},
    )


def _closing(registration: Registration, *, with_link: bool) -> list[str]:
    """The last paragraphs of every e-mail to a registrant: their personal link (`with_link`),
    the event's page, and whom a reply reaches."""
    event = registration.event
    parts = []
    if with_link:
        parts.append(
            _("Se, ändra eller avboka din anmälan med din personliga länk (dela den inte):\n%(link)s")
            % {"link": notices.manage_url(registration)}
        )
    parts.append(_("Mer om evenemanget: %(url)s") % {"url": notices.event_url(event)})
    contact = event.contact_person
    if contact is not None:
        parts.append(_("Frågor? Svara på det här brevet, så når du %(name)s.") % {"name": contact.full_name})
    return parts


def message_for(registration: Registration, kind: str) -> EmailMultiAlternatives:
    event = registration.event
    from_email, reply_to = notices.sender(event)
    with translation.override(settings.LANGUAGE_CODE):
        subject, opening = _subject_and_opening(registration, kind)
        with_seat = registration.status == RegistrationStatus.CONFIRMED and kind in INVITING
        parts = [_("Hej %(name)s,") % {"name": registration.name}, opening, when_and_where(event, video=with_seat)]
        if kind in (REGISTERED, MOVED_UP) and registration.status == RegistrationStatus.CONFIRMED:
            fee = selectors.fee_of(registration)
            if fee:
                parts.append(
                    _("Avgift: %(fee)s. Avgiften faktureras efteråt; det går inte att betala med kort.")
                    % {"fee": format_money(fee, in_ore=True)}
                )
        parts += _closing(registration, with_link=kind in INVITING)
        body = "\n\n".join(parts)
    message = EmailMultiAlternatives(one_line(subject), body, from_email, [registration.email], reply_to=reply_to)
    with_seat = registration.status == RegistrationStatus.CONFIRMED and event.status == EventStatus.PUBLISHED
    if kind in INVITING and with_seat:
        ics = notices.invitation(registration)
        message.attach_alternative(ics.decode("utf-8"), "text/calendar; method=REQUEST; charset=UTF-8")
        message.attach("evenemang.ics", ics, "text/calendar")
    elif kind in (CANCELLED, EVENT_CANCELLED):
        ics = notices.invitation(registration, cancelled=True)
        message.attach_alternative(ics.decode("utf-8"), "text/calendar; method=CANCEL; charset=UTF-8")
        message.attach("installt.ics", ics, "text/calendar")
    return message


def _to_tell() -> QuerySet[Registration]:
    """The registrations an e-mail may go to (not erased), with what every e-mail shows."""
    return (
        Registration.objects.select_related("event__collaboration", "event__contact_person", "event__activity")
        .prefetch_related("event__sessions")
        .filter(anonymised_at__isnull=True)
    )


def send(registration_id: int, kind: str) -> bool:
    """Sends one e-mail of `kind` to the registrant; False when there is no one to tell (the
    registration's data was erased meanwhile)."""
    registration = _to_tell().filter(pk=registration_id).first()
    if registration is None or not registration.email:
        return False
    message_for(registration, kind).send()
    return True


@task()
def send_registration_mail(registration_id: int, kind: str) -> None:
    send(registration_id, kind)


@task()
def tell_changed(event_id: int, sequence: int, changed_at: str = "") -> None:
    """The registrants of an event whose sessions changed are told, once the organiser has stopped
    changing: queued `EVENT_CHANGE_NOTICE_MINUTES` ahead with the calendar version of the change,
    it sends only if no later change came (that one's task tells them, once). Nobody is told of a
    cancelled event (they got the cancellation) or one that is over, nor who registered after the
    change (`changed_at`: their confirmation had the sessions as they are).

    In one transaction with the event's row locked: the version told and the e-mails queued
    commit together, and a second run of the same notice (two workers) finds it told."""
    with transaction.atomic():
        event = (
            Event.objects.select_for_update()
            .filter(pk=event_id, sequence=sequence, status=EventStatus.PUBLISHED, told_sequence__lt=sequence)
            .first()
        )
        if event is not None:
            _tell_changed(event, sequence, changed_at)


def _tell_changed(event: Event, sequence: int, changed_at: str) -> None:
    last = selectors.last_end(event)
    if last is not None and last <= timezone.now():
        return
    told = event.registrations.active().filter(anonymised_at__isnull=True)
    if changed_at:
        told = told.filter(created_at__lte=datetime.datetime.fromisoformat(changed_at))
    # the sessions removed since the registrants were last told: their calendar entries go
    removed = [entry for entry in event.removed_sessions if event.told_sequence < entry["sequence"] <= sequence]
    Event.objects.filter(pk=event.pk).update(told_sequence=sequence)
    for registration_id, status, created_at in told.values_list("pk", "status", "created_at"):
        send_registration_mail.enqueue(registration_id, CHANGED)
        # only those whose invitation had the session: a seat, and registered before it went
        had = [e["uid"] for e in removed if created_at <= datetime.datetime.fromisoformat(e["removed_at"])]
        if status == RegistrationStatus.CONFIRMED and had:
            send_removal.enqueue(registration_id, had)


def removal_message(registration: Registration, uids: list[str]) -> EmailMultiAlternatives | None:
    """ "Borttaget tillfälle": which session went, the sessions left, and the calendar
    cancellation of the removed one (METHOD:CANCEL with its UID), so it leaves the calendar."""
    event = registration.event
    removed = [entry for entry in event.removed_sessions if entry["uid"] in uids]
    if not removed:
        return None
    from_email, reply_to = notices.sender(event)
    with translation.override(settings.LANGUAGE_CODE):
        lines = []
        for entry in removed:
            starts_at = datetime.datetime.fromisoformat(entry["starts_at"])
            line = dates.meeting_when(starts_at, datetime.datetime.fromisoformat(entry["ends_at"]))
            lines.append(f"- {line}, {entry['place']}" if entry.get("place") else f"- {line}")
        removed_line = ngettext(
            "Ett tillfälle av %(title)s är borttaget:",
            "%(n)s tillfällen av %(title)s är borttagna:",
            len(removed),
        ) % {"title": event.title, "n": len(removed)}
        parts = [
            _("Hej %(name)s,") % {"name": registration.name},
            removed_line + "\n" + "\n".join(lines),
            _("Din plats gäller de tillfällen som är kvar:") + "\n" + when_and_where(event),
            *_closing(registration, with_link=True),
        ]
        subject = ngettext("Borttaget tillfälle: %(title)s", "Borttagna tillfällen: %(title)s", len(removed)) % {
            "title": event.title
        }
    message = EmailMultiAlternatives(
        one_line(subject), "\n\n".join(parts), from_email, [registration.email], reply_to=reply_to
    )
    ics = notices.removal(registration, removed)
    message.attach_alternative(ics.decode("utf-8"), "text/calendar; method=CANCEL; charset=UTF-8")
    message.attach("borttaget-tillfalle.ics", ics, "text/calendar")
    return message


@task()
def send_removal(registration_id: int, uids: list[str]) -> None:
    """Tells a registrant with a seat that sessions were removed (`removal_message`), unless
    their data was erased, their seat has gone or the event was cancelled meanwhile."""
    registration = (
        _to_tell()
        .filter(pk=registration_id, status=RegistrationStatus.CONFIRMED)
        .filter(event__status=EventStatus.PUBLISHED)  # a cancelled event's cancellation said it all
        .first()
    )
    if registration is None or not registration.email:
        return
    message = removal_message(registration, uids)
    if message is not None:
        message.send()
