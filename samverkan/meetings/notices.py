"""Notices (kallelser): e-mail to every member of the body, in the convener's name, with an .ics
invitation that updates itself when the meeting moves and cancels itself when it is cancelled.
Sent by the background worker (`tasks.send_meeting_invitations`)."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.audit.services import record
from samverkan.lib import dates
from samverkan.lib.documents_text import one_line
from samverkan.meetings.calendar import CalendarEvent, Invitee, calendar_bytes
from samverkan.meetings.models import AgendaItemStatus, Meeting, MeetingStatus
from samverkan.meetings.signals import collect_follow_up
from samverkan.organisations.models import Membership, Person


def convener_of(meeting: Meeting) -> Person | None:
    """Who calls the meeting (SG4, ST3): an appointed convener, else the role the model file names."""
    group = meeting.group
    spec = group.collaboration.model.group(group.key) if group.key else None
    current = Membership.objects.current(timezone.localtime(meeting.starts_at).date()).filter(group=group)
    for role in ("convener", spec.convener if spec and spec.convener else "chair"):
        membership = current.filter(role=role).select_related("person").first()
        if membership is not None:
            return membership.person
    return None


def recipients(meeting: Meeting) -> list[Person]:
    """Everyone in the body on the meeting day (SG3: all are called), with an e-mail address."""
    day = timezone.localtime(meeting.starts_at).date()
    people = {
        m.person_id: m.person
        for m in Membership.objects.current(day).filter(group=meeting.group).select_related("person")
        if m.person.email and m.person.erased_at is None
    }
    return sorted(people.values(), key=lambda p: (p.last_name, p.first_name))


@dataclass(frozen=True)
class FollowUp:
    """Something the meeting follows up besides its agenda items (uppföljning)."""

    title: str
    detail: str
    url: str
    public: bool = True


def follow_up_items(meeting: Meeting, *, include_hidden: bool = True) -> list[FollowUp]:
    items: list[FollowUp] = []
    for _receiver, response in collect_follow_up.send(sender=Meeting, meeting=meeting):
        items.extend(response or [])
    return [item for item in items if item.public or include_hidden]


def agenda_text(meeting: Meeting, *, include_hidden: bool = True) -> str:
    """The agenda as plain text; items that are not public become a placeholder unless included."""
    lines = []
    items = meeting.agenda_items.filter(status=AgendaItemStatus.ACCEPTED)
    for number, item in enumerate(items, start=1):
        if not item.public and not include_hidden:
            lines.append(f"{number}. " + _("Ej offentlig punkt"))
            continue
        line = f"{number}. {item.title}"
        if item.presenter:
            line += f" ({item.presenter})"
        lines.append(line)
        if item.decision_proposed:
            lines.append("   " + _("Förslag till beslut: %(text)s") % {"text": item.proposed_decision})
    follow_up = follow_up_items(meeting, include_hidden=include_hidden)
    if follow_up:
        lines.append("")
        lines.append(_("Uppföljning av uppdrag:"))
        lines.extend(f"- {item.title}: {item.detail}" for item in follow_up)
    return "\n".join(lines)


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "meeting_detail", args=[meeting.group.collaboration.slug, meeting.pk]
    )


def event_for(
    meeting: Meeting,
    *,
    attendees: list[Person] | None = None,
    organizer: Person | None = None,
    include_hidden: bool = True,
    video_link: str = "",
) -> CalendarEvent:
    """The meeting as a calendar event. `video_link` is what `Meeting.video_link_for` gives the
    reader; nothing is assumed, so a caller that forgets the rule gives no link."""
    location = meeting.place
    if video_link:
        location = f"{location} – {video_link}" if location else video_link
    return CalendarEvent(
        uid=str(meeting.uid),
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"{meeting.group.collaboration.name}: {meeting.display_title}",
        location=location,
        description=agenda_text(meeting, include_hidden=include_hidden),
        url=meeting_url(meeting),
        organizer=Invitee(organizer.full_name, organizer.email) if organizer and organizer.email else None,
        attendees=tuple(Invitee(p.full_name, p.email) for p in attendees or []),
        cancelled=meeting.status == MeetingStatus.CANCELLED,
    )


def sender_of(meeting: Meeting, convener: Person | None) -> tuple[str, str, list[str]]:
    """Who a notice comes from: the convener's name "via Samverkan" (or the collaboration's), and
    replies to the convener."""
    # a stored line break in a name would make the e-mail header invalid (BadHeaderError)
    sender_name = one_line(convener.full_name if convener else meeting.group.collaboration.name)
    from_email = formataddr((_("%(name)s via Samverkan") % {"name": sender_name}, settings.DEFAULT_FROM_EMAIL))
    return sender_name, from_email, [convener.email] if convener and convener.email else []


def send_invitations(*, meeting_id: int, method: str) -> int:
    """E-mail the notice (REQUEST) or the cancellation (CANCEL) to every member; returns how many."""
    meeting = Meeting.objects.select_related("group__collaboration").get(pk=meeting_id)
    convener = convener_of(meeting)
    people = recipients(meeting)
    # the invitees are the group's members on the day, participants whom `view_video_link` admits
    ics = calendar_bytes(
        [event_for(meeting, attendees=people, organizer=convener, video_link=meeting.video_link)],
        method="CANCEL" if method == "CANCEL" else "REQUEST",
    )
    collaboration = meeting.group.collaboration
    sender_name, from_email, reply_to = sender_of(meeting, convener)
    with translation.override(settings.LANGUAGE_CODE):
        when = dates.meeting_when(meeting.starts_at, meeting.ends_at)
        name = meeting.title or meeting.group.name  # the date is in `when`, not twice
        if method == "CANCEL":
            subject = _("Inställt: %(meeting)s %(when)s") % {"meeting": name, "when": when}
            body = _("Mötet %(meeting)s den %(when)s är inställt.\n\n%(sender)s") % {
                "meeting": meeting.display_title,
                "when": when,
                "sender": sender_name,
            }
        else:
            changed = meeting.sequence > 0
            subject = (
                _("Ändrad kallelse: %(meeting)s %(when)s") if changed else _("Kallelse: %(meeting)s %(when)s")
            ) % {"meeting": name, "when": when}
            body = _(
                "Du kallas till %(meeting)s.\n\nTid: %(when)s\nPlats: %(place)s\n\nDagordning:\n%(agenda)s\n\n"
                "Mer information och handlingar: %(url)s\n\nVälkommen!\n%(sender)s"
            ) % {
                "meeting": meeting.display_title,
                "when": when,
                "place": (meeting.place or "–")
                + ("\n" + _("Videolänk: %(link)s") % {"link": meeting.video_link} if meeting.video_link else ""),
                "agenda": agenda_text(meeting) or "–",
                "url": meeting_url(meeting),
                "sender": sender_name,
            }
    subject = one_line(subject)  # a header: a stored line break would make the e-mail fail
    content_type = f"text/calendar; method={'CANCEL' if method == 'CANCEL' else 'REQUEST'}; charset=UTF-8"
    for person in people:
        message = EmailMultiAlternatives(subject, body, from_email, [person.email], reply_to=reply_to)
        message.attach_alternative(ics.decode("utf-8"), content_type)
        message.attach("kallelse.ics" if method != "CANCEL" else "installt.ics", ics, "text/calendar")
        message.send()
    record(
        actor=None,
        action="send_notice" if method != "CANCEL" else "send_cancellation",
        obj=meeting,
        collaboration=collaboration,
        after={"recipients": len(people), "sequence": meeting.sequence},
        actor_label=sender_name,
    )
    return len(people)


def send_supplementary_notice(*, meeting_id: int) -> int:
    """E-mail the supplementary notice (tilläggskallelse) of a called meeting whose agenda grew:
    the updated agenda and the invitation again (same UID, the SEQUENCE already raised)."""
    meeting = Meeting.objects.select_related("group__collaboration").get(pk=meeting_id)
    convener = convener_of(meeting)
    people = recipients(meeting)
    ics = calendar_bytes(
        [event_for(meeting, attendees=people, organizer=convener, video_link=meeting.video_link)], method="REQUEST"
    )
    collaboration = meeting.group.collaboration
    sender_name, from_email, reply_to = sender_of(meeting, convener)
    with translation.override(settings.LANGUAGE_CODE):
        when = dates.meeting_when(meeting.starts_at, meeting.ends_at)
        if meeting.video_link:  # the invitees are the group's members, who may see the link
            when += "\n" + _("Videolänk: %(link)s") % {"link": meeting.video_link}
        subject = one_line(_("Tilläggskallelse: %(meeting)s") % {"meeting": meeting.display_title})
        body = _(
            "Dagordningen för %(meeting)s har fått nya punkter. Här är den uppdaterade dagordningen; "
            "kalenderinbjudan uppdateras.\n\nTid: %(when)s\nPlats: %(place)s\n\nDagordning:\n%(agenda)s\n\n"
            "Mer information och handlingar: %(url)s\n\n%(sender)s"
        ) % {
            "meeting": meeting.display_title,
            "when": when,
            "place": meeting.place or meeting.video_link or "–",
            "agenda": agenda_text(meeting) or "–",
            "url": meeting_url(meeting),
            "sender": sender_name,
        }
    for person in people:
        message = EmailMultiAlternatives(subject, body, from_email, [person.email], reply_to=reply_to)
        message.attach_alternative(ics.decode("utf-8"), "text/calendar; method=REQUEST; charset=UTF-8")
        message.attach("tillaggskallelse.ics", ics, "text/calendar")
        message.send()
    record(
        actor=None,
        action="deliver_supplementary_notice",
        obj=meeting,
        collaboration=collaboration,
        after={"recipients": len(people), "sequence": meeting.sequence},
        actor_label=sender_name,
    )
    return len(people)
