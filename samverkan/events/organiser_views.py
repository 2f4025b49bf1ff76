"""The organiser's pages of events (`MANAGE_EVENTS`: the coordinator, the admin): the list of all
events, creating and changing one, its sessions, questions and documents, the registrations with
the waitlist, the participant list and badges, attendance, and the fees."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import VIEW_AUDIT, Access, collaboration_for
from samverkan.audit.models import AuditEntry
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.views import deny, form_page
from samverkan.events import documents, selectors, services
from samverkan.events.forms import DocumentForm, EventForm, QuestionForm, SessionForm
from samverkan.events.models import (
    Answer,
    Category,
    Event,
    EventDocument,
    EventSession,
    EventStatus,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from samverkan.events.permissions import MANAGE_EVENTS
from samverkan.lib import dates
from samverkan.lib.errors import DomainError
from samverkan.lib.http import download, object_id
from samverkan.lib.pagination import page_of
from samverkan.lib.templatetags.swedish import grouped
from samverkan.organisations.models import Person
from samverkan.plans.models import Activity

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _count(status: str) -> Coalesce:
    per_event = (
        Registration.objects.filter(event=OuterRef("pk"), status=status)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_event, output_field=IntegerField()), Value(0))


def managed_events(collaboration: Collaboration) -> QuerySet[Event]:
    """Every event of the collaboration, drafts and cancelled ones too, with its first session and
    its counts (subqueries: one query for the page, whatever the number of registrations)."""
    first = EventSession.objects.filter(event=OuterRef("pk")).order_by("starts_at", "pk").values("starts_at")[:1]
    return (
        Event.objects.filter(collaboration=collaboration)
        .annotate(
            first_start=Subquery(first),
            confirmed=_count(RegistrationStatus.CONFIRMED),
            waitlisted=_count(RegistrationStatus.WAITLISTED),
        )
        .select_related("activity")
        .only("pk", "title", "status", "capacity", "activity__title")
        .order_by(F("first_start").desc(nulls_first=True), "-pk")
    )


STATUS_TAGS: dict[str, str] = {EventStatus.PUBLISHED: "ok", EventStatus.CANCELLED: "breach"}


def _list_rows(events: list[Event]) -> list[Event]:
    """The list's cells that need translating or formatting, made once per page in Python: the
    template engine's filters and `blocktranslate` per row were most of the page's time."""
    labels = {value: capfirst(str(label)) for value, label in EventStatus.choices}
    of_capacity, unlimited = _("%(n)s av %(capacity)s"), _("%(n)s (obegränsat)")
    for event in events:
        event.status_label = labels[event.status]  # type: ignore[attr-defined]
        event.status_tag = STATUS_TAGS.get(event.status, "neutral")  # type: ignore[attr-defined]
        event.first_text = dates.prose_datetime(event.first_start)  # type: ignore[attr-defined]
        n = grouped(event.confirmed)  # type: ignore[attr-defined]
        event.seats_text = (  # type: ignore[attr-defined]
            of_capacity % {"n": n, "capacity": grouped(event.capacity)} if event.capacity else unlimited % {"n": n}
        )
        event.waitlisted_text = grouped(event.waitlisted)  # type: ignore[attr-defined]
    return events


def _organiser(request: HttpRequest, slug: str) -> tuple[Collaboration, Access]:
    return collaboration_for(request, slug)


def _event(collaboration: Collaboration, pk: int) -> Event:
    """An event of this collaboration (another's is 404, whoever asks)."""
    return get_object_or_404(
        Event.objects.select_related("activity", "collaboration", "contact_person", "fees_entry"),
        collaboration=collaboration,
        pk=pk,
    )


def _manage(slug: str, event: Event, anchor: str = "") -> str:
    return reverse("event_manage", args=[slug, event.pk]) + anchor


def _activities(collaboration: Collaboration) -> QuerySet[Activity]:
    """The plan's activities an event can belong to: this year's and later, and last year's."""
    year = timezone.localdate().year
    return Activity.objects.filter(collaboration=collaboration, year__gte=year - 1).order_by("-year", "title")


def _people(collaboration: Collaboration) -> QuerySet[Person]:
    return Person.objects.in_collaboration(collaboration).select_related("organisation")


# --- the list, creating, the overview, changing ---------------------------------------------------


def event_manage_list(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    page = page_of(request, managed_events(collaboration))
    return render(
        request,
        "events/manage_list.html",
        {
            "collaboration": collaboration,
            "access": access,
            "page": page,
            "events": _list_rows(list(page.object_list)),
            "now_year": timezone.localdate().year,
        },
    )


def event_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A new draft event. `?aktivitet=` fills the form from that activity of the plan (its title,
    description, target groups and responsible person), which the organiser may refine."""
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    activities = _activities(collaboration)
    initial = {"reminder_days": 2}
    chosen = request.GET.get("aktivitet")
    if chosen:
        initial = EventForm.initial_from_activity(get_object_or_404(activities, pk=object_id(chosen)))
    form = EventForm(request.POST or None, initial=initial, activities=activities, people=_people(collaboration))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                activity=form.cleaned_data["activity"], actor=request.user, **form.service_arguments()
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Evenemanget är skapat som utkast. Lägg till ett tillfälle och publicera det."))
            return redirect(_manage(slug, event))
    return render(
        request,
        "events/manage_create.html",
        {
            "collaboration": collaboration,
            "access": access,
            "form": form,
            "activities": activities,
            "chosen": initial.get("activity"),
        },
    )


def event_manage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
    )
    questions = list(event.questions.annotate(answered=Count("answers")))
    return render(
        request,
        "events/manage_event.html",
        {
            "collaboration": collaboration,
            "access": access,
            "event": event,
            "sessions": list(event.sessions.all()),
            "registration_questions": [q for q in questions if q.purpose == "registration"],
            "evaluation_questions": [q for q in questions if q.purpose == "evaluation"],
            "event_documents": list(event.documents.all()),
            "counts": counts,
            "editable": event.status != EventStatus.CANCELLED,
            "audit": AuditEntry.objects.for_object(event)[:20] if access.can(VIEW_AUDIT) else None,
        },
    )


def event_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    form = EventForm(
        request.POST or None,
        initial=EventForm.initial_for(event),
        activities=Activity.objects.none(),
        people=_people(collaboration),
        editing=True,
    )

    def save(_data: dict[str, object]) -> list[Registration]:
        return services.update_event(event=event, actor=request.user, **form.service_arguments())

    def success(moved: list[Registration]) -> str:
        if moved:
            return _("Evenemanget är ändrat. %(n)s på väntelistan fick en plats och får besked med e-post.") % {
                "n": len(moved)
            }
        return _("Evenemanget är ändrat.")

    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra %(title)s") % {"title": event.title},
        back=_manage(slug, event),
        save=save,
        success=success,
        done=lambda _moved: _manage(slug, event),
    )


@require_POST
def event_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    try:
        services.publish_event(event=event, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Evenemanget är publicerat."))
    return redirect(_manage(slug, event))


def event_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A confirmation page, then the cancellation (POST)."""
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    error = None
    if request.method == "POST":
        try:
            services.cancel_event(event=event, actor=request.user)
        except DomainError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Evenemanget är inställt."))
            return redirect(_manage(slug, event))
    confirmed = event.registrations.active().count()
    return render(
        request,
        "events/manage_cancel.html",
        {"collaboration": collaboration, "access": access, "event": event, "error": error, "active": confirmed},
    )


# --- sessions, questions, documents ---------------------------------------------------------------


def session_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    form = SessionForm(request.POST or None)

    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Nytt tillfälle för %(title)s") % {"title": event.title},
        back=_manage(slug, event, "#tillfallen"),
        save=lambda _data: services.add_session(event=event, actor=request.user, **form.service_arguments()),
        success=lambda _session: _("Tillfället är tillagt.") + _who_is_told(event),
        done=lambda _session: _manage(slug, event, "#tillfallen"),
    )


def _who_is_told(event: Event) -> str:
    """After a change of the sessions: whether the registrants will be told, and when (said only
    when the change raised the calendar version, so a form saved unchanged promises nothing)."""
    now = Event.objects.filter(pk=event.pk).values_list("sequence", flat=True).first()
    if now == event.sequence or event.status != EventStatus.PUBLISHED or not event.registrations.active().exists():
        return ""
    event.sequence = now or 0  # a second change in the same request is compared with this one
    minutes = settings.EVENT_CHANGE_NOTICE_MINUTES
    if not minutes:
        return " " + _("De anmälda får besked med e-post.")
    return " " + ngettext(
        "De anmälda får besked med e-post om %(n)s minut; fler ändringar innan dess blir ett brev.",
        "De anmälda får besked med e-post om %(n)s minuter; fler ändringar innan dess blir ett brev.",
        minutes,
    ) % {"n": minutes}


def session_edit(request: HttpRequest, slug: str, pk: int, session_pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    session = get_object_or_404(EventSession, event=event, pk=session_pk)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ändra tillfälle för %(title)s") % {"title": event.title},
        back=_manage(slug, event, "#tillfallen"),
        save=lambda _data: services.update_session(session=session, actor=request.user, **form.service_arguments()),
        success=lambda _session: _("Tillfället är ändrat.") + _who_is_told(event),
        done=lambda _session: _manage(slug, event, "#tillfallen"),
    )


def _remove(
    request: HttpRequest,
    slug: str,
    pk: int,
    part: str,
    remove: Callable[[Event], object],
    done: str | Callable[[Event], str],
) -> HttpResponse:
    """The one removal flow of an event's part (a session, a question, a document): the
    organiser's right, the event of this collaboration, the use case, its message, back to the
    part's section of the overview."""
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    try:
        remove(event)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done(event) if callable(done) else done)
    return redirect(_manage(slug, event, part))


