from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "samverkan.organisations"
    verbose_name = _("Organisationer och grupper")

    def ready(self) -> None:
        from samverkan.accounts.permissions import register_seat_source
        from samverkan.collaborations import desk, generation
        from samverkan.collaborations.checks import RuleSet, register
        from samverkan.organisations import checks, generate, rules
        from samverkan.organisations import desk as organisations_desk
        from samverkan.organisations.access import seats_for

        register_seat_source(seats_for)  # the permission mechanism reads people's seats from here

        desk.register_todos(organisations_desk.todos)
        register(RuleSet("organisations", collect=checks.collect, judge=rules.judge, order=10))

        # its part of the data generator (`samverkan generate`)
        generation.register(10, "organisations.municipalities", generate.municipalities)
        generation.register(30, "organisations.people", generate.people)
