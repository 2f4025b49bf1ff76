from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import VIEW_AUDIT, Access, access_for, collaboration_for
from samverkan.audit import stale
from samverkan.audit.models import AuditEntry
from samverkan.collaborations import desk
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.views import deny, form_page
from samverkan.lib.errors import DomainError
from samverkan.lib.http import content_disposition, download
from samverkan.meetings import notices, services, visibility
from samverkan.meetings.calendar import calendar_bytes
from samverkan.meetings.forms import (
    AgendaDocumentForm,
    AgendaItemForm,
    MeetingForm,
    SuggestionForm,
    supplement_field,
)
from samverkan.meetings.models import (
    AgendaDocument,
    AgendaItem,
    AgendaItemStatus,
    CalendarFeed,
    DatePoll,
    DatePollStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from samverkan.meetings.permissions import MANAGE_MEETINGS, PLAN_MEETINGS, SUGGEST_AGENDA_ITEM
from samverkan.meetings.rules import holiday_name, meeting_years
from samverkan.organisations.models import Group, Membership, Person


def organised_groups(collaboration: Collaboration, access: Access) -> list[Group]:
    """The current groups whose meetings this user may plan."""
    groups = Group.objects.current().filter(collaboration=collaboration)
    return [g for g in groups if access.can(MANAGE_MEETINGS, g)]


def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every coming meeting, whatever the year, and this year's earlier ones; or one chosen year."""
    collaboration, access = collaboration_for(request, slug)
    today = timezone.localdate()
    chosen = "ar" in request.GET
    try:
        year = int(request.GET.get("ar", today.year))
    except ValueError:
        year = today.year
    allowed = meeting_years(today)
    if year not in allowed:
        raise Http404
    all_meetings = Meeting.objects.visible_to(access).filter(group__collaboration=collaboration).select_related("group")
    now = timezone.now()
    if chosen:
        meetings, upcoming = list(all_meetings.in_year(year)), []
    else:
        upcoming = list(all_meetings.filter(ends_at__gte=now))
        meetings = list(all_meetings.in_year(today.year).filter(ends_at__lt=now))
    for meeting in meetings + upcoming:
        meeting.holiday = holiday_name(timezone.localtime(meeting.starts_at).date())  # type: ignore[attr-defined]
    open_polls = DatePoll.objects.filter(group__collaboration=collaboration, status=DatePollStatus.OPEN)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "polls": [p for p in open_polls.select_related("group") if access.can(MANAGE_MEETINGS, p.group)],
            "collaboration": collaboration,
            "access": access,
            "meetings": meetings,
            "upcoming": upcoming,
            "chosen": chosen,
            "year": year,
            # the years near today, and every other year that has a meeting
            "years": sorted(
                {*range(today.year - 2, today.year + 3), year}
                | {d.year for d in all_meetings.dates("starts_at", "year") if d.year in allowed}
            ),
            "can_plan": access.can(PLAN_MEETINGS),
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
    meeting = get_object_or_404(
        Meeting.objects.visible_to(access).select_related("group"), pk=pk, group__collaboration=collaboration
    )
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
            "can_manage": access.can(MANAGE_MEETINGS, meeting.group),
            "video_link": meeting.video_link_for(access),
            # a meeting that is over or cancelled is not offered to calendars
            "offer_calendar": meeting.ends_at >= timezone.now() and meeting.status != MeetingStatus.CANCELLED,
            "editable": meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CALLED),
            "agenda": meeting.agenda_items.filter(status=AgendaItemStatus.ACCEPTED).prefetch_related("documents"),
            "show_hidden": visibility.shows_closed_items(access),
            "follow_up": notices.follow_up_items(meeting, include_hidden=visibility.shows_closed_items(access)),
            "has_minutes": Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists(),
            "suggestions": meeting.agenda_items.filter(status=AgendaItemStatus.SUGGESTED).select_related(
                "suggested_by"
            ),
            "can_suggest": access.can(SUGGEST_AGENDA_ITEM, meeting.group) and services.suggestions_open(meeting),
            "audit": AuditEntry.objects.for_object(meeting)[:20] if access.can(VIEW_AUDIT) else None,
            "supplements": services.supplementary_notices(meeting),
        },
    )


