from collections.abc import Callable

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from samverkan.accounts.services import may_log_in, needs_two_factor

# Paths a user without two-factor may still reach: allauth's own pages (to set it up or log out),
# static files and the health check.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# The URL patterns under a collaboration (samverkan/urls.py: collaboration_patterns).
COLLABORATION_ROUTE = "<slug:slug>/"

__all__ = ["AnonymousWritesLogInFirstMiddleware", "RequireTwoFactorMiddleware", "needs_two_factor"]


class RequireTwoFactorMiddleware:
    """Sessions of coordinators and admins without TOTP reach only the pages to set it up; a
    session whose account may no longer log in (`services.may_log_in`) is ended."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(request.user, "is_authenticated", False) and not may_log_in(request.user):
            logout(request)
        if not request.path.startswith(EXEMPT_PREFIXES) and needs_two_factor(request.user, request=request):
            if request.path.startswith("/api/"):
                return HttpResponse(status=403)
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class AnonymousWritesLogInFirstMiddleware:
    """An anonymous POST (or other write) to a collaboration's pages is sent to log in before the
    view looks anything up, so the answer is the same whether the object exists or not. (No page
    under a collaboration takes anonymous writes but those marked `takes_anonymous_writes`, such
    as a public event's registration form; the e-mailed links live outside it.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], args: object, kwargs: object
    ) -> HttpResponse | None:
        match = request.resolver_match
        if (
            request.method not in SAFE_METHODS
            and not getattr(request.user, "is_authenticated", False)
            and match is not None
            and match.route.startswith(COLLABORATION_ROUTE)
            and not getattr(view_func, "takes_anonymous_writes", False)
        ):
            return redirect_to_login(request.get_full_path())
        return None
