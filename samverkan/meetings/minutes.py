"""Minutes (protokoll): attendance, numbered items (§) with decisions, and approval (justering).

§ numbers run per body and calendar year without gaps: a counter row per body and year is
incremented with an UPDATE inside the same transaction as the new item, which serialises
concurrent writers on both PostgreSQL (row lock) and SQLite (write lock). Only the latest § can
be removed, which gives its number back. Approved minutes are locked; a mistake is corrected by
a new decision that names the one it corrects.

An approval holds for the text that was approved: any change to the draft after a signatory
approved withdraws every approval given, with an audit entry and an e-mail to those who had
approved saying what changed, with a fresh link to approve again. Signatories approve in the app
or through a signed, single-use, expiring e-mail link (`send_for_approval`, `approve_by_link`); one
who has not approved after the model file's `[minutes] reminder_days` gets one reminder
(`remind_signatories`, run daily by `samverkan minutes-reminders`).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.audit import stale
from samverkan.audit.services import record, record_created, save_changes
from samverkan.lib import dates
from samverkan.lib.errors import DomainError
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemStatus,
    ApprovalLink,
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
from samverkan.meetings.rules import ATTENDANCE, MEETING, MINUTES
from samverkan.meetings.signals import minutes_approved
from samverkan.organisations.models import Membership, Person

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.organisations.models import Group

ITEM_FIELDS = ["number", "year", "title", "text", "public"]
SALT = "samverkan.meetings.approval-link"
DEFAULT_REMINDER_DAYS = 5


def meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def _holder(meeting: Meeting, *roles: str) -> Person | None:
    current = Membership.objects.current(meeting_day(meeting)).filter(group=meeting.group).select_related("person")
    for role in roles:
        membership = current.filter(role=role).first()
        if membership is not None:
            return membership.person
    return None


def adjuster_candidates(meeting: Meeting) -> QuerySet[Person]:
    """Who may sign (approve) the minutes: the members of the meeting's group on the meeting day and
    anyone recorded present at the meeting. The one rule for choosing adjusters, and for what a
    signatory may do: a signatory outside it (chosen before the rule) can neither read nor approve."""
    members = Membership.objects.current(meeting_day(meeting)).filter(group_id=meeting.group_id).values("person_id")
    present = (
        Attendance.objects.filter(meeting_id=meeting.pk, person__isnull=False)
        .exclude(status=AttendanceStatus.ABSENT)
        .values("person_id")
    )
    return Person.objects.filter(Q(pk__in=members) | Q(pk__in=present))


def _not_eligible(meeting: Meeting) -> str:
    return _("Justerare ska vara ledamot i %(group)s på mötesdagen eller antecknad som närvarande vid mötet.") % {
        "group": meeting.group.name
    }


def improper_signatories(minutes: Minutes) -> list[Signatory]:
    """Signatories who may not sign under `adjuster_candidates` (chosen before the rule held)."""
    allowed = adjuster_candidates(minutes.meeting).values("pk")
    return list(minutes.signatories.exclude(person__in=allowed))


def signatory_for(minutes: Minutes, person: Person | None) -> Signatory | None:
    """The person's place among the signatories, if they have one and may sign."""
    if person is None:
        return None
    signatory = minutes.signatories.filter(person=person).first()
    if signatory is None or not adjuster_candidates(minutes.meeting).filter(pk=person.pk).exists():
        return None
    return signatory


def improper_notice(minutes: Minutes) -> str:
    """What the secretary is told when a signatory may not sign: whom to replace."""
    improper = improper_signatories(minutes)
    if not improper:
        return ""
    return "{} {}".format(
        _not_eligible(minutes.meeting),
        _("Välj en annan justerare i stället för %(names)s.") % {"names": _names([s.name for s in improper])},
    )


def _check_open(minutes: Minutes) -> None:
    if minutes.locked:
        raise DomainError(
            _("Protokollet är justerat och kan inte ändras. Rätta med ett nytt beslut i ett senare protokoll.")
        )


