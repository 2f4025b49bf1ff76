"""Views of the yearly cycle: plans, activities, follow-up, assignments, calendar and planner."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import VIEW_AUDIT, Access, collaboration_for
from samverkan.audit import stale
from samverkan.audit.models import AuditEntry
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.views import deny, form_page
from samverkan.lib.errors import DomainError
from samverkan.lib.forms import posted_text
from samverkan.lib.http import download
from samverkan.lib.pagination import page_of
from samverkan.meetings.models import Decision, MinutesStatus
from samverkan.organisations.models import Group, GroupKind, Person
from samverkan.plans import calendar, documents, kinds, rules, services, visibility
from samverkan.plans.forms import (
    ActivityForm,
    AdoptForm,
    AssignmentForm,
    DraftForm,
    FollowUpForm,
    ProgressForm,
    SendBackForm,
    StartDocumentForm,
    SubmitForm,
)
from samverkan.plans.models import (
    Activity,
    ActivityKind,
    Assignment,
    PlanDocument,
    PlanStatus,
    PlanVersion,
)
from samverkan.plans.permissions import (
    DRAFT_PLAN,
    MANAGE_ACTIVITIES,
    MANAGE_ASSIGNMENTS,
    PLAN_YEAR,
    REPORT_ASSIGNMENT,
    SEND_BACK_PLAN,
    VIEW_CALENDAR,
    VIEW_PLANS,
)


def _year(request: HttpRequest, default: int | None = None) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("ar", default or today.year))
    except ValueError:
        year = default or today.year
    if not today.year - 10 <= year <= today.year + 5:
        raise Http404
    return year


def _drafting_group(collaboration: Collaboration, doc_type: str) -> Group | None:
    spec = collaboration.model.document(doc_type)
    return Group.objects.filter(collaboration=collaboration, key=spec.drafted_by).first() if spec else None


def _deciding_group(collaboration: Collaboration, doc_type: str) -> Group | None:
    spec = collaboration.model.document(doc_type)
    return Group.objects.filter(collaboration=collaboration, key=spec.decided_by).first() if spec else None


def _may_draft(access: Access, collaboration: Collaboration, doc_type: str) -> bool:
    return access.can(DRAFT_PLAN, _drafting_group(collaboration, doc_type))


# --- plan documents ---------------------------------------------------------------------------


def plan_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The year's plan documents and where each stands; the public sees the decided ones."""
    collaboration, access = collaboration_for(request, slug)
    participant = visibility.shows_drafts(access)
    # participants open on the year being planned; the public on the latest year with a decision
    default = timezone.localdate().year + 1 if participant else services.latest_decided_year(collaboration)
    year = _year(request, default)
    model = collaboration.model
    documents_by_type = {
        d.doc_type: d
        for d in PlanDocument.objects.filter(collaboration=collaboration, year=year).prefetch_related(
            "versions__decision__item__minutes__meeting"
        )
    }
    rows = []
    startable: list[tuple[str, str]] = []
    for spec in model.documents:
        document = documents_by_type.get(spec.type)
        latest = decided = None
        if document is not None:
            versions = sorted(document.versions.all(), key=lambda v: -v.number)
            latest = versions[0] if versions else None
            decided = next((v for v in versions if v.status == PlanStatus.DECIDED), None)
        if decided is None and not participant:  # the public sees what has a decided version
            continue
        rows.append(
            {
                "spec": spec,
                "document": document,
                "latest": latest,
                "decided": decided,
                "decided_on": timezone.localtime(decided.decision.item.minutes.meeting.starts_at).date()
                if decided and decided.decision
                else None,
                "deadline": spec.deadline(year) if participant else None,
            }
        )
        if document is None and _may_draft(access, collaboration, spec.type):
            startable.append((spec.type, spec.name))
    form = StartDocumentForm(types=startable, initial={"year": year}) if startable else None
    return render(
        request,
        "plans/plan_list.html",
        {
            "collaboration": collaboration,
            "access": access,
            "rows": rows,
            "year": year,
            "years": range(timezone.localdate().year - 2, timezone.localdate().year + 3),
            "form": form,
        },
    )


