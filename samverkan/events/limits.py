"""The limit on registrations without an account (`settings.EVENT_REGISTRATIONS_PER_HOUR` per
network and hour, `samverkan.lib.throttle`): a flood of made-up registrations would otherwise fill
an event's seats. A logged-in member is not limited (they are known). The event's page and the
API ask it before registering and count only a registration that was made."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samverkan.lib import throttle
from samverkan.lib.errors import DomainError


def _limit() -> throttle.Limit:
    return throttle.Limit("event-registration", settings.EVENT_REGISTRATIONS_PER_HOUR)


def _applies(request: HttpRequest) -> bool:
    """Not for a logged-in member (a session, or the API's token: `request.auth`)."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    return not getattr(user, "is_authenticated", False)


def registration_refusal(request: HttpRequest) -> DomainError | None:
    """What an anonymous registrant is told when their network has registered too often this hour."""
    if _applies(request) and throttle.exceeded(_limit(), request):
        return DomainError(
            _(
                "Många anmälningar har kommit från ert nätverk den senaste timmen. Försök igen om en "
                "stund, eller logga in och anmäl dig. Hör av dig till kontaktpersonen om det brådskar."
            )
        )
    return None


def count_registration(request: HttpRequest) -> None:
    if _applies(request):
        throttle.count(_limit(), request)
