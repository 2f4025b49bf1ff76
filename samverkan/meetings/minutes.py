"""Minutes (protokoll): attendance, numbered items (§) with decisions, and approval (justering).

§ numbers run per body and calendar year without gaps: a counter row per body and year is
incremented with an UPDATE inside the same transaction as the new item, which serialises
concurrent writers on both PostgreSQL (row lock) and SQLite (write lock). Only the latest § can
be removed, which gives its number back. Approved minutes are locked; a mistake is corrected by
a new decision that names the one it corrects.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.audit.services import record, record_created, save_changes
from samverkan.lib.errors import DomainError
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionKind,
    Meeting,
    MeetingStatus,
    MinuteItem,
    Minutes,
    MinutesStatus,
    ParagraphCounter,
    Signatory,
)
from samverkan.meetings.signals import minutes_approved
from samverkan.organisations.models import Membership, Person

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.organisations.models import Group

ITEM_FIELDS = ["number", "year", "title", "text", "public"]


def meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def _holder(meeting: Meeting, *roles: str) -> Person | None:
    current = Membership.objects.current(meeting_day(meeting)).filter(group=meeting.group).select_related("person")
    for role in roles:
        membership = current.filter(role=role).first()
        if membership is not None:
            return membership.person
    return None


def _check_open(minutes: Minutes) -> None:
    if minutes.locked:
        raise DomainError(
            _("Protokollet är justerat och kan inte ändras. Rätta med ett nytt beslut i ett senare protokoll.")
        )


@transaction.atomic
def start_minutes(*, meeting: Meeting, actor: User | None) -> Minutes:
    """Open the minutes of a meeting that has taken place (or is taking place)."""
    meeting = Meeting.objects.select_for_update().select_related("group__collaboration").get(pk=meeting.pk)
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("Mötet är inställt; det finns inget protokoll att skriva."))
    if meeting_day(meeting) > timezone.localdate():
        raise DomainError(_("Protokollet kan skrivas först på mötesdagen."))
    spec = meeting.group.collaboration.model.group(meeting.group.key) if meeting.group.key else None
    secretary = _holder(meeting, "secretary", spec.secretary if spec and spec.secretary else "coordinator")
    minutes = Minutes.objects.create(meeting=meeting, secretary_name=secretary.full_name if secretary else "")
    # the chair approves; a body without a chair (the support group) has its convener do it
    chair = _holder(meeting, "chair", "convener", spec.convener if spec and spec.convener else "chair")
    if chair is not None:
        Signatory.objects.create(minutes=minutes, person=chair, name=chair.full_name, role=Signatory.Role.CHAIR)
    if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    record_created(
        obj=minutes,
        fields=["secretary_name"],
        actor=actor,
        action="start_minutes",
        collaboration=meeting.group.collaboration,
    )
    return minutes


@transaction.atomic
def record_attendance(
    *, minutes: Minutes, statuses: Mapping[int, tuple[str, str]], guests: list[str], actor: User | None
) -> list[Attendance]:
    """Who was present, absent or substituted, for every member on the day; names are copied."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__group").get(pk=minutes.pk)
    _check_open(minutes)
    meeting = minutes.meeting
    members = {
        m.person_id: m
        for m in Membership.objects.current(meeting_day(meeting))
        .filter(group=meeting.group)
        .select_related("person", "organisation")
    }
    unknown = set(statuses) - set(members)
    if unknown:
        raise DomainError(_("Närvaron gäller bara gruppens ledamöter på mötesdagen."))
    for status, _note in statuses.values():
        if status not in AttendanceStatus.values:
            raise DomainError(_("Okänd närvarostatus."))
    Attendance.objects.filter(meeting=meeting).delete()
    rows = []
    for person_id, membership in sorted(
        members.items(), key=lambda kv: (kv[1].organisation.name, kv[1].person.last_name)
    ):
        status, note = statuses.get(person_id, (AttendanceStatus.ABSENT, ""))
        rows.append(
            Attendance(
                meeting=meeting,
                person=membership.person,
                name=membership.person.full_name,
                organisation=membership.organisation.name,
                role=membership.get_role_display(),
                status=status,
                note=note.strip()[:200],
            )
        )
    for guest in guests:
        if guest.strip():
            rows.append(
                Attendance(
                    meeting=meeting, name=guest.strip()[:200], role=_("adjungerad"), status=AttendanceStatus.PRESENT
                )
            )
    Attendance.objects.bulk_create(rows)
    record(
        actor=actor,
        action="record_attendance",
        obj=minutes,
        collaboration=meeting.group.collaboration,
        after={"present": sum(1 for r in rows if r.status != AttendanceStatus.ABSENT), "total": len(rows)},
    )
    return rows


