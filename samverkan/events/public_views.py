"""The public side of events: the list of coming events, an event's page with the registration
form, and the registrant's personal link (see, change, cancel) that needs no account."""

from __future__ import annotations

from django.db.models import Min, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone

from samverkan.accounts.permissions import collaboration_for
from samverkan.events.models import Event, EventSession, Registration


def coming_events(collaboration, access):  # type: ignore[no-untyped-def]
    """The events this reader may see whose last session has not ended, soonest first."""
    now = timezone.now()
    return (
        Event.objects.filter(collaboration=collaboration)
        .visible_to(access)
        .filter(sessions__ends_at__gte=now)
        .annotate(first_start=Min("sessions__starts_at"))
        .select_related("activity")
        .prefetch_related(Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "pk")))
        .order_by("first_start", "title", "pk")
        .distinct()
    )


def event_list(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    return render(
        request,
        "events/event_list.html",
        {"collaboration": collaboration, "access": access, "events": coming_events(collaboration, access)},
    )


def event_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    event = get_object_or_404(Event.objects.filter(collaboration=collaboration).visible_to(access), pk=pk)
    return render(
        request, "events/event_detail.html", {"collaboration": collaboration, "access": access, "event": event}
    )


def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("event__collaboration"), token=token)
    return render(
        request,
        "events/registration_manage.html",
        {"registration": registration, "event": registration.event},
    )


patterns = [
    path("evenemang/", event_list, name="event_list"),
    path("evenemang/<int:pk>/", event_detail, name="event_detail"),
]

link_patterns = [
    path("anmalan/<str:token>/", registration_manage, name="registration_manage"),
]
