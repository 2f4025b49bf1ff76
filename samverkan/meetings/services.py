"""Use cases for meetings: plan, move, cancel. Each writes an audit entry."""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samverkan.audit import stale
from samverkan.audit.models import AuditEntry
from samverkan.audit.services import record, record_created, save_changes
from samverkan.lib import dates
from samverkan.lib.errors import DomainError
from samverkan.lib.uploads import document_name
from samverkan.meetings import notices
from samverkan.meetings.models import (
    MAX_ITEM_MINUTES,
    AgendaDocument,
    AgendaItem,
    AgendaItemStatus,
    CalendarFeed,
    Meeting,
    MeetingStatus,
)
from samverkan.meetings.rules import AGENDA_ITEM, MEETING, holiday_name, year_refusal
from samverkan.meetings.signals import collect_removal_consequences

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from samverkan.accounts.models import User
    from samverkan.organisations.models import Group, Person

MEETING_FIELDS = ["title", "starts_at", "ends_at", "place", "video_link", "status", "holiday_confirmed"]
# Moving these re-sends the calendar invitation with a higher SEQUENCE.
SCHEDULE_FIELDS = {"starts_at", "ends_at", "place", "video_link"}


def _check_times(*, starts_at: datetime.datetime, ends_at: datetime.datetime, holiday_confirmed: bool) -> None:
    refusal = year_refusal(timezone.localtime(starts_at).date(), timezone.localdate())
    if refusal:
        raise DomainError(refusal, field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(_("Mötet måste sluta efter att det börjar."), field="ends_at")
    if ends_at - starts_at > datetime.timedelta(days=3):
        raise DomainError(_("Ett möte kan vara högst tre dagar."), field="ends_at")
    day = timezone.localtime(starts_at).date()
    name = holiday_name(day)
    if name and not holiday_confirmed:
        raise DomainError(
            _("%(date)s är en helgdag (%(name)s). Bekräfta att mötet ändå ska hållas den dagen.")
            % {"date": capfirst(dates.prose_date(day)), "name": name},
            field="holiday_confirmed",
        )


@transaction.atomic
def plan_meeting(
    *,
    group: Group,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    actor: User | None,
    title: str = "",
    place: str = "",
    video_link: str = "",
    holiday_confirmed: bool = False,
) -> Meeting:
    """Plan a meeting of a group. A date on a Swedish holiday needs `holiday_confirmed`."""
    if group.ended_on is not None and timezone.localtime(starts_at).date() > group.ended_on:
        raise DomainError(_("Gruppen upphörde %(date)s.") % {"date": group.ended_on}, field="starts_at")
    _check_times(starts_at=starts_at, ends_at=ends_at, holiday_confirmed=holiday_confirmed)
    meeting = Meeting.objects.create(
        group=group,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        video_link=video_link.strip(),
        holiday_confirmed=holiday_confirmed,
    )
    record_created(
        obj=meeting, fields=MEETING_FIELDS, actor=actor, action="plan_meeting", collaboration=group.collaboration
    )
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, actor: User | None, **changes: object) -> Meeting:
    """Change a planned or called meeting; a moved meeting gets a new calendar SEQUENCE."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        raise DomainError(_("Ett möte som är %(status)s kan inte ändras.") % {"status": meeting.get_status_display()})
    unknown = set(changes) - {"title", "starts_at", "ends_at", "place", "video_link", "holiday_confirmed"}
    if unknown:
        raise ValueError(f"Not meeting fields: {sorted(unknown)}")
    merged = {f: changes.get(f, getattr(meeting, f)) for f in ("starts_at", "ends_at", "holiday_confirmed")}
    _check_times(**merged)  # type: ignore[arg-type]
    moved = any(changes.get(f, getattr(meeting, f)) != getattr(meeting, f) for f in SCHEDULE_FIELDS)
    if moved:
        changes = {**changes, "sequence": meeting.sequence + 1}
    save_changes(
        obj=meeting,
        changes=changes,
        fields=MEETING_FIELDS,
        actor=actor,
        action="update_meeting",
        collaboration=meeting.group.collaboration,
    )
    if moved and meeting.status == MeetingStatus.CALLED:
        _queue_invitations(meeting, "REQUEST")  # same UID, higher SEQUENCE: calendars update the event
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor: User | None) -> Meeting:
    """Cancel; if the notice went out, everyone's calendar gets a cancellation (METHOD:CANCEL)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not MEETING.allows(meeting.status, MeetingStatus.CANCELLED):
        raise DomainError(
            _("Ett möte som är %(status)s kan inte ställas in.") % {"status": meeting.get_status_display()}
        )
    was_called = meeting.status == MeetingStatus.CALLED
    save_changes(
        obj=meeting,
        changes={"status": MeetingStatus.CANCELLED, "sequence": meeting.sequence + 1},
        fields=MEETING_FIELDS,
        actor=actor,
        action="cancel_meeting",
        collaboration=meeting.group.collaboration,
    )
    if was_called:
        _queue_invitations(meeting, "CANCEL")
    return meeting


