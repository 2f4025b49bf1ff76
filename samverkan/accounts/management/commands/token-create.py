from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.accounts.services import create_api_token
from samverkan.lib.errors import DomainError


class Command(BaseCommand):
    help = "Create a personal API token for a user; the token is the last word printed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="token-create")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        try:
            token, plain = create_api_token(user=user, name=options["name"], actor=None)  # type: ignore[arg-type]
        except DomainError as error:  # e.g. an account that may not log in, or needs two-factor first
            raise CommandError(str(error.message)) from None
        self.stdout.write(f"Token {token.name!r} for {user.get_username()}: {plain}")
