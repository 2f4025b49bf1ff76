"""Date polls: the convener proposes dates, members answer yes / if need be / no through signed
links without logging in, and the convener picks one, which plans the meeting."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.audit.services import record, record_created
from samverkan.lib.errors import DomainError
from samverkan.meetings.models import (
    DatePoll,
    DatePollStatus,
    Meeting,
    PollAnswer,
    PollAnswerChoice,
    PollInvitation,
    PollOption,
)
from samverkan.meetings.rules import DATE_POLL, holiday_name, year_refusal
from samverkan.meetings.services import plan_meeting
from samverkan.organisations.models import Membership

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.organisations.models import Group

SALT = "samverkan.meetings.date-poll"
LINK_DAYS = 60


@transaction.atomic
def create_poll(
    *, group: Group, title: str, options: list[tuple[datetime.datetime, datetime.datetime]], actor: User | None
) -> DatePoll:
    if not title.strip():
        raise DomainError(_("Förfrågan behöver en rubrik."), field="title")
    if len(options) < 2:
        raise DomainError(_("Föreslå minst två tider."))
    for starts_at, ends_at in options:
        if ends_at <= starts_at:
            raise DomainError(_("Varje förslag måste sluta efter att det börjar."))
        if starts_at <= timezone.now():
            raise DomainError(_("Föreslå bara tider som ligger framåt."))
        refusal = year_refusal(timezone.localtime(starts_at).date(), timezone.localdate())
        if refusal:
            raise DomainError(refusal)
    if len({start for start, _end in options}) != len(options):
        raise DomainError(_("Samma tid är föreslagen två gånger."))
    poll = DatePoll.objects.create(group=group, title=title.strip())
    PollOption.objects.bulk_create(PollOption(poll=poll, starts_at=s, ends_at=e) for s, e in sorted(options))
    record_created(
        obj=poll, fields=["title"], actor=actor, action="create_date_poll", collaboration=group.collaboration
    )
    return poll


def token_for(invitation: PollInvitation) -> str:
    return signing.dumps(invitation.pk, salt=SALT)


def invitation_for_token(token: str) -> PollInvitation:
    try:
        pk = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    except signing.SignatureExpired:
        raise DomainError(_("Länken har gått ut.")) from None
    except signing.BadSignature:
        raise DomainError(_("Länken är ogiltig. Kontrollera att hela länken kom med.")) from None
    invitation = PollInvitation.objects.select_related("poll__group__collaboration").filter(pk=pk).first()
    if invitation is None:
        raise DomainError(_("Länken är ogiltig. Kontrollera att hela länken kom med."))
    return invitation


@transaction.atomic
def invite(*, poll: DatePoll, actor: User | None) -> int:
    """Queue the links to every current member of the group; returns how many are invited."""
    poll = DatePoll.objects.select_for_update().select_related("group__collaboration").get(pk=poll.pk)
    if poll.status != DatePollStatus.OPEN:
        raise DomainError(_("Förfrågan är redan avgjord."))
    day = timezone.localdate()
    members = {
        m.person_id: m.person
        for m in Membership.objects.current(day).filter(group=poll.group).select_related("person")
        if m.person.email and m.person.erased_at is None
    }
    for person in members.values():
        PollInvitation.objects.get_or_create(poll=poll, person=person, defaults={"name": person.full_name})
    poll.invitations_sent_at = timezone.now()
    poll.save(update_fields=["invitations_sent_at"])
    record(
        actor=actor,
        action="invite_date_poll",
        obj=poll,
        collaboration=poll.group.collaboration,
        after={"invited": len(members)},
    )
    send_poll_invitations.enqueue(poll.pk)
    return len(members)


@task()
def send_poll_invitations(poll_id: int) -> None:
    """The background task (`samverkan db_worker`) that sends a poll's invitations."""
    send_invitations(poll_id=poll_id)


def send_invitations(*, poll_id: int) -> int:
    poll = DatePoll.objects.select_related("group__collaboration").get(pk=poll_id)
    sent = 0
    for invitation in poll.invitations.filter(sent_at__isnull=True).select_related("person"):
        link = settings.SITE_URL.rstrip("/") + reverse("poll_answer", args=[token_for(invitation)])
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Vilken tid passar? %(title)s") % {"title": poll.title}
            body = _(
                "Hej %(name)s!\n\nSvara ja, om det behövs eller nej för varje föreslagen tid för %(title)s "
                "(%(group)s):\n\n%(link)s\n\nDu behöver inte logga in.\n"
            ) % {"name": invitation.person.first_name, "title": poll.title, "group": poll.group.name, "link": link}
        send_mail(subject, body, None, [invitation.person.email])
        PollInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


