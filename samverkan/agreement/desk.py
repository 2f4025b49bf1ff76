"""What the agreement check puts on the coordinator's desk (Att göra): every warning and breach of
today's check, each with the page where it is fixed; registered in `AgreementConfig.ready()`."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from samverkan.agreement.services import check_collaboration
from samverkan.collaborations.desk import Seat, Todo
from samverkan.collaborations.findings import COLLABORATION

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration


def todos(collaboration: Collaboration, seat: Seat, today: datetime.date) -> Iterator[Todo]:
    if not seat.is_coordinator:
        return
    day = max(today, collaboration.model.started_on)
    for finding in check_collaboration(collaboration, on=day):
        if finding.status == "ok":
            continue
        yield Todo(
            collaboration=collaboration,
            title=f"{finding.rule}: {finding.message}",
            link=(finding.link or COLLABORATION).url(collaboration.slug),
            deadline=None,
            kind=f"check_{finding.status}",
            source="agreement",
        )
