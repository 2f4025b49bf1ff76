"""The personal desk (Att göra): a person's to-dos across every collaboration they sit in, and the
weekly e-mail of the same. The to-dos come from the registry every app fills when it loads
(`samverkan.collaborations.desk`); nothing here knows which apps there are."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.accounts.models import User
from samverkan.accounts.permissions import Access, access_for
from samverkan.audit.services import save_changes
from samverkan.collaborations.desk import Todo, todos_for
from samverkan.collaborations.models import Collaboration
from samverkan.desk.models import WeeklyMail
from samverkan.lib import dates
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import Membership, Person

if TYPE_CHECKING:
    from collections.abc import Iterable

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "samverkan.desk.unsubscribe"


def seats_of(user: User, today: datetime.date | None = None) -> list[tuple[Collaboration, Access]]:
    """The collaborations the user is in today (a current seat in one of its groups, or on its
    contact list), with the user's access in each."""
    if not user.is_authenticated:
        return []
    seats = Membership.objects.current(today).filter(person__user=user).values("group__collaboration_id")
    listed = Person.objects.filter(user=user).values("registered_in")
    collaborations = Collaboration.objects.filter(Q(pk__in=seats) | Q(pk__in=listed)).order_by("name")
    return [(c, access_for(user, c)) for c in collaborations]


def todos_of(user: User, today: datetime.date | None = None) -> list[Todo]:
    """What the user has to do now, across every collaboration they sit in, most urgent first."""
    day = today or timezone.localdate()
    return todos_for(seats_of(user, day), day)


@transaction.atomic
def set_weekly_mail(*, user: User, on: bool, actor: User | None) -> User:
    """Turn the person's weekly to-do e-mail on or off (from their desk, or the mail's own link)."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        save_changes(
            actor=actor,
            obj=locked,
            changes={"weekly_todo_mail": on},
            fields=["weekly_todo_mail"],
            action="set_weekly_mail",
        )
    return locked


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user: User) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("desk_unsubscribe", args=[unsubscribe_token(user)])


def user_for_unsubscribe(token: str) -> User:
    """The user a weekly mail's unsubscribe link belongs to; the link does not expire."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return User.objects.get(pk=int(data["u"]), is_active=True)
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError, ValueError):
        raise DomainError(_("Länken är ogiltig.")) from None


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the day's ISO week: the key of the weekly mail."""
    return day - datetime.timedelta(days=day.weekday())


def _address(user: User) -> str:
    person = Person.objects.filter(user=user, erased_at__isnull=True).only("email").first()
    return (person.email if person else "") or user.email


def _message(user: User, todos: Iterable[Todo], today: datetime.date) -> tuple[str, str]:
    site = settings.SITE_URL.rstrip("/")
    lines = []
    for todo in todos:
        line = f"- {todo.title} ({todo.collaboration.name})"
        if todo.deadline is not None:
            key = _("försenad, skulle vara klar %(date)s") if todo.overdue(today) else _("senast %(date)s")
            line += ", " + key % {"date": dates.iso_date(todo.deadline)}
        lines.append(f"{line}\n  {site}{todo.link}")
    count = len(lines)
    subject = ngettext("Att göra i Samverkan: %(count)s sak", "Att göra i Samverkan: %(count)s saker", count) % {
        "count": count
    }
    body = _(
        "Hej!\n\nDet här har du att göra i Samverkan, det mest brådskande först:\n\n%(todos)s\n\n"
        "Hela listan: %(desk)s\n\nVill du inte få det här veckobrevet? Avsluta det här:\n%(unsubscribe)s\n"
    ) % {
        "todos": "\n".join(lines),
        "desk": site + reverse("desk"),
        "unsubscribe": unsubscribe_url(user),
    }
    return subject, body


def send_weekly_mail(*, today: datetime.date | None = None) -> int:
    """Send this week's to-do e-mail to everyone who has something to do and has not opted out;
    returns how many were sent. Each mail is sent in the transaction that writes its `WeeklyMail`
    row, so a second run in the same week (or a second worker) sends nothing twice."""
    day = today or timezone.localdate()
    week = week_of(day)
    already = WeeklyMail.objects.filter(week=week).values("user_id")
    candidates = User.objects.filter(is_active=True, weekly_todo_mail=True).exclude(pk__in=already).order_by("pk")
    sent = 0
    for user in candidates:
        todos = todos_of(user, day)
        address = _address(user)
        if not todos or not address:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _message(user, todos, day)
        message = EmailMessage(
            subject, body, None, [address], headers={"List-Unsubscribe": f"<{unsubscribe_url(user)}>"}
        )
        try:
            with transaction.atomic():
                WeeklyMail.objects.create(user=user, week=week, todos=len(todos))
                message.send()
        except IntegrityError:
            continue  # another run sent it this week
        except Exception:  # one failed address must not stop the rest; it is tried again next run
            logger.exception("weekly to-do mail to user %s failed", user.pk)
            continue
        sent += 1
    return sent
