from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationsConfig(AppConfig):
    """The bottom layer: the collaboration itself, its model file and the types every app shares.

    It imports nothing of the project but `lib` and `audit`; every domain app builds on it, and the
    agreement check sits on top of them all (docs/architecture.md)."""

    name = "samverkan.collaborations"
    verbose_name = _("Samverkan")