def _quoted(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return "”" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def content_digest(minutes: Minutes) -> str:
    """A fingerprint of everything the approved document says: attendance, §§ and decisions, signatories."""
    parts: list[str] = [minutes.secretary_name]
    for a in Attendance.objects.filter(meeting_id=minutes.meeting_id).order_by("pk"):
        parts += [a.name, a.organisation, a.role, a.status, a.note]
    decisions = {d.item_id: d.text for d in Decision.objects.filter(item__minutes=minutes)}
    for item in minutes.items.order_by("number"):
        parts += [str(item.number), item.title, item.text, str(item.public), decisions.get(item.pk, "")]
    for signatory in minutes.signatories.order_by("pk"):
        parts += [signatory.name, signatory.role]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def _withdraw_approvals(minutes: Minutes, *, actor: User | None, change: str) -> list[Signatory]:
    """The draft changed under given approvals: withdraw them all and ask those signatories again."""
    approved = approvals_given(minutes)
    if not approved:
        return []
    Signatory.objects.filter(pk__in=[s.pk for s in approved]).update(approved_at=None)
    record(
        actor=actor,
        action="withdraw_approvals",
        obj=minutes,
        collaboration=minutes.meeting.group.collaboration,
        before={"approved_by": [s.name for s in approved]},
        after={"change": change},
    )
    _issue_links(minutes, approved, kind=ApprovalLink.Kind.RENEWED, reason=change)
    return approved


def approvals_given(minutes: Minutes) -> list[Signatory]:
    """The approvals given so far; compare with `withdrawal_notice` after a change."""
    return list(minutes.signatories.filter(approved_at__isnull=False).select_related("person"))


def _names(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s och %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def withdrawal_notice(minutes: Minutes, before: list[Signatory]) -> str:
    """What the secretary is told after a change: whose approvals it withdrew, and who is asked
    again by e-mail (a link goes to every remaining signatory who has an address)."""
    still = {s.pk: s for s in minutes.signatories.select_related("person")}
    withdrawn = [s for s in before if s.pk not in still or still[s.pk].approved_at is None]
    if not withdrawn:
        return ""
    names = [s.name for s in withdrawn]
    parts = [
        ngettext("Justeringen från %(names)s är borttagen.", "Justeringarna från %(names)s är borttagna.", len(names))
        % {"names": _names(names)}
    ]
    remaining = [still[s.pk] for s in withdrawn if s.pk in still]
    reached = [s.name for s in remaining if _reachable(s)]
    unreached = [s.name for s in remaining if s.name not in reached]
    if reached:
        parts.append(
            ngettext(
                "%(names)s får ett e-postmeddelande med en ny länk.",
                "%(names)s får var sitt e-postmeddelande med en ny länk.",
                len(reached),
            )
            % {"names": _names(reached)}
        )
    if unreached:
        parts.append(_("%(names)s har ingen e-postadress och får ingen ny länk.") % {"names": _names(unreached)})
    return " ".join(parts)


@transaction.atomic
def start_minutes(*, meeting: Meeting, actor: User | None) -> Minutes:
    """Open the minutes of a meeting that has taken place (or is taking place)."""
    meeting = Meeting.objects.select_for_update().select_related("group__collaboration").get(pk=meeting.pk)
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    refusal = MEETING.refusal(meeting.status, MeetingStatus.HELD, labels=dict(MeetingStatus.choices))
    if meeting.status != MeetingStatus.HELD and refusal:
        if meeting.status == MeetingStatus.CANCELLED:
            raise DomainError(_("Mötet är inställt; det finns inget protokoll att skriva."))
        raise DomainError(refusal)
    if meeting_day(meeting) > timezone.localdate():
        raise DomainError(_("Protokollet kan skrivas först på mötesdagen."))
    spec = meeting.group.collaboration.model.group(meeting.group.key) if meeting.group.key else None
    secretary = _holder(meeting, "secretary", spec.secretary if spec and spec.secretary else "coordinator")
    minutes = Minutes.objects.create(meeting=meeting, secretary_name=secretary.full_name if secretary else "")
    # the chair approves; a body without a chair (the support group) has its convener do it
    chair = _holder(meeting, "chair", "convener", spec.convener if spec and spec.convener else "chair")
    if chair is not None:
        Signatory.objects.create(minutes=minutes, person=chair, name=chair.full_name, role=Signatory.Role.CHAIR)
    if meeting.status != MeetingStatus.HELD:
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
    before = list(Attendance.objects.filter(meeting=meeting).order_by("pk"))
    labels = dict(AttendanceStatus.choices)
    for previous in before:  # the table allows every correction today; it decides, not this function
        if previous.person_id in members:
            new, _note = statuses.get(previous.person_id, (AttendanceStatus.ABSENT, ""))
            ATTENDANCE.require(previous.status, new, labels=labels)
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
    change = _attendance_change(before, rows)
    if change:
        _withdraw_approvals(minutes, actor=actor, change=change)
    record(
        actor=actor,
        action="record_attendance",
        obj=minutes,
        collaboration=meeting.group.collaboration,
        after={"present": sum(1 for r in rows if r.status != AttendanceStatus.ABSENT), "total": len(rows)},
    )
    return rows


def _attendance_change(before: list[Attendance], after: list[Attendance]) -> str:
    """What changed in the attendance, in words; empty when nothing did."""

    def key(rows: list[Attendance]) -> list[tuple[object, ...]]:
        return [(a.person_id, a.name, a.organisation, a.role, a.status, a.note) for a in rows]

    if key(before) == key(after):
        return ""
    old = {a.person_id: a for a in before if a.person_id is not None}
    details = []
    for row in after:
        previous = old.get(row.person_id) if row.person_id is not None else None
        if previous is not None and (previous.status, previous.note) != (row.status, row.note):
            details.append(
                _("%(name)s: %(old)s → %(new)s")
                % {
                    "name": row.name,
                    "old": previous.get_status_display(),
                    "new": row.get_status_display() + (f" ({row.note})" if row.note else ""),
                }
            )
    guests_before = [a.name for a in before if a.person_id is None]
    guests_after = [a.name for a in after if a.person_id is None]
    if guests_before != guests_after:
        details.append(_("adjungerade: %(names)s") % {"names": ", ".join(guests_after) or "–"})
    if not details:
        return _("Närvaron ändrades.")
    return _("Närvaron ändrades: %(details)s.") % {"details": "; ".join(details)}


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
            corrects=corrects,
        )
    record_created(
        obj=item, fields=ITEM_FIELDS, actor=actor, action="add_minute_item", collaboration=meeting.group.collaboration
    )
    _withdraw_approvals(
        minutes, actor=actor, change=_("§ %(n)s %(title)s lades till.") % {"n": item.number, "title": item.title}
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
    *,
    item: MinuteItem,
    actor: User | None,
    decision: str | None = None,
    loaded_version: int | None = None,
    **changes: Any,
) -> MinuteItem:
    """Change a § of a draft; a change after someone approved withdraws the approvals. With
    `loaded_version`, refused (`stale.StaleEditError`) when someone else saved the § since."""
    minutes = (
        Minutes.objects.select_for_update().select_related("meeting__group__collaboration").get(pk=item.minutes_id)
    )
    _check_open(minutes)
    current = stale.check(item, loaded_version)
    if "title" in changes and not str(changes["title"]).strip():
        raise DomainError(_("Paragrafen behöver en rubrik."), field="title")
    before = {"title": item.title, "text": item.text, "public": item.public}
    existing = Decision.objects.filter(item=item).first()
    old_decision = existing.text if existing else ""
    changed = save_changes(
        obj=item,
        changes={**changes, "version": current + 1},
        fields=ITEM_FIELDS,
        actor=actor,
        action="update_minute_item",
        collaboration=item.group.collaboration,
    )
    if decision is not None:
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
    new_decision = Decision.objects.filter(item=item).values_list("text", flat=True).first() or ""
    if not changed and new_decision != old_decision:  # the decision is part of the §'s form too
        MinuteItem.objects.filter(pk=item.pk).update(version=current + 1)
    elif not changed:
        item.version = current
    details = []
    if item.title != before["title"]:
        details.append(
            _("rubriken ändrades från %(old)s till %(new)s")
            % {"old": _quoted(before["title"]), "new": _quoted(item.title)}
        )
    if item.text != before["text"]:
        details.append(
            _("texten ändrades från %(old)s till %(new)s")
            % {
                "old": _quoted(before["text"]) if before["text"] else "–",
                "new": _quoted(item.text) if item.text else "–",
            }
        )
    if item.public != before["public"]:
        details.append(_("paragrafen är nu offentlig") if item.public else _("paragrafen är nu inte offentlig"))
    if new_decision != old_decision:
        if not old_decision:
            details.append(_("beslutet %(new)s lades till") % {"new": _quoted(new_decision)})
        elif not new_decision:
            details.append(_("beslutet %(old)s togs bort") % {"old": _quoted(old_decision)})
        else:
            details.append(
                _("beslutet ändrades från %(old)s till %(new)s")
                % {"old": _quoted(old_decision), "new": _quoted(new_decision)}
            )
    if details:
        change = _("§ %(n)s %(title)s: %(details)s") % {
            "n": item.number,
            "title": item.title,
            "details": "; ".join(details),
        }
        if not change.endswith((".”", "…”")):
            change += "."
        _withdraw_approvals(minutes, actor=actor, change=change)
    return item


@transaction.atomic
def remove_minute_item(*, item: MinuteItem, actor: User | None) -> None:
    """Only the body's latest § can go, so the numbering keeps no gap."""
    minutes = (
        Minutes.objects.select_for_update().select_related("meeting__group__collaboration").get(pk=item.minutes_id)
    )
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
    _withdraw_approvals(
        minutes, actor=actor, change=_("§ %(n)s %(title)s togs bort.") % {"n": item.number, "title": item.title}
    )


@transaction.atomic
def set_adjusters(*, minutes: Minutes, people: list[Person], actor: User | None) -> list[Signatory]:
    """The one or two adjusters chosen at the meeting. Changing them after someone approved
    withdraws the approvals given; choosing the same people again changes nothing."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__group__collaboration").get(pk=minutes.pk)
    _check_open(minutes)
    if not 1 <= len(people) <= 2:
        raise DomainError(_("Välj en eller två justerare."), field="adjusters")
    current = list(minutes.signatories.filter(role=Signatory.Role.ADJUSTER))
    if {s.person_id for s in current} == {p.pk for p in people}:
        return current
    allowed = set(
        adjuster_candidates(minutes.meeting).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    if any(p.pk not in allowed for p in people):
        raise DomainError(_not_eligible(minutes.meeting), field="adjusters")
    chair_ids = set(minutes.signatories.filter(role=Signatory.Role.CHAIR).values_list("person_id", flat=True))
    if chair_ids & {p.pk for p in people}:
        raise DomainError(_("Ordföranden justerar redan; välj någon annan som justerare."), field="adjusters")
    if current:
        _withdraw_approvals(
            minutes,
            actor=actor,
            change=_("Justerarna ändrades från %(old)s till %(new)s.")
            % {"old": ", ".join(s.name for s in current), "new": ", ".join(p.full_name for p in people)},
        )
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
    if minutes.sent_for_approval_at is not None:  # the new adjusters get their link too
        _issue_links(minutes, rows, kind=ApprovalLink.Kind.REQUEST)
    return rows


@transaction.atomic
def approve_minutes(
    *,
    minutes: Minutes,
    person: Person,
    actor: User | None,
    seen: str | None = None,
    actor_label: str | None = None,
) -> Minutes:
    """One signatory's own approval; when the chair and every adjuster have approved, the minutes are
    final, locked and published with the approval date. `seen` is the `content_digest` of the text
    the signatory read: if the draft changed since, nothing is approved."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__group__collaboration").get(pk=minutes.pk)
    _check_open(minutes)
    signatory = minutes.signatories.filter(person=person).first()
    if signatory is None:
        raise DomainError(_("Du är inte ordförande eller justerare för det här protokollet."))
    if signatory_for(minutes, person) is None:
        raise DomainError(_not_eligible(minutes.meeting))
    if signatory.approved_at is not None:
        raise DomainError(_("Du har redan justerat protokollet."))
    if not minutes.items.exists():
        raise DomainError(_("Protokollet har inga paragrafer ännu."))
    if not minutes.signatories.filter(role=Signatory.Role.ADJUSTER).exists():
        raise DomainError(_("Välj justerare innan protokollet justeras."))
    if not minutes.meeting.attendance.exists():
        raise DomainError(_("Fyll i närvaron innan protokollet justeras."))
    if seen is not None and seen != content_digest(minutes):
        raise DomainError(_("Protokollet har ändrats sedan du öppnade det. Läs den nya versionen innan du justerar."))
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
        actor_label=actor_label,
    )
    if not minutes.signatories.filter(approved_at__isnull=True).exists():
        MINUTES.require(minutes.status, MinutesStatus.APPROVED, labels=dict(MinutesStatus.choices))
        MEETING.require(minutes.meeting.status, MeetingStatus.APPROVED, labels=dict(MeetingStatus.choices))
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
            actor_label=actor_label,
        )
    return minutes


