"""The pure rules of events: seats, the waitlist, fees, the registration window, the answers."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from samverkan.events import rules
from samverkan.events.rules import QuestionSpec
from samverkan.lib.errors import DomainError

UTC = datetime.UTC
NOON = datetime.datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("capacity", "confirmed", "expected"),
    [
        (None, 0, "confirmed"),
        (None, 10_000, "confirmed"),  # no capacity: nobody waits
        (10, 0, "confirmed"),
        (10, 9, "confirmed"),  # the last seat
        (10, 10, "waitlisted"),
        (10, 12, "waitlisted"),  # the organiser confirmed more by hand
        (1, 0, "confirmed"),
        (1, 1, "waitlisted"),
    ],
)
def test_a_newcomer_gets_a_seat_while_there_is_one(capacity, confirmed, expected) -> None:
    assert rules.seat_status(capacity, confirmed) == expected


@pytest.mark.parametrize(
    ("waitlist", "free", "moved"),
    [
        (["a", "b", "c"], 1, ["a"]),
        (["a", "b", "c"], 2, ["a", "b"]),
        (["a", "b", "c"], 5, ["a", "b", "c"]),
        (["a", "b", "c"], 0, []),
        (["a", "b", "c"], -2, []),
        ([], 3, []),
    ],
)
def test_the_first_on_the_waitlist_move_up_into_the_free_seats(waitlist, free, moved) -> None:
    assert rules.promote(waitlist, free) == moved


@pytest.mark.parametrize(
    ("capacity", "confirmed", "waiting", "free"),
    [(10, 9, 3, 1), (10, 10, 3, 0), (10, 12, 3, 0), (10, 5, 3, 3), (None, 50, 4, 4), (10, 9, 0, 0)],
)
def test_free_seats_for_the_waitlist(capacity, confirmed, waiting, free) -> None:
    assert rules.free_seats(capacity, confirmed, waiting) == free


@pytest.mark.parametrize(
    ("category", "member", "other", "is_member", "fee"),
    [
        ("municipality", 50_000, 150_000, True, 50_000),  # a party's municipality pays the members' fee
        ("authority", 50_000, 150_000, True, 50_000),  # the county administrative board too
        ("municipality", 50_000, 150_000, False, 150_000),  # a municipality outside the collaboration
        ("business", 50_000, 150_000, False, 150_000),
        ("business", 50_000, 150_000, True, 150_000),  # a company is never a member
        ("citizen", 50_000, 150_000, False, 150_000),
        ("other", 50_000, 150_000, False, 150_000),
        ("municipality", None, 150_000, True, 0),  # free for members
        ("citizen", 50_000, None, False, 0),  # free for everyone else
        ("citizen", None, None, False, 0),
    ],
)
def test_the_fee_follows_the_category_and_membership(category, member, other, is_member, fee) -> None:
    assert rules.fee_for(category, member, other, is_member) == fee


OPENS = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
CLOSES = datetime.datetime(2027, 3, 20, 22, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "opens", "closes", "status", "message"),
    [
        (NOON, OPENS, CLOSES, "published", None),
        (NOON, None, None, "published", None),
        (OPENS, OPENS, CLOSES, "published", None),  # open from the minute it opens
        (
            OPENS - datetime.timedelta(minutes=1),
            OPENS,
            CLOSES,
            "published",
            "Anmälan har inte öppnat än. Den öppnar 1 mars 2027, 09:00.",
        ),
        (CLOSES, OPENS, CLOSES, "published", "Anmälan stängde 20 mars 2027, 23:59."),
        (CLOSES + datetime.timedelta(days=3), None, CLOSES, "published", "Anmälan stängde 20 mars 2027, 23:59."),
        (NOON, OPENS, CLOSES, "draft", "Evenemanget är inte publicerat än."),
        (NOON, OPENS, CLOSES, "cancelled", "Evenemanget är inställt."),
    ],
)
def test_registration_is_refused_outside_its_window(now, opens, closes, status, message) -> None:
    refusal = rules.registration_window_refusal(now, opens, closes, status=status)
    assert (refusal.message if refusal else None) == message


FOOD = QuestionSpec(id=1, text="Kost", kind="choice", required=True, choices=("Vanlig", "Vegetarisk"))
PARKING = QuestionSpec(id=2, text="Behöver du parkering?", kind="yes_no")
NOTE = QuestionSpec(id=3, text="Något mer?", kind="text")


@pytest.mark.parametrize(
    ("answers", "result"),
    [
        ({1: "Vegetarisk"}, {1: "Vegetarisk"}),
        ({1: " Vanlig ", 2: "yes", 3: "Hörselslinga"}, {1: "Vanlig", 2: "yes", 3: "Hörselslinga"}),
        ({1: "Vanlig", 2: "", 3: "  "}, {1: "Vanlig"}),  # the empty ones are not kept
        ({}, "Svara på frågan ”Kost”."),
        ({1: "  "}, "Svara på frågan ”Kost”."),
        ({1: "Fisk"}, "Välj ett av svarsalternativen på frågan ”Kost”."),
        ({1: "Vanlig", 2: "kanske"}, "Svara ja eller nej på frågan ”Behöver du parkering?”."),
        ({1: "Vanlig", 99: "x"}, "Svaret gäller en fråga som evenemanget inte ställer."),
        ({1: "Vanlig", 3: "rad ett\nrad två\x00"}, {1: "Vanlig", 3: "rad ett\nrad två"}),  # control characters out
        ({1: "Vanlig", 3: "x" * 2001}, "Svaret på frågan ”Något mer?” är för långt (högst 2000 tecken)."),
    ],
)
def test_the_answers_are_checked_against_the_questions(answers, result) -> None:
    cleaned = rules.clean_answers([FOOD, PARKING, NOTE], answers)
    assert (cleaned.message if isinstance(cleaned, DomainError) else cleaned) == result


@pytest.mark.parametrize(
    ("text", "kind", "choices", "message"),
    [
        ("Kost", "choice", ["Vanlig", "Vegetarisk"], None),
        ("Något mer?", "text", [], None),
        ("Parkering?", "yes_no", [], None),
        ("  ", "text", [], "Frågan behöver en text."),
        ("Kost", "choice", ["Vanlig"], "En flervalsfråga behöver minst två olika svarsalternativ."),
        ("Kost", "choice", ["Vanlig", " Vanlig"], "En flervalsfråga behöver minst två olika svarsalternativ."),
        ("Kost", "scale", [], "Välj vilket slags fråga det är."),
    ],
)
def test_a_question_has_a_text_and_a_choice_two_alternatives(text, kind, choices, message) -> None:
    refusal = rules.question_refusal(text, kind, choices)
    assert (refusal.message if refusal else None) == message


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "Seminarium", "for_municipalities": True}, None),
        ({"title": "Seminarium", "for_citizens": True, "capacity": 1}, None),
        ({"title": " ", "for_municipalities": True}, "Evenemanget behöver en rubrik."),
        ({"title": "Seminarium"}, "Välj minst en målgrupp."),
        (
            {"title": "Seminarium", "for_business": True, "capacity": 0},
            "Antalet platser ska vara minst 1, eller tomt för obegränsat.",
        ),
        (
            {"title": "Seminarium", "for_business": True, "registration_opens": CLOSES, "registration_closes": OPENS},
            "Anmälan måste stänga efter att den öppnar.",
        ),
    ],
)
def test_an_event_needs_a_title_a_target_group_and_a_sensible_capacity_and_window(fields, message) -> None:
    refusal = rules.event_refusal(fields)
    assert (refusal.message if refusal else None) == message


def test_a_session_ends_after_it_starts() -> None:
    assert rules.session_refusal(OPENS, CLOSES) is None
    refusal = rules.session_refusal(OPENS, OPENS)
    assert refusal is not None and refusal.message == "Tillfället måste sluta efter att det börjar."


def test_the_refusals_are_in_english_for_english_readers() -> None:
    with translation.override("en"):
        refusal = rules.registration_window_refusal(CLOSES, OPENS, CLOSES)
        assert refusal is not None and refusal.message.startswith("Registration closed ")
        assert rules.promote(["a"], 1) == ["a"]
        answers = rules.clean_answers([FOOD], {})
        assert isinstance(answers, DomainError) and answers.message == "Answer the question “Kost”."


@pytest.mark.parametrize(
    ("capacity", "confirmed", "left"), [(None, 5, None), (10, 0, 10), (10, 9, 1), (10, 10, 0), (10, 12, 0)]
)
def test_seats_left_for_a_newcomer(capacity, confirmed, left):
    assert rules.seats_left(capacity, confirmed) == left
