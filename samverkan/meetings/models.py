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