def progress(minutes: Minutes) -> dict[str, Any]:
    """How far the approval has come: "1 av 2 har justerat", who has and who has not."""
    signatories = list(minutes.signatories.all())
    done = [s for s in signatories if s.approved_at is not None]
    return {
        "done": done,
        "waiting": [s for s in signatories if s.approved_at is None],
        "count": len(done),
        "total": len(signatories),
    }


# Approval by e-mail link


def token_for(link: ApprovalLink) -> str:
    return signing.dumps({"id": link.pk, "n": link.nonce}, salt=SALT)


def url_for(link: ApprovalLink) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("approve_by_link", args=[token_for(link)])


def _reachable(signatory: Signatory) -> bool:
    """Whether an approval link can reach this signatory: a person with an e-mail address, not erased."""
    person = signatory.person
    return person is not None and bool(person.email) and person.erased_at is None


def _issue_links(minutes: Minutes, signatories: list[Signatory], *, kind: str, reason: str = "") -> list[ApprovalLink]:
    """A fresh link for each signatory who can get e-mail (earlier links stop working); queued to send."""
    now = timezone.now()
    expires = now + datetime.timedelta(days=settings.APPROVAL_LINK_DAYS)
    links = []
    allowed = set(adjuster_candidates(minutes.meeting).values_list("pk", flat=True))
    for signatory in signatories:
        if not _reachable(signatory) or signatory.person_id not in allowed:
            continue
        ApprovalLink.objects.filter(signatory=signatory, used_at__isnull=True).update(superseded=True)
        links.append(
            ApprovalLink.objects.create(
                signatory=signatory, kind=kind, nonce=secrets.token_urlsafe(24), reason=reason, expires_at=expires
            )
        )
        fields: dict[str, Any] = {"asked_at": now}
        if kind != ApprovalLink.Kind.REMINDER:
            fields["reminded_at"] = None  # a new request gets its own reminder
        Signatory.objects.filter(pk=signatory.pk).update(**fields)
    if links:
        send_approval_links.enqueue(minutes.pk)  # the task row commits with the links, or neither does
    return links


