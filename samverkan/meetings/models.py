from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planerat")
    CALLED = "called", _("kallat")
    HELD = "held", _("hållet")
    APPROVED = "approved", _("protokoll justerat")
    CANCELLED = "cancelled", _("inställt")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def in_year(self, year: int) -> MeetingQuerySet:
        return self.filter(starts_at__year=year)

    def not_cancelled(self) -> MeetingQuerySet:
        return self.exclude(status=MeetingStatus.CANCELLED)


class Meeting(models.Model):
    """A meeting of one group. `uid` and `sequence` keep calendar invitations updating, not duplicating."""

    group = models.ForeignKey(
        "organisations.Group", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("grupp")
    )
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=300, blank=True)
    video_link = models.URLField(_("videolänk"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    holiday_confirmed = models.BooleanField(
        _("hålls trots helgdag"),
        default=False,
        help_text=_("Mötet ligger på en helgdag och det är bekräftat att det ändå ska hållas då."),
    )
    suggestions_until = models.DateField(
        _("förslag till dagordningen senast"),
        null=True,
        blank=True,
        help_text=_("Ledamöter kan föreslå punkter fram till och med den dagen (annars tills kallelsen skickas)."),
    )
    notice_sent_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or f"{self.group.name} {self.starts_at:%Y-%m-%d}"


class AgendaItemStatus(models.TextChoices):
    SUGGESTED = "suggested", _("föreslagen")
    ACCEPTED = "accepted", _("på dagordningen")


class AgendaItem(models.Model):
    """A point on a meeting's agenda; a member's suggestion until an organiser accepts it (SG5)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("rubrik"), max_length=300)
    presenter = models.CharField(_("föredragande"), max_length=200, blank=True)
    minutes = models.PositiveIntegerField(_("beräknad tid (minuter)"), null=True, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    decision_proposed = models.BooleanField(_("förslag till beslut"), default=False)
    proposed_decision = models.TextField(_("beslutsförslag"), blank=True)
    public = models.BooleanField(
        _("offentlig"), default=True, help_text=_("Ta bort krysset om punkten inte ska publiceras.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgendaItemStatus.choices, default=AgendaItemStatus.ACCEPTED
    )
    suggested_by = models.ForeignKey(
        "organisations.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("föreslagen av"),
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("punkt på dagordningen")
        verbose_name_plural = _("punkter på dagordningen")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_proposed=False) | ~Q(proposed_decision=""),
                name="agendaitem_decision_has_wording",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A secret URL with all of a user's meetings, for Outlook or another calendar to subscribe to."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")

    def __str__(self) -> str:
        return f"{self.user} ({self.token[:6]}…)"