@require_POST
def session_remove(request: HttpRequest, slug: str, pk: int, session_pk: int) -> HttpResponse:
    def remove(event: Event) -> None:
        session = get_object_or_404(EventSession, event=event, pk=session_pk)
        services.remove_session(session=session, actor=request.user)

    return _remove(
        request, slug, pk, "#tillfallen", remove, lambda event: _("Tillfället är borttaget.") + _who_is_told(event)
    )


def question_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    form = QuestionForm(request.POST or None)

    def save(data: dict[str, object]) -> Question:
        if event.status == EventStatus.CANCELLED:
            raise DomainError(_("Ett inställt evenemang kan inte ändras."))
        return services.add_question(
            event=event,
            actor=request.user,
            text=str(data["text"]),
            kind=str(data["kind"]),
            choices=list(data["choices"]),  # type: ignore[call-overload]
            required=bool(data["required"]),
            purpose=str(data["purpose"]),
        )

    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ny fråga för %(title)s") % {"title": event.title},
        back=_manage(slug, event, "#fragor"),
        save=save,
        success=_("Frågan är tillagd."),
        done=lambda _question: _manage(slug, event, "#fragor"),
    )


@require_POST
def question_remove(request: HttpRequest, slug: str, pk: int, question_pk: int) -> HttpResponse:
    def remove(event: Event) -> None:
        question = get_object_or_404(Question, event=event, pk=question_pk)
        services.remove_question(question=question, actor=request.user)

    return _remove(request, slug, pk, "#fragor", remove, _("Frågan är borttagen."))


