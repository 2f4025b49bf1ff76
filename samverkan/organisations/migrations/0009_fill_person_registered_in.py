"""Fill `Person.registered_in` for the people who were already there.

A person is registered where they hold a membership today or where they were created or updated
(the audit trail names the collaboration); past memberships keep showing them as history anyway.
Someone with no trace at all, who works for an organisation that is a party in exactly one
collaboration, is registered there, as the old rule (working for a party) showed them. Staff of an organisation shared by several
collaborations with no other trace are left to the instance admin: they can no longer be read and
changed from every collaboration their employer takes part in.
"""

import datetime

from django.db import migrations
from django.db.models import Q


def fill(apps, schema_editor):
    Person = apps.get_model("organisations", "Person")
    Membership = apps.get_model("organisations", "Membership")
    Party = apps.get_model("organisations", "Party")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Through = Person.registered_in.through
    today = datetime.date.today()
    current = Membership.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today)
    pairs = set(current.values_list("person_id", "group__collaboration_id"))
    pairs |= {
        (int(object_id), collaboration_id)
        for object_id, collaboration_id in AuditEntry.objects.filter(
            object_type="organisations.person",
            action__in=["create_person", "update_person"],
            collaboration__isnull=False,
        ).values_list("object_id", "collaboration_id")
        if object_id.isdigit()
    }
    known = {person_id for person_id, _collaboration in pairs}
    known |= set(Membership.objects.values_list("person_id", flat=True))
    by_organisation: dict[int, set[int]] = {}
    for organisation_id, collaboration_id in Party.objects.values_list("organisation_id", "collaboration_id"):
        by_organisation.setdefault(organisation_id, set()).add(collaboration_id)
    for person_id, organisation_id in Person.objects.filter(erased_at__isnull=True).values_list("pk", "organisation_id"):
        collaborations = by_organisation.get(organisation_id, set())
        if person_id not in known and len(collaborations) == 1:
            pairs.add((person_id, next(iter(collaborations))))
    existing = set(Person.objects.values_list("pk", flat=True))
    Through.objects.bulk_create(
        [Through(person_id=p, collaboration_id=c) for p, c in sorted(pairs) if p in existing],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0008_person_registered_in"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
