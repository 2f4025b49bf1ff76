"""What a check says about one clause: the types every app's rules return.

A finding names its clause (`rule`, an ID of the model file), its status, a message for the
user, what it is about (`subject`), the agreement's words (`quote`, from the model file only) and
where it is fixed (`link`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.urls import reverse

Status = Literal["ok", "warning", "breach"]
STATUS_ORDER: dict[str, int] = {"ok": 0, "warning": 1, "breach": 2}


@dataclass(frozen=True)
class Link:
    """Where a finding is fixed: a URL name whose first argument is the collaboration's slug,
    the further arguments, and a query string without its "?" (empty: none). Rules build it as
    a plain value; the page resolves it with the collaboration's slug."""

    url_name: str
    args: tuple[int | str, ...] = ()
    query: str = ""

    def url(self, slug: str) -> str:
        path = reverse(self.url_name, args=[slug, *self.args])
        return f"{path}?{self.query}" if self.query else path


COLLABORATION = Link("collaboration")  # a finding with no better place links to the collaboration


@dataclass(frozen=True)
class Finding:
    rule: str
    status: Status
    message: str
    subject: str
    quote: str
    link: Link | None = None  # where it is fixed; None: the collaboration's page

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "status": self.status,
            "message": self.message,
            "subject": self.subject,
            "quote": self.quote,
        }


def worst(statuses: Iterable[str]) -> Status:
    result: Status = "ok"
    for status in statuses:
        if STATUS_ORDER[status] > STATUS_ORDER[result]:
            result = status  # type: ignore[assignment]
    return result


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"ok": 0, "warning": 0, "breach": 0}
    for finding in findings:
        counts[finding.status] += 1
    return counts
