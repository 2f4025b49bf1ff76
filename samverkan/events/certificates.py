"""Certificates of attendance as PDF (issue 15, part 6): one A4 page per person who attended, with
the event, its dates and hours (the sessions' lengths summed), the collaboration, and the contact
person as signatory. Rendered with WeasyPrint from a template (meetings.documents.html_to_pdf)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.events import rules
from samverkan.events.models import Event, Registration
from samverkan.lib.documents_text import file_name_segment
from samverkan.lib.errors import DomainError
from samverkan.meetings.documents import html_to_pdf


def attended(event: Event) -> list[Registration]:
    """Those the organiser marked as present, by name."""
    return sorted(
        event.registrations.filter(attended=True, anonymised_at__isnull=True).select_related("organisation"),
        key=lambda r: (r.name.casefold(), r.pk),
    )


def refusal(registration: Registration) -> DomainError | None:
    if registration.attended is not True or registration.anonymised_at is not None:
        return DomainError(
            _("Intyg ges bara till den som har närvarat, och %(name)s är inte markerad som närvarande.")
            % {"name": registration.name}
        )
    return None


def context(event: Event, registrations: Sequence[Registration]) -> dict[str, Any]:
    sessions = list(event.sessions.all())
    contact = event.contact_person
    return {
        "event": event,
        "collaboration": event.collaboration,
        "registrations": registrations,
        "sessions": sessions,
        "hours": _whole(rules.hours_of((s.starts_at, s.ends_at) for s in sessions)),
        "first": sessions[0].starts_at if sessions else None,
        "last": sessions[-1].ends_at if sessions else None,
        "signatory": contact,
        "signatory_organisation": contact.organisation.name if contact else "",
        "issued_on": timezone.localdate(),
    }


def _whole(hours: Decimal) -> Decimal | int:
    """6 hours as "6", not "6,0"; 4.5 stays."""
    return int(hours) if hours == hours.to_integral_value() else hours


def certificates_pdf(event: Event, registrations: Sequence[Registration]) -> bytes:
    """One page per registration, in the order given."""
    return html_to_pdf("events/pdf/certificate.html", context(event, registrations))


def file_name(event: Event, registration: Registration | None = None) -> str:
    words = [_("Intyg"), event.title] + ([registration.name] if registration else [])
    return file_name_segment(" – ".join(words), default="intyg") + ".pdf"