def _next_number(group: Group, year: int) -> int:
    try:
        with transaction.atomic():
            counter, _created = ParagraphCounter.objects.get_or_create(group=group, year=year)
    except IntegrityError:  # another transaction created this year's counter at the same moment
        counter = ParagraphCounter.objects.get(group=group, year=year)
    ParagraphCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db()
    return counter.last


@transaction.atomic
def add_minute_item(
    *,
    minutes: Minutes,
    title: str,
    actor: User | None,
    text: str = "",
    public: bool = True,
    agenda_item: AgendaItem | None = None,
    decision: str = "",
    decision_kind: str = DecisionKind.OTHER,
    working_group: Group | None = None,
    corrects: Decision | None = None,
) -> MinuteItem:
    """The next § of the body and year, with its decision if one was made."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__group__collaboration").get(pk=minutes.pk)
    _check_open(minutes)
    if not title.strip():
        raise DomainError(_("Paragrafen behöver en rubrik."), field="title")
    if decision_kind not in DecisionKind.values:
        raise DomainError(_("Okänt slag av beslut."), field="decision_kind")
    if (corrects is not None or decision_kind == DecisionKind.CORRECTION) and not decision.strip():
        raise DomainError(_("En rättelse är ett beslut: skriv beslutet."), field="decision")
    if corrects is not None and corrects.item.group_id != minutes.meeting.group_id:
        raise DomainError(_("Ett organ kan bara rätta sina egna beslut."), field="corrects")
    meeting = minutes.meeting
    year = meeting_day(meeting).year
    item = MinuteItem.objects.create(
        minutes=minutes,
        agenda_item=agenda_item,
        group=meeting.group,
        year=year,
        number=_next_number(meeting.group, year),
        title=title.strip(),
        text=text.strip(),
        public=public,
    )
    if decision.strip():
        Decision.objects.create(
            item=item,
            kind=DecisionKind.CORRECTION if corrects else decision_kind,
            text=decision.strip(),
            working_group=working_group,
            corrects=corrects,
        )
    record_created(
        obj=item, fields=ITEM_FIELDS, actor=actor, action="add_minute_item", collaboration=meeting.group.collaboration
    )
    return item


@transaction.atomic
def items_from_agenda(*, minutes: Minutes, actor: User | None) -> list[MinuteItem]:
    """One § per accepted agenda item not yet in the minutes, with the proposed decision as a draft."""
    done = set(minutes.items.exclude(agenda_item=None).values_list("agenda_item_id", flat=True))
    items = []
    for agenda_item in minutes.meeting.agenda_items.filter(status=AgendaItemStatus.ACCEPTED).exclude(pk__in=done):
        items.append(
            add_minute_item(
                minutes=minutes,
                title=agenda_item.title,
                actor=actor,
                public=agenda_item.public,
                agenda_item=agenda_item,
                decision=agenda_item.proposed_decision if agenda_item.decision_proposed else "",
                decision_kind=agenda_item.decision_kind,
            )
        )
    return items


@transaction.atomic
def update_minute_item(
    *, item: MinuteItem, actor: User | None, decision: str | None = None, **changes: Any
) -> MinuteItem:
    minutes = Minutes.objects.select_for_update().get(pk=item.minutes_id)
    _check_open(minutes)
    if "title" in changes and not str(changes["title"]).strip():
        raise DomainError(_("Paragrafen behöver en rubrik."), field="title")
    save_changes(
        obj=item,
        changes=changes,
        fields=ITEM_FIELDS,
        actor=actor,
        action="update_minute_item",
        collaboration=item.group.collaboration,
    )
    if decision is not None:
        existing = Decision.objects.filter(item=item).first()
        if decision.strip() and existing:
            save_changes(
                obj=existing,
                changes={"text": decision.strip()},
                fields=["text"],
                actor=actor,
                action="update_decision",
                collaboration=item.group.collaboration,
            )
        elif decision.strip():
            Decision.objects.create(item=item, text=decision.strip())
        elif existing and not existing.corrections.exists():
            existing.delete()
    return item


@transaction.atomic
def remove_minute_item(*, item: MinuteItem, actor: User | None) -> None:
    """Only the body's latest § can go, so the numbering keeps no gap."""
    minutes = Minutes.objects.select_for_update().get(pk=item.minutes_id)
    _check_open(minutes)
    counter = ParagraphCounter.objects.select_for_update().get(group=item.group, year=item.year)
    if item.number != counter.last:
        raise DomainError(
            _(
                "Bara den senaste paragrafen (§ %(n)s) kan tas bort, så att numreringen inte får "
                "luckor. Skriv i stället att punkten utgår."
            )
            % {"n": counter.last}
        )
    record(
        actor=actor,
        action="remove_minute_item",
        obj=item,
        collaboration=item.group.collaboration,
        before={"number": item.number, "title": item.title},
    )
    Decision.objects.filter(item=item).delete()
    item.delete()
    ParagraphCounter.objects.filter(pk=counter.pk).update(last=F("last") - 1)