def event_document_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ny handling för %(title)s") % {"title": event.title},
        back=_manage(slug, event, "#handlingar"),
        save=lambda data: services.add_document(
            event=event, upload=data["file"], title=data["title"], actor=request.user
        ),
        success=_("Handlingen är uppladdad."),
        done=lambda _document: _manage(slug, event, "#handlingar"),
    )


@require_POST
def event_document_remove(request: HttpRequest, slug: str, pk: int, doc_pk: int) -> HttpResponse:
    def remove(event: Event) -> None:
        document = get_object_or_404(EventDocument, event=event, pk=doc_pk)
        services.remove_document(document=document, actor=request.user)

    return _remove(request, slug, pk, "#handlingar", remove, _("Handlingen är borttagen."))


# --- registrations, participant list, badges, attendance ------------------------------------------


LISTED = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
# what a row of the registrations page shows (and sorts by)
ROW_FIELDS: tuple[str, ...] = ("pk", "event", "name", "email", "organisation", "organisation_text", "category")
ROW_FIELDS += ("status", "waitlist_position", "created_at")


def _answer_lines(event: Event) -> dict[int, list[tuple[str, str]]]:
    """Each listed registration's answers as (question, answer shown), in the questions' order:
    one query of plain values for the page (an answer and its question as model objects per row
    were a third of its time)."""
    yes, no = _("ja"), _("nej")
    lines: dict[int, list[tuple[str, str]]] = {}
    rows = (
        Answer.objects.filter(registration__event=event, registration__status__in=LISTED)
        .order_by("registration", "question__order", "question__pk")
        .values_list("registration_id", "question__text", "question__kind", "value")
    )
    for registration_id, text, kind, value in rows:
        shown = (yes if value == "yes" else no) if kind == QuestionKind.YES_NO else value
        lines.setdefault(registration_id, []).append((text, shown))
    return lines


