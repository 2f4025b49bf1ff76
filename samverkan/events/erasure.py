"""A person's registrations, erased with the person (`organisations.personal_data.erase_person`,
registered in `EventsConfig.ready()`): their name, address and free-text organisation go, their
answers to the event's own questions go; the registration stays as an anonymous row, so the
event's seats, waitlist and statistics (category, gender as stated) are as they were."""

from __future__ import annotations

from django.db.models import Q

from samverkan.events.models import Answer, Registration
from samverkan.organisations.models import Person
from samverkan.organisations.personal_data import ERASED


def erase_registrations(person: Person) -> list[tuple[str, list[str]]]:
    """The person's registrations: those made logged in as them, and those under their address."""
    mine = Q(person=person)
    if person.email:
        mine |= Q(email__iexact=person.email)
    registrations = list(Registration.objects.filter(mine))
    for registration in registrations:
        registration.name = ERASED
        # an address unique to the row keeps the database's one-active-registration-per-address
        # rule true when two erased people were registered for the same event (.invalid: RFC 2606)
        registration.email = f"{registration.pk}@raderad.invalid"
        registration.organisation_text = ""
        registration.person = None
        registration.save(update_fields=["name", "email", "organisation_text", "person"])
    Answer.objects.filter(registration__in=registrations).update(value="")
    return [("events.registration", [str(r.pk) for r in registrations])]