@transaction.atomic
def set_adjusters(*, minutes: Minutes, people: list[Person], actor: User | None) -> list[Signatory]:
    """The one or two adjusters chosen at the meeting; replaceable until someone has approved."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _check_open(minutes)
    if not 1 <= len(people) <= 2:
        raise DomainError(_("Välj en eller två justerare."), field="adjusters")
    if minutes.signatories.filter(approved_at__isnull=False).exists():
        raise DomainError(_("Justeringen har börjat; justerarna kan inte bytas."))
    chair_ids = set(minutes.signatories.filter(role=Signatory.Role.CHAIR).values_list("person_id", flat=True))
    if chair_ids & {p.pk for p in people}:
        raise DomainError(_("Ordföranden justerar redan; välj någon annan som justerare."), field="adjusters")
    minutes.signatories.filter(role=Signatory.Role.ADJUSTER).delete()
    rows = [
        Signatory.objects.create(minutes=minutes, person=p, name=p.full_name, role=Signatory.Role.ADJUSTER)
        for p in people
    ]
    record(
        actor=actor,
        action="set_adjusters",
        obj=minutes,
        collaboration=minutes.meeting.group.collaboration,
        after={"adjusters": [p.full_name for p in people]},
    )
    return rows


@transaction.atomic
def approve_minutes(*, minutes: Minutes, person: Person, actor: User | None) -> Minutes:
    """One signatory's own approval; when the chair and every adjuster have approved, the minutes are
    final, locked and published with the approval date."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__group__collaboration").get(pk=minutes.pk)
    _check_open(minutes)
    signatory = minutes.signatories.filter(person=person).first()
    if signatory is None:
        raise DomainError(_("Du är inte ordförande eller justerare för det här protokollet."))
    if signatory.approved_at is not None:
        raise DomainError(_("Du har redan justerat protokollet."))
    if not minutes.items.exists():
        raise DomainError(_("Protokollet har inga paragrafer ännu."))
    if not minutes.signatories.filter(role=Signatory.Role.ADJUSTER).exists():
        raise DomainError(_("Välj justerare innan protokollet justeras."))
    if not minutes.meeting.attendance.exists():
        raise DomainError(_("Fyll i närvaron innan protokollet justeras."))
    now = timezone.now()
    signatory.approved_at = now
    signatory.save(update_fields=["approved_at"])
    collaboration = minutes.meeting.group.collaboration
    record(
        actor=actor,
        action="approve_minutes",
        obj=minutes,
        collaboration=collaboration,
        after={"signatory": signatory.name, "role": signatory.role, "at": now.isoformat()},
    )
    if not minutes.signatories.filter(approved_at__isnull=True).exists():
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_at = now
        minutes.save(update_fields=["status", "approved_at"])
        Meeting.objects.filter(pk=minutes.meeting_id).update(status=MeetingStatus.APPROVED)
        # Plans, assignments and budgets decided here take effect in the same transaction.
        minutes_approved.send(sender=Minutes, minutes=minutes, actor=actor)
        record(
            actor=actor,
            action="minutes_approved",
            obj=minutes,
            collaboration=collaboration,
            after={"approved_at": now.isoformat()},
        )
    return minutes
