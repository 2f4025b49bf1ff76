from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementConfig(AppConfig):
    name = "samverkan.agreement"
    verbose_name = _("Avtal")

    def ready(self) -> None:
        from samverkan.agreement import desk as agreement_desk
        from samverkan.agreement import generate
        from samverkan.collaborations import desk, generation

        desk.register_todos(agreement_desk.todos)  # the check's warnings, for the coordinator to fix

        # its part of the data generator (`samverkan generate`)
        generation.register(20, "agreement.collaborations", generate.collaborations)
