"""Who calls the API, and the /api/v1/me endpoint.

A caller is known by a personal token (`Authorization: Bearer …`, `BearerToken`), else by the
session of a logged-in browser (`SessionAuth`), else is anonymous (`anonymous`) and sees what an
anonymous visitor sees. The root API (`samverkan.api.api`) lists the three in that order, so
`/api/v1/openapi.json` documents the bearer scheme; a header that is not a live bearer token is
refused with 401 rather than read as anonymous. Every app's router finds the collaboration and
the caller's access through `collaboration_access`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from samverkan.accounts.permissions import Access, access_for
from samverkan.accounts.services import user_for_token
from samverkan.collaborations.models import Collaboration
from samverkan.lib.api_inputs import Slug

router = Router()


class BearerToken(HttpBearer):
    """A personal API token (accounts.services.create_api_token). A header that names another
    scheme, a token that is unknown or revoked, or an account that may not use it now is a 401."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        if not header:
            return None  # the next auth class: the session, else anonymous
        scheme, _, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not token:
            raise HttpError(401, "Use Authorization: Bearer <token>.")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            raise HttpError(401, "Unknown or revoked token.")  # also: the account may not use it now
        return user


class Session(SessionAuth):
    """The logged-in browser's session; the API reads only, so CSRF does not apply to it."""

    def __init__(self) -> None:
        super().__init__(csrf=False)


class SessionWrite(SessionAuth):
    """The logged-in browser's session for the API's few writes (registering for an event):
    with Django's CSRF check, since a write on a session cookie is what a forged form on another
    site would send. Without a session the caller goes on as anonymous; a session without a valid
    CSRF token is a 403, never read as anonymous."""

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, only when there is a session to forge

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header with the session.")
        return request.user


def anonymous(request: HttpRequest) -> AnonymousUser:
    """No token and no session: the caller sees what anonymous visitors see."""
    return AnonymousUser()


AUTH: list[Callable[[HttpRequest], Any]] = [BearerToken(), Session(), anonymous]
# the writes' auth: a token, else a session with its CSRF token, else anonymous
WRITE_AUTH: list[Callable[[HttpRequest], Any]] = [BearerToken(), SessionWrite(), anonymous]


def caller(request: HttpRequest) -> Any:
    """The user the auth classes found (anonymous when none)."""
    return getattr(request, "auth", None) or AnonymousUser()


def collaboration_access(request: HttpRequest, slug: Slug) -> tuple[Collaboration, Access]:
    """The collaboration of the path (404 when there is none) and the caller's access in it."""
    collaboration = get_object_or_404(Collaboration, slug=slug)
    return collaboration, access_for(caller(request), collaboration)


class MeOut(Schema):
    authenticated: bool
    username: str | None


@router.get("/me", response=MeOut, tags=["accounts"])
def me(request: HttpRequest) -> dict[str, Any]:
    user = caller(request)
    return {"authenticated": user.is_authenticated, "username": user.get_username() if user.is_authenticated else None}
