from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The personal desk (Att göra) and its weekly e-mail: a consumer on top of every app, reading the
    to-dos they register in `samverkan.collaborations.desk`."""

    name = "samverkan.desk"
    verbose_name = _("Att göra")
