"""The whole meeting chain in Chromium: date poll → meeting → agenda → notice → attendance →
minutes with § numbers → approval by the chair and the adjuster → published minutes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_walkthrough import SLUG, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def log_out(page: Page) -> None:
    page.locator(".account-menu > summary").click()  # the account menu opens with the keyboard or a click
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()


def test_a_year_of_meeting_work_in_the_browser(page: Page, live_server: Any, demo: Any, axe: Any) -> None:
    from samverkan.meetings import polls
    from samverkan.meetings.models import DatePoll, Meeting, Minutes

    now = timezone.localtime()
    if now.hour == 23 and now.minute > 40:
        pytest.skip("the chain needs a meeting later today")
    start = now + datetime.timedelta(minutes=15)
    later = now + datetime.timedelta(days=10)

    # 1. The coordinator proposes two times for the collaboration group.
    log_in(page, live_server, "samordnare", "demo")
    visit(page, live_server, f"/{SLUG}/moten/")
    page.get_by_role("link", name="Ny datumförfrågan").click()
    page.select_option("#id_group", label="Samverkansgruppen")
    page.fill("#id_title", "Extra möte om budgeten")
    page.fill("#id_day_1", start.strftime("%Y-%m-%d"))
    page.fill("#id_start_1", start.strftime("%H:%M"))
    page.fill("#id_end_1", (start + datetime.timedelta(minutes=30)).strftime("%H:%M") if start.hour < 23 else "23:59")
    page.fill("#id_day_2", later.strftime("%Y-%m-%d"))
    page.fill("#id_start_2", "09:00")
    page.fill("#id_end_2", "11:00")
    axe(page)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="Skicka förfrågan till gruppen").click()
    expect(page.locator(".messages")).to_contain_text("Förfrågan skickas nu")

    # 2. A member answers through the personal link, without logging in.
    poll = DatePoll.objects.get(title="Extra möte om budgeten")
    invitation = poll.invitations.get(person__user__username="umea")
    log_out(page)
    visit(page, live_server, f"/datum/{polls.token_for(invitation)}/")
    axe(page)
    for fieldset in page.locator("main fieldset").all():
        fieldset.get_by_label("Ja").check()
    page.get_by_role("button", name="Spara mina svar").click()
    expect(page.get_by_role("status")).to_contain_text("sparade")

    # 3. The coordinator picks the first time, builds the agenda and sends the notice.
    log_in(page, live_server, "samordnare", "demo")
    visit(page, live_server, f"/{SLUG}/moten/datumforfragan/{poll.pk}/")
    axe(page)
    page.locator("input[name=tid]").first.check()
    page.fill("#plats", "Region Västerbotten, Umeå")
    page.get_by_role("button", name="Planera mötet på den tiden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Extra möte om budgeten")
    page.get_by_role("link", name="Lägg till punkt").click()
    page.fill("#id_title", "Tilläggsbudget")
    page.check("#id_decision_proposed")
    page.fill("#id_proposed_decision", "Samverkansgruppen beslutar om en tilläggsbudget på 50 000 kr.")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Skicka kallelse").click()
    page.get_by_role("button", name="Skicka kallelsen").click()
    expect(page.locator(".messages")).to_contain_text("Kallelsen skickas nu")

    # 4. At the meeting: attendance, §§ from the agenda, an adjuster chosen.
    meeting = Meeting.objects.get(title="Extra möte om budgeten")
    visit(page, live_server, f"/{SLUG}/moten/{meeting.pk}/protokoll/")
    page.get_by_role("button", name="Börja skriva protokollet").click()
    axe(page)
    page.get_by_role("button", name="Spara närvaron").click()
    expect(page.locator(".messages")).to_contain_text("Närvaron är sparad")
    page.get_by_role("button", name="Skapa paragrafer från dagordningen").click()
    expect(page.locator("ol.paragraphs")).to_contain_text("Tilläggsbudget")
    page.get_by_role("checkbox", name="Helena Vikström").check()
    page.get_by_role("button", name="Spara justerare").click()
    expect(page.locator(".messages")).to_contain_text("Justerarna är valda")
    number = Minutes.objects.get(meeting=meeting).items.get().number
    log_out(page)

    # 5. The chair and the adjuster approve, each in their own step.
    for username, role in (("ordforande", "ordförande"), ("umea", "justerare")):
        log_in(page, live_server, username, "demo")
        visit(page, live_server, f"/{SLUG}/protokoll/{meeting.pk}/")
        page.get_by_role("button", name=f"Justera som {role}").click()
        log_out(page)

    # 6. Anyone reads the published minutes.
    visit(page, live_server, f"/{SLUG}/protokoll/{meeting.pk}/")
    expect(page.get_by_role("heading", name=f"§ {number} Tilläggsbudget")).to_be_visible()
    expect(page.get_by_text("tilläggsbudget på 50 000 kr")).to_be_visible()
    expect(page.locator("dd").filter(has_text="Justerat")).to_be_visible()
    axe(page)