@require_POST
def plan_start(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    doc_type = request.POST.get("doc_type", "")
    if not access.is_authenticated or not _may_draft(access, collaboration, doc_type):
        return deny(request)
    try:
        year = int(request.POST.get("year", ""))
        today = timezone.localdate()
        if not today.year - 10 <= year <= today.year + 5:
            messages.error(
                request,
                _("Välj ett år mellan %(first)s och %(last)s.") % {"first": today.year - 10, "last": today.year + 5},
            )
            return redirect("plan_list", slug)
        document = services.start_document(
            collaboration=collaboration, doc_type=doc_type, year=year, actor=request.user
        )
    except ValueError:
        messages.error(request, _("Ange ett år med fyra siffror."))
        return redirect("plan_list", slug)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(reverse("plan_list", args=[slug]) + f"?ar={request.POST.get('year', '')}")
    messages.success(request, _("%(title)s är påbörjad som utkast.") % {"title": document.title})
    return redirect("plan_detail", slug, document.pk)


def _document(request: HttpRequest, slug: str, pk: int) -> tuple[Collaboration, Access, PlanDocument]:
    collaboration, access = collaboration_for(request, slug)
    document = get_object_or_404(PlanDocument, pk=pk, collaboration=collaboration)
    return collaboration, access, document


def _visible_versions(document: PlanDocument, access: Access) -> list[PlanVersion]:
    return list(document.versions.visible_to(access).select_related("decision__item__minutes", "agenda_item__meeting"))


def _chosen_version(request: HttpRequest, versions: list[PlanVersion]) -> PlanVersion:
    if not versions:
        raise Http404
    wanted = request.GET.get("version")
    if wanted:
        version = next((v for v in versions if str(v.number) == wanted), None)
        if version is None:
            raise Http404
        return version
    return versions[0]


def plan_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, document = _document(request, slug, pk)
    versions = _visible_versions(document, access)
    version = _chosen_version(request, versions)
    model = collaboration.model
    spec = model.document(document.doc_type)
    area_names = {a.key: a.name for a in model.collaboration_areas}
    may_draft = _may_draft(access, collaboration, document.doc_type)
    deciding = _deciding_group(collaboration, document.doc_type)
    live_activities = None
    if document.doc_type == "activity_plan" and version.editable and visibility.shows_drafts(access):
        live_activities = Activity.objects.filter(collaboration=collaboration, year=document.year)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "collaboration": collaboration,
            "access": access,
            "document": document,
            "spec": spec,
            "version": version,
            "versions": versions,
            "latest": versions[0],
            "areas": [area_names.get(k, k) for k in version.areas],
            "areas_at": rules.areas_section(s["title"] for s in version.sections),
            "area_names": area_names,
            "activity_lines": [rules.activity_line(a, area_names) for a in version.activities],
            "live_activities": live_activities,
            "budget": kinds.summary(version, with_findings=True),
            "may_draft": may_draft and version == versions[0],
            "may_submit": may_draft and version == versions[0] and services.may_resubmit(version),
            "may_send_back": version.status == PlanStatus.PROPOSAL and access.can(SEND_BACK_PLAN, deciding),
            "send_back_form": SendBackForm(),
            "submit_form": _submit_form(document, deciding),
            "deciding": deciding,
            "drafting": _drafting_group(collaboration, document.doc_type),
            "audit": AuditEntry.objects.for_object(version)[:10] if access.can(VIEW_AUDIT) else None,
        },
    )


def _submit_form(document: PlanDocument, deciding: Group | None, data: object = None) -> SubmitForm:
    return SubmitForm(
        data,  # type: ignore[arg-type]
        meetings=services.proposable_meetings(document) if deciding else [],
        group=deciding.name if deciding else "",
    )


def plan_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, document = _document(request, slug, pk)
    if not _may_draft(access, collaboration, document.doc_type):
        return deny(request)
    version = services.latest_version(document)
    if not version.editable:
        messages.error(request, _("Den här versionen kan inte ändras."))
        return redirect("plan_detail", slug, pk)
    areas = None
    if document.doc_type == "operations_plan":
        areas = [(a.key, a.name) for a in collaboration.model.collaboration_areas]
    form = DraftForm(request.POST or None, sections=version.sections, areas=areas, initial={"areas": version.areas})
    stale.add_field(form, version.version)

    def stored() -> dict[str, Any]:
        fresh = PlanVersion.objects.get(pk=version.pk)
        return {
            **{f"section_{i}": s.get("text", "") for i, s in enumerate(fresh.sections)},
            "areas": fresh.areas,
        }

    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra %(title)s (version %(n)s)") % {"title": document.title, "n": version.number},
        back=reverse("plan_detail", args=[slug, pk]),
        save=lambda data: services.update_draft(
            version=version,
            actor=request.user,
            texts=form.texts(),
            areas=data.get("areas"),
            loaded_version=stale.loaded(form),
        ),
        success=_("Utkastet är sparat."),
        done=lambda _v: reverse("plan_detail", args=[slug, pk]),
        stored=stored,
    )


