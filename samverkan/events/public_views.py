"""The public side of events: the list of coming events, an event's page with the registration
form, and the registrant's personal link (see, change, cancel) that needs no account.

Who sees which event is `Event.objects.visible_to(access)`; members-only events are for the
collaboration's participants, and an event nobody may see is a 404, as is an unknown link.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from samverkan.accounts.permissions import Access, collaboration_for
from samverkan.collaborations.ical import calendar_bytes
from samverkan.collaborations.models import Collaboration
from samverkan.events import evaluation, limits, notices, rules, selectors, services
from samverkan.events.models import (
    Category,
    Event,
    EventDocument,
    EventStatus,
    QuestionPurpose,
    Registration,
    RegistrationStatus,
)
from samverkan.events.permissions import MANAGE_EVENTS
from samverkan.events.registration_forms import RegistrationForm
from samverkan.lib import dates
from samverkan.lib.errors import DomainError
from samverkan.lib.http import content_disposition, download, takes_anonymous_writes
from samverkan.lib.pagination import page_of
from samverkan.organisations.models import OrganisationKind, Person
from samverkan.plans.models import ActivityKind

TARGET_GROUPS = {
    "kommuner": ("for_municipalities", gettext_lazy("Kommunerna")),
    "foretag": ("for_business", gettext_lazy("Företag och verksamhetsutövare")),
    "allmanheten": ("for_citizens", gettext_lazy("Allmänheten")),
}


def _filters(request: HttpRequest, collaboration: Collaboration) -> tuple[dict[str, str], dict[str, Any]]:
    """The list's filters as asked (unknown values are ignored) and the choices offered."""
    areas = {a.key: a.name for a in collaboration.model.collaboration_areas}
    kinds = dict(ActivityKind.choices)
    chosen = {
        "malgrupp": request.GET.get("malgrupp", "") if request.GET.get("malgrupp") in TARGET_GROUPS else "",
        "omrade": request.GET.get("omrade", "") if request.GET.get("omrade") in areas else "",
        "slag": request.GET.get("slag", "") if request.GET.get("slag") in kinds else "",
    }
    offered = {
        "target_groups": [(key, label) for key, (_field, label) in TARGET_GROUPS.items()],
        "areas": list(areas.items()),
        "kinds": list(kinds.items()),
    }
    return chosen, offered


