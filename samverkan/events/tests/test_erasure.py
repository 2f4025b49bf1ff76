"""A person erased (GDPR) takes their registrations' personal data with them; the seats, the
waitlist and the statistics stay as they were."""

from samverkan.audit.models import AuditEntry
from samverkan.events import services
from samverkan.events.models import Registration, RegistrationStatus
from samverkan.organisations.personal_data import ERASED, erase_person


def test_erasing_a_person_erases_their_registrations_and_keeps_the_seats(make_event, world) -> None:
    person = world.people["umea_sg"] if "umea_sg" in world.people else next(iter(world.people.values()))
    person.email = "anna.erasmus@umea.se"
    person.save(update_fields=["email"])
    name = person.full_name
    event = make_event(capacity=1)
    logged_in = services.register(
        event, name=name, email="annan.adress@example.se", category="municipality", person=person
    )
    other_event = make_event(capacity=1)
    services.register(other_event, name="Någon annan", email="nagon@example.se", category="citizen")
    by_address = services.register(
        other_event, name=name, email="ANNA.ERASMUS@umea.se", category="municipality", gender="woman"
    )
    assert by_address.status == RegistrationStatus.WAITLISTED
    kept = services.register(event, name="Bo Kvar", email="bo@example.se", category="business")

    erase_person(person=person, actor=None)

    for registration in (logged_in, by_address):
        registration.refresh_from_db()
        assert registration.name == ERASED and "erasmus" not in registration.email.lower()
        assert registration.person is None
    # the seats, the waitlist and the statistics are as they were
    assert (logged_in.status, by_address.status, by_address.gender) == (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        "woman",
    )
    kept.refresh_from_db()
    assert kept.name == "Bo Kvar"
    trail = AuditEntry.objects.filter(
        object_type="events.registration", object_id__in=[str(logged_in.pk), str(by_address.pk)]
    )
    assert trail.exists()
    for entry in trail:
        text = f"{entry.before} {entry.after} {entry.object_label} {entry.actor_label}"
        assert name not in text and "erasmus" not in text.lower()
    assert Registration.objects.filter(name=ERASED).count() == 2
