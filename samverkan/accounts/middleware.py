from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from samverkan.accounts.permissions import is_coordinator_anywhere

# Paths a user without two-factor may still reach: allauth's own pages (to set it up or log out),
# static files and the health check.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


def needs_two_factor(user: object) -> bool:
    """Coordinators and instance admins must use TOTP outside demo mode."""
    if settings.DEMO_MODE or not getattr(user, "is_authenticated", False):
        return False
    from allauth.mfa.models import Authenticator

    if not (getattr(user, "is_superuser", False) or is_coordinator_anywhere(user)):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(EXEMPT_PREFIXES) and needs_two_factor(request.user):
            if request.path.startswith("/api/"):
                return HttpResponse(status=403)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
