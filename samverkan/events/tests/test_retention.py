"""Registrants' personal data is kept `[events] retention_months` after the event, then anonymised
by the retention command; the statistics stay as they were."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from samverkan.audit.models import AuditEntry
from samverkan.collaborations.model_file import ModelFileError, parse_model
from samverkan.events import retention, services
from samverkan.events.models import Answer, Event, Registration, RegistrationStatus

NAME, EMAIL = "Ulrika Quistgaard", "Ulrika.Quistgaard@example.se"
FREE_TEXT, ANSWER = "Quistgaards hunddagis", "Glutenfri, hälsar Quistgaard"


@pytest.fixture
def held_event(activity):
    """A published public event whose one session ended `days` days ago, with a question."""

    def make(days: int, title: str = "Förorenade områden i praktiken", capacity: int | None = None) -> Event:
        event = services.create_event(activity=activity, actor=None, title=title, public=True, capacity=capacity)
        start = timezone.now() - datetime.timedelta(days=days, hours=3)
        services.add_session(event=event, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
        services.add_question(event=event, actor=None, text="Kost")
        services.publish_event(event=event, actor=None)
        return event

    return make


def _register_crowd(event: Event, world) -> list[Registration]:
    """Registrants across categories and genders; a seat, the waitlist, a cancellation, a move up."""
    question = event.questions.get()
    umea, lycksele = world.municipality("2480"), world.municipality("2481")
    crowd = [
        services.register(
            event,
            name=NAME,
            email=EMAIL,
            organisation_text=FREE_TEXT,
            category="citizen",
            gender="woman",
            answers={question.pk: ANSWER},
        ),
        services.register(event, name="Bo Ek", email="bo@umea.se", organisation=umea, category="municipality"),
        services.register(
            event, name="Karin Ås", email="karin@lycksele.se", organisation=lycksele, category="municipality",
            gender="woman",
        ),
        services.register(
            event, name="Per Berg", email="per@firma.se", organisation_text="Bergs Bygg AB", category="business",
            gender="man",
        ),
        services.register(event, name="Li Wu", email="li@example.se", category="citizen", gender="other"),
    ]  # fmt: skip
    services.cancel(crowd[1])  # Bo Ek cancels; the first waiting (if any) moves up
    Registration.objects.filter(pk__in=[crowd[0].pk, crowd[2].pk]).update(attended=True)
    Registration.objects.filter(pk=crowd[3].pk).update(attended=False)
    return crowd


def reach(event: Event) -> dict[str, Counter]:
    """What the reach figures count: by category, gender, status, attendance and organisation."""
    rows = list(event.registrations.values_list("category", "gender", "status", "attended", "organisation_id"))
    return {
        "category": Counter(r[0] for r in rows),
        "gender": Counter(r[1] for r in rows),
        "status": Counter(r[2] for r in rows),
        "attended": Counter(r[3] for r in rows),
        "organisation": Counter(r[4] for r in rows),
        "attended_by_gender": Counter((r[1], r[3]) for r in rows),
    }


def database_text() -> str:
    """Every row of every table, as text."""
    parts = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def run_retention(*args: str) -> str:
    out = StringIO()
    call_command("personal-data-retention", *args, stdout=out)
    return out.getvalue()


def test_the_command_anonymises_registrations_after_the_retention_period_and_keeps_the_reach(held_event, world) -> None:
    old = held_event(days=800, capacity=3)  # ended more than 24 months ago
    recent = held_event(days=300, title="Nyligen")  # ten months ago: kept
    crowd = _register_crowd(old, world)
    kept = services.register(recent, name="Kvar Kvarsson", email="kvar@example.se", category="citizen")
    assert NAME in database_text() and EMAIL.lower() in database_text().lower()
    before = reach(old)
    old_tokens = {r.pk: r.token for r in crowd}

    dry = run_retention("--dry-run")
    assert f"Would anonymise 5 registrations of event #{old.pk}" in dry and "retention 24 months" in dry
    assert "Would anonymise 5 event registrations." in dry
    assert not Registration.objects.filter(anonymised_at__isnull=False).exists()  # a dry run changes nothing

    out = run_retention()
    assert f"Anonymised 5 registrations of event #{old.pk}" in out and "Anonymised 5 event registrations." in out

    # the statistics are as they were
    assert reach(old) == before
    # and nothing of the registrant is left, in any table, in any case
    everything = database_text().lower()
    for secret in (NAME, EMAIL, FREE_TEXT, ANSWER, "Quistgaard"):
        assert secret.lower() not in everything, secret
    for registration in old.registrations.all():
        assert registration.name == "" and registration.email.endswith("@anonymiserad.invalid")
        assert registration.organisation_text == "" and registration.person is None
        assert registration.anonymised_at is not None and registration.token != old_tokens[registration.pk]
    assert set(Answer.objects.filter(registration__event=old).values_list("value", flat=True)) == {""}
    # the municipality chosen from the list stays (not personal data); the citizen's free text went
    assert old.registrations.filter(organisation=world.municipality("2481")).count() == 1
    kept.refresh_from_db()
    assert kept.name == "Kvar Kvarsson" and kept.anonymised_at is None

    # idempotent: a second run finds nothing and writes nothing
    entries = AuditEntry.objects.count()
    assert "Anonymised 0 event registrations." in run_retention()
    assert AuditEntry.objects.count() == entries and reach(old) == before


def test_the_audit_trail_keeps_what_happened_without_who(held_event, world) -> None:
    event = held_event(days=800, capacity=1)
    first = services.register(event, name=NAME, email=EMAIL, category="citizen", organisation_text=FREE_TEXT)
    waiting = services.register(event, name="Vänta Väntesson", email="vanta@example.se", category="citizen")
    services.cancel(first)
    services.move_up(waiting, actor=None)  # after the event nobody moves up by themselves; by hand
    retention.apply_retention(dry_run=False, today=timezone.localdate())
    trail = AuditEntry.objects.filter(object_type="events.registration", object_id__in=[str(first.pk), str(waiting.pk)])
    assert {e.action for e in trail} >= {"create_registration", "cancel_registration", "move_up_registration"}
    for entry in trail:
        text = f"{entry.before} {entry.after} {entry.object_label} {entry.actor_label}"
        assert "Quistgaard" not in text and "Väntesson" not in text and "vanta@" not in text
    created = trail.get(object_id=str(first.pk), action="create_registration")
    assert created.after["category"] == "citizen" and created.after["status"] == RegistrationStatus.CONFIRMED
    assert AuditEntry.objects.filter(action="anonymise_registrations", object_id=str(event.pk)).count() == 1


def test_two_active_registrations_of_one_event_anonymised_keep_the_unique_address_rule(held_event) -> None:
    """The address is unique among an event's active registrations (whatever its case): each
    anonymised row gets an address of its own."""
    event = held_event(days=800)
    a = services.register(event, name="A Ett", email="a@example.se", category="citizen")
    b = services.register(event, name="B Två", email="b@example.se", category="citizen")
    assert retention.anonymise_event(event=event, actor=None) == 2
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == b.status == RegistrationStatus.CONFIRMED and a.email != b.email


def test_a_member_logged_in_is_unlinked_and_not_named_in_the_trail(held_event, world) -> None:
    person = world.people["lycksele"]
    event = held_event(days=800)
    registration = services.register(
        event, name=person.full_name, email="annan@example.se", category="municipality", person=person
    )
    retention.anonymise_event(event=event, actor=None)
    registration.refresh_from_db()
    assert registration.person is None and registration.name == ""
    for entry in AuditEntry.objects.filter(object_type="events.registration", object_id=str(registration.pk)):
        assert person.full_name not in f"{entry.before} {entry.after} {entry.object_label} {entry.actor_label}"


def test_the_retention_period_is_the_model_files(held_event, world) -> None:
    collaboration = world.collaboration
    assert collaboration.model.events.retention_months == 24
    collaboration.model_source = collaboration.model_source.replace(
        "[events]\nretention_months = 24", "[events]\nretention_months = 6"
    )
    collaboration.save(update_fields=["model_source"])
    assert type(collaboration).objects.get(pk=collaboration.pk).model.events.retention_months == 6
    seven_months = held_event(days=215)
    services.register(seven_months, name="Sju Månader", email="sju@example.se", category="citizen")
    five_months = held_event(days=150, title="Fem")
    services.register(five_months, name="Fem Månader", email="fem@example.se", category="citizen")
    due = retention.due()
    assert [(d.event.pk, d.retention_months, d.registrations) for d in due] == [(seven_months.pk, 6, 1)]


def test_an_event_still_to_come_or_never_held_is_not_due(make_event, activity) -> None:
    coming = make_event()
    services.register(coming, name="Snart", email="snart@example.se", category="citizen")
    services.create_event(activity=activity, actor=None, title="Utkast utan tillfällen")
    assert retention.due() == []
    later = retention.due(timezone.localdate() + datetime.timedelta(days=365 * 3))
    assert [d.event.pk for d in later] == [coming.pk]  # once it is over; the draft never is


@pytest.mark.parametrize(
    ("value", "problem"),
    [("0", "Fick 0"), ("241", "Fick 241"), ('"24"', "Fick '24'"), ("true", "Fick True"), ("1.5", "Fick 1.5")],
)
def test_a_bad_retention_period_in_the_model_file_is_refused_naming_the_key(value, problem, world) -> None:
    text = world.collaboration.model_source.replace(
        "[events]\nretention_months = 24", f"[events]\nretention_months = {value}"
    )
    with pytest.raises(ModelFileError) as refused:
        parse_model(text, "vasterbotten.toml")
    assert refused.value.key == "events.retention_months"
    assert "antal månader, 1–240" in refused.value.problem and problem in refused.value.problem


def test_without_the_table_the_period_is_24_months(world) -> None:
    text = world.collaboration.model_source.replace("[events]\nretention_months = 24", "")
    assert parse_model(text).events.retention_months == 24
