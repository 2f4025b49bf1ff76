"""The API of events: the coming events (read), registering and cancelling (write).

/api/v1/collaborations/{slug}/events…, /api/v1/registrations/{token}/cancel. The list and the
event are what the caller may see (`Event.objects.visible_to`): public events for everyone,
members-only ones for participants. Registering goes through `services.register` like the page,
so the same rules and messages apply; a refusal is a 400 with the Swedish message (English with
`Accept-Language: en`). A registration's answer is the registrant's own: its status, place in line
and personal link, never anyone else's data. The writes take a bearer token, a session with its
CSRF token, or nobody (public events need no account).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from samverkan.accounts.api import WRITE_AUTH, caller, collaboration_access
from samverkan.accounts.permissions import Access
from samverkan.events import limits, notices, selectors, services
from samverkan.events.models import Event, EventStatus, QuestionPurpose, Registration, RegistrationGender
from samverkan.lib.api_inputs import Id, Line, Slug, Text
from samverkan.lib.api_pages import DEFAULT_LIMIT, Limit, Offset, window
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import Organisation, Party, Person

router = Router()

# a personal link's secret as `models.new_token` makes it (URL-safe base64)
Token = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class EventSessionOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    online: bool  # held by video link (the link itself goes to those registered)


class EventQuestionOut(Schema):
    id: int
    text: str
    kind: str
    choices: list[str]
    required: bool


class EventOut(Schema):
    id: int
    title: str
    description: str
    url: str
    status: str
    public: bool
    area: str
    kind: str
    for_municipalities: bool
    for_business: bool
    for_citizens: bool
    capacity: int | None
    seats_left: int | None
    registration_open: bool
    registration_opens: datetime.datetime | None
    registration_closes: datetime.datetime | None
    consent_text: str
    sessions: list[EventSessionOut]
    questions: list[EventQuestionOut]


class RegistrationIn(Schema):
    name: Line
    email: Line
    organisation_id: Id | None = Field(None, description="A current party's organisation (…/organisations).")
    organisation_text: Line = ""
    category: Line = Field(description="municipality, business, citizen, authority or other.")
    gender: Line = Field(RegistrationGender.NOT_STATED, description="woman, man, other or not_stated.")
    answers: dict[Id, Text] = Field(default_factory=dict, max_length=100, description="Question id → answer.")
    consent: bool = False


class RegistrationOut(Schema):
    status: str
    waitlist_place: int | None
    manage_url: str


class RegistrationCancelOut(Schema):
    status: str


class RegistrationRefusalOut(Schema):
    detail: str
    field: str | None


def _event(event: Event, confirmed: int) -> dict[str, Any]:
    return {
        "id": event.pk,
        "title": event.title,
        "description": event.description,
        "url": notices.event_url(event),
        "status": event.status,
        "public": event.public,
        "area": event.activity.area,
        "kind": event.activity.kind,
        "for_municipalities": event.for_municipalities,
        "for_business": event.for_business,
        "for_citizens": event.for_citizens,
        "capacity": event.capacity,
        "seats_left": selectors.seats_left(event, confirmed),
        "registration_open": selectors.registration_open(event),
        "registration_opens": event.registration_opens,
        "registration_closes": event.registration_closes,
        "consent_text": event.consent_text,
        "sessions": [
            {"starts_at": s.starts_at, "ends_at": s.ends_at, "place": s.place, "online": bool(s.video_link)}
            for s in event.sessions.all()
        ],
        "questions": [
            {"id": q.pk, "text": q.text, "kind": q.kind, "choices": list(q.choices), "required": q.required}
            for q in event.questions.all()
            if q.purpose == QuestionPurpose.REGISTRATION
        ],
    }


def _coming(collaboration: Any, access: Access) -> Any:
    return selectors.coming_events(collaboration, access).prefetch_related("questions")


@router.get("/collaborations/{slug}/events", response=list[EventOut], tags=["events"])
def events(
    request: HttpRequest, response: HttpResponse, slug: Slug, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> list[dict[str, Any]]:
    """The coming events the caller may see, soonest first: public ones for everyone, members-only
    ones for the collaboration's participants."""
    collaboration, access = collaboration_access(request, slug)
    return [_event(e, e.confirmed) for e in window(request, response, _coming(collaboration, access), limit, offset)]


