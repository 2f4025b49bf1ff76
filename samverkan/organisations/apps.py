from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "samverkan.organisations"
    verbose_name = _("Organisationer och grupper")

    def ready(self) -> None:
        from samverkan.accounts.permissions import register_seat_source
        from samverkan.collaborations import desk
        from samverkan.collaborations.checks import RuleSet, register
        from samverkan.organisations import checks, rules
        from samverkan.organisations import desk as organisations_desk
        from samverkan.organisations.access import seats_for

        register_seat_source(seats_for)  # the permission mechanism reads people's seats from here

        desk.register_todos(organisations_desk.todos)
        register(RuleSet("organisations", collect=checks.collect, judge=rules.judge, order=10))
