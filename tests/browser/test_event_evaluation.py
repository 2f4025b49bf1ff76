"""The anonymous evaluation in Chromium: a registrant opens the link from the e-mail, gets a clear
message for a missing score, answers with the keyboard, and the organiser reads the result; every
page passes axe and does not scroll sideways at 375 px and at 1280 px with 200 % zoom."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from samverkan.events import evaluation
from samverkan.events.models import Evaluation, Event, EventSession, Question, Registration
from tests.browser.test_reflow import VIEWPORTS, axe_violations, scrolls_sideways
from tests.test_authorization_matrix import _activity

pytestmark = pytest.mark.browser


@pytest.fixture
def held(transactional_db: None, world: Any) -> tuple[Event, Registration]:
    event = Event.objects.create(
        collaboration=world.collaboration,
        activity=_activity(world),
        title="Förorenade områden i praktiken",
        public=True,
        status="published",
    )
    start = timezone.now() - datetime.timedelta(days=1)
    EventSession.objects.create(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=3), place="Umeå")
    Question.objects.create(
        event=event, text="Hur var lokalen?", kind="choice", choices=["Bra", "Trång"], purpose="evaluation"
    )
    registration = Registration.objects.create(
        event=event, name="Anna Ek", email="anna@example.se", category="citizen", status="confirmed"
    )
    return event, registration


def test_a_registrant_answers_by_the_link_and_the_organiser_reads_it(
    held: Any, live_server: Any, browser: Any, personas: Any
) -> None:
    event, registration = held
    url = live_server.url + f"/utvardering/{evaluation.token_for(registration)}/"
    page = browser.new_page(locale="sv-SE", bypass_csp=True)
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Vad tyckte du om Förorenade områden i praktiken?")
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page.locator(".error-summary")).to_contain_text("Välj ett betyg från 1 till 5.")
    group = page.get_by_role("group", name="Vad tycker du om evenemanget som helhet?")
    group.get_by_label("4 – ganska bra").check()
    page.get_by_role("group", name="Hur användbart var det för dig och ditt arbete?").get_by_label("5 – mycket").press(
        "Space"
    )  # the keyboard works too
    page.get_by_label("Vill du säga något mer? Vad var bra, vad kan bli bättre?").fill("Bra exempel.")
    page.get_by_role("group", name="Hur var lokalen?").get_by_label("Trång").check()
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page.locator("h1")).to_have_text("Tack för dina svar!")
    stored = Evaluation.objects.get()
    assert (stored.overall, stored.usefulness, stored.comment) == (4, 5, "Bra exempel.")
    page.close()

    client = Client()
    client.force_login(personas["coordinator"])
    cookie = client.cookies["sessionid"].value
    results = f"/{event.collaboration.slug}/evenemang/{event.pk}/utvardering/"
    second = Registration.objects.create(
        event=event, name="Bo Berg", email="bo@example.se", category="citizen", status="confirmed"
    )
    failures = []
    for label, (width, height, scale, _run_axe) in VIEWPORTS.items():
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale, locale="sv-SE", bypass_csp=True
        )
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        page = context.new_page()
        for path in (f"/utvardering/{evaluation.token_for(second)}/", results, url.removeprefix(live_server.url)):
            page.goto(live_server.url + path)
            if overflow := scrolls_sideways(page):
                failures.append(f"{label} {path}: {overflow}")
            if violations := axe_violations(page):
                failures.append(f"{label} {path}: {[v['id'] for v in violations]}")
        page.goto(live_server.url + results)
        expect(page.locator("main")).to_contain_text("4,0 av 5")
        expect(page.locator("main")).to_contain_text("Bara 1 har svarat.")
        context.close()
    assert not failures, "\n".join(failures)
