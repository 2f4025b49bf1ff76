"""The anonymous evaluation: the link works once, the answer names nobody, hostile input changes
nothing, and the organiser's results (issue 15, part 6)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.events import evaluation, rules, services
from samverkan.events.models import Evaluation, Question, Registration
from samverkan.lib.errors import DomainError


def _register(event, n: int):
    return services.register(event, name=f"Deltagare {n}", email=f"deltagare{n}@example.se", category="municipality")


def _after(event) -> datetime.datetime:
    return event.sessions.last().ends_at + datetime.timedelta(hours=2)


def _question(event, text, kind="text", choices=(), required=False, order=0):
    return Question.objects.create(
        event=event, text=text, kind=kind, choices=list(choices), required=required, order=order, purpose="evaluation"
    )


@pytest.fixture
def held(make_event):
    """A held seminar with three confirmed registrants."""
    event = make_event()
    people = [_register(event, n) for n in range(3)]
    return event, people


def _url(registration) -> str:
    return f"/utvardering/{evaluation.token_for(registration)}/"


# --- the pure rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], rules.Averages(0, None, None)),
        ([(5, 4)], rules.Averages(1, Decimal("5.0"), Decimal("4.0"))),
        ([(5, 4), (4, 3), (4, 5)], rules.Averages(3, Decimal("4.3"), Decimal("4.0"))),
        ([(1, 2), (2, 3)], rules.Averages(2, Decimal("1.5"), Decimal("2.5"))),
        (
            [(4, 4), (4, 4), (5, 5), (5, 4), (4, 4), (4, 4), (4, 4), (4, 4)],
            rules.Averages(8, Decimal("4.3"), Decimal("4.1")),
        ),
    ],
)
def test_averages_are_rounded_to_one_decimal_half_up(scores, expected):
    assert rules.averages(scores) == expected


def test_the_distribution_counts_every_score_and_names_the_missing_ones():
    assert rules.distribution([5, 5, 3, 1]) == {1: 1, 2: 0, 3: 1, 4: 0, 5: 2}


@pytest.mark.parametrize("value", [0, 6, -1, 10**23, "5", 4.5, True, None])
def test_a_score_outside_one_to_five_is_refused(value):
    assert rules.score_refusal("overall", value).message == "Välj ett betyg från 1 till 5."


def test_the_hours_of_an_event_are_its_sessions_summed():
    day = datetime.datetime(2027, 3, 10, 9, tzinfo=datetime.UTC)
    sessions = [(day, day + datetime.timedelta(hours=3)), (day, day + datetime.timedelta(hours=1, minutes=30))]
    assert rules.hours_of(sessions) == Decimal("4.5")


# --- the page by the link ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_link_is_derived_from_the_registration_and_is_not_the_personal_link(held):
    _event, (registration, other, _third) = held
    token = evaluation.token_for(registration)
    assert registration.token not in token
    assert evaluation.registration_for(token) == registration
    forged = f"{other.pk}-{token.partition('-')[2]}"  # another's id with this one's signature
    for bad in (forged, "inte-en-giltig-lank", token[:-1], f"{registration.pk}-", "9" * 40 + "-x"):
        with pytest.raises(DomainError, match="Länken är ogiltig"):
            evaluation.registration_for(bad)


@pytest.mark.django_db
def test_a_registrant_answers_once_and_the_answer_names_nobody(client, held):
    event, (registration, *_rest) = held
    food = _question(event, "Hur var maten?", kind="choice", choices=["Bra", "Dålig"], order=1)
    again = _question(event, "Skulle du gå igen?", kind="yes_no", required=True, order=2)
    with time_machine.travel(_after(event), tick=False):
        page = client.get(_url(registration))
        assert page.status_code == 200
        html = page.content.decode()
        assert "<legend>Vad tycker du om evenemanget som helhet?" in html
        assert "<legend>Hur användbart var det för dig och ditt arbete?" in html
        assert html.count('type="radio"') == 5 + 5 + 2 + 2
        assert "Hur var maten?" in html and "anonyma" in html
        answered = client.post(
            _url(registration),
            {
                "overall": "4",
                "usefulness": "5",
                "comment": "Bra exempel från tillsynen.",
                f"question_{food.pk}": "Bra",
                f"question_{again.pk}": "yes",
            },
        )
        assert answered.status_code == 200
        assert "Tack för dina svar!" in answered.content.decode()
        stored = Evaluation.objects.get()
        assert (stored.event, stored.overall, stored.usefulness) == (event, 4, 5)
        assert stored.comment == "Bra exempel från tillsynen."
        assert stored.answers == {str(food.pk): "Bra", str(again.pk): "yes"}
        # the answer is not linked to the registration; the registration knows only the day
        assert not any(f.related_model is Registration for f in Evaluation._meta.get_fields())
        evaluated_at = timezone.localtime(Registration.objects.get(pk=registration.pk).evaluated_at)
        assert (evaluated_at.hour, evaluated_at.minute, evaluated_at.second) == (0, 0, 0)
        assert evaluated_at.date() == timezone.localdate()
        # a second answer by the same link is refused, kindly
        second = client.post(_url(registration), {"overall": "1", "usefulness": "1"})
        assert "Du har redan svarat på utvärderingen. Tack för dina svar!" in second.content.decode()
        assert client.get(_url(registration)).context["message"].startswith("Du har redan svarat")
    assert Evaluation.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"overall": "7", "usefulness": "3"}, "Välj ett betyg från 1 till 5."),
        ({"overall": "0", "usefulness": "3"}, "Välj ett betyg från 1 till 5."),
        ({"overall": "3"}, "Välj ett betyg från 1 till 5."),
        ({"overall": "abc", "usefulness": "3"}, "Välj ett betyg från 1 till 5."),
        ({"overall": "3", "usefulness": "3", "comment": "x" * 2001}, "högst 2\xa0000 tecken"),
        ({"overall": "3", "usefulness": "3", "comment": "Röd\x1b[31m text"}, "osynliga styrtecken"),
        ({"overall": "3", "usefulness": "3", "comment": "§ 3\x07"}, "osynliga styrtecken"),
        # (a NUL never reaches the view: lib.middleware removes it from every posted value)
    ],
)
def test_hostile_input_gets_a_clear_message_and_changes_nothing(client, held, data, message):
    event, (registration, *_rest) = held
    with time_machine.travel(_after(event), tick=False):
        response = client.post(_url(registration), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Evaluation.objects.exists()
    assert Registration.objects.get(pk=registration.pk).evaluated_at is None


@pytest.mark.django_db
def test_the_use_case_refuses_what_the_form_would_also_refuse(held):
    event, (registration, *_rest) = held
    token = evaluation.token_for(registration)
    with time_machine.travel(_after(event), tick=False):
        for bad in ({"overall": 6, "usefulness": 3}, {"overall": 3, "usefulness": 3, "comment": "a\x07"}):
            with pytest.raises(DomainError, match=r"1 till 5|styrtecken"):
                evaluation.submit(token=token, **bad)
        with pytest.raises(DomainError, match="inte ställer"):
            evaluation.submit(token=token, overall=3, usefulness=3, answers={"999999": "x"})
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_the_link_opens_when_the_event_is_over_and_only_for_those_who_came(client, held):
    event, (registration, stayed_away, _third) = held
    assert "öppnar när evenemanget är slut" in client.get(_url(registration)).context["message"]
    Registration.objects.filter(pk=stayed_away.pk).update(attended=False)
    with time_machine.travel(_after(event), tick=False):
        assert "för dem som deltog" in client.get(_url(stayed_away)).context["message"]
    waiting = Registration.objects.create(
        event=event,
        name="Väntande",
        email="vantar@example.se",
        category="citizen",
        status="waitlisted",
        waitlist_position=1,
    )
    with time_machine.travel(_after(event), tick=False):
        assert "för dem som deltog" in client.get(_url(waiting)).context["message"]
        Registration.objects.filter(pk=waiting.pk).update(attended=True)  # let in at the door
        assert client.get(_url(waiting)).status_code == 200 and "form" in client.get(_url(waiting)).context
    assert client.get("/utvardering/inte-en-giltig-lank/").status_code == 400


def test_the_link_closes_sixty_days_after_the_event_and_an_answer_then_is_not_stored(client, held):
    event, (registration, *_others) = held
    last_end = event.sessions.last().ends_at
    with time_machine.travel(last_end + datetime.timedelta(days=60, minutes=-1), tick=False):
        assert client.get(_url(registration)).status_code == 200
    with time_machine.travel(last_end + datetime.timedelta(days=60, minutes=1), tick=False):
        page = client.get(_url(registration))
        assert "Utvärderingen är stängd: den var öppen i 60 dagar efter evenemanget." in page.context["message"]
        client.post(_url(registration), {"overall": "5", "usefulness": "5"})
    assert not Evaluation.objects.exists()


# --- the organiser's results ------------------------------------------------------------------


def _answer(event, overall, usefulness, comment="", answers=None):
    return Evaluation.objects.create(
        event=event, overall=overall, usefulness=usefulness, comment=comment, answers=answers or {}
    )


@pytest.mark.django_db
def test_the_organiser_sees_the_averages_the_distribution_and_the_texts(client_for, held):
    event, _people = held
    Registration.objects.filter(event=event).update(evaluation_sent_at=timezone.now())
    food = _question(event, "Hur var maten?", kind="choice", choices=["Bra", "Dålig"])
    wish = _question(event, "Vad vill du lära dig mer om?", order=1)
    _answer(event, 5, 4, "Öppen och bra dialog", {str(food.pk): "Bra", str(wish.pk): "Provtagning"})
    _answer(event, 4, 3, "", {str(food.pk): "Bra"})
    _answer(event, 4, 5, "<script>alert(1)</script>", {str(food.pk): "Dålig", str(wish.pk): "Avlopp"})
    response = client_for("coordinator").get(f"/{event.collaboration.slug}/evenemang/{event.pk}/utvardering/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 svar av 3 som fick länken." in html
    assert "4,3 av 5" in html and "4,0 av 5" in html  # the Swedish decimal comma
    assert '<th scope="row">4</th><td>2</td><td>1</td>' in html  # two gave 4 overall, one 4 in usefulness
    assert "2 kommentarer" in html
    assert html.index("&lt;script&gt;") < html.index("Öppen och bra dialog")  # sorted, escaped
    assert '<th scope="row">Bra</th><td>2</td>' in html and '<th scope="row">Dålig</th><td>1</td>' in html
    assert html.index("Avlopp") < html.index("Provtagning")
    assert "Bara" not in html  # three answers: no warning


@pytest.mark.django_db
def test_with_fewer_than_three_answers_the_organiser_is_told_how_few(client_for, held):
    event, _people = held
    _answer(event, 2, 2, "Rörigt")
    html = client_for("coordinator").get(f"/{event.collaboration.slug}/evenemang/{event.pk}/utvardering/")
    html = html.content.decode()
    assert "Bara 1 har svarat." in html and "Rörigt" in html
    assert "1 svar." in html  # nobody got a link by e-mail (yet): no "of 0"
    assert "Ingen har svarat på frågan." not in html


@pytest.mark.django_db
def test_the_results_page_asks_the_same_queries_for_few_and_many_answers(client_for, held, django_assert_num_queries):
    event, _people = held
    food = _question(event, "Hur var maten?", kind="choice", choices=["Bra", "Dålig"])
    client = client_for("coordinator")
    url = f"/{event.collaboration.slug}/evenemang/{event.pk}/utvardering/"
    _answer(event, 3, 3, "a", {str(food.pk): "Bra"})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(40):
        _answer(event, 1 + n % 5, 1 + n % 4, f"kommentar {n}", {str(food.pk): "Dålig"})
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
