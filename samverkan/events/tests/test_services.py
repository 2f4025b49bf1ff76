"""Registering for an event as the registrants and the organiser live it: a seat while there is
one, then the waitlist in order; a cancellation moves the first one up; the same e-mail twice, a
closed window and an unanswered required question are refused and change nothing."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.accounts.permissions import ANONYMOUS, access_for
from samverkan.audit.models import AuditEntry
from samverkan.events import selectors, services
from samverkan.events.models import Answer, Event, EventSession, EventStatus, Registration, RegistrationStatus
from samverkan.lib.errors import DomainError

CONFIRMED, WAITLISTED, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
)


def _register(event, n: int | str, **extra):
    fields = {"name": f"Deltagare {n}", "email": f"deltagare{n}@example.se", "category": "municipality"}
    return services.register(event, **{**fields, **extra})


def _written() -> tuple[int, int, int]:
    return Registration.objects.count(), Answer.objects.count(), AuditEntry.objects.count()


def _refused(call, message: str) -> None:
    before = _written()
    with pytest.raises(DomainError) as refusal:
        call()
    assert refusal.value.message == message
    assert _written() == before  # bad input changes nothing


def test_registrations_are_confirmed_until_the_seats_are_taken_then_wait_in_order(make_event) -> None:
    event = make_event(capacity=3)
    statuses = [_register(event, n) for n in range(6)]
    assert [r.status for r in statuses] == [CONFIRMED] * 3 + [WAITLISTED] * 3
    assert [r.waitlist_position for r in statuses] == [None, None, None, 1, 2, 3]
    assert [selectors.place_in_line(r) for r in statuses] == [None, None, None, 1, 2, 3]
    assert all(len(r.token) >= 40 for r in statuses)
    assert len({r.token for r in statuses}) == 6


def test_without_a_capacity_everyone_gets_a_seat(make_event) -> None:
    event = make_event(capacity=None)
    assert {_register(event, n).status for n in range(25)} == {CONFIRMED}


def test_a_cancellation_moves_the_first_on_the_waitlist_up_and_tells_them(
    make_event, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    told: list[list[int]] = []
    monkeypatch.setattr(services, "tell_moved_up", told.append)
    event = make_event(capacity=2)
    first, second, third, fourth, fifth = (_register(event, n) for n in range(5))

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.cancel(second)

    assert moved == [third]
    assert second.status == CANCELLED and Registration.objects.get(pk=second.pk).cancelled_at is not None
    assert told == [[third.pk]]
    third.refresh_from_db()
    assert (third.status, third.waitlist_position) == (CONFIRMED, None)
    fourth.refresh_from_db()
    fifth.refresh_from_db()
    assert [selectors.place_in_line(fourth), selectors.place_in_line(fifth)] == [1, 2]
    assert event.registrations.confirmed().count() == 2

    # the next cancellation gives the next one on the list the seat
    assert services.cancel(first) == [fourth]
    assert [r.pk for r in event.registrations.waitlist()] == [fifth.pk]


def test_leaving_the_waitlist_frees_no_seat_and_keeps_the_order(make_event) -> None:
    event = make_event(capacity=1)
    _seated, first, second, third = (_register(event, n) for n in range(4))
    assert services.cancel(second) == []
    assert [r.pk for r in event.registrations.waitlist()] == [first.pk, third.pk]
    third.refresh_from_db()
    assert selectors.place_in_line(third) == 2
    # a newcomer joins behind the last one
    assert _register(event, "ny").waitlist_position == third.waitlist_position + 1


def test_a_cancelled_registration_cannot_be_cancelled_again(make_event) -> None:
    registration = _register(make_event(capacity=5), 1)
    services.cancel(registration)
    _refused(lambda: services.cancel(registration), "Anmälan är redan avbokad.")


def test_the_same_e_mail_twice_is_caught_whatever_its_case(make_event) -> None:
    event = make_event(capacity=10)
    _register(event, 1, email="Anna.Berg@Example.se")
    message = "Den här e-postadressen är redan anmäld till evenemanget."
    _refused(lambda: _register(event, 2, email="anna.berg@example.se"), message)
    _refused(lambda: _register(event, 3, email="  ANNA.BERG@EXAMPLE.SE "), message)
    # another event takes the same address, and after a cancellation it may register again
    assert _register(make_event(title="Ett annat seminarium"), 4, email="anna.berg@example.se").status == CONFIRMED
    services.cancel(Registration.objects.get(event=event, email="Anna.Berg@Example.se"))
    assert _register(event, 5, email="anna.berg@example.se").status == CONFIRMED


def test_the_database_holds_one_active_registration_per_address_even_past_the_service(make_event) -> None:
    event = make_event(capacity=10)
    _register(event, 1, email="anna@example.se")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, name="Anna", email="ANNA@example.se", category="citizen", status=CONFIRMED
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_opens": datetime.timedelta(days=2)}, "Anmälan har inte öppnat än. Den öppnar "),
        (
            {"registration_opens": -datetime.timedelta(days=9), "registration_closes": -datetime.timedelta(days=1)},
            "Anmälan stängde ",
        ),
    ],
)
def test_registration_is_refused_before_it_opens_and_after_it_closes(make_event, fields, message) -> None:
    now = timezone.now()
    event = make_event(capacity=10, **{name: now + delta for name, delta in fields.items()})
    before = _written()
    with pytest.raises(DomainError) as refusal:
        _register(event, 1)
    assert refusal.value.message.startswith(message)
    assert _written() == before


def test_a_draft_or_cancelled_event_takes_no_registrations(make_event) -> None:
    event = make_event(capacity=10)
    Event.objects.filter(pk=event.pk).update(status=EventStatus.DRAFT)
    _refused(lambda: _register(event, 1), "Evenemanget är inte publicerat än.")
    Event.objects.filter(pk=event.pk).update(status=EventStatus.CANCELLED)
    _refused(lambda: _register(event, 1), "Evenemanget är inställt.")


def test_a_required_question_must_be_answered_and_the_answers_are_kept(make_event) -> None:
    event = make_event(capacity=10)
    food = services.add_question(
        event=event, actor=None, text="Kost", kind="choice", choices=["Vanlig", "Vegetarisk"], required=True
    )
    parking = services.add_question(event=event, actor=None, text="Behöver du parkering?", kind="yes_no")
    _refused(lambda: _register(event, 1), "Svara på frågan ”Kost”.")
    _refused(lambda: _register(event, 1, answers={food.pk: "Fisk"}), "Välj ett av svarsalternativen på frågan ”Kost”.")
    registration = _register(event, 1, answers={str(food.pk): "Vegetarisk", parking.pk: "no"})
    assert {a.question.text: a.value for a in registration.answers.all()} == {
        "Kost": "Vegetarisk",
        "Behöver du parkering?": "no",
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "Ange ditt namn."),
        ({"email": "inte-en-adress"}, "Ange en giltig e-postadress."),
        ({"category": "journalist"}, "Välj en kategori."),
        ({"gender": "x"}, "Välj ett av alternativen för kön, eller ”vill inte ange”."),
        ({"name": "N" * 201}, "Namn är för lång (högst 200 tecken)."),
        ({"organisation_text": "O" * 201}, "Organisation (fritext) är för lång (högst 200 tecken)."),
        ({"email": "a" * 250 + "@example.se"}, "E-post är för lång (högst 254 tecken)."),
    ],
)
def test_a_registration_needs_a_name_an_address_and_a_known_category(make_event, fields, message) -> None:
    event = make_event(capacity=10)
    _refused(lambda: _register(event, 1, **fields), message)


def test_a_members_only_event_takes_logged_in_members(make_event, world) -> None:
    event = make_event(capacity=10, public=False)
    _refused(lambda: _register(event, 1), "Evenemanget är bara för medlemmar. Logga in för att anmäla dig.")
    member = world.people["umea"]
    registration = _register(event, 1, person=member, organisation=member.organisation)
    assert (registration.person, registration.status) == (member, CONFIRMED)


def test_the_organiser_moves_someone_up_by_hand_out_of_turn(make_event, world, personas) -> None:
    event = make_event(capacity=1)
    _seated, first, second = (_register(event, n) for n in range(3))
    services.move_up(second, actor=personas["coordinator"])
    second.refresh_from_db()
    assert second.status == CONFIRMED
    assert [r.pk for r in event.registrations.waitlist()] == [first.pk]
    entry = AuditEntry.objects.filter(action="move_up_registration").get()
    assert (entry.actor, entry.before, entry.after) == (
        personas["coordinator"],
        {"status": "waitlisted", "waitlist_position": 2},
        {"status": "confirmed", "waitlist_position": None},
    )
    _refused(lambda: services.move_up(second, actor=None), "Bara den som står på väntelistan kan flyttas upp.")


def test_every_write_is_in_the_audit_trail_without_the_gender(make_event, world) -> None:
    event = make_event(capacity=1)
    assert set(AuditEntry.objects.filter(object_type__startswith="events.").values_list("action", flat=True)) == {
        "create_event",
        "add_event_session",
        "publish_event",
    }
    umea = world.municipality("2480")
    first = _register(event, 1, gender="woman", organisation=umea, organisation_text="ignored")
    second = _register(event, 2, gender="man", organisation_text="Konsult AB", category="business")
    services.cancel(first)
    entries = list(AuditEntry.objects.filter(object_type="events.registration").order_by("pk"))
    assert [(e.action, e.object_id, e.actor_label) for e in entries] == [
        ("create_registration", str(first.pk), "Deltagare 1"),
        ("create_registration", str(second.pk), "Deltagare 2"),
        ("cancel_registration", str(first.pk), "Deltagare 1"),
        ("move_up_registration", str(second.pk), "system"),
    ]
    assert entries[0].after["organisation"] == str(umea) and entries[0].after["organisation_text"] == ""
    assert all("gender" not in e.after and "gender" not in e.before for e in entries)
    assert all(e.collaboration_id == event.collaboration_id for e in entries)


def test_the_fee_is_the_members_for_a_party_and_the_others_for_everyone_else(make_event, world) -> None:
    event = make_event(capacity=10)
    member = _register(event, 1, organisation=world.municipality("2480"))
    company = _register(event, 2, category="business", organisation_text="Konsult AB")
    assert (selectors.fee_of(member), selectors.fee_of(company)) == (50_000, 150_000)


def test_an_event_belongs_to_its_activitys_collaboration_and_takes_its_target_groups(activity) -> None:
    event = services.create_event(activity=activity, actor=None, title="Seminarium")
    assert event.collaboration_id == activity.collaboration_id
    assert (event.for_municipalities, event.for_business, event.for_citizens) == (True, True, False)
    refined = services.create_event(
        activity=activity, actor=None, title="Kampanj", for_citizens=True, for_business=False
    )
    assert (refined.for_municipalities, refined.for_business, refined.for_citizens) == (True, False, True)
    assert event.status == EventStatus.DRAFT


def test_an_event_without_a_session_is_not_published(activity) -> None:
    event = services.create_event(activity=activity, actor=None, title="Seminarium")
    _refused(
        lambda: services.publish_event(event=event, actor=None),
        "Lägg till minst ett tillfälle innan evenemanget publiceras.",
    )


def test_the_database_refuses_no_seats_and_a_session_ending_before_it_starts(activity) -> None:
    event = services.create_event(activity=activity, actor=None, title="Seminarium")
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(capacity=0)
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventSession.objects.create(event=event, starts_at=start, ends_at=start)


def test_who_sees_which_events(make_event, world, personas) -> None:
    public = make_event(capacity=10)
    members_only = make_event(capacity=10, public=False, title="Internt")
    draft = services.create_event(activity=public.activity, actor=None, title="Utkast")

    def seen(access) -> set[int]:
        return set(
            Event.objects.filter(collaboration=world.collaboration).visible_to(access).values_list("pk", flat=True)
        )

    assert seen(ANONYMOUS) == {public.pk}
    assert seen(access_for(personas["outsider"], world.collaboration)) == {public.pk}
    assert seen(access_for(personas["member"], world.collaboration)) == {public.pk, members_only.pk}
    assert seen(access_for(personas["coordinator"], world.collaboration)) == {public.pk, members_only.pk, draft.pk}


@pytest.mark.parametrize("capacity", [50, 1, None])  # a seat, the waitlist, no limit
def test_registering_costs_the_same_queries_however_many_have_registered(
    make_event, django_assert_num_queries, capacity
) -> None:
    counts = []
    for existing in (2, 12):
        event = make_event(capacity=capacity, title=f"Seminarium {existing}")
        services.add_question(event=event, actor=None, text="Kost", kind="choice", choices=["A", "B"], required=True)
        question = event.questions.get()
        for n in range(existing):
            _register(event, f"{existing}-{n}", answers={question.pk: "A"})
        with CaptureQueriesContext(connection) as captured:
            _register(event, f"{existing}-ny", answers={question.pk: "B"})
        counts.append(len(captured))
    assert counts[0] == counts[1]
    event = make_event(capacity=capacity, title="Seminarium 30")
    for n in range(30):
        _register(event, f"30-{n}")
    with django_assert_num_queries(counts[0] - 1):  # no question asked: one query fewer (no answers written)
        _register(event, "30-ny")


def test_more_seats_move_the_first_on_the_waitlist_up_by_themselves(
    make_event, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    told: list[list[int]] = []
    monkeypatch.setattr(services, "tell_moved_up", told.append)
    event = make_event(capacity=2)
    registrations = [_register(event, n) for n in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.update_event(event=event, actor=None, capacity=4)
    assert moved == registrations[2:4]
    assert told == [[r.pk for r in registrations[2:4]]]
    assert [r.pk for r in event.registrations.waitlist()] == [r.pk for r in registrations[4:]]
    # no limit: everyone waiting gets a seat
    assert services.update_event(event=event, actor=None, capacity=None) == registrations[4:]
    assert event.registrations.confirmed().count() == 6
    entry = AuditEntry.objects.filter(action="update_event").order_by("pk").first()
    assert entry is not None and (entry.before["capacity"], entry.after["capacity"]) == (2, 4)


def test_fewer_seats_take_nobodys_seat_and_newcomers_wait(make_event) -> None:
    event = make_event(capacity=3)
    first, second, _third = (_register(event, n) for n in range(3))
    assert services.update_event(event=event, actor=None, capacity=1) == []
    assert event.registrations.confirmed().count() == 3
    newcomer = _register(event, "ny")
    assert newcomer.status == WAITLISTED
    assert services.cancel(first) == []  # still two confirmed for one seat
    assert services.cancel(second) == []
    newcomer.refresh_from_db()
    assert newcomer.status == WAITLISTED


def test_a_refused_change_of_an_event_changes_nothing(make_event) -> None:
    event = make_event(capacity=1)
    _register(event, 1)
    waiting = _register(event, 2)
    _refused(
        lambda: services.update_event(event=event, actor=None, capacity=0),
        "Antalet platser ska vara minst 1, eller tomt för obegränsat.",
    )
    _refused(lambda: services.update_event(event=event, actor=None, title="  "), "Evenemanget behöver en rubrik.")
    event.refresh_from_db()
    waiting.refresh_from_db()
    assert (event.capacity, event.title, waiting.status) == (1, "Förorenade områden i praktiken", WAITLISTED)


def test_a_cancelled_event_takes_no_registrations_and_no_changes(make_event) -> None:
    event = make_event(capacity=10)
    kept = _register(event, 1)
    services.cancel_event(event=event, actor=None)
    _refused(lambda: _register(event, 2), "Evenemanget är inställt.")
    _refused(
        lambda: services.update_event(event=event, actor=None, capacity=20), "Ett inställt evenemang kan inte ändras."
    )
    _refused(
        lambda: services.cancel_event(event=event, actor=None), "Ett evenemang som är inställt kan inte bli inställt."
    )
    kept.refresh_from_db()
    assert kept.status == CONFIRMED  # kept as it was, for the record


def test_a_cancellation_on_a_cancelled_event_moves_nobody_up(
    make_event, personas, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """The event will not be held: a freed seat must not tell the first on the waitlist to come."""
    told: list[list[int]] = []
    monkeypatch.setattr(services, "tell_moved_up", told.append)
    event = make_event(capacity=1)
    seated = _register(event, 1)
    waiting = _register(event, 2)
    services.cancel_event(event=event, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel(seated) == []
    _refused(lambda: services.move_up(waiting, actor=personas["coordinator"]), "Evenemanget är inställt.")
    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED and told == []


def test_control_characters_are_taken_out_of_what_a_registrant_types(make_event) -> None:
    registration = _register(make_event(capacity=5), 1, name="Anna\u202e Berg\x00", organisation_text="Bolag\nAB")
    registration.refresh_from_db()
    assert (registration.name, registration.organisation_text) == ("Anna Berg", "Bolag AB")
