from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.audit.display import action_label, changes


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One change made through a service: who, what, when, and the fields before and after."""

    collaboration = models.ForeignKey(
        "collaborations.Collaboration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("utförd av"), max_length=200)
    action = models.CharField(_("åtgärd"), max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = _("loggpost")
        verbose_name_plural = _("loggposter")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_label}"

    @property
    def action_label(self) -> str:
        """What was done, as a phrase: "Planerade mötet"."""

        return action_label(self)

    def display_changes(self) -> list[tuple[str, str, str]]:
        """The changed fields by their labels, with values as the pages show them."""

        return changes(self)

    def changes(self) -> list[tuple[str, Any, Any]]:
        """The fields that differ, as (field, before, after), for display."""
        keys = sorted(set(self.before) | set(self.after))
        return [(k, self.before.get(k), self.after.get(k)) for k in keys if self.before.get(k) != self.after.get(k)]
