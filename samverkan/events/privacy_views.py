"""A registrant's own data by their personal link, without an account (GDPR): download it as JSON,
or delete it now. The personal-link page (`registration_manage`) links here.

After the deletion the link's token is replaced, so the link, and these pages, stop working: an
unknown link gets a page that says so (404), never a trace of whether it ever existed."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache

from samverkan.events import retention
from samverkan.events.models import EventStatus, Registration, RegistrationStatus
from samverkan.lib.errors import DomainError
from samverkan.lib.http import content_disposition


def _by_link(token: str) -> Registration | None:
    return (
        retention.for_export(Registration.objects.filter(token=token, anonymised_at__isnull=True))
        .select_related("event__collaboration")
        .first()
    )


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "events/registration_gone.html", status=404)


@never_cache
def registration_data(request: HttpRequest, token: str) -> HttpResponse:
    """Everything kept about the registration, as a JSON download."""
    registration = _by_link(token)
    if registration is None:
        return _gone(request)
    body = json.dumps(retention.registration_data(registration), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = content_disposition(f"anmalan-{registration.event_id}.json")
    return response


@never_cache
def registration_erase(request: HttpRequest, token: str) -> HttpResponse:
    """GET: what deleting means (a seat is given up); POST: delete now, then say it is done."""
    registration = _by_link(token)
    if registration is None:
        return _gone(request)
    event = registration.event
    coming = event.status == EventStatus.PUBLISHED and any(s.ends_at >= timezone.now() for s in event.sessions.all())
    cancels = coming and registration.status != RegistrationStatus.CANCELLED
    if request.method == "POST":
        try:
            retention.erase_own(registration)
        except DomainError:  # deleted a moment ago, by another request with the same link
            return _gone(request)
        return render(
            request,
            "events/registration_erased.html",
            {"event": event, "collaboration": event.collaboration, "cancelled": cancels},
        )
    return render(
        request,
        "events/registration_erase.html",
        {
            "registration": registration,
            "event": event,
            "collaboration": event.collaboration,
            "cancels": cancels,
            "retention_months": event.collaboration.model.events.retention_months,
        },
    )


patterns: list = []

link_patterns = [
    path("anmalan/<str:token>/uppgifter.json", registration_data, name="registration_data"),
    path("anmalan/<str:token>/ta-bort/", registration_erase, name="registration_erase"),
]
