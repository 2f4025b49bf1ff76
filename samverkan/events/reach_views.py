"""The reach pages: one event's and one year's (registrations, attendance, municipalities reached
and not, categories, the protected gender counts, evaluation averages, with charts and their
tables), the year's table as a file, and the button that fills the activity's follow-up.

Every participant of the collaboration sees the reach (`VIEW_EVENT_REACH`): the collaboration
group reports it, and the pages hold aggregates only. Filling the follow-up is for those who
manage events (`MANAGE_EVENTS`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.models import User
from samverkan.accounts.permissions import collaboration_for
from samverkan.collaborations.views import deny
from samverkan.events import charts, reach, rules
from samverkan.events.models import Category, Event, EventStatus, RegistrationGender
from samverkan.events.permissions import MANAGE_EVENTS, VIEW_EVENT_REACH
from samverkan.lib.errors import DomainError
from samverkan.lib.http import download, object_id

YEARS_BACK, YEARS_AHEAD = 10, 5  # the years a reach page is for, around this one (as the plans')


def _checked_year(year: int) -> int:
    today = timezone.localdate()
    if not today.year - YEARS_BACK <= year <= today.year + YEARS_AHEAD:
        raise Http404
    return year


def _labels() -> dict[str, object]:
    return {
        "gender_labels": [label for _value, label in RegistrationGender.choices],
        "category_labels": dict(Category.choices),
        "target_labels": rules.TARGET_GROUP_LABELS,
        "evaluation_min": rules.EVALUATION_MIN,
    }


def event_reach(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(VIEW_EVENT_REACH):
        return deny(request)
    event = get_object_or_404(
        Event.objects.filter(collaboration=collaboration).visible_to(access).select_related("activity"),
        pk=object_id(pk),
    )
    # an event's figures are its row of its year, so they are the same here as in the year's table
    row = None
    if event.status == EventStatus.PUBLISHED:
        row = reach.year_reach(collaboration, event.activity.year).of_event(event.pk)
    return render(
        request,
        "events/reach_event.html",
        {
            "collaboration": collaboration,
            "access": access,
            "event": event,
            "row": row,
            "chart": charts.categories_svg(row.figures) if row else "",
            "may_fill": access.can(MANAGE_EVENTS),
            **_labels(),
        },
    )


def events_reach_year(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(VIEW_EVENT_REACH):
        return deny(request)
    year_reach = reach.year_reach(collaboration, _checked_year(year))
    today = timezone.localdate()
    return render(
        request,
        "events/reach_year.html",
        {
            "collaboration": collaboration,
            "access": access,
            "year": year,
            "years": range(today.year - 3, today.year + 2),
            "reach": year_reach,
            "chart": charts.events_svg(year_reach) if year_reach.events else "",
            "category_chart": charts.categories_svg(year_reach.total) if year_reach.events else "",
            **_labels(),
        },
    )


def events_reach_export(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(VIEW_EVENT_REACH):
        return deny(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    year_reach = reach.year_reach(collaboration, _checked_year(year))
    filename = _("räckvidd-%(slug)s-%(year)s") % {"slug": collaboration.slug, "year": year}
    if fmt == "csv":
        return download(reach.export_csv(year_reach), "text/csv; charset=utf-8", f"{filename}.csv")
    return download(
        reach.export_xlsx(year_reach),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{filename}.xlsx",
    )


@require_POST
def event_fill_follow_up(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The activity's follow-up gets its participants by gender from its events' attendance."""
    collaboration, access = collaboration_for(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = get_object_or_404(
        Event.objects.filter(collaboration=collaboration).select_related("activity"), pk=object_id(pk)
    )
    assert isinstance(request.user, User)  # managing events takes a login
    try:
        activity = reach.fill_follow_up(activity=event.activity, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Uppföljningen av %(activity)s har fått närvaron: %(count)s deltagare.")
            % {"activity": activity.title, "count": activity.participants or 0},
        )
    return redirect(reverse("event_reach", args=[slug, event.pk]))


patterns = [
    path("evenemang/<int:pk>/rackvidd/", event_reach, name="event_reach"),
    path("evenemang/<int:pk>/rackvidd/fyll-i-uppfoljningen/", event_fill_follow_up, name="event_fill_follow_up"),
    path("evenemang/rackvidd/<int:year>/", events_reach_year, name="events_reach_year"),
    path("evenemang/rackvidd/<int:year>/export.<str:fmt>", events_reach_export, name="events_reach_export"),
]
