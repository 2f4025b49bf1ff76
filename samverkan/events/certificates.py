"""Certificates of attendance as PDF (issue 15, part 6): one A4 page per person who attended, with
the event, its dates and hours (the sessions' lengths summed), the collaboration, and the contact
person as signatory. Rendered with WeasyPrint from a template (meetings.documents.html_to_pdf)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
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
        **_hours(rules.hours_of((s.starts_at, s.ends_at) for s in sessions)),
        "first": sessions[0].starts_at if sessions else None,
        "last": sessions[-1].ends_at if sessions else None,
        "signatory": contact,
        "signatory_organisation": contact.organisation.name if contact else "",
        "issued_on": timezone.localdate(),
    }


def _hours(hours: Decimal) -> dict[str, Any]:
    """The hours as the certificate writes them ("6", "4,5": no ",0") and the number that picks
    "timme" or "timmar" (gettext's plural takes a whole number; 1,5 is plural)."""
    whole = hours == hours.to_integral_value()
    return {
        "hours": number_format(hours, 0 if whole else 1),
        "hours_count": int(hours) if whole else 2,
    }


def certificates_pdf(event: Event, registrations: Sequence[Registration]) -> bytes:
    """One page per registration, in the order given."""
    return html_to_pdf("events/pdf/certificate.html", context(event, registrations))


def file_name(event: Event, registration: Registration | None = None) -> str:
    words = [_("Intyg"), event.title] + ([registration.name] if registration else [])
    return file_name_segment(" – ".join(words), default="intyg") + ".pdf"
