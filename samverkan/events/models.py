"""Trainings, seminars and campaigns of the activity plan that people register for (issue 15).

An `Event` belongs to an activity of the plan (its area, kind, target groups and fees come from
there). It has one or more `EventSession`s, its own `Question`s, and `Registration`s with their
`Answer`s. A registration is confirmed, on the waitlist or cancelled; the use cases in services.py
decide which, under a lock on the event's row, so the seats are never overbooked.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.events.permissions import MANAGE_EVENTS, VIEW_MEMBER_EVENTS

if TYPE_CHECKING:
    from samverkan.accounts.permissions import Access


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("utkast")
    PUBLISHED = "published", _("publicerat")
    CANCELLED = "cancelled", _("inställt")


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, access: Access) -> EventQuerySet:
        """Published public events are for everyone, published members-only events for the
        collaboration's participants (`VIEW_MEMBER_EVENTS`), and so are cancelled ones (whoever
        has the link must read that it is cancelled); drafts are for those who manage events
        (`MANAGE_EVENTS`)."""
        if access.can(MANAGE_EVENTS):
            return self.all()
        shown = self.exclude(status=EventStatus.DRAFT)
        return shown if access.can(VIEW_MEMBER_EVENTS) else shown.filter(public=True)


class Event(models.Model):
    """A training, seminar or campaign of an activity of the plan that people register for."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="events")
    activity = models.ForeignKey(
        "plans.Activity", on_delete=models.PROTECT, related_name="events", verbose_name=_("aktivitet")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    # The target groups start as the activity's and may be narrowed or widened for the event.
    for_municipalities = models.BooleanField(_("kommunerna"), default=True)
    for_business = models.BooleanField(_("företag och verksamhetsutövare"), default=False)
    for_citizens = models.BooleanField(_("allmänheten"), default=False)
    capacity = models.PositiveIntegerField(
        _("antal platser"), null=True, blank=True, help_text=_("Tomt: obegränsat antal platser.")
    )
    registration_opens = models.DateTimeField(_("anmälan öppnar"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("anmälan stänger"), null=True, blank=True)
    public = models.BooleanField(
        _("öppet för alla"), default=False, help_text=_("Annars bara för samverkanspartnernas medlemmar.")
    )
    contact_person = models.ForeignKey(
        "organisations.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kontaktperson"),
    )
    consent_text = models.TextField(
        _("samtycke"),
        blank=True,
        help_text=_("Det registranten måste godkänna för att anmäla sig, t.ex. att bilder tas. Tomt: inget samtycke."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse dagar före"), default=2, help_text=_("0: ingen påminnelse.")
    )
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    # the calendar invitation's version: raised when the time, place or status changes (RFC 5545 SEQUENCE)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # the calendar version the registrants were last told of by a change notice (mail.tell_changed)
    told_sequence = models.PositiveIntegerField(default=0, editable=False)
    # sessions removed from the event, for the calendar cancellations of their entries (UID, time,
    # place, the version that removed them, when): services.remove_session, mail.tell_changed
    removed_sessions = models.JSONField(default=list, editable=False)
    # the collected fees booked to the economy's ledger, once (EC3)
    fees_entry = models.OneToOneField(
        "finance.LedgerEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="event", editable=False
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["registration_closes", "title", "pk"]
        verbose_name = _("evenemang")
        verbose_name_plural = _("evenemang")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="event_capacity"),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=models.F("registration_opens")),
                name="event_registration_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EventSession(models.Model):
    """One occasion of an event: when, and where or by which video link."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=300, blank=True)
    video_link = models.URLField(_("videolänk"), max_length=500, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("tillfälle")
        verbose_name_plural = _("tillfällen")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="eventsession_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.starts_at:%Y-%m-%d %H:%M}"


def event_document_path(instance: EventDocument, filename: str) -> str:
    return f"events/{instance.event_id}/{filename}"


class EventDocument(models.Model):
    """A document of the event for its participants: a programme, slides, a reading list."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("rubrik"), max_length=200)
    file = models.FileField(_("fil"), upload_to=event_document_path, max_length=400)
    uploaded_at = models.DateTimeField(_("uppladdad"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["event", "uploaded_at", "pk"]
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")

    def __str__(self) -> str:
        return self.title


class QuestionPurpose(models.TextChoices):
    REGISTRATION = "registration", _("anmälan")
    EVALUATION = "evaluation", _("utvärdering")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("fritext")
    CHOICE = "choice", _("val")
    YES_NO = "yes_no", _("ja eller nej")


class Question(models.Model):
    """A question of the event's own that registrants answer (food, accessibility …)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("fråga"), max_length=300)
    kind = models.CharField(_("slag"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True)  # ["Vegetarisk", "Vegansk", …]
    required = models.BooleanField(_("obligatorisk"), default=False)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    # asked when registering, or in the evaluation afterwards
    purpose = models.CharField(
        _("används i"), max_length=20, choices=QuestionPurpose.choices, default=QuestionPurpose.REGISTRATION
    )

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")

    def __str__(self) -> str:
        return self.text


class Category(models.TextChoices):
    MUNICIPALITY = "municipality", _("kommun")
    BUSINESS = "business", _("företag")
    CITIZEN = "citizen", _("privatperson")
    AUTHORITY = "authority", _("myndighet")
    OTHER = "other", _("annat")


class RegistrationGender(models.TextChoices):
    """For statistics only, shown only in aggregates (P5)."""

    WOMAN = "woman", _("kvinna")
    MAN = "man", _("man")
    OTHER = "other", _("annat")
    NOT_STATED = "not_stated", _("vill inte ange")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("bekräftad")
    WAITLISTED = "waitlisted", _("på väntelistan")
    CANCELLED = "cancelled", _("avbokad")


def new_token() -> str:
    """The secret of a registrant's personal link (see, change or cancel without an account)."""
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlist(self) -> RegistrationQuerySet:
        """The waitlist in order: the first is the next to move up."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlist_position", "pk")


class Registration(models.Model):
    """Someone's registration for an event, with or without an account.

    `waitlist_position` orders the waitlist: a newcomer gets one more than the last on the list,
    and a registration that moves up or is cancelled leaves it (so the remaining order is kept;
    one's place in the queue is the number of those ahead plus one).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    organisation_text = models.CharField(_("organisation (fritext)"), max_length=200, blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    gender = models.CharField(
        _("kön"), max_length=20, choices=RegistrationGender.choices, default=RegistrationGender.NOT_STATED
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    waitlist_position = models.PositiveIntegerField(_("plats på väntelistan"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    person = models.ForeignKey(
        "organisations.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(_("avbokad"), null=True, blank=True)
    consented_at = models.DateTimeField(_("samtyckte"), null=True, blank=True)
    # None: not marked yet; True: came; False: did not come (a no-show)
    attended = models.BooleanField(_("närvarade"), null=True, blank=True)
    # when the reminder, the evaluation link went out; claimed before sending, so never twice
    reminded_at = models.DateTimeField(_("påmind"), null=True, blank=True, editable=False)
    evaluation_sent_at = models.DateTimeField(_("utvärdering skickad"), null=True, blank=True, editable=False)
    # the evaluation is answered anonymously: only *that* is kept here, the answers are not linked
    evaluated_at = models.DateTimeField(_("utvärderade"), null=True, blank=True, editable=False)
    # the personal data removed after the retention period, the row kept for the statistics
    anonymised_at = models.DateTimeField(_("anonymiserad"), null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        constraints = [
            # the same e-mail address once per event, whatever its case, until it is cancelled
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "waitlist_position"],
                condition=Q(status="waitlisted"),
                name="registration_one_waitlist_position",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__isnull=False)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="registration_waitlist_position_iff_waitlisted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.event})"


class Answer(models.Model):
    """A registrant's answer to one of the event's questions."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(_("svar"), blank=True)

    class Meta:
        ordering = ["registration", "question__order", "question__pk"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="answer_once_per_question")]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class Evaluation(models.Model):
    """One anonymous answer to an event's evaluation: not linked to the registration that gave it,
    and dated by the day only, so it cannot be traced to a person."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evaluations")
    overall = models.PositiveSmallIntegerField(_("helhetsbetyg"))
    usefulness = models.PositiveSmallIntegerField(_("nytta"))
    comment = models.TextField(_("kommentar"), blank=True)
    answers = models.JSONField(_("svar"), default=dict, blank=True)  # {question id: value}
    submitted_on = models.DateField(_("inlämnad"), default=timezone.localdate, editable=False)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")
        constraints = [
            models.CheckConstraint(condition=Q(overall__gte=1, overall__lte=5), name="evaluation_overall_1_5"),
            models.CheckConstraint(condition=Q(usefulness__gte=1, usefulness__lte=5), name="evaluation_usefulness_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.overall}/{self.usefulness}"
