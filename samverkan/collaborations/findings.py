"""What a check says about one clause: the types every app's rules return.

A finding names its clause (`rule`, an ID of the model file), its status, a message for the
user, what it is about (`subject`), the agreement's words (`quote`, from the model file only) and
where it is fixed (`target`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Status = Literal["ok", "warning", "breach"]
STATUS_ORDER: dict[str, int] = {"ok": 0, "warning": 1, "breach": 2}


@dataclass(frozen=True)
class Target:
    """Where a finding is fixed: a kind of page and the object's id."""

    kind: Literal[
        "group",
        "organisation",
        "collaboration",
        "contacts",
        "plan_meeting",
        "minutes",
        "plan",
        "plans",
        "activity",
        "assignment",
        "finance",
        "time",
    ]
    id: int


@dataclass(frozen=True)
class Finding:
    rule: str
    status: Status
    message: str
    subject: str
    quote: str
    target: Target | None = None

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
