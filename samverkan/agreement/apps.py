from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementConfig(AppConfig):
    name = "samverkan.agreement"
    verbose_name = _("Avtal")

    def ready(self) -> None:
        from samverkan.agreement import desk as agreement_desk
        from samverkan.agreement import rules, services
        from samverkan.collaborations import desk
        from samverkan.collaborations.checks import RuleSet, register

        desk.register_todos(agreement_desk.todos)  # the check's warnings, for the coordinator to fix

        # the rules not yet moved into the apps that own them
        register(RuleSet("agreement", collect=services.collect_facts, judge=rules.check, order=10))