@require_POST
def plan_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Submit as a proposal, start a new version (drafting body), or send back (deciding body)."""
    collaboration, access, document = _document(request, slug, pk)
    action = request.POST.get("action", "")
    version = services.latest_version(document)
    try:
        if (
            action == "submit"
            and _may_draft(access, collaboration, document.doc_type)
            and services.may_resubmit(version)
        ):
            meeting = None
            if request.POST.get("meeting"):
                form = _submit_form(document, _deciding_group(collaboration, document.doc_type), request.POST)
                if not form.is_valid():
                    messages.error(request, " ".join(form.errors["meeting"]))
                    return redirect("plan_detail", slug, pk)
                meeting = form.chosen()
            version = services.submit(version=version, actor=request.user, meeting=meeting)
            assert version.agenda_item is not None
            messages.success(
                request,
                _("Förslaget ligger på dagordningen för %(meeting)s.") % {"meeting": version.agenda_item.meeting},
            )
        elif action == "new_version" and _may_draft(access, collaboration, document.doc_type):
            version = services.new_version(document=document, actor=request.user)
            messages.success(request, _("Version %(n)s är påbörjad som utkast.") % {"n": version.number})
        elif action == "send_back" and access.can(SEND_BACK_PLAN, _deciding_group(collaboration, document.doc_type)):
            services.send_back(
                version=version, comment=posted_text(request.POST.get("comment"), multiline=True), actor=request.user
            )
            messages.success(request, _("Förslaget är återremitterat."))
        else:
            return deny(request)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("plan_detail", slug, pk)


def plan_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every version, and what changed from the one before, line by line."""
    collaboration, access, document = _document(request, slug, pk)
    versions = list(reversed(_visible_versions(document, access)))
    if not versions:
        raise Http404
    names = {a.key: a.name for a in collaboration.model.collaboration_areas}
    history = []
    previous: list[str] = []
    for version in versions:
        lines = services.version_lines(version, names)
        history.append({"version": version, "diff": rules.diff(previous, lines), "first": not previous})
        previous = lines
    return render(
        request,
        "plans/plan_history.html",
        {"collaboration": collaboration, "access": access, "document": document, "history": list(reversed(history))},
    )


