"""A coordinator's walk through the main pages in a real browser, with axe-core on every page."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

# whitenoise warns that STATIC_ROOT does not exist; the tests serve static files through the finders.
pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

SLUG = "miljosamverkan-vasterbotten"


def visit(page: Page, live_server: Any, path: str) -> None:
    response = page.goto(live_server.url + path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"


def log_in(page: Page, live_server: Any, username: str, password: str) -> None:
    visit(page, live_server, "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"Inloggad som {username}", exact=True)).to_be_visible()


def test_coordinator_walkthrough(page: Page, live_server: Any, demo: Any, axe: Any, tmp_path: Any) -> None:
    # The login page, as anonymous.
    visit(page, live_server, "/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    axe(page)

    # The skip link is the first stop for the keyboard and moves focus to the main content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    log_in(page, live_server, "samordnare", "demo")

    for path in ["/", f"/{SLUG}/"]:
        visit(page, live_server, path)
        axe(page)

    # The groups, then a group by clicking through from the list.
    visit(page, live_server, f"/{SLUG}/grupper/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grupper")
    axe(page)
    page.locator("table tbody th a").first.click()
    expect(page).to_have_url(re.compile(rf"/{SLUG}/grupper/\d+/$"))
    axe(page)

    visit(page, live_server, f"/{SLUG}/organisationer/")
    axe(page)
    page.get_by_role("link", name="Sorsele", exact=True).first.click()
    expect(page).to_have_url(re.compile(rf"/{SLUG}/organisationer/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sorsele")
    axe(page)

    visit(page, live_server, f"/{SLUG}/personer/")
    axe(page)
    page.locator("table tbody th a").first.click()
    expect(page).to_have_url(re.compile(rf"/{SLUG}/personer/\d+/$"))
    axe(page)

    # The agreement check shows the demo's deliberate gap: Sorsele's vacant seat.
    visit(page, live_server, f"/{SLUG}/avtalsuppfoljning/")
    warnings = page.locator("li.finding-warning")
    expect(warnings.filter(has_text="Sorsele").first).to_be_visible()
    axe(page)

    visit(page, live_server, f"/{SLUG}/grupper/ny-arbetsgrupp/")
    expect(page.locator("main form")).to_be_visible()
    axe(page)
    # Saved empty, the form explains what is wrong, and the errors are accessible too.
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page)

    # The contact list filters as you type (htmx), and the result stays accessible.
    visit(page, live_server, f"/{SLUG}/kontaktlista/")
    axe(page)
    page.fill("#id_q", "Vikström")
    expect(page.locator("#results [role=status]")).to_contain_text("1 person.")
    expect(page).to_have_url(re.compile(r"q=Vikstr"))
    axe(page)

    # Import: upload a CSV as Swedish Excel saves it; the preview shows each row, then commit.
    csv_path = tmp_path / "kontakter.csv"
    csv_path.write_bytes(
        "Förnamn;Efternamn;Organisation;E-post\r\nÅsa;Öberg;Umeå;asa.oberg@umea.se\r\n"
        "Bo;Ek;Stockholm;bo@ek.se\r\n".encode("cp1252")
    )
    visit(page, live_server, f"/{SLUG}/kontaktlista/import/")
    page.set_input_files("#id_file", str(csv_path))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("status")).to_contain_text("1 nya, 0 uppdateras, 0 oförändrade, 1 kan inte importeras.")
    expect(page.locator("tr.import-refused")).to_contain_text("Stockholm är inte part i samverkan")
    axe(page)

    # Meetings: plan one, put an item on the agenda, send the notice (the worker sends later).
    visit(page, live_server, f"/{SLUG}/moten/")
    axe(page)
    page.get_by_role("link", name="Planera möte").click()
    page.select_option("#id_group", label="Samverkansgruppen")
    page.fill("#id_day", "2027-04-20")
    page.fill("#id_start", "09:30")
    page.fill("#id_end", "12:00")
    page.fill("#id_place", "Lycksele")
    axe(page)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samverkansgruppen 2027-04-20")
    page.get_by_role("link", name="Lägg till punkt").click()
    page.fill("#id_title", "Verksamhetsplan 2027")
    page.check("#id_decision_proposed")
    page.fill("#id_proposed_decision", "Samverkansgruppen fastställer verksamhetsplanen.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("ol.agenda")).to_contain_text("Verksamhetsplan 2027")
    axe(page)
    page.get_by_role("link", name="Skicka kallelse").click()
    expect(page.get_by_role("heading", level=2).filter(has_text="mottagare")).to_contain_text(
        "16 mottagare"
    )  # Sorsele's seat is vacant in the demo
    axe(page)
    page.get_by_role("button", name="Skicka kallelsen").click()
    expect(page.locator(".messages")).to_contain_text("Kallelsen skickas nu")
    visit(page, live_server, "/konto/kalender/")
    axe(page)

    # Minutes: the secretary's page for the autumn meeting, the published minutes and the register.
    from samverkan.meetings.models import Meeting

    autumn = Meeting.objects.get(group__key="samverkansgruppen", starts_at__date="2026-10-06")
    visit(page, live_server, f"/{SLUG}/moten/{autumn.pk}/protokoll/")
    expect(page.locator("ol.paragraphs")).to_contain_text("Verksamhetsplan 2027, version 1")
    axe(page)
    spring = Meeting.objects.get(group__key="samverkansgruppen", starts_at__date="2026-05-12")
    for path in [f"/{SLUG}/protokoll/{spring.pk}/", f"/{SLUG}/protokoll/", f"/{SLUG}/beslut/"]:
        visit(page, live_server, path)
        axe(page)

    # The erase page of a person who has left (only looked at, not submitted).
    from samverkan.organisations.models import Person

    leaver = Person.objects.get(last_name="Eriksson")
    visit(page, live_server, f"/{SLUG}/personer/{leaver.pk}/ta-bort/")
    axe(page)

    # Confirmation send-outs, the import page and the gender statistics.
    for path in [f"/{SLUG}/kontaktlista/bekraftelser/", f"/{SLUG}/kontaktlista/import/", f"/{SLUG}/statistik/kon/"]:
        visit(page, live_server, path)
        axe(page)

    for path in ["/konto/api-nycklar/", "/tillganglighet/", "/integritet/"]:
        visit(page, live_server, path)
        axe(page)


def test_anonymous_sees_no_contact_details(page: Page, live_server: Any, demo: Any, axe: Any) -> None:
    visit(page, live_server, f"/{SLUG}/grupper/")
    page.locator("table tbody th a").first.click()
    expect(page).to_have_url(re.compile(rf"/{SLUG}/grupper/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "@example.se" not in page.content()
    assert page.locator("a[href^='mailto:']").count() == 0
    axe(page)


def test_a_person_confirms_their_details_through_the_link(page: Page, live_server: Any, demo: Any, axe: Any) -> None:
    from samverkan.collaborations.models import Collaboration
    from samverkan.organisations import confirmations
    from samverkan.organisations.models import ConfirmationBatch, ConfirmationRequest, Person

    person = Person.objects.get(last_name="Sjölander")
    batch = ConfirmationBatch.objects.create(
        collaboration=Collaboration.objects.get(slug=SLUG), description="test", total=1
    )
    request = ConfirmationRequest.objects.create(
        batch=batch, person=person, expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    visit(page, live_server, f"/bekrafta/{confirmations.token_for(request)}/")
    axe(page)
    page.fill("#id_phone", "070-123 45 67")
    page.get_by_role("button", name="Uppgifterna stämmer – spara").click()
    expect(page.get_by_role("status")).to_contain_text("är bekräftade")
    axe(page)
    page.goto(live_server.url + f"/bekrafta/{confirmations.token_for(request)}/")
    expect(page.get_by_role("alert")).to_contain_text("redan använts")
    axe(page)


def test_the_chair_approves_the_minutes(page: Page, live_server: Any, demo: Any, axe: Any) -> None:
    from samverkan.meetings.models import Meeting

    autumn = Meeting.objects.get(group__key="samverkansgruppen", starts_at__date="2026-10-06")
    log_in(page, live_server, "ordforande", "demo")
    visit(page, live_server, f"/{SLUG}/protokoll/{autumn.pk}/")
    expect(page.get_by_text("Utkast – inte justerat")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Justera som ordförande").click()
    expect(page.locator(".messages")).to_contain_text("Din justering är registrerad")
    axe(page)
