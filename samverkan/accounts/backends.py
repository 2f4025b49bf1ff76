from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings


class SamverkanAuthenticationBackend(AuthenticationBackend):
    """allauth's backend (username or e-mail), refusing demo accounts outside demo mode."""

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return bool(super().user_can_authenticate(user))
