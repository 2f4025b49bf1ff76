from __future__ import annotations

import datetime
import hashlib
from functools import cached_property
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.collaborations.model_file import CollaborationModel, parse_model

if TYPE_CHECKING:
    from samverkan.organisations.models import Organisation


# The parsed model files of this process by the SHA-256 of their text, the oldest dropped first
# beyond PARSED_MODELS_KEPT. The checksum is taken of the text read, not the stored
# `model_sha256`, so a text changed without its checksum is never answered from a stale entry.
PARSED_MODELS_KEPT = 64
_parsed_models: dict[str, CollaborationModel] = {}


def stored_model(text: str, source: str) -> CollaborationModel:
    """A stored model file's text parsed, once per process for each text (hashing 12 KB costs
    microseconds, parsing it milliseconds). The parsed model is frozen dataclasses, safe to share."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    model = _parsed_models.pop(digest, None)
    if model is None:
        model = parse_model(text, source=source)
        while len(_parsed_models) >= PARSED_MODELS_KEPT:
            del _parsed_models[next(iter(_parsed_models))]
    _parsed_models[digest] = model  # last: the most recently used
    return model


class Collaboration(models.Model):
    """One inter-municipal collaboration, created from its model file; an instance hosts many."""

    slug = models.SlugField(_("kortnamn"), unique=True)
    name = models.CharField(_("namn"), max_length=200)
    name_en = models.CharField(_("namn på engelska"), max_length=200, blank=True)
    sector = models.CharField(_("sektor"), max_length=100)
    county = models.CharField(_("län"), max_length=100, blank=True)
    agreement_title = models.CharField(_("avtal"), max_length=300, blank=True)
    model_source = models.TextField(_("modellfil"))
    model_path = models.CharField(_("modellfilens namn"), max_length=500, blank=True)
    model_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("samverkan")
        verbose_name_plural = _("samverkansområden")

    def __str__(self) -> str:
        return self.name

    @cached_property
    def model(self) -> CollaborationModel:
        """The parsed model file as stored when the collaboration was last loaded, parsed once per
        process for each text (`stored_model`)."""
        return stored_model(self.model_source, self.model_path or self.slug)

    def host_on(self, day: datetime.date) -> Organisation | None:
        period = (
            self.host_periods.filter(started_on__lte=day)
            .filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day))
            .select_related("organisation")
            .first()
        )
        return period.organisation if period else None
