"""Use cases for accounts: who may log in or use a token, and personal API tokens (stored
hashed, shown once)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.models import ApiToken, User, hash_token
from samverkan.accounts.permissions import is_coordinator_anywhere, request_seats
from samverkan.audit.services import record
from samverkan.lib.errors import DomainError

TOKEN_PREFIX = "svk_"
# A token's `last_used_at` is written at most this often: a script calling the API many times a
# minute does not write a row for every call; the token page shows the time to within this.
TOKEN_USE_RECORDED_EVERY = datetime.timedelta(minutes=5)


# --- the one rule: may this account log in, may it use a token ------------------------------
# The authentication backend (logins and sessions), the login form (its message), the two-factor
# middleware, the token page and the API's token check all ask these functions and nothing else.


def login_refusal(user: Any) -> str | None:
    """Why this account may not log in (or use a token) now, as a message; None if it may."""
    if not getattr(user, "is_active", False):
        return _("Kontot är avstängt. Kontakta samordnaren om du behöver logga in.")
    if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
        return _("Demokonton kan bara logga in när demoläget är på.")
    return None


def may_log_in(user: Any) -> bool:
    return login_refusal(user) is None


def must_use_two_factor(user: Any, *, request: Any = None) -> bool:
    """Coordinators and instance admins must use TOTP (outside demo mode). `request`: the user's
    own request, whose seats the page's access reads again (`request_seats` reads them once)."""
    if settings.DEMO_MODE or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if request is not None and request.user is user:
        return is_coordinator_anywhere(user, seats=request_seats(request))
    return is_coordinator_anywhere(user)


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_two_factor(user: Any, *, request: Any = None) -> bool:
    """The account must use two-factor and has not set it up yet."""
    return must_use_two_factor(user, request=request) and not has_totp(user)


def token_refusal(user: Any) -> str | None:
    """Why this account may not create or use an API token now; None if it may."""
    refusal = login_refusal(user)
    if refusal is None and needs_two_factor(user):
        refusal = _("Slå på tvåstegsverifiering innan du skapar eller använder en API-nyckel.")
    return refusal


@transaction.atomic
def create_api_token(*, user: User, name: str, actor: User | None, address: str | None = None) -> tuple[ApiToken, str]:
    """Create a token; return it with the plain token, which is never stored. `address` is the
    client address of the request (see `samverkan.lib.client_address`), kept in the audit trail."""
    refusal = token_refusal(user)
    if refusal is not None:
        raise DomainError(refusal, field="name")
    name = name.strip()
    if not name:
        raise DomainError(_("Ge nyckeln ett namn, t.ex. vad den ska användas till."), field="name")
    if len(name) > 100:
        raise DomainError(_("Namnet får vara högst 100 tecken."), field="name")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=plain[:12], digest=hash_token(plain))
    after = {"name": name, "user": user.get_username()}
    if address:
        after["address"] = address
    record(actor=actor, action="create_api_token", obj=token, after=after)
    return token, plain


@transaction.atomic
def revoke_api_token(*, token: ApiToken, actor: User | None, address: str | None = None) -> ApiToken:
    if token.revoked_at is not None:
        raise DomainError(_("Nyckeln är redan återkallad."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    after = {"revoked_at": str(token.revoked_at)}
    if address:
        after["address"] = address
    record(actor=actor, action="revoke_api_token", obj=token, after=after)
    return token


def user_for_token(plain: str) -> User | None:
    """The user behind a token if the token is live and the account may use it now (see
    `token_refusal`), else None; marks the token as used, at most every
    TOKEN_USE_RECORDED_EVERY."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.active().select_related("user").filter(digest=hash_token(plain)).first()
    if token is None or token_refusal(token.user) is not None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