def listed_registrations(event: Event) -> tuple[list[Registration], list[Registration]]:
    """The confirmed in the order they registered, and the waitlist in its order (`place` 1 is the
    next to move up), each with its `answer_lines`, `category_label` and `created_text`: the
    cells made once in Python, not by the template engine per row. Two queries, whatever the size."""
    labels = {value: capfirst(str(label)) for value, label in Category.choices}
    answers = _answer_lines(event)
    registrations = (
        event.registrations.filter(status__in=LISTED)
        .select_related("organisation")
        .only(*ROW_FIELDS, "organisation__name")
    )
    confirmed: list[Registration] = []
    waitlist: list[Registration] = []
    for registration in registrations:
        registration.answer_lines = answers.get(registration.pk, [])  # type: ignore[attr-defined]
        registration.category_label = labels.get(registration.category, registration.category)  # type: ignore[attr-defined]
        registration.created_text = dates.iso_datetime(registration.created_at)  # type: ignore[attr-defined]
        (confirmed if registration.status == RegistrationStatus.CONFIRMED else waitlist).append(registration)
    confirmed.sort(key=lambda r: (r.created_at, r.pk))
    waitlist.sort(key=lambda r: (r.waitlist_position is None, r.waitlist_position or 0, r.pk))  # as the database
    for place, registration in enumerate(waitlist, start=1):
        registration.place = place  # type: ignore[attr-defined]
    return confirmed, waitlist


