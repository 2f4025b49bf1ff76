from typing import Any

from allauth.account.auth_backends import AuthenticationBackend

from samverkan.accounts.services import may_log_in


class SamverkanAuthenticationBackend(AuthenticationBackend):
    """allauth's backend (username or e-mail), refusing accounts that may not log in
    (`services.may_log_in`: inactive accounts, demo accounts outside demo mode). The same rule
    ends a session (`get_user` asks it on every request)."""

    def user_can_authenticate(self, user: Any) -> bool:
        return may_log_in(user)
