"""Two browsers edit the same plan draft: the coordinator saves first; the support-group member,
whose page was loaded before that, is told who saved, sees both texts side by side and keeps what
they wrote; once they have taken in the other's section and save again, nothing is lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_walkthrough import SLUG, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

THEIRS = "Samordnaren skriver inledningen."
MINE = "Stödgruppen skriver målen."


def _person_page(browser: Browser, browser_context_args: dict[str, Any]) -> Page:
    return browser.new_context(**browser_context_args).new_page()


def test_the_second_browser_is_told_and_nothing_is_lost(
    browser: Browser, browser_context_args: dict[str, Any], live_server: Any, demo: Any, axe: Any
) -> None:
    from samverkan.plans import services
    from samverkan.plans.models import PlanVersion

    document = services.start_document(
        collaboration=demo, doc_type="activity_plan", year=timezone.localdate().year + 3, actor=None
    )
    edit = f"/{SLUG}/planer/{document.pk}/andra/"
    coordinator = _person_page(browser, browser_context_args)
    support = _person_page(browser, browser_context_args)
    log_in(coordinator, live_server, "samordnare", "demo")
    log_in(support, live_server, "stod", "demo")
    visit(coordinator, live_server, edit)
    visit(support, live_server, edit)  # both pages are loaded before anyone saves

    first, second = coordinator.locator("textarea").nth(0), support.locator("textarea").nth(1)
    first.fill(THEIRS)
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.locator(".messages")).to_contain_text("Utkastet är sparat.")

    second.fill(MINE)
    support.get_by_role("button", name="Spara").click()
    notice = support.locator("#sparat-under-tiden")
    expect(notice).to_contain_text("Någon annan har sparat under tiden")
    expect(notice).to_contain_text("Linnea Ström sparade ändringar här")
    expect(notice.locator("table")).to_contain_text(THEIRS)
    expect(support.locator("textarea").nth(1)).to_have_value(MINE)  # what they wrote is still there
    expect(support.locator(".error-summary")).to_contain_text("Det du skrev är inte sparat")
    axe(support)
    sections = PlanVersion.objects.get(document=document).sections
    assert [s["text"] for s in sections[:2]] == [THEIRS, ""]

    # They take in the coordinator's section and save again, on purpose: both are kept.
    support.locator("textarea").nth(0).fill(THEIRS)
    support.get_by_role("button", name="Spara").click()
    expect(support.locator(".messages")).to_contain_text("Utkastet är sparat.")
    sections = PlanVersion.objects.get(document=document).sections
    assert [s["text"] for s in sections[:2]] == [THEIRS, MINE]