def plan_document(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    _collaboration, access, document = _document(request, slug, pk)
    version = _chosen_version(request, _visible_versions(document, access))
    name = f"{document.doc_type}-{document.year}-v{version.number}"
    if fmt == "pdf":
        return download(documents.plan_pdf(version), "application/pdf", f"{name}.pdf")
    if fmt == "docx":
        return download(
            documents.plan_docx(version),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            f"{name}.docx",
        )
    raise Http404


# --- activities -------------------------------------------------------------------------------


def _activity_groups(collaboration: Collaboration) -> QuerySet[Group]:
    return Group.objects.current().filter(collaboration=collaboration, kind=GroupKind.WORKING_GROUP)


def _people(collaboration: Collaboration) -> QuerySet[Person]:
    return Person.objects.in_collaboration(collaboration).select_related("organisation")


def activity_list(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(VIEW_PLANS):
        return deny(request)
    year = _year(request, timezone.localdate().year + 1)
    activities = list(
        Activity.objects.filter(collaboration=collaboration, year=year).select_related(
            "responsible_person", "responsible_group"
        )
    )
    model = collaboration.model
    plan_areas = services.operations_plan_areas(collaboration, year)
    return render(
        request,
        "plans/activity_list.html",
        {
            "collaboration": collaboration,
            "access": access,
            "year": year,
            "years": range(timezone.localdate().year - 2, timezone.localdate().year + 3),
            "activities": activities,
            "area_names": {a.key: a.name for a in model.collaboration_areas},
            "plan_areas": plan_areas,
            "may_manage": _may_manage_activities(access, collaboration),
            "activity_plan": PlanDocument.objects.filter(
                collaboration=collaboration, doc_type="activity_plan", year=year
            ).first(),
        },
    )


def _may_manage_activities(access: Access, collaboration: Collaboration) -> bool:
    return access.can(MANAGE_ACTIVITIES, _drafting_group(collaboration, "activity_plan"))


def activity_create(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not _may_manage_activities(access, collaboration):
        return deny(request)
    year = _year(request, timezone.localdate().year + 1)
    form = ActivityForm(
        request.POST or None,
        collaboration=collaboration,
        people=_people(collaboration),
        groups=_activity_groups(collaboration),
        initial={"for_municipalities": True},
    )
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ny aktivitet %(year)s") % {"year": year},
        back=reverse("activity_list", args=[slug]) + f"?ar={year}",
        save=lambda data: services.create_activity(collaboration=collaboration, actor=request.user, year=year, **data),
        success=_("Aktiviteten är sparad."),
        done=lambda activity: reverse("activity_detail", args=[slug, activity.pk]),
    )


def _activity(request: HttpRequest, slug: str, pk: int) -> tuple[Collaboration, Access, Activity]:
    collaboration, access = collaboration_for(request, slug)
    activity = get_object_or_404(
        Activity.objects.select_related("responsible_person", "responsible_group"), pk=pk, collaboration=collaboration
    )
    return collaboration, access, activity


def activity_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, activity = _activity(request, slug, pk)
    if not access.can(VIEW_PLANS):
        return deny(request)
    model = collaboration.model
    plan_areas = services.operations_plan_areas(collaboration, activity.year)
    return render(
        request,
        "plans/activity_detail.html",
        {
            "collaboration": collaboration,
            "access": access,
            "activity": activity,
            "area_name": {a.key: a.name for a in model.collaboration_areas}.get(activity.area, activity.area),
            "supervision_area_name": {a.key: a.name for a in model.supervision_areas}.get(activity.supervision_area),
            "outside_plan": plan_areas is not None and activity.area not in plan_areas,
            "may_manage": _may_manage_activities(access, collaboration),
            "audit": AuditEntry.objects.for_object(activity)[:10] if access.can(VIEW_AUDIT) else None,
        },
    )


def activity_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, activity = _activity(request, slug, pk)
    if not _may_manage_activities(access, collaboration):
        return deny(request)
    form = ActivityForm(
        request.POST or None,
        instance=Activity.objects.get(pk=activity.pk),
        collaboration=collaboration,
        people=_people(collaboration),
        groups=_activity_groups(collaboration),
    )
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra %(title)s") % {"title": activity.title},
        back=reverse("activity_detail", args=[slug, pk]),
        save=lambda data: services.update_activity(activity=activity, actor=request.user, **data),
        success=_("Aktiviteten är sparad."),
        done=lambda _a: reverse("activity_detail", args=[slug, pk]),
    )


def activity_follow_up(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, activity = _activity(request, slug, pk)
    if not _may_manage_activities(access, collaboration):
        return deny(request)
    form = FollowUpForm(request.POST or None, instance=Activity.objects.get(pk=activity.pk))
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Uppföljning: %(title)s") % {"title": activity.title},
        back=reverse("activity_detail", args=[slug, pk]),
        save=lambda data: services.record_follow_up(activity=activity, actor=request.user, **data),
        success=_("Uppföljningen är sparad."),
        done=lambda _a: reverse("activity_detail", args=[slug, pk]),
    )


def follow_up(request: HttpRequest, slug: str) -> HttpResponse:
    """Planned vs done for a year (SG2), the basis of the annual report."""
    collaboration, access = collaboration_for(request, slug)
    if not access.can(VIEW_PLANS):
        return deny(request)
    year = _year(request, timezone.localdate().year)
    summary = services.follow_up_for(collaboration, year)
    model = collaboration.model
    report = PlanDocument.objects.filter(collaboration=collaboration, doc_type="annual_report", year=year).first()
    return render(
        request,
        "plans/follow_up.html",
        {
            "collaboration": collaboration,
            "access": access,
            "year": year,
            "years": range(timezone.localdate().year - 3, timezone.localdate().year + 2),
            "summary": summary,
            "area_names": {a.key: a.name for a in model.collaboration_areas},
            "kind_names": dict(ActivityKind.choices),
            "target_names": services.target_group_labels(),
            "activities": Activity.objects.filter(collaboration=collaboration, year=year),
            "report": report,
            "may_start_report": report is None
            and model.document("annual_report") is not None
            and _may_draft(access, collaboration, "annual_report"),
        },
    )


# --- assignments ------------------------------------------------------------------------------


def _decisions(collaboration: Collaboration) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(item__group__collaboration=collaboration, item__minutes__status=MinutesStatus.APPROVED)
        .exclude(item__group__kind=GroupKind.WORKING_GROUP)
        .select_related("item__group")
        .order_by("-item__year", "-item__number")
    )


