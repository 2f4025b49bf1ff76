"""Issue 15's done-when: the reach of the demo year matches a hand count, and the activity's
follow-up and the annual report's draft count the attendance.

The hand count, from the demo's registrants (events/demo.py) as written down there, not from any
code: the April 2026 seminar had 20 registered, the first 18 came (7 women, 10 men, 1 other: 14
from municipalities, 1 from the county board, 3 from companies) and two did not (Vilhelmina and
Vännäs); the December campaign has 12 registered (9 citizens, 1 company, 2 from municipalities),
not begun on 30 June. The 18 who came were from 12 of the 15 municipalities: none from Bjurholm,
Dorotea or Vilhelmina. Five answered the evaluation: overall 5, 4, 4, 5, 3 (4,2) and usefulness
5, 5, 4, 4, 4 (4,4).
"""

from __future__ import annotations

import datetime

import pytest

from samverkan.events import reach
from samverkan.events.models import Event
from samverkan.plans import services as plans
from samverkan.plans.models import Activity

MID_2026 = datetime.date(2026, 6, 30)


@pytest.fixture
def demo(db):
    from samverkan.agreement.demo import load_demo

    return load_demo()


def test_the_demo_year_s_reach_matches_the_hand_count(demo):
    year = reach.year_reach(demo, 2026, on=MID_2026)
    total = year.total
    assert (total.events, total.registrations, total.attended, total.no_shows, total.participants) == (2, 32, 18, 2, 18)
    assert total.unmarked == 12  # the campaign's, still to come
    assert total.category("municipality") == (18, 14)  # (registrations, took part)
    assert total.category("authority") == (1, 1)
    assert total.category("business") == (4, 3)
    assert total.category("citizen") == (9, 0)
    assert len(total.municipalities_reached) == 12
    assert set(total.municipalities_not_reached) == {"Bjurholm", "Dorotea", "Vilhelmina"}

    seminar = Event.objects.get(collaboration=demo, title__startswith="Vindkraftens buller")
    figures = year.of_event(seminar.pk).figures
    assert (figures.registrations, figures.attended, figures.no_shows) == (20, 18, 2)
    assert (figures.evaluation.count, figures.evaluation.overall, figures.evaluation.usefulness) == (5, 4.2, 4.4)


def test_the_demo_seminar_s_attendance_fills_its_follow_up_and_the_annual_report(demo):
    activity = Activity.objects.get(collaboration=demo, year=2026, title="Seminarium om vindkraftens buller")
    # a hand-typed guess first, so the fill has something to correct
    plans.record_follow_up(
        activity=activity, actor=None, participants_women=1, participants_men=1, participants_other=0
    )
    before = plans.follow_up_for(demo, 2026).participants
    reach.fill_follow_up(activity=activity, actor=None)
    activity.refresh_from_db()
    assert (activity.participants_women, activity.participants_men, activity.participants_other) == (7, 10, 1)
    after = plans.follow_up_for(demo, 2026).participants
    assert after - before == 18 - 2
    report = "\n".join(plans.generated_annual_report(demo, 2026).values())
    assert f"De nådde {after} deltagare." in report
