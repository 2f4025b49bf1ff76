"""The public API, /api/v1/: the root that mounts every app's router, on the same services and
permissions as the pages.

Each app keeps its endpoints and schemas in its own `api.py` (a django-ninja `Router`); this module
only mounts them, names the auth classes (accounts.api: a bearer token, else the session, else
anonymous) and turns domain errors into HTTP answers. Anonymous callers see what anonymous
visitors see; a token or a session gives the caller's own access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from samverkan.accounts import api as accounts
from samverkan.agreement import api as agreement
from samverkan.audit.stale import StaleEditError
from samverkan.events import api as events
from samverkan.finance import api as finance
from samverkan.meetings import api as meetings
from samverkan.organisations import api as organisations
from samverkan.plans import api as plans

if TYPE_CHECKING:
    from ninja.operation import Operation


class SamverkanAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The ids clients generated code from when every endpoint lived in this module; they stay.
        return f"samverkan_api_api_{operation.view_func.__name__}"


api = SamverkanAPI(
    title="Samverkan API",
    version="1",
    urls_namespace="api",
    description="Samverkan: groups, people and the live agreement check of inter-municipal collaborations.",
    auth=accounts.AUTH,
)

# the order of the paths in /api/v1/openapi.json: as when this was one module
api.add_router("", accounts.router)
api.add_router("", organisations.router)
api.add_router("", agreement.router)
api.add_router("", meetings.router)
api.add_router("", plans.router)
api.add_router("", finance.router)
api.add_router("", events.router)


@api.exception_handler(StaleEditError)
def stale_edit(request: HttpRequest, error: StaleEditError) -> HttpResponse:
    """A write whose `version` is older than the stored one (audit.stale) is refused: 409, nothing
    changed, with the stored version to read again. Every write passes the client's optional
    `version` on as the service's `loaded_version`; without one it is not checked."""
    return api.create_response(request, {"detail": error.message, "version": error.current}, status=409)