# Background tasks (run by `samverkan db_worker`) live beside the use case that queues them, so
# that no module needs the other back; `tasks.py` keeps their old names for rows already queued.
@task()
def send_meeting_invitations(meeting_id: int, method: str) -> None:
    notices.send_invitations(meeting_id=meeting_id, method=method)


@task()
def send_supplementary_notice_mail(meeting_id: int) -> None:
    notices.send_supplementary_notice(meeting_id=meeting_id)


def _queue_invitations(meeting: Meeting, method: str) -> None:
    send_meeting_invitations.enqueue(meeting.pk, method)  # the task row commits with the change, or neither


@transaction.atomic
def send_notice(*, meeting: Meeting, actor: User | None) -> Meeting:
    """Call the meeting: every member gets the notice with the agenda and an .ics invitation (SG3, SG4)."""
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if not MEETING.allows(meeting.status, MeetingStatus.CALLED):
        raise DomainError(
            _("Ett möte som är %(status)s kan inte kallas till.") % {"status": meeting.get_status_display()}
        )
    if not meeting.agenda_items.filter(status=AgendaItemStatus.ACCEPTED).exists():
        raise DomainError(_("Dagordningen är tom. Lägg till minst en punkt innan kallelsen skickas."))
    if meeting.starts_at <= timezone.now():
        raise DomainError(_("Mötet har redan börjat; det går inte att kalla till det."))
    save_changes(
        obj=meeting,
        changes={"status": MeetingStatus.CALLED, "notice_sent_at": timezone.now()},
        fields=["status", "notice_sent_at"],
        actor=actor,
        action="call_meeting",
        collaboration=meeting.group.collaboration,
    )
    _queue_invitations(meeting, "REQUEST")
    return meeting


@transaction.atomic
def send_supplementary_notice(*, meeting: Meeting, actor: User | None) -> Meeting:
    """The agenda of a called meeting grew: everyone called gets a supplementary notice
    (tilläggskallelse) with the updated agenda and the .ics again, same UID, higher SEQUENCE."""
    meeting = Meeting.objects.select_for_update().select_related("group__collaboration").get(pk=meeting.pk)
    if meeting.status != MeetingStatus.CALLED:
        raise DomainError(_("Bara ett möte som redan är kallat kan få en tilläggskallelse."))
    if meeting.starts_at <= timezone.now():
        raise DomainError(_("Mötet har redan börjat; det går inte att skicka en tilläggskallelse."))
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    record(
        actor=actor,
        action="send_supplementary_notice",
        obj=meeting,
        collaboration=meeting.group.collaboration,
        after={"sequence": meeting.sequence},
    )
    send_supplementary_notice_mail.enqueue(meeting.pk)  # the task row commits with the change, or neither
    return meeting


def supplementary_notices(meeting: Meeting) -> list[datetime.datetime]:
    """When supplementary notices went out for the meeting, oldest first (from the audit trail)."""
    entries = AuditEntry.objects.for_object(meeting).filter(action="send_supplementary_notice")
    return sorted(entries.values_list("at", flat=True))


AGENDA_FIELDS = [
    "title",
    "presenter",
    "minutes",
    "description",
    "decision_proposed",
    "proposed_decision",
    "public",
    "status",
    "position",
]


def suggestions_open(meeting: Meeting) -> bool:
    """Members may suggest items until the deadline, or until the notice is sent when there is none."""
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        return False
    if meeting.suggestions_until is not None:
        return timezone.localdate() <= meeting.suggestions_until
    return meeting.status == MeetingStatus.PLANNED


def _check_item(fields: dict[str, object]) -> None:
    if not str(fields.get("title", "")).strip():
        raise DomainError(_("Punkten behöver en rubrik."), field="title")
    minutes = fields.get("minutes")
    if isinstance(minutes, int) and minutes > MAX_ITEM_MINUTES:
        raise DomainError(_("En punkt kan ta högst 480 minuter (8 timmar)."), field="minutes")
    if fields.get("decision_proposed") and not str(fields.get("proposed_decision", "")).strip():
        raise DomainError(
            _("Skriv beslutsförslaget när punkten har ett förslag till beslut."), field="proposed_decision"
        )


