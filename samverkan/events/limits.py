"""The limit on registrations without an account (`settings.EVENT_REGISTRATIONS_PER_HOUR` per
network, collaboration and hour, `samverkan.lib.throttle`): a flood of made-up registrations would
otherwise fill an event's seats. A logged-in member is not limited (they are known). The event's
page and the API claim one before registering and give it back when the registration is refused."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samverkan.lib import throttle
from samverkan.lib.errors import DomainError


def _limit(collaboration_id: int) -> throttle.Limit:
    return throttle.Limit(f"event-registration:{collaboration_id}", settings.EVENT_REGISTRATIONS_PER_HOUR)


def _applies(request: HttpRequest) -> bool:
    """Not for a logged-in member (a session, or the API's token: `request.auth`)."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    return not getattr(user, "is_authenticated", False)


def claim_registration(request: HttpRequest, collaboration_id: int) -> DomainError | None:
    """Take one of the network's registrations this hour; what an anonymous registrant is told
    when there is none left (nothing taken then)."""
    if not _applies(request) or throttle.claim(_limit(collaboration_id), request):
        return None
    return DomainError(
        _(
            "Många anmälningar har kommit från ert nätverk den senaste timmen. Försök igen om en "
            "stund. Har du ett konto kan du logga in och anmäla dig direkt; annars hör av dig till "
            "evenemangets kontaktperson."
        )
    )


def release_registration(request: HttpRequest, collaboration_id: int) -> None:
    """Give the claimed one back: the registration was refused."""
    if _applies(request):
        throttle.release(_limit(collaboration_id), request)
