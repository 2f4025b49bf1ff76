"""Pages for a person's own data (download) and the coordinator's erasure of someone who has left."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samverkan.accounts.permissions import collaboration_for
from samverkan.collaborations.views import deny
from samverkan.lib.errors import DomainError
from samverkan.lib.http import content_disposition
from samverkan.organisations import personal_data
from samverkan.organisations.models import Person


def _json_download(data: object, filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = content_disposition(filename)
    return response


@never_cache
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The logged-in user's own data as JSON."""
    person = Person.objects.filter(user=request.user).first()  # type: ignore[misc]
    if person is not None:
        data = personal_data.personal_data(person)
    else:
        user = request.user
        data = {"person": None, "account": {"username": user.get_username(), "email": getattr(user, "email", "")}}
    return _json_download(data, "mina-uppgifter.json")


@never_cache
def person_data(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A person's data for the coordinator answering a subject access request."""
    collaboration, access = collaboration_for(request, slug)
    if not access.can("manage_people"):
        return deny(request)
    person = get_object_or_404(Person.objects.in_collaboration(collaboration), pk=pk)
    if not access.can("read_personal_data", person):
        # the export covers every collaboration the person is in; they can download it themselves
        return deny(request)
    return _json_download(personal_data.personal_data(person), f"personuppgifter-{person.pk}.json")


def person_erase(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can("manage_people"):
        return deny(request)
    person = get_object_or_404(Person.objects.in_collaboration(collaboration).select_related("organisation"), pk=pk)
    if not access.can("erase_person", person):
        return deny(request)
    everywhere = access.can("erase_person_everywhere", person) or not personal_data.belongs_elsewhere(
        person, collaboration
    )
    error = None
    if request.method == "POST":
        if request.POST.get("bekrafta") != "ja":
            error = _("Kryssa i att du förstår att uppgifterna raderas för gott.")
        else:
            try:
                personal_data.erase_person(person=person, actor=request.user, collaboration=collaboration)
            except DomainError as refusal:
                error = refusal.message
            else:
                if person.erased_at is not None:
                    messages.success(request, _("Personens uppgifter är raderade och uppdragen avslutade."))
                else:
                    messages.success(
                        request,
                        _(
                            "%(person)s är borttagen ur %(collaboration)s: uppdragen här är avslutade. Personen hör "
                            "också till en annan samverkan, så uppgifterna och inloggningen finns kvar där. Bara "
                            "instansens administratör kan ta bort personen helt."
                        )
                        % {"person": person.full_name, "collaboration": collaboration.name},
                    )
                return redirect("person_list", slug)
    return render(
        request,
        "organisations/person_erase.html",
        {
            "collaboration": collaboration,
            "access": access,
            "person": person,
            "error": error,
            "everywhere": everywhere,
            "current": (
                person.memberships.current()
                if everywhere
                else person.memberships.current().filter(group__collaboration=collaboration)
            ).select_related("group"),
        },
    )