def _locked_meeting(meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("group__collaboration").get(pk=meeting_id)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        raise DomainError(
            _("Dagordningen för ett möte som är %(status)s kan inte ändras.") % {"status": meeting.get_status_display()}
        )
    return meeting


@transaction.atomic
def add_agenda_item(
    *,
    meeting: Meeting,
    actor: User | None,
    suggested_by: Person | None = None,
    supplement: bool = False,
    **fields: object,
) -> AgendaItem:
    """An organiser adds an item; a member (suggested_by) suggests one before the deadline (SG5).
    With `supplement`, an item on a meeting already called goes out in a supplementary notice."""
    meeting = _locked_meeting(meeting.pk)
    if suggested_by is not None and not suggestions_open(meeting):
        raise DomainError(_("Tiden för att föreslå punkter har gått ut."))
    _check_item(fields)
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        suggested_by=suggested_by,
        status=AgendaItemStatus.SUGGESTED if suggested_by else AgendaItemStatus.ACCEPTED,
        **fields,  # type: ignore[arg-type]
    )
    record_created(
        obj=item,
        fields=AGENDA_FIELDS,
        actor=actor,
        action="suggest_agenda_item" if suggested_by else "add_agenda_item",
        collaboration=meeting.group.collaboration,
    )
    if supplement and item.status == AgendaItemStatus.ACCEPTED and meeting.status == MeetingStatus.CALLED:
        send_supplementary_notice(meeting=meeting, actor=actor)
    return item


@transaction.atomic
def update_agenda_item(
    *, item: AgendaItem, actor: User | None, loaded_version: int | None = None, **changes: object
) -> AgendaItem:
    """Change an item; with `loaded_version`, refused (`stale.StaleEditError`) when someone else
    saved it after the form was loaded."""
    meeting = _locked_meeting(item.meeting_id)
    current = stale.check(item, loaded_version)
    status = changes.get("status", item.status)
    if status != item.status:
        AGENDA_ITEM.require(item.status, str(status), labels=dict(AgendaItemStatus.choices))
    _check_item({**{f: getattr(item, f) for f in AGENDA_FIELDS}, **changes})
    if not save_changes(
        obj=item,
        changes={**changes, "version": current + 1},
        fields=AGENDA_FIELDS,
        actor=actor,
        action="update_agenda_item",
        collaboration=meeting.group.collaboration,
    ):
        item.version = current
    return item


@transaction.atomic
@transaction.atomic
def move_agenda_item(*, item: AgendaItem, up: bool, actor: User | None) -> AgendaItem:
    """Move an item one place up or down the agenda; the first stays first when moved up."""
    meeting = _locked_meeting(item.meeting_id)
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if up else index + 1
    if 0 <= swap < len(items):
        items[index], items[swap] = items[swap], items[index]
        for position, other in enumerate(items, start=1):
            if other.position != position:
                AgendaItem.objects.filter(pk=other.pk).update(position=position)
        record(
            actor=actor,
            action="move_agenda_item",
            obj=item,
            collaboration=meeting.group.collaboration,
            before={"position": index + 1},
            after={"position": swap + 1},
        )
    item.refresh_from_db()
    return item


def removal_consequences(item: AgendaItem) -> list[str]:
    """What else changes when the item goes: its documents, and what other apps say (a proposal)."""
    consequences = []
    documents = [d.title for d in item.documents.all()]
    if documents:
        consequences.append(_("De bifogade handlingarna tas bort: %(titles)s.") % {"titles": ", ".join(documents)})
    for _receiver, sentences in collect_removal_consequences.send(sender=AgendaItem, item=item):
        consequences.extend(sentences or [])
    return consequences


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem, actor: User | None) -> None:
    """Take an item off the agenda with its documents; a proposal on it may go to another meeting."""
    meeting = _locked_meeting(item.meeting_id)
    documents = list(item.documents.all())
    record(
        actor=actor,
        action="remove_agenda_item",
        obj=item,
        collaboration=meeting.group.collaboration,
        before={"title": item.title, "documents": [d.title for d in documents]},
    )
    files = [(d.file.storage, d.file.name) for d in documents if d.file.name]
    item.delete()

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)  # the files go only once the removal is committed


@transaction.atomic
def reset_calendar_feed(*, user: User) -> CalendarFeed:
    """A new secret feed address; the old one stops working."""
    feed, _created = CalendarFeed.objects.update_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    record(actor=user, action="reset_calendar_feed", obj=feed, after={"token": feed.token[:6] + "…"})
    return feed


@transaction.atomic
def attach_document(*, item: AgendaItem, upload: UploadedFile, title: str, actor: User | None) -> AgendaDocument:
    """Attach a document (underlag) to an agenda item; only common office formats, at most 20 MB."""
    meeting = _locked_meeting(item.meeting_id)
    name = document_name(upload)
    document = AgendaDocument(item=item, title=title.strip() or name, size=upload.size or 0)
    document.file.save(name, upload, save=False)
    document.save()
    record_created(
        obj=document,
        fields=["title", "size"],
        actor=actor,
        action="attach_document",
        collaboration=meeting.group.collaboration,
    )
    return document


@transaction.atomic
def remove_document(*, document: AgendaDocument, actor: User | None) -> None:
    meeting = _locked_meeting(document.item.meeting_id)
    record(
        actor=actor,
        action="remove_document",
        obj=document,
        collaboration=meeting.group.collaboration,
        before={"title": document.title},
    )
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