@transaction.atomic
def send_for_approval(*, minutes: Minutes, actor: User | None) -> list[Signatory]:
    """E-mail every signatory who has not approved a link to read and approve the draft. Returns
    the signatories who could not be reached (no e-mail address)."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__group__collaboration").get(pk=minutes.pk)
    _check_open(minutes)
    if not minutes.items.exists():
        raise DomainError(_("Protokollet har inga paragrafer ännu."))
    if not minutes.signatories.filter(role=Signatory.Role.ADJUSTER).exists():
        raise DomainError(_("Välj justerare innan protokollet skickas för justering."))
    if not minutes.meeting.attendance.exists():
        raise DomainError(_("Fyll i närvaron innan protokollet skickas för justering."))
    notice = improper_notice(minutes)
    if notice:
        raise DomainError(notice)
    waiting = list(minutes.signatories.filter(approved_at__isnull=True).select_related("person"))
    if not waiting:
        raise DomainError(_("Alla har redan justerat."))
    links = _issue_links(minutes, waiting, kind=ApprovalLink.Kind.REQUEST)
    reached = {link.signatory_id for link in links}
    minutes.sent_for_approval_at = timezone.now()
    minutes.save(update_fields=["sent_for_approval_at"])
    record(
        actor=actor,
        action="send_for_approval",
        obj=minutes,
        collaboration=minutes.meeting.group.collaboration,
        after={"sent_to": [s.name for s in waiting if s.pk in reached]},
    )
    return [s for s in waiting if s.pk not in reached]


def _mail_for(link: ApprovalLink) -> tuple[str, str]:
    signatory = link.signatory
    meeting = signatory.minutes.meeting
    values = {
        "name": signatory.person.first_name if signatory.person else signatory.name,
        "group": meeting.group.name,
        "date": dates.prose_date(meeting.starts_at),
        "role": signatory.get_role_display(),
        "link": url_for(link),
        "expires": dates.prose_date(link.expires_at),
        "change": link.reason,
    }
    if link.kind == ApprovalLink.Kind.RENEWED:
        subject = _("Protokollet har ändrats – justera igen: %(group)s %(date)s") % values
        body = (
            _(
                "Hej %(name)s!\n\nDu har justerat protokollet från %(group)s %(date)s, men det har ändrats "
                "efteråt:\n\n%(change)s\n\nDin justering gäller därför inte längre. Läs protokollet igen och "
                "justera det som %(role)s här, utan att logga in:\n\n%(link)s\n\n"
                "Länken fungerar en gång och gäller till %(expires)s.\n"
            )
            % values
        )
    elif link.kind == ApprovalLink.Kind.REMINDER:
        subject = _("Påminnelse: protokoll att justera, %(group)s %(date)s") % values
        body = (
            _(
                "Hej %(name)s!\n\nProtokollet från %(group)s %(date)s väntar fortfarande på din justering som "
                "%(role)s. Läs det och justera här, utan att logga in:\n\n%(link)s\n\n"
                "Länken fungerar en gång och gäller till %(expires)s. Tidigare länkar fungerar inte längre.\n"
            )
            % values
        )
    else:
        subject = _("Protokoll att justera: %(group)s %(date)s") % values
        body = (
            _(
                "Hej %(name)s!\n\nProtokollet från %(group)s %(date)s är klart att justera. Du är %(role)s. "
                "Läs protokollet och justera det här, utan att logga in:\n\n%(link)s\n\n"
                "Länken fungerar en gång och gäller till %(expires)s.\n"
            )
            % values
        )
    return subject, body


@task()
def send_approval_links(minutes_id: int) -> None:
    """The background task (`samverkan db_worker`) that sends the minutes' queued approval links."""
    send_links(minutes_id=minutes_id)


