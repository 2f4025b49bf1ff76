"""What a reader may see of plan documents: the one policy for the plan pages and the API.

A decided version of a plan is public; drafts and proposals (and their sections, areas and
activities) are for participants of the collaboration (`VIEW_PLANS`), as are the activity list,
the follow-up and the assignments. `PlanVersion.objects.visible_to(access)` narrows a queryset;
`shows_version` answers it for one version already loaded (a prefetched list).
"""

from __future__ import annotations

from collections.abc import Iterable

from samverkan.accounts.permissions import Access
from samverkan.plans.models import PlanStatus, PlanVersion
from samverkan.plans.permissions import VIEW_PLANS


def shows_drafts(access: Access) -> bool:
    """Whether the reader sees drafts and proposals, activities and assignments."""
    return access.can(VIEW_PLANS)


def shows_version(version: PlanVersion, access: Access) -> bool:
    return version.status == PlanStatus.DECIDED or shows_drafts(access)


def visible_versions(versions: Iterable[PlanVersion], access: Access) -> list[PlanVersion]:
    """The versions (loaded already) the reader may see, newest first."""
    return sorted((v for v in versions if shows_version(v, access)), key=lambda v: -v.number)
