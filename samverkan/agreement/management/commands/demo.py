from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from samverkan.agreement.demo import approval_links, load_demo


class Command(BaseCommand):
    help = "Load the demo (idempotent): Miljösamverkan Västerbotten with fictional people and demo accounts."
    # Loading goes through the services and needs no URL or view: Django's system checks, which
    # import them all, ran with `migrate` just before (`make run`); `samverkan check` runs them.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        collaboration = load_demo()
        self.stdout.write(f"Demo ready: /{collaboration.slug}/")
        for name, role, link in approval_links(collaboration):
            self.stdout.write(f"Approval link for {name} ({role}), no login needed: {link}")
        if not settings.DEMO_MODE:
            self.stdout.write("Note: demo accounts can only log in when SAMVERKAN_DEMO=1.")
