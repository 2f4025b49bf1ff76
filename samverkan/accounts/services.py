"""Use cases for accounts: personal API tokens (stored hashed, shown once)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.models import ApiToken, User, hash_token
from samverkan.audit.services import record
from samverkan.lib.errors import DomainError

TOKEN_PREFIX = "svk_"


@transaction.atomic
def create_api_token(*, user: User, name: str, actor: User | None) -> tuple[ApiToken, str]:
    """Create a token; return it with the plain token, which is never stored."""
    name = name.strip()
    if not name:
        raise DomainError(_("Ge nyckeln ett namn, t.ex. vad den ska användas till."), field="name")
    if len(name) > 100:
        raise DomainError(_("Namnet får vara högst 100 tecken."), field="name")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=plain[:12], digest=hash_token(plain))
    record(actor=actor, action="create_api_token", obj=token, after={"name": name, "user": user.get_username()})
    return token, plain


@transaction.atomic
def revoke_api_token(*, token: ApiToken, actor: User | None) -> ApiToken:
    if token.revoked_at is not None:
        raise DomainError(_("Nyckeln är redan återkallad."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, action="revoke_api_token", obj=token, after={"revoked_at": str(token.revoked_at)})
    return token


def user_for_token(plain: str) -> User | None:
    """The active user behind a token, or None; marks the token as used."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.active().select_related("user").filter(digest=hash_token(plain)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
