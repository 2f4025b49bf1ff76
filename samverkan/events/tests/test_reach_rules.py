"""The reach and M3 as pure rules: plain facts in, figures and findings out (no database)."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.collaborations.model_file import read_model_file
from samverkan.events import rules
from samverkan.events.rules import EvaluationSums, MunicipalityParty, ReachEvent, ReachRegistration

ON = datetime.date(2027, 6, 1)
AGREEMENTS = Path(settings.BASE_DIR) / "agreements"
MUNICIPALITIES = (MunicipalityParty(1, "Lycksele"), MunicipalityParty(2, "Umeå"), MunicipalityParty(3, "Vindeln"))


def event(pk: int, *groups: str, day: datetime.date | None = datetime.date(2027, 5, 1)) -> ReachEvent:
    return ReachEvent(pk, f"Evenemang {pk}", 100 + pk, groups or ("for_municipalities",), day)


def registration(pk: int, event_id: int, category: str = "municipality", gender: str = "woman", **extra):
    return ReachRegistration(
        **{"id": pk, "event_id": event_id, "status": "confirmed", "category": category, "gender": gender,
           "attended": True, "organisation_id": None, **extra}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("status", "attended", "day", "took_part"),
    [
        ("confirmed", True, datetime.date(2027, 5, 1), True),
        ("confirmed", None, datetime.date(2027, 5, 1), True),  # not marked: a confirmed seat counts
        ("confirmed", False, datetime.date(2027, 5, 1), False),  # a no-show
        ("waitlisted", None, datetime.date(2027, 5, 1), False),
        ("confirmed", True, ON, True),  # begun today
        ("confirmed", None, datetime.date(2027, 6, 2), False),  # still to come
        ("confirmed", None, None, False),  # no session
    ],
)
def test_who_took_part(status, attended, day, took_part):
    r = registration(1, 1, status=status, attended=attended)
    assert rules.took_part(r, event(1, day=day), ON) is took_part


def test_a_municipality_is_reached_by_someone_from_it_who_came():
    registrations = [
        registration(1, 1, organisation_id=2),
        registration(2, 1, organisation_id=3, attended=False),  # Vindeln's did not come
        registration(3, 1, organisation_id=1, status="waitlisted", attended=None),  # Lycksele's waits
    ]
    figures = rules.year_reach(2027, ON, [event(1)], registrations, [], MUNICIPALITIES).events[0].figures
    assert figures.municipalities_reached == ("Umeå",)
    assert figures.municipalities_not_reached == ("Lycksele", "Vindeln")


def test_the_gender_counts_are_the_gender_statistics_protection():
    registrations = [registration(n, 1, gender=g) for n, g in enumerate(["woman"] * 5 + ["man"] * 4 + ["other"])]
    figures = rules.year_reach(2027, ON, [event(1)], registrations, [], MUNICIPALITIES).events[0].figures
    # one "other" among ten: "< 3"; would the rest be exact, all but one would be known not to be other
    assert figures.gender[2] == "< 3"
    assert "1" not in figures.gender and "2" not in figures.gender


def test_a_year_average_that_would_tell_a_hidden_answer_is_hidden():
    events = [event(1), event(2)]
    answers = [EvaluationSums(1, 3, 12, 12), EvaluationSums(2, 1, 1, 1)]
    reach = rules.year_reach(2027, ON, events, [], answers, MUNICIPALITIES)
    assert reach.events[0].figures.evaluation.overall == 4.0
    assert reach.events[1].figures.evaluation.overall is None
    assert reach.total.evaluation == rules.EvaluationFigures(4, None, None)
    answers.append(EvaluationSums(3, 2, 4, 4))  # now three answers are hidden: the year's average shows
    reach = rules.year_reach(2027, ON, [*events, event(3)], [], answers, MUNICIPALITIES)
    assert reach.total.evaluation == rules.EvaluationFigures(6, 2.8, 2.8)


def test_the_follow_up_counts_other_and_not_stated_together():
    assert rules.follow_up_counts({"woman": 3, "man": 2, "other": 1, "not_stated": 4}) == {
        "participants_women": 3,
        "participants_men": 2,
        "participants_other": 5,
    }


def test_m3_is_judged_only_where_the_model_file_names_the_clause():
    model, _text = read_model_file(AGREEMENTS / "miljosamverkan-vasterbotten.toml")
    facts = rules.EventsFacts(ON, (event(1),), (registration(1, 1),))
    assert [f.status for f in rules.judge(model, facts)] == ["ok", "warning", "warning"]
    without = dataclasses.replace(model, clause_titles={}, clause_texts={})
    assert rules.judge(without, facts) == []
