from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerfConfig(AppConfig):
    """Performance at scale (issue 14): `samverkan generate` runs every app's registered part of the
    data generator; `samverkan bench` measures the pages on what it generated. Nothing here is
    served: the bench installs its floor pages through a urlconf of its own (docs/performance.md)."""

    name = "samverkan.perf"
    verbose_name = _("Prestanda")