def event_list(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    chosen, offered = _filters(request, collaboration)
    events = selectors.coming_events(collaboration, access)
    if chosen["malgrupp"]:
        events = events.filter(**{TARGET_GROUPS[chosen["malgrupp"]][0]: True})
    if chosen["omrade"]:
        events = events.filter(activity__area=chosen["omrade"])
    if chosen["slag"]:
        events = events.filter(activity__kind=chosen["slag"])
    page = page_of(request, events, per_page=20)
    return render(
        request,
        "events/event_list.html",
        {
            "collaboration": collaboration,
            "access": access,
            "page": page,
            "events": _cards(list(page.object_list), dict(offered["areas"])),
            "chosen": chosen,
            "filtered": any(chosen.values()),
            "this_year": timezone.localdate().year,
            **offered,
        },
    )


def _cards(events: list[Event], area_names: dict[str, str]) -> list[Event]:
    """The list's texts of each card, made once per page in Python (the template engine's
    filters and translations per card were most of the page's time): `when` and `where` of the
    first session, `more` ("3 tillfällen"), `kind_area` and the seats' tag (`seats_tag`, css and text)."""
    kinds = {value: capfirst(str(label)) for value, label in ActivityKind.choices}
    digital, full = _("digitalt"), _("Fullt – väntelista")
    for event in events:
        sessions = list(event.sessions.all())
        first = sessions[0] if sessions else None
        event.when = dates.prose_datetime(first.starts_at) if first else ""  # type: ignore[attr-defined]
        event.where = (first.place or (digital if first.video_link else "")) if first else ""  # type: ignore[attr-defined]
        more = len(sessions)
        event.more = _("%(n)s tillfällen") % {"n": more} if more > 1 else ""  # type: ignore[attr-defined]
        kind = kinds.get(event.activity.kind, event.activity.kind)
        area = area_names.get(event.activity.area, event.activity.area)
        # said once when the area is named as the kind ("Tillsynsprojekt · Tillsynsprojekt")
        event.kind_area = kind if area.casefold() == kind.casefold() else f"{kind} · {area}"  # type: ignore[attr-defined]
        left = rules.seats_left(event.capacity, event.confirmed)  # type: ignore[attr-defined]
        seats = None
        if event.status != EventStatus.CANCELLED and left is not None:
            text = ngettext("%(n)s plats kvar", "%(n)s platser kvar", left) % {"n": left}
            seats = ("ok", text) if left else ("warning", full)
        event.seats_tag = seats  # type: ignore[attr-defined]
    return events


def _visible_event(collaboration: Collaboration, access: Access, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.filter(collaboration=collaboration)
        .visible_to(access)
        .select_related("activity", "contact_person", "collaboration")
        .prefetch_related("sessions", "documents"),
        pk=pk,
    )


def _member(request: HttpRequest) -> Person | None:
    """The logged-in user's person record, if any (a member registers with one click)."""
    if not request.user.is_authenticated:
        return None
    return Person.objects.filter(user=request.user, erased_at__isnull=True).select_related("organisation").first()


def _category_of(person: Person) -> str:
    kind = person.organisation.kind
    if kind == OrganisationKind.MUNICIPALITY:
        return Category.MUNICIPALITY
    if kind in (OrganisationKind.REGION, OrganisationKind.COUNTY_ADMINISTRATIVE_BOARD):
        return Category.AUTHORITY
    return Category.OTHER


def _member_initial(person: Person | None, form: RegistrationForm) -> dict[str, Any]:
    if person is None:
        return {}
    initial: dict[str, Any] = {"name": person.full_name, "email": person.email, "category": _category_of(person)}
    if str(person.organisation_id) in form.organisations:
        initial["organisation"] = str(person.organisation_id)
    else:
        initial["organisation_text"] = person.organisation.name
    return initial


def _window(event: Event) -> DomainError | None:
    return rules.registration_window_refusal(
        timezone.now(), event.registration_opens, event.registration_closes, status=event.status
    )


@takes_anonymous_writes
def event_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    event = _visible_event(collaboration, access, pk)
    member = _member(request)
    already = None
    if member is not None and member.email:
        already = event.registrations.active().filter(email__iexact=member.email).first()
    form = RegistrationForm(request.POST or None, event=event)
    if request.method != "POST":
        form.initial = _member_initial(member, form)
    one_click = (
        member is not None
        and bool(member.email)
        and not event.consent_text.strip()
        and not event.questions.filter(purpose=QuestionPurpose.REGISTRATION, required=True).exists()
    )
    if request.method == "POST":
        if request.POST.get("snabb") == "1" and one_click and member is not None:
            values: dict[str, Any] = {
                "name": member.full_name,
                "email": member.email,
                "organisation": member.organisation if str(member.organisation_id) in form.organisations else None,
                "organisation_text": ""
                if str(member.organisation_id) in form.organisations
                else member.organisation.name,
                "category": _category_of(member),
                "gender": member.gender if member.gender in ("woman", "man", "other") else "not_stated",
                "answers": {},
                "consented": False,
            }
        elif form.is_valid():
            values = {
                "name": form.cleaned_data["name"],
                "email": form.cleaned_data["email"],
                "organisation": form.chosen_organisation(),
                "organisation_text": form.cleaned_data["organisation_text"],
                "category": form.cleaned_data["category"],
                "gender": form.cleaned_data["gender"],
                "answers": form.answers(),
                "consented": bool(form.cleaned_data.get("consent")),
            }
        else:
            values = {}
        refusal = services.registrant_refusal(event)
        if refusal is None and values:
            refusal = limits.claim_registration(request, collaboration.pk)
        if refusal is not None:
            form.add_error(None, refusal.message)
            values = {}
        if values:
            # the member's own registration is theirs (their calendar, their to-dos); one made for
            # someone else's address is not, unless the event is for members only (they vouch)
            own = member is not None and member.email.casefold() == str(values["email"]).casefold()
            try:
                registration = services.register(event, person=member if own or not event.public else None, **values)
            except DomainError as error:
                limits.release_registration(request, collaboration.pk)
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                if registration.status == RegistrationStatus.CONFIRMED:
                    text = _("Du är anmäld. En bekräftelse med din personliga länk har skickats till %(email)s.")
                else:
                    text = _(
                        "Evenemanget är fullt: du står på väntelistan, plats %(place)s. "
                        "Ett e-brev med din personliga länk har skickats till %(email)s."
                    )
                messages.success(
                    request,
                    text % {"email": registration.email, "place": selectors.place_in_line(registration)},
                )
                return redirect("registration_manage", registration.token)
    confirmed = event.registrations.confirmed().count()
    waiting = event.registrations.waitlist().count()
    return render(
        request,
        "events/event_detail.html",
        {
            "collaboration": collaboration,
            "access": access,
            "event": event,
            "form": form,
            "member": member,
            "one_click": one_click,
            "already": already,
            "closed": _window(event),
            "seats_left": rules.seats_left(event.capacity, confirmed),
            "waiting": waiting,
            "full": event.capacity is not None and confirmed >= event.capacity,
            "fees": _fees(event),
            "area_name": _area_name(collaboration, event),
            "target_groups": [label for key, (field, label) in TARGET_GROUPS.items() if getattr(event, field)],
            "manages": access.can(MANAGE_EVENTS),
        },
    )


def _area_name(collaboration: Collaboration, event: Event) -> str:
    area = {a.key: a.name for a in collaboration.model.collaboration_areas}.get(event.activity.area, "")
    return "" if area.casefold() == event.activity.get_kind_display().casefold() else area


def _fees(event: Event) -> dict[str, int] | None:
    activity = event.activity
    if not activity.fee_member_ore and not activity.fee_other_ore:
        return None
    return {"member": activity.fee_member_ore or 0, "other": activity.fee_other_ore or 0}


def event_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The event's sessions to add to one's calendar (PUBLISH: no attendee)."""
    collaboration, access = collaboration_for(request, slug)
    event = _visible_event(collaboration, access, pk)
    return download(
        calendar_bytes(notices.calendar_events(event), method="PUBLISH"),
        "text/calendar; charset=utf-8",
        "evenemang.ics",
    )


def event_document(request: HttpRequest, slug: str, pk: int, doc_pk: int) -> FileResponse:
    """A document of an event, for whoever may see the event."""
    collaboration, access = collaboration_for(request, slug)
    event = _visible_event(collaboration, access, pk)
    document = get_object_or_404(EventDocument, event=event, pk=doc_pk)
    response = FileResponse(document.file.open("rb"), as_attachment=True)
    response["Content-Disposition"] = content_disposition((document.file.name or "").rsplit("/", 1)[-1])
    return response


# --- the personal link --------------------------------------------------------------------------


def _registration(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related(
            "event__collaboration", "event__activity", "event__contact_person", "organisation"
        ).prefetch_related("event__sessions", "answers__question"),
        token=token,
        anonymised_at__isnull=True,
    )


def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    event = registration.event
    # the sessions are read already: the same rule as the use cases', without another query
    ended = rules.has_ended(max((s.ends_at for s in event.sessions.all()), default=None), timezone.now())
    changeable = (
        registration.status != RegistrationStatus.CANCELLED and event.status == EventStatus.PUBLISHED and not ended
    )
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        event=event,
        with_email=False,
        keep=registration.organisation,
        initial=RegistrationForm.initial_of(registration),
    )
    form.fields.pop("consent", None)  # given when registering
    if request.method == "POST" and changeable and form.is_valid():
        try:
            services.update_registration(
                registration,
                name=form.cleaned_data["name"],
                organisation=form.chosen_organisation(),
                organisation_text=form.cleaned_data["organisation_text"],
                category=form.cleaned_data["category"],
                gender=form.cleaned_data["gender"],
                answers=form.answers(),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Dina uppgifter är sparade."))
            return redirect("registration_manage", token)
    return render(
        request,
        "events/registration_manage.html",
        {
            "registration": registration,
            "event": event,
            "collaboration": event.collaboration,
            "form": form,
            "changeable": changeable,
            "editing": request.method == "POST" or request.GET.get("andra") == "1",
            "place": selectors.place_in_line(registration),
            "fee": selectors.fee_of(registration) if registration.status == RegistrationStatus.CONFIRMED else 0,
            "event_url": reverse("event_detail", args=[event.collaboration.slug, event.pk]),
            "certificate": registration.attended is True,
            # the anonymous evaluation, once it was sent and until it is answered
            "evaluation_url": (
                reverse("evaluation_answer", args=[evaluation.token_for(registration)])
                if registration.evaluation_sent_at and not registration.evaluated_at
                else ""
            ),
        },
    )


@require_POST
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel one's registration, or leave the waitlist, by the personal link."""
    registration = _registration(token)
    was_waiting = registration.status == RegistrationStatus.WAITLISTED
    try:
        refusal = services.registrant_refusal(registration.event, cancelling=True)
        if refusal is not None:
            raise refusal
        services.cancel(registration)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Du har lämnat väntelistan.") if was_waiting else _("Din anmälan är avbokad. Välkommen åter!"),
        )
    return redirect("registration_manage", token)


def registration_ics(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    return download(notices.invitation(registration), "text/calendar; charset=utf-8", "evenemang.ics")


patterns = [
    path("evenemang/", event_list, name="event_list"),
    path("evenemang/<int:pk>/", event_detail, name="event_detail"),
    path("evenemang/<int:pk>/evenemang.ics", event_ics, name="event_ics"),
    path("evenemang/<int:pk>/handling/<int:doc_pk>/", event_document, name="event_document"),
]

link_patterns = [
    path("anmalan/<str:token>/", registration_manage, name="registration_manage"),
    path("anmalan/<str:token>/avboka/", registration_cancel, name="registration_cancel"),
    path("anmalan/<str:token>/evenemang.ics", registration_ics, name="registration_ics"),
]
