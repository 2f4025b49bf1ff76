"""What the organisations app puts on a person's desk (Att göra); registered in
`OrganisationsConfig.ready()`: their own contact details to confirm, once the confirmation is older
than the model file's `[contact_list] confirmation_months` (CO2)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.collaborations.desk import Seat, Todo
from samverkan.lib.dates import months_before
from samverkan.organisations.models import Person

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration


def todos(collaboration: Collaboration, seat: Seat, today: datetime.date) -> Iterator[Todo]:
    rule = collaboration.model.contact_list
    if rule is None or seat.person_id is None:
        return
    person = Person.objects.filter(pk=seat.person_id).only("pk", "confirmed_at").first()
    if person is None:
        return
    confirmed_on = timezone.localtime(person.confirmed_at).date() if person.confirmed_at else None
    if confirmed_on is not None and confirmed_on >= months_before(today, rule.confirmation_months):
        return
    yield Todo(
        collaboration=collaboration,
        title=_("Bekräfta dina kontaktuppgifter"),
        link=reverse("person_edit", args=[collaboration.slug, person.pk]),
        deadline=months_before(confirmed_on, -rule.confirmation_months) if confirmed_on else None,
        kind="contact_confirm",
        source="organisations",
    )
