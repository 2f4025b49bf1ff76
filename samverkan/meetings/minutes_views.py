"""Pages for writing, approving and reading minutes, and the decision register."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import Access, action_named, collaboration_for
from samverkan.audit import stale
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.views import deny, form_page
from samverkan.lib.errors import DomainError
from samverkan.lib.forms import posted_text
from samverkan.lib.http import download, object_id
from samverkan.lib.pagination import page_of
from samverkan.meetings import documents, visibility
from samverkan.meetings import minutes as minutes_service
from samverkan.meetings.forms import DecisionFilterForm, MinuteItemForm
from samverkan.meetings.models import (
    WORKING_GROUP_PREFETCH,
    AttendanceStatus,
    Decision,
    Meeting,
    MinuteItem,
    Minutes,
    MinutesStatus,
    Signatory,
)
from samverkan.meetings.permissions import MANAGE_MEETINGS
from samverkan.organisations.models import Group, Membership, Person


def _meeting(request: HttpRequest, slug: str, pk: int) -> tuple[Collaboration, Access, Meeting]:
    collaboration, access = collaboration_for(request, slug)
    meeting = get_object_or_404(
        Meeting.objects.visible_to(access).select_related("group"), pk=pk, group__collaboration=collaboration
    )
    return collaboration, access, meeting


def _person(request: HttpRequest) -> Person | None:
    return Person.objects.filter(user=request.user).first() if request.user.is_authenticated else None  # type: ignore[misc]


def minutes_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretary's page: attendance, §§ with decisions, adjusters, and the approval status."""
    collaboration, access, meeting = _meeting(request, slug, pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
        return deny(request)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if request.method == "POST":
        action = request.POST.get("action")
        before = minutes_service.approvals_given(minutes) if minutes else []

        def saved(text: str) -> None:
            # a change under given approvals withdrew them: say whose, and that they are asked again
            assert minutes is not None
            notice = minutes_service.withdrawal_notice(minutes, before)
            messages.success(request, f"{text} {notice}" if notice else text)

        try:
            if action == "starta":
                minutes_service.start_minutes(meeting=meeting, actor=request.user)
            elif minutes is None:
                raise DomainError(_("Börja protokollet först."))
            elif action == "narvaro":
                members = Membership.objects.current(minutes_service.meeting_day(meeting)).filter(group=meeting.group)
                statuses = {
                    m.person_id: (
                        request.POST.get(f"narvaro-{m.person_id}", AttendanceStatus.ABSENT),
                        posted_text(request.POST.get(f"anteckning-{m.person_id}"), limit=200),
                    )
                    for m in members
                }
                guests = [
                    posted_text(line, limit=200)
                    for line in posted_text(request.POST.get("adjungerade"), multiline=True).splitlines()
                ]
                minutes_service.record_attendance(minutes=minutes, statuses=statuses, guests=guests, actor=request.user)
                saved(_("Närvaron är sparad."))
            elif action == "fran-dagordning":
                created = minutes_service.items_from_agenda(minutes=minutes, actor=request.user)
                saved(_("%(n)s paragrafer skapades från dagordningen.") % {"n": len(created)})
            elif action == "justerare":
                ids = [object_id(i) for i in request.POST.getlist("justerare")]
                people = list(Person.objects.filter(pk__in=ids))
                minutes_service.set_adjusters(minutes=minutes, people=people, actor=request.user)
                saved(_("Justerarna är valda."))
            elif action == "skicka-for-justering":
                unreachable = minutes_service.send_for_approval(minutes=minutes, actor=request.user)
                messages.success(request, _("Protokollet skickas nu för justering med en länk till var och en."))
                for signatory in unreachable:
                    messages.warning(
                        request,
                        _("%(name)s har ingen e-postadress och får ingen länk. Lägg till adressen och skicka igen.")
                        % {"name": signatory.name},
                    )
            elif action == "ta-bort":
                item = get_object_or_404(MinuteItem, pk=object_id(request.POST.get("paragraf")), minutes=minutes)
                minutes_service.remove_minute_item(item=item, actor=request.user)
                saved(_("Paragrafen är borttagen."))
            else:
                raise DomainError(_("Okänd åtgärd."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("minutes_edit", slug, meeting.pk)
    day = minutes_service.meeting_day(meeting)
    members = Membership.objects.current(day).filter(group=meeting.group).select_related("person", "organisation")
    recorded = {a.person_id: a for a in meeting.attendance.all()} if minutes else {}
    rows = [
        {
            "membership": m,
            "status": recorded[m.person_id].status if m.person_id in recorded else AttendanceStatus.PRESENT,
            "note": recorded[m.person_id].note if m.person_id in recorded else "",
        }
        for m in sorted(members, key=lambda m: (m.organisation.name, m.person.last_name))
    ]
    return render(
        request,
        "meetings/minutes_edit.html",
        {
            "collaboration": collaboration,
            "access": access,
            "meeting": meeting,
            "minutes": minutes,
            "can_start": minutes is None and day <= timezone.localdate(),
            "rows": rows,
            "statuses": AttendanceStatus.choices,
            "guests": "\n".join(a.name for a in meeting.attendance.filter(person__isnull=True)) if minutes else "",
            "items": minutes.items.select_related("decision") if minutes else [],
            "signatories": minutes.signatories.all() if minutes else [],
            "progress": minutes_service.progress(minutes) if minutes else None,
            "adjuster_ids": set(
                minutes.signatories.filter(role=Signatory.Role.ADJUSTER).values_list("person_id", flat=True)
            )
            if minutes
            else set(),
            "candidates": minutes_service.adjuster_candidates(meeting)
            .exclude(pk__in=minutes.signatories.filter(role=Signatory.Role.CHAIR).values("person_id"))
            .order_by("last_name", "first_name")
            if minutes
            else [],
            "improper": minutes_service.improper_notice(minutes) if minutes else "",
        },
    )


def _saved_notice(minutes: Minutes, text: str) -> Callable[[Any], str]:
    """The success message of a § form, saying whose approvals the change withdrew."""
    before = minutes_service.approvals_given(minutes)

    def message(_saved: Any) -> str:
        notice = minutes_service.withdrawal_notice(minutes, before)
        return f"{text} {notice}" if notice else text

    return message


def minute_item_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, meeting = _meeting(request, slug, pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
        return deny(request)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    form = MinuteItemForm(request.POST or None, collaboration=collaboration, group=meeting.group)
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ny paragraf"),
        back=reverse("minutes_edit", args=[slug, meeting.pk]),
        save=lambda data: minutes_service.add_minute_item(minutes=minutes, actor=request.user, **data),
        success=_saved_notice(minutes, _("Paragrafen är tillagd.")),
        done=lambda item: reverse("minutes_edit", args=[slug, meeting.pk]) + f"#p{item.pk}",
    )


def minute_item_edit(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    collaboration, access, meeting = _meeting(request, slug, pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
        return deny(request)
    item = get_object_or_404(MinuteItem.objects.select_related("minutes"), pk=item_pk, minutes__meeting=meeting)

    def stored() -> dict[str, Any]:
        fresh = MinuteItem.objects.get(pk=item.pk)
        decision = Decision.objects.filter(item=fresh).first()
        return {
            "title": fresh.title,
            "text": fresh.text,
            "public": fresh.public,
            "decision": decision.text if decision else "",
        }

    form = MinuteItemForm(
        request.POST or None, collaboration=collaboration, group=meeting.group, editing=True, initial=stored()
    )
    stale.add_field(form, item.version)
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra § %(n)s") % {"n": item.number},
        back=reverse("minutes_edit", args=[slug, meeting.pk]),
        save=lambda data: minutes_service.update_minute_item(
            item=item,
            actor=request.user,
            title=data["title"],
            text=data["text"],
            public=data["public"],
            decision=data["decision"],
            loaded_version=stale.loaded(form),
        ),
        success=_saved_notice(item.minutes, _("Paragrafen är sparad.")),
        done=lambda saved: reverse("minutes_edit", args=[slug, meeting.pk]) + f"#p{saved.pk}",
        stored=stored,
    )


def minutes_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The minutes as published (approved), or the draft for the secretary, chair and adjusters."""
    collaboration, access, meeting = _meeting(request, slug, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if not visibility.minutes_readable(minutes, access):
        raise Http404
    assert minutes is not None
    signatory = minutes_service.signatory_for(minutes, _person(request))
    # the approval's progress and the fingerprint the approval is given for are asked only while
    # they are shown: published (approved) minutes need neither
    approvable = signatory is not None and signatory.approved_at is None and not minutes.locked
    return render(
        request,
        "meetings/minutes_detail.html",
        {
            "collaboration": collaboration,
            "access": access,
            "meeting": meeting,
            "minutes": minutes,
            "items": minutes.items.select_related("decision__corrects__item"),
            "attendance": meeting.attendance.all(),
            "signatories": minutes.signatories.all(),
            "show_hidden": visibility.shows_closed_items(access),
            "signatory": signatory,
            "approvable": approvable,
            "progress": None if minutes.locked else minutes_service.progress(minutes),
            "version": minutes_service.content_digest(minutes) if approvable else "",
            "can_edit": access.can(MANAGE_MEETINGS, meeting.group) and not minutes.locked,
        },
    )


@require_POST
def minutes_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A signatory approves in their own step (justering)."""
    _collaboration, _access, meeting = _meeting(request, slug, pk)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    person = _person(request)
    if minutes_service.signatory_for(minutes, person) is None:
        return deny(request)
    try:
        minutes_service.approve_minutes(
            minutes=minutes,
            person=person,
            actor=request.user,  # type: ignore[arg-type]
            seen=request.POST.get("version") or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        minutes.refresh_from_db()
        messages.success(
            request,
            _("Protokollet är justerat och publicerat.") if minutes.locked else _("Din justering är registrerad."),
        )
    return redirect("minutes_detail", slug, meeting.pk)


@never_cache
def approve_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """A signatory reads the draft through their e-mail link and approves it with one button (POST)."""
    try:
        link = minutes_service.link_for_token(token)
    except DomainError as error:
        return render(request, "organisations/confirm_invalid.html", {"message": error.message}, status=400)
    signatory = link.signatory
    minutes = signatory.minutes
    meeting = minutes.meeting
    error_message = None
    if request.method == "POST":
        try:
            minutes = minutes_service.approve_by_link(token=token, seen=request.POST.get("version", ""))
        except DomainError as refusal:
            error_message = refusal.message
        else:
            return render(
                request,
                "meetings/approve_done.html",
                {"minutes": minutes, "meeting": meeting, "signatory": signatory},
            )
    return render(
        request,
        "meetings/approve_by_link.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "signatory": signatory,
            "items": minutes.items.select_related("decision__corrects__item"),
            "attendance": meeting.attendance.all(),
            "signatories": minutes.signatories.all(),
            "progress": minutes_service.progress(minutes),
            "version": minutes_service.content_digest(minutes),
            "show_hidden": True,  # a signatory approves the whole text, non-public §§ included
            "error": error_message,
        },
    )


def minutes_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The approved minutes, newest meeting first, a page at a time (public documents)."""
    collaboration, access = collaboration_for(request, slug)
    approved = (
        Minutes.objects.filter(meeting__group__collaboration=collaboration, status=MinutesStatus.APPROVED)
        .select_related("meeting__group")
        .order_by("-meeting__starts_at", "-pk")
    )
    page = page_of(request, approved)
    return render(
        request,
        "meetings/minutes_list.html",
        {"collaboration": collaboration, "access": access, "minutes_list": page.object_list, "page": page},
    )


def decision_register(request: HttpRequest, slug: str) -> HttpResponse:
    """Every published decision, searchable and filterable by body, year and subject."""
    collaboration, access = collaboration_for(request, slug)
    form = DecisionFilterForm(request.GET or None, groups=Group.objects.filter(collaboration=collaboration))
    # asked once for the page, not per row; assignments are the plans app's (a layer above), by name
    shows_assignments = access.can(action_named("view_plans"))
    gives_assignments = access.can(action_named("manage_assignments"))
    decisions = (
        visibility.visible_decisions(collaboration, access)
        .select_related("item__group", "item__minutes__meeting", "corrects__item")
        .prefetch_related(
            "corrections__item",
            "plan_versions__document",
            *WORKING_GROUP_PREFETCH,
            *(["assignments"] if shows_assignments else []),
        )
    )
    if form.is_valid():
        data = form.cleaned_data
        if data.get("group"):
            decisions = decisions.filter(item__group=data["group"])
        if data.get("year"):
            decisions = decisions.filter(item__year=data["year"])
        if data.get("kind"):
            decisions = decisions.filter(kind=data["kind"])
        for word in (data.get("q") or "").split():
            decisions = decisions.filter(Q(text__icontains=word) | Q(item__title__icontains=word))
    page = page_of(request, decisions.order_by("-item__year", "-item__number", "-pk"))
    rows = [(d, list(d.assignments.all()) if shows_assignments else []) for d in page.object_list]
    return render(
        request,
        "meetings/decision_register.html",
        {
            "collaboration": collaboration,
            "access": access,
            "form": form,
            "rows": rows,
            "page": page,
            "gives_assignments": gives_assignments,
        },
    )


def notice_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _c, access, meeting = _meeting(request, slug, pk)
    content = documents.notice_pdf(
        meeting, include_hidden=visibility.shows_closed_items(access), video_link=meeting.video_link_for(access)
    )
    return download(content, "application/pdf", f"kallelse-{meeting.pk}.pdf")


def agenda_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _c, access, meeting = _meeting(request, slug, pk)
    content = documents.agenda_pdf(meeting, include_hidden=visibility.shows_closed_items(access))
    return download(content, "application/pdf", f"dagordning-{meeting.pk}.pdf")


def minutes_document(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    """The minutes as PDF (PDF/A once approved) or Word, for whoever may read them."""
    _c, access, meeting = _meeting(request, slug, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if not visibility.minutes_readable(minutes, access):
        raise Http404
    assert minutes is not None
    hidden = visibility.shows_closed_items(access)
    if fmt == "pdf":
        return download(
            documents.minutes_pdf(minutes, include_hidden=hidden), "application/pdf", f"protokoll-{meeting.pk}.pdf"
        )
    if fmt == "docx":
        return download(
            documents.minutes_docx(minutes, include_hidden=hidden),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            f"protokoll-{meeting.pk}.docx",
        )
    raise Http404


def meeting_archive(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _c, access, meeting = _meeting(request, slug, pk)
    if not access.can(MANAGE_MEETINGS, meeting.group):
        return deny(request)
    content = documents.archive_zip(meeting, video_link=meeting.video_link_for(access))
    return download(content, "application/zip", f"mote-{meeting.pk}.zip")