def send_links(*, minutes_id: int) -> int:
    """Send the minutes' queued approval links one by one; returns how many were sent."""
    pending = ApprovalLink.objects.filter(
        signatory__minutes_id=minutes_id, sent_at__isnull=True, used_at__isnull=True, superseded=False, error=""
    ).select_related("signatory__person", "signatory__minutes__meeting__group")
    sent = 0
    for link in pending:
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _mail_for(link)
        assert link.signatory.person is not None
        try:
            send_mail(subject, body, None, [link.signatory.person.email])
        except Exception as exc:  # noqa: BLE001 - one failed address must not stop the rest
            ApprovalLink.objects.filter(pk=link.pk).update(error=str(exc)[:300])
        else:
            ApprovalLink.objects.filter(pk=link.pk).update(sent_at=timezone.now())
            sent += 1
    return sent


def _invalid() -> DomainError:
    return DomainError(_("Länken är ogiltig. Kontrollera att hela länken kom med."))


def link_for_token(token: str, *, for_update: bool = False) -> ApprovalLink:
    """The link a token names, if it may still be used; else a DomainError saying why."""
    try:
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=settings.APPROVAL_LINK_DAYS))
        pk, nonce = int(data["id"]), str(data["n"])
    except signing.SignatureExpired:
        raise DomainError(_("Länken har gått ut. Be sekreteraren om en ny.")) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise _invalid() from None
    queryset = ApprovalLink.objects.select_related("signatory__person", "signatory__minutes__meeting__group")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))  # the person join is an outer one
    link = queryset.filter(pk=pk).first()
    if link is None or not secrets.compare_digest(link.nonce, nonce):
        raise _invalid()
    if link.used_at is not None:
        raise DomainError(_("Länken har redan använts. Tack för att du justerade protokollet!"))
    if link.superseded:
        raise DomainError(_("Du har fått en nyare länk. Använd den i stället."))
    if link.expires_at <= timezone.now():
        raise DomainError(_("Länken har gått ut. Be sekreteraren om en ny."))
    if link.signatory.minutes.locked:
        raise DomainError(_("Protokollet är redan justerat."))
    if link.signatory.approved_at is not None:
        raise DomainError(_("Du har redan justerat protokollet."))
    if link.signatory.person is None:
        raise _invalid()
    if signatory_for(link.signatory.minutes, link.signatory.person) is None:
        raise DomainError(_not_eligible(link.signatory.minutes.meeting))
    return link