def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, meeting = _meeting(request, slug, pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
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
    if not access.can(MANAGE_MEETINGS, meeting.group):
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


def _item(request: HttpRequest, slug: str, pk: int, item_pk: int) -> tuple[Collaboration, Access, Meeting, AgendaItem]:
    collaboration, access, meeting = _meeting(request, slug, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    return collaboration, access, meeting, item


def agenda_item_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Organisers add items (SG5); other members of the group suggest them before the deadline."""
    collaboration, access, meeting = _meeting(request, slug, pk)
    organiser = access.can(MANAGE_MEETINGS, meeting.group)
    if not (organiser or access.can(SUGGEST_AGENDA_ITEM, meeting.group)):
        return deny(request)
    form = (AgendaItemForm if organiser else SuggestionForm)(request.POST or None)
    if organiser and meeting.status == MeetingStatus.CALLED:
        form.fields["supplement"] = supplement_field()  # the notice has gone out: offer to send the item
    suggested_by = None if organiser else Person.objects.filter(user=request.user).first()  # type: ignore[misc]
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=(_("Ny punkt på dagordningen") if organiser else _("Föreslå en punkt till dagordningen")),
        back=reverse("meeting_detail", args=[slug, meeting.pk]),
        save=lambda data: services.add_agenda_item(
            meeting=meeting,
            actor=request.user,
            suggested_by=suggested_by,
            supplement=data.pop("supplement", False),
            **data,
        ),
        success=_("Punkten är tillagd.")
        if organiser
        else _("Tack! Förslaget är skickat till ordförande och samordnare."),
        done=lambda _item: reverse("meeting_detail", args=[slug, meeting.pk]) + "#dagordning",
    )


def agenda_item_edit(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    collaboration, access, meeting, item = _item(request, slug, pk, item_pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
        return deny(request)
    form = AgendaItemForm(request.POST or None, instance=AgendaItem.objects.get(pk=item.pk))
    stale.add_field(form, item.version)
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra punkten %(title)s") % {"title": item.title},
        back=reverse("meeting_detail", args=[slug, meeting.pk]),
        save=lambda data: services.update_agenda_item(
            item=item, actor=request.user, loaded_version=stale.loaded(form), **data
        ),
        success=_("Punkten är sparad."),
        done=lambda _item: reverse("meeting_detail", args=[slug, meeting.pk]) + "#dagordning",
        stored=lambda: model_to_dict(AgendaItem.objects.get(pk=item.pk), fields=list(AgendaItemForm.Meta.fields)),
    )


@require_POST
def agenda_item_action(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    """Move up or down, accept a suggestion, or remove: one small form per button."""
    _collaboration, access, meeting, item = _item(request, slug, pk, item_pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
        return deny(request)
    action = request.POST.get("action")
    try:
        if action in ("upp", "ner"):
            services.move_agenda_item(item=item, up=action == "upp", actor=request.user)
        elif action in ("godkann", "godkann-tillagg"):
            with transaction.atomic():  # accepted and sent out, or neither
                services.update_agenda_item(item=item, actor=request.user, status=AgendaItemStatus.ACCEPTED)
                if action == "godkann-tillagg":
                    services.send_supplementary_notice(meeting=meeting, actor=request.user)
            if action == "godkann-tillagg":
                messages.success(request, _("Förslaget är lagt på dagordningen och en tilläggskallelse skickas."))
            else:
                messages.success(request, _("Förslaget är lagt på dagordningen."))
        elif action == "ta-bort" and item.status == AgendaItemStatus.SUGGESTED:
            services.remove_agenda_item(item=item, actor=request.user)
            messages.success(request, _("Förslaget är avböjt."))
        elif action == "ta-bort":  # an item on the agenda goes only after the organiser has seen what else changes
            return redirect("agenda_item_remove", slug, meeting.pk, item.pk)
        else:
            messages.error(request, _("Okänd åtgärd."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("meeting_detail", args=[slug, meeting.pk]) + "#dagordning")


def agenda_item_remove(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    """Ask before an item leaves the agenda, saying what else changes; remove it on POST."""
    collaboration, access, meeting, item = _item(request, slug, pk, item_pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
        return deny(request)
    error = None
    if request.method == "POST":
        try:
            services.remove_agenda_item(item=item, actor=request.user)
        except DomainError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Punkten %(title)s är borttagen.") % {"title": item.title})
            return redirect(reverse("meeting_detail", args=[slug, meeting.pk]) + "#dagordning")
    return render(
        request,
        "meetings/agenda_item_remove.html",
        {
            "collaboration": collaboration,
            "access": access,
            "meeting": meeting,
            "item": item,
            "consequences": services.removal_consequences(item),
            "error": error,
        },
    )


def meeting_call(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Send the notice: a confirmation page that lists who will be called."""
    collaboration, access, meeting = _meeting(request, slug, pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
        return deny(request)
    error = None
    if request.method == "POST":
        try:
            services.send_notice(meeting=meeting, actor=request.user)
        except DomainError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Kallelsen skickas nu till alla i %(group)s.") % {"group": meeting.group.name})
            return redirect("meeting_detail", slug, meeting.pk)
    return render(
        request,
        "meetings/meeting_call.html",
        {
            "collaboration": collaboration,
            "access": access,
            "meeting": meeting,
            "error": error,
            "recipients": notices.recipients(meeting),
            "convener": notices.convener_of(meeting),
            "agenda": meeting.agenda_items.filter(status=AgendaItemStatus.ACCEPTED).prefetch_related("documents"),
            "follow_up": notices.follow_up_items(meeting, include_hidden=visibility.shows_closed_items(access)),
            "has_minutes": Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists(),
        },
    )


def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One meeting as an .ics file to add to a calendar."""
    _collaboration, access, meeting = _meeting(request, slug, pk)
    event = notices.event_for(
        meeting, include_hidden=visibility.shows_closed_items(access), video_link=meeting.video_link_for(access)
    )
    return download(calendar_bytes([event], method="PUBLISH"), "text/calendar; charset=utf-8", f"mote-{meeting.pk}.ics")


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's personal feed, for calendar subscriptions: what every app registers for the person
    (`collaborations.desk.register_feed`) in each collaboration they sit in: the meetings of their
    groups, the events they registered for with a seat."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    # the collaborations of their groups, and those whose contact list they are on (as Att göra
    # counts them: an inspector in no group registers for the collaboration's trainings)
    seats = Membership.objects.current().filter(person__user=feed.user).values("group__collaboration_id")
    listed = Person.objects.filter(user=feed.user).values("registered_in")
    collaborations = Collaboration.objects.filter(Q(pk__in=seats) | Q(pk__in=listed))
    events = desk.feed_events([(c, access_for(feed.user, c)) for c in collaborations])
    content = calendar_bytes(events, method="PUBLISH", name=_("Samverkan – min kalender"))
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """Create or replace the secret address of the personal calendar feed."""
    feed = CalendarFeed.objects.filter(user=request.user).first()  # type: ignore[misc]
    if request.method == "POST":
        feed = services.reset_calendar_feed(user=request.user)
        messages.success(request, _("Du har en ny kalenderadress. Den gamla fungerar inte längre."))
        return redirect("calendar_settings")
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token])) if feed else None
    return render(request, "meetings/calendar_settings.html", {"feed_url": url})


def document_add(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    collaboration, access, meeting, item = _item(request, slug, pk, item_pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
        return deny(request)
    form = AgendaDocumentForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Bifoga handling till %(title)s") % {"title": item.title},
        back=reverse("meeting_detail", args=[slug, meeting.pk]) + "#dagordning",
        save=lambda data: services.attach_document(
            item=item, upload=data["file"], title=data["title"], actor=request.user
        ),
        success=_("Handlingen är bifogad."),
        done=lambda _document: reverse("meeting_detail", args=[slug, meeting.pk]) + "#dagordning",
    )


def document_download(request: HttpRequest, slug: str, pk: int, doc_pk: int) -> FileResponse:
    """Documents of public items are public; those of other items are for participants only."""
    _collaboration, access, meeting = _meeting(request, slug, pk)
    document = get_object_or_404(AgendaDocument.objects.select_related("item"), pk=doc_pk, item__meeting=meeting)
    if not visibility.document_readable(document, access):
        raise Http404
    response = FileResponse(document.file.open("rb"), as_attachment=True)
    response["Content-Disposition"] = content_disposition(document.filename)
    return response


@require_POST
def document_remove(request: HttpRequest, slug: str, pk: int, doc_pk: int) -> HttpResponse:
    _collaboration, access, meeting = _meeting(request, slug, pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
        return deny(request)
    document = get_object_or_404(AgendaDocument.objects.select_related("item"), pk=doc_pk, item__meeting=meeting)
    try:
        services.remove_document(document=document, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Handlingen är borttagen."))
    return redirect(reverse("meeting_detail", args=[slug, meeting.pk]) + "#dagordning")
