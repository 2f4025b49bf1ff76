"""The yearly cycle in Chromium: the coordinator adopts next year's meetings from the planner; the
support group drafts next year's activity plan and proposes it; it lands on the collaboration
group's agenda; once the minutes are approved the plan is "decided § N" and locked; a change is
version 2 and the history shows what changed."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_meeting_chain import log_out
from tests.browser.test_walkthrough import SLUG, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def _hold_meeting_and_approve_minutes(meeting: Any) -> int:
    """What the meeting chain test does in the browser, done here through the services."""
    from samverkan.meetings import minutes as minutes_service
    from samverkan.organisations.models import Person

    minutes = minutes_service.start_minutes(meeting=meeting, actor=None)
    chair = Person.objects.get(user__username="ordforande")
    adjuster = Person.objects.get(user__username="umea")
    minutes_service.record_attendance(
        minutes=minutes, statuses={chair.pk: ("present", ""), adjuster.pk: ("present", "")}, guests=[], actor=None
    )
    (item,) = minutes_service.items_from_agenda(minutes=minutes, actor=None)
    minutes_service.set_adjusters(minutes=minutes, people=[adjuster], actor=None)
    for person in (chair, adjuster):
        minutes_service.approve_minutes(minutes=minutes, person=person, actor=None)
    return item.number


def test_the_support_group_drafts_next_years_activity_plan_and_the_decision_locks_it(
    page: Page, live_server: Any, demo: Any, axe: Any
) -> None:
    from samverkan.meetings.models import Meeting
    from samverkan.meetings.services import plan_meeting
    from samverkan.organisations.models import Group

    now = timezone.localtime()
    if now.hour == 23 and now.minute > 30:
        pytest.skip("the collaboration group needs a meeting later today")
    next_year = now.year + 1
    collaboration_group = Group.objects.get(key="samverkansgruppen", collaboration=demo)
    today_meeting = plan_meeting(
        group=collaboration_group,
        starts_at=now + datetime.timedelta(minutes=15),
        ends_at=now + datetime.timedelta(minutes=45),
        title="Extra möte om aktivitetsplanen",
        actor=None,
    )

    # 1. The coordinator adopts next year's meetings from the yearly-cycle planner.
    log_in(page, live_server, "samordnare", "demo")
    visit(page, live_server, f"/{SLUG}/arshjul/?ar={next_year}")
    axe(page)
    proposed = page.locator("input[name=meetings]").count()
    assert proposed >= 8
    page.get_by_role("button", name="Anta förslaget").click()
    expect(page.locator(".messages")).to_contain_text(f"{proposed} möten är planerade för {next_year}")
    assert Meeting.objects.filter(group__collaboration=demo, starts_at__year=next_year).count() == proposed
    axe(page)
    visit(page, live_server, f"/{SLUG}/kalendarium/?ar={next_year}&manad=4")
    expect(page.locator("table.month")).to_contain_text("Samverkansgruppen")
    axe(page)
    log_out(page)

    # 2. The support group drafts next year's activity plan and proposes it.
    log_in(page, live_server, "stod", "demo")
    visit(page, live_server, f"/{SLUG}/planer/?ar={next_year}")
    axe(page)
    page.select_option("#id_doc_type", label="Aktivitetsplan och kalendarium")
    page.get_by_role("button", name="Påbörja utkast").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Aktivitetsplan och kalendarium {next_year}")
    axe(page)
    page.get_by_role("link", name="Ändra utkastet").click()
    page.fill("#id_section_0", "Aktivitetsplanen bygger på verksamhetsplanens områden.")
    page.fill("#id_section_1", "Tillsynsprojekt prioriteras.")
    axe(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("Utkastet är sparat")
    expect(page.get_by_role("heading", name="Aktiviteter")).to_be_visible()
    page.get_by_role("button", name="Lämna som förslag till Samverkansgruppen").click()
    expect(page.locator(".messages")).to_contain_text(
        "Förslaget ligger på dagordningen för Extra möte om aktivitetsplanen"
    )
    plan_url = page.url

    # 3. It is on the collaboration group's agenda, with the proposed decision.
    visit(page, live_server, f"/{SLUG}/moten/{today_meeting.pk}/")
    expect(page.locator("ol.agenda")).to_contain_text(f"Aktivitetsplan och kalendarium {next_year}, version 1")
    expect(page.locator("ol.agenda")).to_contain_text("Samverkansgruppen fastställer")
    axe(page)

    # 4. The meeting decides it and the minutes are approved: the plan is decided and locked.
    number = _hold_meeting_and_approve_minutes(Meeting.objects.get(pk=today_meeting.pk))
    page.goto(plan_url)
    expect(page.locator("dd").filter(has_text=f"Beslutad § {number}/{now.year}")).to_be_visible()
    expect(page.get_by_role("link", name="Ändra utkastet")).to_have_count(0)
    axe(page)

    # 5. A later change is version 2, and the history shows what changed.
    page.get_by_role("button", name="Börja en ny version").click()
    expect(page.locator(".messages")).to_contain_text("Version 2 är påbörjad som utkast")
    page.get_by_role("link", name="Ändra utkastet").click()
    page.fill("#id_section_1", "Kompetensutveckling prioriteras.")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Versioner och ändringar").click()
    expect(page).to_have_url(re.compile(r"/historik/$"))
    version_two = page.locator("section.version").first
    expect(version_two.locator("ins")).to_contain_text("Kompetensutveckling prioriteras.")
    expect(version_two.locator("del")).to_contain_text("Tillsynsprojekt prioriteras.")
    axe(page)


def test_the_pages_of_the_yearly_cycle_pass_axe(page: Page, live_server: Any, demo: Any, axe: Any) -> None:
    from samverkan.plans.models import Activity, Assignment

    year = 2026  # the demo's data is about 2025–2027 (samverkan/plans/demo.py)
    activity = Activity.objects.filter(collaboration=demo, year=year).first()
    assignment = Assignment.objects.filter(collaboration=demo).first()
    assert activity is not None and assignment is not None
    log_in(page, live_server, "samordnare", "demo")
    for path in (
        f"/{SLUG}/aktiviteter/?ar={year + 1}",
        f"/{SLUG}/aktiviteter/ny/?ar={year + 1}",
        f"/{SLUG}/aktiviteter/{activity.pk}/",
        f"/{SLUG}/aktiviteter/{activity.pk}/uppfoljning/",
        f"/{SLUG}/uppfoljning/?ar={year}",
        f"/{SLUG}/uppdrag/?visa=alla",
        f"/{SLUG}/uppdrag/nytt/",
        f"/{SLUG}/uppdrag/{assignment.pk}/",
        f"/{SLUG}/kalendarium/?ar={year}&vy=lista",
        f"/{SLUG}/beslut/",
    ):
        visit(page, live_server, path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe(page)
    # PL2 shows on the activity list: the 2027 operations plan leaves out horizon scanning
    visit(page, live_server, f"/{SLUG}/aktiviteter/?ar={year + 1}")
    expect(page.get_by_text("Inte i verksamhetsplanen", exact=True).first).to_be_visible()