@transaction.atomic
def approve_by_link(*, token: str, seen: str) -> Minutes:
    """The signatory approves through their e-mail link, once, for the text they were shown."""
    link = link_for_token(token, for_update=True)
    signatory = link.signatory
    assert signatory.person is not None
    minutes = approve_minutes(
        minutes=signatory.minutes,
        person=signatory.person,
        actor=None,
        seen=seen,
        actor_label=_("%(name)s själv (justeringslänk)") % {"name": signatory.name},
    )
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return minutes


def remind_signatories(*, now: datetime.datetime | None = None) -> list[Signatory]:
    """Every signatory asked at least `[minutes] reminder_days` ago who has not approved and not been
    reminded gets one reminder with a fresh link. Run daily (`samverkan minutes-reminders`)."""
    now = now or timezone.now()
    due = (
        Signatory.objects.filter(
            approved_at__isnull=True,
            reminded_at__isnull=True,
            asked_at__isnull=False,
            minutes__status=MinutesStatus.DRAFT,
        )
        .select_related("person", "minutes__meeting__group__collaboration")
        .order_by("minutes_id", "pk")
    )
    reminded = []
    for signatory in due:
        spec = signatory.minutes.meeting.group.collaboration.model.minutes
        days = spec.reminder_days if spec else DEFAULT_REMINDER_DAYS
        assert signatory.asked_at is not None
        if signatory.asked_at > now - datetime.timedelta(days=days):
            continue
        with transaction.atomic():
            fresh = Signatory.objects.select_for_update().get(pk=signatory.pk)
            if fresh.approved_at is not None or fresh.reminded_at is not None:
                continue
            if not _issue_links(signatory.minutes, [signatory], kind=ApprovalLink.Kind.REMINDER):
                continue
            Signatory.objects.filter(pk=signatory.pk).update(reminded_at=now)
            record(
                actor=None,
                action="remind_signatory",
                obj=signatory.minutes,
                collaboration=signatory.minutes.meeting.group.collaboration,
                after={"signatory": signatory.name, "role": signatory.role},
            )
        reminded.append(signatory)
    return reminded
