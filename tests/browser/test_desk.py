"""Att göra in Chromium: the coordinator, the chair and a support-group member each log in, land on
Att göra, see exactly their own to-dos from the demo, and each link leads to the page where that
thing is done. The demo is loaded on 2 December 2026, the day its to-dos are listed for."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Page, expect

from samverkan.desk.tests.test_desk import DEMO_DAY, DEMO_TODOS, expected_demo_todos
from tests.browser.test_meeting_chain import log_out

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

# Where each kind of to-do is done: the page's heading and the control that does it.
DONE_HERE: dict[str, tuple[str | None, str | None]] = {
    "assignment_due": (None, "Spara"),  # heading: the assignment's own title
    "plan_proposal": (r"^Planer \d{4}$", "Påbörja utkast"),
    "notice_send": (r"^Kallelse till ", "Skicka kallelsen"),
    "minutes_approve": (r"^Protokoll, ", "Justera som ordförande"),
}


@pytest.fixture
def demo_day(settings: Any) -> Any:
    """The demo's own day on the server; the session cookie lives until the browser closes, so the
    browser's real clock does not expire it."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(DEMO_DAY, tick=True):
        yield


def _log_in(page: Page, live_server: Any, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "demo")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("username", list(DEMO_TODOS))
def test_each_demo_account_lands_on_att_gora_with_exactly_their_to_dos_and_each_link_leads_where_it_is_done(
    page: Page, live_server: Any, demo_day: Any, demo: Any, axe: Any, username: str
) -> None:
    expected = expected_demo_todos(username)
    _log_in(page, live_server, username)
    expect(page).to_have_url(live_server.url + "/att-gora/")
    expect(page.locator("h1")).to_have_text("Att göra")
    items = page.locator("main ol.todo-list > li")
    expect(items).to_have_count(len(expected))
    links = page.locator("main ol.todo-list a.todo-title")
    shown = [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]
    assert shown == [(title, link) for _kind, _deadline, title, link in expected]
    for i, (_kind, deadline, _title, _link) in enumerate(expected):
        time = items.nth(i).locator("time")
        if deadline is None:
            expect(time).to_have_count(0)
        else:
            expect(time).to_have_attribute("datetime", deadline)
    axe(page)
    for width in (375, 1280):  # one column on a phone; nothing scrolls sideways
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    for kind, _deadline, title, link in expected:
        response = page.goto(live_server.url + link)
        assert response is not None and response.status == 200, link
        heading, control = DONE_HERE.get(kind, (None, None))
        if kind == "assignment_due":
            heading = "^" + re.escape(title.split(": ", 1)[1]) + "$"
        h1 = page.locator("main h1").first
        expect(h1).to_be_visible()
        if heading:
            expect(h1).to_have_text(re.compile(heading))
        if control:
            expect(page.locator("main").get_by_role("button", name=control).first).to_be_visible()
    log_out(page)