def event_registrations(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    confirmed, waitlist = listed_registrations(event)
    return render(
        request,
        "events/manage_registrations.html",
        {
            "collaboration": collaboration,
            "access": access,
            "event": event,
            "confirmed": confirmed,
            "waitlist": waitlist,
            "editable": event.status != EventStatus.CANCELLED,
        },
    )


@require_POST
def registration_action(request: HttpRequest, slug: str, pk: int, registration_pk: int) -> HttpResponse:
    """The organiser moves someone up from the waitlist by hand (`upp`) or cancels a registration
    (`avboka`)."""
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    registration = get_object_or_404(Registration.objects.active(), event=event, pk=registration_pk)
    back = reverse("event_registrations", args=[slug, event.pk])
    action = request.POST.get("action")
    try:
        if action == "upp":
            services.move_up(registration, actor=request.user)
            messages.success(request, _("%(name)s har fått en plats.") % {"name": registration.name})
        elif action == "avboka":
            moved = services.cancel(registration, actor=request.user)
            text = _("%(name)s är avbokad.") % {"name": registration.name}
            if moved:
                text += " " + _("%(names)s fick platsen.") % {"names": ", ".join(r.name for r in moved)}
            messages.success(request, text)
        else:
            messages.error(request, _("Välj vad som ska göras med anmälan."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(back)


def _confirmed_by_name(event: Event) -> list[Registration]:
    return list(event.registrations.confirmed().select_related("organisation").order_by("name", "pk"))


def event_participants_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    content = documents.participants_pdf(event, _confirmed_by_name(event))
    return download(content, "application/pdf", _("deltagarlista-%(pk)s.pdf") % {"pk": event.pk})


def event_badges_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    content = documents.badges_pdf(event, _confirmed_by_name(event))
    return download(content, "application/pdf", _("namnbrickor-%(pk)s.pdf") % {"pk": event.pk})


ATTENDED = {"kom": True, "kom-inte": False, "ej-markerad": None}


def event_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """On a phone at the door: each confirmed registrant with "came" and "did not come", each
    saved by its own button (no JavaScript needed); the counts at the top."""
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    if request.method == "POST":
        registration = get_object_or_404(event.registrations.all(), pk=object_id(request.POST.get("registration")))
        choice = request.POST.get("attended")
        if choice not in ATTENDED:
            messages.error(request, _("Välj kom eller kom inte."))
        else:
            try:
                services.set_attendance(registration=registration, attended=ATTENDED[choice], actor=request.user)
            except DomainError as error:
                messages.error(request, error.message)
        return redirect(reverse("event_attendance", args=[slug, event.pk]) + f"#r-{registration.pk}")
    people = _confirmed_by_name(event)
    return render(
        request,
        "events/manage_attendance.html",
        {
            "collaboration": collaboration,
            "access": access,
            "event": event,
            "people": people,
            "came": sum(1 for r in people if r.attended is True),
            "stayed_away": sum(1 for r in people if r.attended is False),
            "unmarked": sum(1 for r in people if r.attended is None),
        },
    )


# --- fees -----------------------------------------------------------------------------------------


def event_invoicing(request: HttpRequest, slug: str, pk: int, fmt: str = "") -> HttpResponse:
    """The invoicing list per organisation (EC3) as a page, Excel or PDF; the booking button."""
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    listed = selectors.invoicing(event)
    if fmt == "xlsx":
        return download(
            documents.invoicing_xlsx(event, listed), XLSX, _("fakturaunderlag-%(pk)s.xlsx") % {"pk": event.pk}
        )
    if fmt == "pdf":
        return download(
            documents.invoicing_pdf(event, listed),
            "application/pdf",
            _("fakturaunderlag-%(pk)s.pdf") % {"pk": event.pk},
        )
    if fmt:
        raise Http404
    activity = event.activity
    return render(
        request,
        "events/manage_invoicing.html",
        {
            "collaboration": collaboration,
            "access": access,
            "event": event,
            "invoicing": listed,
            "has_fees": bool(activity.fee_member_ore or activity.fee_other_ore),
            "members": listed.count("members"),
            "others": listed.count("others"),
        },
    )


@require_POST
def event_book_fees(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = _organiser(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = _event(collaboration, pk)
    try:
        entry = services.book_fees(event=event, actor=request.user, day=timezone.localdate())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Avgifterna är bokförda som intäkt för aktiviteten, %(day)s.") % {"day": entry.day.isoformat()},
        )
    return redirect(reverse("event_invoicing", args=[slug, event.pk]))


patterns = [
    path("evenemang/hantera/", event_manage_list, name="event_manage_list"),
    path("evenemang/nytt/", event_create, name="event_create"),
    path("evenemang/<int:pk>/hantera/", event_manage, name="event_manage"),
    path("evenemang/<int:pk>/andra/", event_edit, name="event_edit"),
    path("evenemang/<int:pk>/publicera/", event_publish, name="event_publish"),
    path("evenemang/<int:pk>/stall-in/", event_cancel, name="event_cancel"),
    path("evenemang/<int:pk>/tillfallen/nytt/", session_add, name="event_session_add"),
    path("evenemang/<int:pk>/tillfallen/<int:session_pk>/", session_edit, name="event_session_edit"),
    path("evenemang/<int:pk>/tillfallen/<int:session_pk>/ta-bort/", session_remove, name="event_session_remove"),
    path("evenemang/<int:pk>/fragor/ny/", question_add, name="event_question_add"),
    path("evenemang/<int:pk>/fragor/<int:question_pk>/ta-bort/", question_remove, name="event_question_remove"),
    path("evenemang/<int:pk>/handlingar/ny/", event_document_add, name="event_document_add"),
    path("evenemang/<int:pk>/handlingar/<int:doc_pk>/ta-bort/", event_document_remove, name="event_document_remove"),
    path("evenemang/<int:pk>/anmalningar/", event_registrations, name="event_registrations"),
    path(
        "evenemang/<int:pk>/anmalningar/<int:registration_pk>/",
        registration_action,
        name="event_registration_action",
    ),
    path("evenemang/<int:pk>/deltagarlista.pdf", event_participants_pdf, name="event_participants_pdf"),
    path("evenemang/<int:pk>/namnbrickor.pdf", event_badges_pdf, name="event_badges_pdf"),
    path("evenemang/<int:pk>/narvaro/", event_attendance, name="event_attendance"),
    path("evenemang/<int:pk>/fakturaunderlag/", event_invoicing, name="event_invoicing"),
    path("evenemang/<int:pk>/fakturaunderlag.<str:fmt>", event_invoicing, name="event_invoicing_export"),
    path("evenemang/<int:pk>/fakturaunderlag/bokfor/", event_book_fees, name="event_book_fees"),
]
