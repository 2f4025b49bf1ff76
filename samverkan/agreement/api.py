"""The API of the live agreement check: /api/v1/collaborations/{slug}/agreement-check."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from samverkan.accounts.api import collaboration_access
from samverkan.accounts.permissions import VIEW_AGREEMENT_CHECK
from samverkan.agreement.services import check_collaboration
from samverkan.lib.api_inputs import Slug, Year

router = Router()


class FindingOut(Schema):
    rule: str
    status: Literal["ok", "warning", "breach"]
    message: str
    subject: str
    quote: str


@router.get("/collaborations/{slug}/agreement-check", response=list[FindingOut], tags=["agreement"])
def agreement_check(request: HttpRequest, slug: Slug, year: Year | None = None) -> list[dict[str, str]]:
    collaboration, access = collaboration_access(request, slug)
    if not access.can(VIEW_AGREEMENT_CHECK):
        raise HttpError(403, "Only participants of the collaboration may read its agreement check.")
    if year is not None and not 2000 <= year <= timezone.localdate().year + 5:
        raise HttpError(422, "year out of range")
    return [f.as_dict() for f in check_collaboration(collaboration, year=year)]