@transaction.atomic
def answer(*, token: str, answers: dict[int, str], actor: User | None) -> PollInvitation:
    """Save one member's answers; they may change them while the poll is open. The link names who
    answers: the trail shows the invited person, logged in or not."""
    invitation = invitation_for_token(token)
    poll = DatePoll.objects.select_for_update().get(pk=invitation.poll_id)
    if poll.status != DatePollStatus.OPEN:
        raise DomainError(_("Tiden är redan bestämd; förfrågan är stängd."))
    times = {o.pk: timezone.localtime(o.starts_at).strftime("%Y-%m-%d %H:%M") for o in poll.options.all()}
    options = set(times)
    if {pk for pk, value in answers.items() if value} != options:
        raise DomainError(_("Svara för varje föreslagen tid."))
    if any(value not in PollAnswerChoice.values for value in answers.values()):
        raise DomainError(_("Okänt svar."))
    before = dict(PollAnswer.objects.filter(invitation=invitation).values_list("option_id", "answer"))
    for option_id, value in answers.items():
        PollAnswer.objects.update_or_create(invitation=invitation, option_id=option_id, defaults={"answer": value})
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answered_at"])
    record(
        actor=actor,
        actor_label=None if actor is not None else invitation.name,
        action="answer_date_poll",
        obj=poll,
        collaboration=invitation.poll.group.collaboration,
        before={times[pk]: value for pk, value in sorted(before.items())},  # the proposed time, as the member saw it
        after={times.get(pk, str(pk)): answers[pk] for pk in sorted(answers)},
    )
    return invitation


def table(poll: DatePoll) -> dict[str, object]:
    """People × options with their answers, the counts per option, and holidays flagged."""
    options = list(poll.options.all())
    answers = {(a.invitation_id, a.option_id): a.answer for a in PollAnswer.objects.filter(option__poll=poll)}
    invitations = list(poll.invitations.all())
    rows = [
        {
            "name": i.name,
            "answered": i.answered_at is not None,
            "answers": [answers.get((i.pk, o.pk), "") for o in options],
        }
        for i in invitations
    ]
    columns = []
    for option in options:
        values = [answers.get((i.pk, option.pk)) for i in invitations]
        columns.append(
            {
                "option": option,
                "holiday": holiday_name(timezone.localtime(option.starts_at).date()),
                "yes": values.count("yes"),
                "maybe": values.count("maybe"),
                "no": values.count("no"),
            }
        )
    best = max(columns, key=lambda c: (c["yes"] + c["maybe"], c["yes"]), default=None)  # type: ignore[operator]
    return {"options": options, "rows": rows, "columns": columns, "best": best["option"] if best else None}


@transaction.atomic
def decide(
    *, poll: DatePoll, option: PollOption, actor: User | None, place: str = "", holiday_confirmed: bool = False
) -> Meeting:
    """The convener picks a time; the meeting is planned at it and the poll closes."""
    poll = DatePoll.objects.select_for_update().select_related("group__collaboration").get(pk=poll.pk)
    if not DATE_POLL.allows(poll.status, DatePollStatus.DECIDED):
        raise DomainError(_("Förfrågan är redan avgjord."))
    if option.poll_id != poll.pk:
        raise DomainError(_("Tiden hör inte till den här förfrågan."))
    meeting = plan_meeting(
        group=poll.group,
        starts_at=option.starts_at,
        ends_at=option.ends_at,
        actor=actor,
        title=poll.title,
        place=place,
        holiday_confirmed=holiday_confirmed,
    )
    poll.status = DatePollStatus.DECIDED
    poll.meeting = meeting
    poll.save(update_fields=["status", "meeting"])
    record(
        actor=actor,
        action="decide_date_poll",
        obj=poll,
        collaboration=poll.group.collaboration,
        after={"meeting": meeting.pk, "starts_at": option.starts_at.isoformat()},
    )
    return meeting
