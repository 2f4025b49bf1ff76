from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WeeklyMail(models.Model):
    """The weekly e-mail of a person's to-dos, once per person and ISO week (the week's Monday).

    The row is written in the same transaction as the mail is sent, and the unique constraint
    refuses a second one, so two runs in the same week (or two workers) never send it twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("vecka (måndag)"))
    todos = models.PositiveIntegerField(_("antal att göra"))
    sent_at = models.DateTimeField(_("skickat"), auto_now_add=True)

    class Meta:
        verbose_name = _("veckobrev")
        verbose_name_plural = _("veckobrev")
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="weeklymail_once_a_week")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week}"
