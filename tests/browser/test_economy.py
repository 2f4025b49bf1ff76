"""The economy in Chromium: the support group fills in a budget; the coordinator imports the
ledger through its preview, reads the status report with its chart and enters a forecast, and sees
the time page warn; a municipality's representative reads its invoicing basis. Axe on every page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_meeting_chain import log_out
from tests.browser.test_walkthrough import SLUG, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def test_the_economy_from_budget_to_status_report(
    page: Page, live_server: Any, demo: Any, axe: Any, tmp_path: Any
) -> None:
    from samverkan.finance.models import LedgerEntry
    from samverkan.plans import services as plans

    today = timezone.localdate()
    year = today.year
    later = year + 2
    document = plans.start_document(collaboration=demo, doc_type="budget", year=later, actor=None)

    # 1. The support group fills in the budget's lines and chooses a key.
    log_in(page, live_server, "stod", "demo")
    visit(page, live_server, f"/{SLUG}/planer/{document.pk}/budget/")
    axe(page)
    page.get_by_label("Lönekostnader för samordnare", exact=True).fill("155 000")
    page.get_by_label("Medfinansiering från kommunerna", exact=True).fill("tvåhundratusen")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text("Formuläret innehåller fel")
    page.get_by_label("Medfinansiering från kommunerna", exact=True).fill("225 000")
    page.get_by_role("combobox", name=re.compile(r"^Fördelningsnyckel")).select_option("equal")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Budgeten är sparad.")).to_be_visible()
    expect(page.get_by_role("table", name="Budget per rad")).to_contain_text("155 000,00")
    axe(page)
    log_out(page)

    # 2. The coordinator imports the ledger: a broken file is refused, a good one booked.
    log_in(page, live_server, "samordnare", "demo")
    visit(page, live_server, f"/{SLUG}/ekonomi/?ar={year}")
    axe(page)
    before = LedgerEntry.objects.count()
    broken = tmp_path / "huvudbok.csv"
    broken.write_text(
        f"Datum;Konto;Belopp;Text\n{today.isoformat()};5010;1 200;Hyra\n{today.isoformat()};9999;5;Okänt\n"
    )
    visit(page, live_server, f"/{SLUG}/ekonomi/utfall/import/?ar={year}")
    axe(page)
    page.get_by_label("Fil").set_input_files(str(broken))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("Kontot 9999 är inte kopplat")).to_be_visible()
    expect(page.get_by_role("button", name="Genomför importen")).to_have_count(0)
    axe(page)
    good = tmp_path / "huvudbok-rattad.csv"
    good.write_text(f"Datum;Konto;Belopp;Text\n{today.isoformat()};5010;1 200;Extra lokalhyra\n")
    visit(page, live_server, f"/{SLUG}/ekonomi/utfall/import/?ar={year}")
    page.get_by_label("Fil").set_input_files(str(good))
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_role("button", name="Genomför importen").click()
    expect(page.get_by_text("1 poster är bokförda")).to_be_visible()
    assert LedgerEntry.objects.count() == before + 1
    axe(page)

    # 3. The status report: the chart with its figures, a forecast entered.
    visit(page, live_server, f"/{SLUG}/ekonomi/lagesrapport/")
    # one picture per screen: the wide one here, the narrow one on a phone, never both
    expect(page.locator("figure.chart .chart-wide svg")).to_be_visible()
    expect(page.locator("figure.chart .chart-narrow svg")).to_be_hidden()
    page.set_viewport_size({"width": 375, "height": 800})
    expect(page.locator("figure.chart .chart-narrow svg")).to_be_visible()
    expect(page.locator("figure.chart .chart-wide svg")).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 800})
    axe(page)
    page.get_by_text("Prognos för Lönekostnader för samordnare").click()
    page.get_by_label("Prognos helår (kr)").first.fill("160 000")
    page.get_by_label("Kommentar").first.fill("Lönerevision i april")
    page.get_by_role("button", name="Spara prognos").first.click()
    expect(page.get_by_text("Prognosen är sparad.")).to_be_visible()
    expect(page.get_by_role("table", name="Kostnader")).to_contain_text("Lönerevision i april")

    # 4. The time page warns: the demo coordinator works above the share.
    visit(page, live_server, f"/{SLUG}/ekonomi/tid/?ar={year}")
    expect(page.get_by_role("alert")).to_contain_text("mer än samverkans 20 %")
    axe(page)
    for path in (
        f"/{SLUG}/ekonomi/{year}/medfinansiering/",
        f"/{SLUG}/ekonomi/fakturor/?ar={year}",
        f"/{SLUG}/ekonomi/konton/",
    ):
        visit(page, live_server, path)
        axe(page)
    log_out(page)

    # 5. Umeå's representative sits in the collaboration group, to which the host reports the
    #    economy (CM3): Umeå's invoicing basis and the other parties' too. An officer with no seat
    #    in any group sees none.
    log_in(page, live_server, "umea", "demo")
    visit(page, live_server, f"/{SLUG}/ekonomi/{year}/fakturaunderlag/umea/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Umeå")
    axe(page)
    visit(page, live_server, f"/{SLUG}/ekonomi/{year}/fakturaunderlag/lycksele/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lycksele")
    log_out(page)
    log_in(page, live_server, "inspektor", "demo")
    response = page.goto(live_server.url + f"/{SLUG}/ekonomi/{year}/fakturaunderlag/umea/")
    assert response is not None and response.status == 403
