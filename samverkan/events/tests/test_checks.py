"""The agreement check's M3: the year's trainings, seminars and campaigns reach each target group
(municipalities, business, citizens), and a warning names the one they did not reach."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.agreement.services import check_collaboration
from samverkan.events import services
from samverkan.events.models import Registration
from samverkan.plans import services as plans

TODAY = timezone.localdate()
SLUG = "miljosamverkan-vasterbotten"


def _held_event(world, title: str, *, days: int = -3, **groups):
    activity = plans.create_activity(
        collaboration=world.collaboration,
        actor=None,
        year=TODAY.year,
        title=title,
        area="kompetensutveckling",
        kind="seminar",
        **groups,
    )
    event = services.create_event(activity=activity, actor=None, title=title, public=True)
    start = timezone.now() + datetime.timedelta(days=days)
    services.add_session(event=event, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    services.publish_event(event=event, actor=None)
    return event


def _came(event, n: int, category: str, *, attended: bool | None = True) -> None:
    for i in range(n):
        registration = services.register(
            event, name=f"{category} {i}", email=f"{category}{i}-{event.pk}@example.se", category=category
        )
        Registration.objects.filter(pk=registration.pk).update(attended=attended)


def _m3(world) -> dict[str, tuple[str, str]]:
    """Target group (the subject's end) → (status, message) of the M3 findings today."""
    findings = [f for f in check_collaboration(world.collaboration, on=TODAY) if f.rule == "M3"]
    return {f.subject.split(": ", 1)[1]: (f.status, f.message) for f in findings}


def test_a_year_of_events_only_for_municipalities_warns_that_business_and_the_public_were_not_reached(world):
    event = _held_event(world, "Tillsyn av förorenade områden", for_municipalities=True)
    _came(event, 4, "municipality")
    m3 = _m3(world)
    assert m3["kommunerna"] == ("ok", f"Evenemangen {TODAY.year} har nått kommunerna: 4 deltagare därifrån.")
    assert m3["företag och verksamhetsutövare"] == (
        "warning",
        f"Evenemangen {TODAY.year} har inte nått företag och verksamhetsutövare: inget av årets evenemang är för dem.",
    )
    assert m3["allmänheten"][0] == "warning" and "har inte nått allmänheten" in m3["allmänheten"][1]


def test_a_year_that_reached_every_target_group_is_ok(world):
    _came(_held_event(world, "Seminarium", for_municipalities=True), 2, "municipality")
    _came(_held_event(world, "Branschdag", for_municipalities=False, for_business=True), 3, "business")
    campaign = _held_event(world, "Kampanj", for_municipalities=False, for_citizens=True)
    _came(campaign, 1, "citizen", attended=None)  # confirmed, attendance not marked: counted
    assert {group: status for group, (status, _m) in _m3(world).items()} == {
        "kommunerna": "ok",
        "företag och verksamhetsutövare": "ok",
        "allmänheten": "ok",
    }


def test_the_warning_says_why_the_group_was_not_reached(world):
    business = _held_event(world, "Branschdag", for_municipalities=False, for_business=True)
    _came(business, 2, "business", attended=False)  # both no-shows
    _held_event(world, "Kampanj", days=20, for_municipalities=False, for_citizens=True)
    m3 = _m3(world)
    assert m3["företag och verksamhetsutövare"][1].endswith("1 evenemang var för dem, men ingen därifrån deltog.")
    assert m3["allmänheten"][1].endswith("ingen därifrån har deltagit, och 1 evenemang för dem återstår.")


def test_m3_is_on_the_agreement_check_page_with_a_link_to_the_year_s_reach(world, client_for):
    _came(_held_event(world, "Tillsyn", for_municipalities=True), 3, "municipality")
    html = client_for("chair").get(reverse("agreement_check", args=[SLUG])).content.decode()
    assert 'id="clause-M3"' in html
    assert "Utbildningar, seminarier och kampanjer" in html  # the clause's title in the model file
    assert "har inte nått företag och verksamhetsutövare" in html
    assert f'href="/{SLUG}/evenemang/rackvidd/{TODAY.year}/"' in html


@pytest.mark.parametrize("year_offset", [-1, 1])
def test_another_year_is_judged_on_its_own_events(world, year_offset):
    _came(_held_event(world, "Tillsyn", for_municipalities=True), 3, "municipality")
    findings = check_collaboration(world.collaboration, year=TODAY.year + year_offset)
    statuses = [f.status for f in findings if f.rule == "M3"]
    assert statuses == ["warning"] * 3  # this year's event is not the other year's
