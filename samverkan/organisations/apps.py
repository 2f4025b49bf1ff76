from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "samverkan.organisations"
    verbose_name = _("Organisationer och grupper")

    def ready(self) -> None:
        from samverkan.collaborations import desk
        from samverkan.organisations import desk as organisations_desk

        desk.register_todos(organisations_desk.todos)