def _visible(request: HttpRequest, slug: str, event_id: int) -> tuple[Event, Access]:
    collaboration, access = collaboration_access(request, slug)
    found = get_object_or_404(
        Event.objects.filter(collaboration=collaboration)
        .visible_to(access)
        .exclude(status=EventStatus.DRAFT)
        .select_related("activity", "collaboration")
        .prefetch_related("sessions", "questions"),
        pk=event_id,
    )
    return found, access


@router.get("/collaborations/{slug}/events/{event_id}", response=EventOut, tags=["events"])
def event(request: HttpRequest, slug: Slug, event_id: Id) -> dict[str, Any]:
    """One event the caller may see, also one that is over."""
    found, _access = _visible(request, slug, event_id)
    return _event(found, found.registrations.confirmed().count())


def _organisation(event: Event, organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    parties = Party.objects.current().filter(collaboration_id=event.collaboration_id)
    found = Organisation.objects.filter(pk=organisation_id, pk__in=parties.values("organisation_id")).first()
    if found is None:
        raise DomainError(
            _("Välj en organisation bland samverkanspartnerna, eller skriv organisationens namn."),
            field="organisation_id",
        )
    return found


def _member(request: HttpRequest) -> Person | None:
    """The caller's own person (a logged-in member registers as themselves, as on the page)."""
    user = caller(request)
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user, erased_at__isnull=True).first()


@router.post(
    "/collaborations/{slug}/events/{event_id}/registrations",
    response={201: RegistrationOut, 400: RegistrationRefusalOut, 429: RegistrationRefusalOut},
    tags=["events"],
    auth=WRITE_AUTH,
)
def register(request: HttpRequest, slug: Slug, event_id: Id, payload: RegistrationIn) -> Status[dict[str, Any]]:
    """Register for an event: a seat while there is one, else the next place on the waitlist. The
    answer has the personal link to see, change or cancel (it is also e-mailed). Members-only
    events need a participant's token or session."""
    found, _access = _visible(request, slug, event_id)
    limited = limits.claim_registration(request, found.collaboration_id)
    if limited is not None:  # too many from this network this hour, without a token
        return Status(429, {"detail": limited.message, "field": None})
    answers: dict[int | str, str] = {key: value for key, value in payload.answers.items()}
    # the caller's own registration is theirs; one for someone else's address is not (their desk
    # would otherwise list that person's personal link), unless the event is for members only
    member = _member(request)
    own = member is not None and member.email.casefold() == str(payload.email).casefold()
    person = member if own or not found.public else None
    try:
        refusal = services.registrant_refusal(found)
        if refusal is not None:
            raise refusal
        registration = services.register(
            found,
            name=payload.name,
            email=payload.email,
            organisation=_organisation(found, payload.organisation_id),
            organisation_text=payload.organisation_text,
            category=payload.category,
            gender=payload.gender,
            answers=answers,
            person=person,
            consented=payload.consent,
        )
    except DomainError as error:
        limits.release_registration(request, found.collaboration_id)
        return Status(400, {"detail": error.message, "field": error.field})
    return Status(201, _own(registration))


def _own(registration: Registration) -> dict[str, Any]:
    return {
        "status": registration.status,
        "waitlist_place": selectors.place_in_line(registration),
        "manage_url": notices.absolute(reverse("registration_manage", args=[registration.token])),
    }


@router.post(
    "/registrations/{token}/cancel",
    response={200: RegistrationCancelOut, 400: RegistrationRefusalOut},
    tags=["events"],
    auth=WRITE_AUTH,
)
def cancel(request: HttpRequest, token: Token) -> Status[dict[str, Any]]:
    """Cancel a registration by its personal link's token; a freed seat goes to the first on the
    waitlist, who is told by e-mail."""
    registration = get_object_or_404(Registration.objects.filter(anonymised_at__isnull=True), token=token)
    try:
        refusal = services.registrant_refusal(registration.event, cancelling=True)
        if refusal is not None:
            raise refusal
        services.cancel(registration)
    except DomainError as error:
        return Status(400, {"detail": error.message, "field": error.field})
    return Status(200, {"status": registration.status})
