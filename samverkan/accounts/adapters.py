from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest

from samverkan.lib.client_address import client_address


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the coordinator or an admin; nobody signs themselves up.

    The client address (rate limits, allauth's security e-mails) is the one behind the trusted
    proxies, and failed logins are counted per account, whether it was named by username or by
    e-mail (settings.ACCOUNT_RATE_LIMITS["login_failed"])."""

    def is_open_for_signup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        login = str(credentials.get("email") or credentials.get("username") or "").strip().lower()
        users = get_user_model().objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        pks = sorted(users.values_list("pk", flat=True)[:2])
        # One account: count against it. None (or an ambiguous e-mail): against what was typed.
        return f"account:{pks[0]}" if len(pks) == 1 else f"login:{login}"