def assignment_list(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(VIEW_PLANS):
        return deny(request)
    show = request.GET.get("visa", "oppna")
    assignments = Assignment.objects.filter(collaboration=collaboration).select_related(
        "decision__item__group", "owner_group", "owner_person"
    )
    if show == "oppna":
        assignments = assignments.filter(status__in=["not_started", "in_progress"])
    page = page_of(request, assignments.order_by("due_on", "title", "pk"))
    return render(
        request,
        "plans/assignment_list.html",
        {
            "collaboration": collaboration,
            "access": access,
            "assignments": page.object_list,
            "page": page,
            "show": show,
            "today": timezone.localdate(),
        },
    )


def assignment_create(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(MANAGE_ASSIGNMENTS):
        return deny(request)
    form = AssignmentForm(
        request.POST or None,
        decisions=_decisions(collaboration),
        groups=_activity_groups(collaboration),
        people=_people(collaboration),
        initial={"decision": request.GET.get("beslut"), "owner_kind": "coordinator"},
    )
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Nytt uppdrag"),
        back=reverse("assignment_list", args=[slug]),
        save=lambda data: services.create_assignment(collaboration=collaboration, actor=request.user, **data),
        success=_("Uppdraget är sparat."),
        done=lambda assignment: reverse("assignment_detail", args=[slug, assignment.pk]),
    )


def _assignment(request: HttpRequest, slug: str, pk: int) -> tuple[Collaboration, Access, Assignment]:
    collaboration, access = collaboration_for(request, slug)
    assignment = get_object_or_404(
        Assignment.objects.select_related("decision__item__group", "decision__item__minutes", "owner_group"),
        pk=pk,
        collaboration=collaboration,
    )
    return collaboration, access, assignment


def assignment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, assignment = _assignment(request, slug, pk)
    if not access.can(VIEW_PLANS):
        return deny(request)
    may_report = access.can(REPORT_ASSIGNMENT, assignment)
    form = None
    if may_report:
        form = ProgressForm(
            request.POST or None,
            current=assignment.status,
            initial={
                "percent_done": assignment.percent_done,
                "status": assignment.status,
                "outcome": assignment.outcome,
            },
        )
        if request.method == "POST" and form.is_valid():
            person = Person.objects.filter(user_id=request.user.pk or 0).first()
            try:
                services.report_progress(
                    assignment=assignment,
                    actor=request.user,
                    author=person,
                    may_manage=access.can(MANAGE_ASSIGNMENTS),
                    **form.cleaned_data,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Lägesrapporten är sparad."))
                return redirect("assignment_detail", slug, pk)
    elif request.method == "POST":
        return deny(request)
    return render(
        request,
        "plans/assignment_detail.html",
        {
            "collaboration": collaboration,
            "access": access,
            "assignment": assignment,
            "notes": assignment.notes.all(),
            "form": form,
            "overdue": assignment.is_open and assignment.due_on < timezone.localdate(),
            "audit": AuditEntry.objects.for_object(assignment)[:10] if access.can(VIEW_AUDIT) else None,
        },
    )


def assignment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access, assignment = _assignment(request, slug, pk)
    if not access.can(MANAGE_ASSIGNMENTS):
        return deny(request)
    form = AssignmentForm(
        request.POST or None,
        instance=Assignment.objects.get(pk=assignment.pk),
        decisions=_decisions(collaboration),
        groups=_activity_groups(collaboration),
        people=_people(collaboration),
        editing=True,
    )
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra uppdraget %(title)s") % {"title": assignment.title},
        back=reverse("assignment_detail", args=[slug, pk]),
        save=lambda data: services.update_assignment(assignment=assignment, actor=request.user, **data),
        success=_("Uppdraget är sparat."),
        done=lambda _a: reverse("assignment_detail", args=[slug, pk]),
    )


# --- calendar and planner ---------------------------------------------------------------------


def _calendar_entries(collaboration: Collaboration, access: Access, year: int) -> tuple[list[calendar.Entry], bool]:
    """The year's entries this reader sees, and whether that is all of them: the kalendarium's
    readers (`view_calendar`) see everything; everyone else, anonymous visitors too, the public
    entries (a seminar open to all) and nothing else."""
    entries = calendar.year_entries(collaboration, year)
    if access.can(VIEW_CALENDAR):
        return entries, True
    return [entry for entry in entries if entry.public], False


def calendar_view(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    year = _year(request)
    entries, complete = _calendar_entries(collaboration, access, year)
    view = "lista" if request.GET.get("vy") == "lista" else "manad"
    today = timezone.localdate()
    try:
        month = int(request.GET.get("manad", today.month if year == today.year else 1))
    except ValueError:
        month = 1
    if not 1 <= month <= 12:
        raise Http404
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    return render(
        request,
        "plans/calendar.html",
        {
            "collaboration": collaboration,
            "access": access,
            "year": year,
            "view": view,
            "entries": entries,
            "complete": complete,
            "month": calendar.month_view(entries, year, month) if view == "manad" else None,
            "month_start": datetime.date(year, month, 1),
            "previous": previous,
            "following": following,
            "today": today,
        },
    )


def calendar_export(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not 2000 <= year <= 2100:
        raise Http404
    entries, _complete = _calendar_entries(collaboration, access, year)
    if fmt == "ics":
        content = calendar.ics_bytes(
            entries,
            name=_("%(name)s, kalendarium %(year)s") % {"name": collaboration.name, "year": year},
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        return download(content, "text/calendar; charset=utf-8", f"kalendarium-{year}.ics")
    if fmt == "pdf":
        return download(
            documents.calendar_pdf(collaboration, year, entries), "application/pdf", f"kalendarium-{year}.pdf"
        )
    raise Http404


def _proposal_value(group_key: str, day: datetime.date) -> str:
    return f"{group_key}:{day.isoformat()}"


def year_planner(request: HttpRequest, slug: str) -> HttpResponse:
    """The yearly-cycle planner (årshjul): a proposed year the coordinator adjusts and adopts."""
    collaboration, access = collaboration_for(request, slug)
    if not access.can(PLAN_YEAR):
        return deny(request)
    year = _year(request, timezone.localdate().year + 1)
    plan = services.propose_year(collaboration, year)
    names = {g.key: g.name for g in Group.objects.filter(collaboration=collaboration, key__gt="")}
    today = timezone.localdate()
    new = [m for m in plan.meetings if not m.existing and m.day > today]
    proposals = [
        (_proposal_value(m.group_key, m.day), f"{names.get(m.group_key, m.group_key)} {m.day.isoformat()}") for m in new
    ]
    form = AdoptForm(request.POST or None, proposals=proposals)
    if request.method == "POST" and form.is_valid():
        chosen = []
        for value in form.cleaned_data["meetings"]:
            key, _sep, day = value.partition(":")
            chosen.append((key, datetime.date.fromisoformat(day)))
        try:
            created = services.adopt_year(collaboration=collaboration, year=year, chosen=chosen, actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s möte är planerat för %(year)s.",
                    "%(count)s möten är planerade för %(year)s.",
                    len(created),
                )
                % {"count": len(created), "year": year},
            )
            return redirect(reverse("calendar", args=[slug]) + f"?ar={year}&vy=lista")
    return render(
        request,
        "plans/year_planner.html",
        {
            "collaboration": collaboration,
            "access": access,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year + 3),
            "plan": plan,
            "names": names,
            "form": form,
            "rows": [
                {
                    "meeting": m,
                    "value": _proposal_value(m.group_key, m.day),
                    "group": names.get(m.group_key, m.group_key),
                    "past": not m.existing and m.day <= today,
                }
                for m in plan.meetings
            ],
        },
    )
