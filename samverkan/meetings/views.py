from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.accounts.permissions import Access
from samverkan.agreement.models import Collaboration
from samverkan.agreement.views import collaboration_for, deny, form_page
from samverkan.audit.models import AuditEntry
from samverkan.lib.errors import DomainError
from samverkan.meetings import services
from samverkan.meetings.forms import MeetingForm
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.rules import holiday_name
from samverkan.organisations.models import Group


def organised_groups(collaboration: Collaboration, access: Access) -> list[Group]:
    """The current groups whose meetings this user may plan."""
    groups = Group.objects.current().filter(collaboration=collaboration)
    return [g for g in groups if access.can("manage_meetings", g)]


def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("ar", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 5:
        raise Http404
    meetings = list(Meeting.objects.filter(group__collaboration=collaboration).in_year(year).select_related("group"))
    for meeting in meetings:
        meeting.holiday = holiday_name(timezone.localtime(meeting.starts_at).date())  # type: ignore[attr-defined]
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "collaboration": collaboration,
            "access": access,
            "meetings": meetings,
            "year": year,
            "years": range(today.year - 2, today.year + 3),
            "can_plan": access.can("plan_meetings"),
        },
    )


def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    groups = organised_groups(collaboration, access)
    if not groups:
        return deny(request)
    initial = {"group": request.GET.get("grupp")}
    form = MeetingForm(
        request.POST or None, initial=initial, groups=Group.objects.filter(pk__in=[g.pk for g in groups])
    )
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Planera möte"),
        back=reverse("meeting_list", args=[slug]),
        save=lambda data: services.plan_meeting(group=data["group"], actor=request.user, **form.service_arguments()),
        success=_("Mötet är planerat."),
        done=lambda meeting: reverse("meeting_detail", args=[slug, meeting.pk]),
    )


def _meeting(request: HttpRequest, slug: str, pk: int) -> tuple[Collaboration, Access, Meeting]:
    collaboration, access = collaboration_for(request, slug)
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk, group__collaboration=collaboration)
    return collaboration, access, meeting


def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, meeting = _meeting(request, slug, pk)
    day = timezone.localtime(meeting.starts_at).date()
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "collaboration": collaboration,
            "access": access,
            "meeting": meeting,
            "holiday": holiday_name(day),
            "can_manage": access.can("manage_meetings", meeting.group),
            "show_link": access.is_participant,
            "editable": meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CALLED),
            "audit": AuditEntry.objects.for_object(meeting)[:20] if access.can("view_audit") else None,
        },
    )


def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, meeting = _meeting(request, slug, pk)
    if not access.can("manage_meetings", meeting.group):
        return deny(request)
    form = MeetingForm(
        request.POST or None, initial=MeetingForm.initial_for(meeting), groups=Group.objects.none(), fixed_group=True
    )
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra %(meeting)s") % {"meeting": meeting.display_title},
        back=reverse("meeting_detail", args=[slug, meeting.pk]),
        save=lambda data: services.update_meeting(meeting=meeting, actor=request.user, **form.service_arguments()),
        success=_("Mötet är ändrat."),
        done=lambda saved: reverse("meeting_detail", args=[slug, saved.pk]),
    )


def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, meeting = _meeting(request, slug, pk)
    if not access.can("manage_meetings", meeting.group):
        return deny(request)
    error = None
    if request.method == "POST":
        try:
            services.cancel_meeting(meeting=meeting, actor=request.user)
        except DomainError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Mötet är inställt."))
            return redirect("meeting_detail", slug, meeting.pk)
    return render(
        request,
        "meetings/meeting_cancel.html",
        {"collaboration": collaboration, "access": access, "meeting": meeting, "error": error},
    )
