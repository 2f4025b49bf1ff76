"""Self-confirmation of contact details (CO2): signed, expiring, single-use links by e-mail.

The coordinator asks one person, a group, or everyone not confirmed in N months. The worker sends
the e-mails (`send_confirmation_batch`); each person confirms or corrects their own
details without logging in. A link names one request, so it can only ever change that person.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.audit.services import record, save_changes
from samverkan.lib import dates
from samverkan.lib.dates import months_before
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import (
    ConfirmationBatch,
    ConfirmationBatchStatus,
    ConfirmationRequest,
    Membership,
    Person,
)
from samverkan.organisations.rules import CONFIRMATION_BATCH
from samverkan.organisations.services import check_person_details

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.collaborations.models import Collaboration

SALT = "samverkan.organisations.confirmation"
SELF_FIELDS = ["first_name", "last_name", "title", "email", "phone"]


def token_for(request: ConfirmationRequest) -> str:
    return signing.dumps(request.pk, salt=SALT)


def link_for(request: ConfirmationRequest) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("confirm_details", args=[token_for(request)])


def stale_people(collaboration: Collaboration, *, months: int, today: datetime.date | None = None) -> list[Person]:
    """Current group members who have not confirmed their details within `months` months."""
    today = today or timezone.localdate()
    since = months_before(today, months)
    members = Membership.objects.current(today).filter(group__collaboration=collaboration).values("person_id")
    people = Person.objects.filter(pk__in=members)
    return [p for p in people if p.confirmed_at is None or timezone.localtime(p.confirmed_at).date() < since]


@transaction.atomic
def request_confirmations(
    *, collaboration: Collaboration, people: list[Person], description: str, actor: User | None
) -> ConfirmationBatch:
    """Queue one e-mail per person; earlier open links of the same people stop working."""
    if not people:
        raise DomainError(_("Det finns ingen att skicka till i det urvalet."))
    batch = ConfirmationBatch.objects.create(
        collaboration=collaboration, created_by=actor, description=description[:300], total=len(people)
    )
    ConfirmationRequest.objects.filter(person__in=people, used_at__isnull=True).update(superseded=True)
    expires = timezone.now() + datetime.timedelta(days=settings.CONFIRMATION_LINK_DAYS)
    ConfirmationRequest.objects.bulk_create(
        ConfirmationRequest(batch=batch, person=person, expires_at=expires) for person in people
    )
    record(
        actor=actor,
        action="request_confirmations",
        obj=batch,
        collaboration=collaboration,
        after={"description": batch.description, "total": batch.total},
    )
    send_confirmation_batch.enqueue(batch.pk)  # the task row commits with the batch, or neither does
    return batch


@task()
def send_confirmation_batch(batch_id: int) -> None:
    """The background task (`samverkan db_worker`) that sends a batch's e-mails."""
    send_batch(batch_id=batch_id)


def send_batch(*, batch_id: int) -> ConfirmationBatch:
    """Send the batch's e-mails one by one, counting as it goes so the page can show progress."""
    batch = ConfirmationBatch.objects.select_related("collaboration").get(pk=batch_id)
    if not CONFIRMATION_BATCH.allows(batch.status, ConfirmationBatchStatus.SENDING):
        return batch  # already sent: a task run twice sends nothing twice
    ConfirmationBatch.objects.filter(pk=batch.pk).update(status=ConfirmationBatchStatus.SENDING)
    pending = batch.requests.filter(sent_at__isnull=True, error="").select_related("person")
    for request in pending:
        person = request.person
        if not person.email:
            ConfirmationRequest.objects.filter(pk=request.pk).update(error=_("saknar e-postadress"))
            ConfirmationBatch.objects.filter(pk=batch.pk).update(failed=F("failed") + 1)
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Stämmer dina uppgifter i %(collaboration)s?") % {"collaboration": batch.collaboration.name}
            body = _(
                "Hej %(name)s!\n\n"
                "Samordnaren för %(collaboration)s håller kontaktlistan aktuell. Kontrollera dina uppgifter "
                "och bekräfta eller rätta dem här, utan att logga in:\n\n%(link)s\n\n"
                "Länken fungerar en gång och gäller till %(expires)s.\n"
            ) % {
                "name": person.first_name,
                "collaboration": batch.collaboration.name,
                "link": link_for(request),
                "expires": dates.prose_date(request.expires_at),
            }
        try:
            send_mail(subject, body, None, [person.email])
        except Exception as exc:  # noqa: BLE001 - one failed address must not stop the rest
            ConfirmationRequest.objects.filter(pk=request.pk).update(error=str(exc)[:300])
            ConfirmationBatch.objects.filter(pk=batch.pk).update(failed=F("failed") + 1)
        else:
            ConfirmationRequest.objects.filter(pk=request.pk).update(sent_at=timezone.now())
            ConfirmationBatch.objects.filter(pk=batch.pk).update(sent=F("sent") + 1)
    ConfirmationBatch.objects.filter(pk=batch.pk).update(status=ConfirmationBatchStatus.DONE)
    batch.refresh_from_db()
    return batch


def request_for_token(token: str, *, for_update: bool = False) -> ConfirmationRequest:
    """The request a link names, if it may still be used; else a DomainError saying why."""
    max_age = datetime.timedelta(days=settings.CONFIRMATION_LINK_DAYS)
    try:
        pk = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise DomainError(_("Länken har gått ut. Be samordnaren om en ny.")) from None
    except signing.BadSignature:
        raise DomainError(_("Länken är ogiltig. Kontrollera att hela länken kom med.")) from None
    queryset = ConfirmationRequest.objects.select_related("person", "batch__collaboration")
    if for_update:
        queryset = queryset.select_for_update()
    request = queryset.filter(pk=pk).first()
    if request is None:
        raise DomainError(_("Länken är ogiltig. Kontrollera att hela länken kom med."))
    if request.used_at is not None:
        raise DomainError(_("Länken har redan använts. Tack för att du bekräftade dina uppgifter!"))
    if request.superseded:
        raise DomainError(_("Du har fått en nyare länk. Använd den i stället."))
    if request.expires_at <= timezone.now():
        raise DomainError(_("Länken har gått ut. Be samordnaren om en ny."))
    return request


@transaction.atomic
def confirm_details(*, token: str, changes: dict[str, Any]) -> Person:
    """The person confirms (and perhaps corrects) their own details through their link; once."""
    request = request_for_token(token, for_update=True)
    person = request.person
    unknown = set(changes) - set(SELF_FIELDS)
    if unknown:
        raise ValueError(f"Not self-service fields: {sorted(unknown)}")
    merged = {**{f: getattr(person, f) for f in SELF_FIELDS}, "gender": person.gender, **changes}
    check_person_details(merged, pk=person.pk)
    label = _("%(name)s själv (bekräftelselänk)") % {"name": person.full_name}
    collaboration = request.batch.collaboration
    save_changes(
        obj=person,
        changes=changes,
        fields=SELF_FIELDS,
        actor=None,
        action="self_correct_details",
        collaboration=collaboration,
        actor_label=label,
    )
    now = timezone.now()
    save_changes(
        obj=person,
        changes={"confirmed_at": now},
        fields=["confirmed_at"],
        actor=None,
        action="confirm_details",
        collaboration=collaboration,
        actor_label=label,
    )
    request.used_at = now
    request.save(update_fields=["used_at"])
    return person
