"""The economy's pages as the coordinator, a support-group member and a party's representative
use them: forms refuse bad input with a message and change nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from samverkan.finance import selectors, services
from samverkan.finance.budget import SharingKey
from samverkan.finance.models import LedgerEntry, TimeEntry, TimeKind
from samverkan.finance.tests.test_services import _budget, _half_year, _map_accounts
from samverkan.organisations.models import Party, Population
from samverkan.plans import services as plans

BASE = "/miljosamverkan-vasterbotten"


@pytest.fixture
def as_coordinator(client_for):
    return client_for("coordinator")


def test_the_support_group_fills_in_the_budget_and_chooses_a_key(world, client_for):
    year = timezone.localdate().year + 1
    document = plans.start_document(collaboration=world.collaboration, doc_type="budget", year=year, actor=None)
    client = client_for("support")
    page = client.get(f"{BASE}/planer/{document.pk}/budget/")
    assert page.status_code == 200 and "OH-kostnader" in page.content.decode()
    response = client.post(
        f"{BASE}/planer/{document.pk}/budget/",
        {
            "amount:cost:samordnare": "150 000",
            "note:cost:samordnare": "20 %",
            "amount:income:kommunerna": "abc",
            "method": "equal",
        },
    )
    assert response.status_code == 200 and "Skriv ett belopp i kronor" in response.content.decode()
    assert plans.latest_version(document).budget == {}
    response = client.post(
        f"{BASE}/planer/{document.pk}/budget/",
        {"amount:cost:samordnare": "150 000", "amount:income:kommunerna": "150 000,50", "method": "population"},
    )
    assert "Välj året vars folkmängd" in response.content.decode()
    response = client.post(
        f"{BASE}/planer/{document.pk}/budget/",
        {"amount:cost:samordnare": "150 000", "amount:income:kommunerna": "150 000,50", "method": "equal"},
        follow=True,
    )
    version = plans.latest_version(document)
    assert version.budget["lines"] == {"cost:samordnare": 15_000_000, "income:kommunerna": 15_000_050}
    page = response.content.decode()
    assert "Budgetrader" in page and "OH-kostnader saknar belopp" in page
    shares = client.get(f"{BASE}/ekonomi/{year}/medfinansiering/").content.decode()
    assert "10\xa0000,04\xa0kr" in shares and "10\xa0000,03\xa0kr" in shares  # 15 000 050 öre over 15


def test_keys_are_compared_side_by_side_and_exported(world, client_for):
    _budget(world, 2026)
    parties = Party.objects.filter(collaboration=world.collaboration, organisation__kind="municipality")
    for party in parties.exclude(key="sorsele"):  # Sorsele's figure is missing
        Population.objects.create(organisation=party.organisation, year=2024, count=10_000)
    client = client_for("member")
    page = client.get(f"{BASE}/ekonomi/2026/medfinansiering/?total=150000&population_year=2024&base=")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Lika delar" in text and "Efter folkmängd" in text and "Folkmängd saknas för: Sorsele." in text
    export = client.get(f"{BASE}/ekonomi/2026/medfinansiering.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    amounts = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sum(amounts[:-1]) == amounts[-1] == 700_000


def test_a_party_sees_its_own_invoicing_basis_and_not_another_partys(world, client_for):
    from tests.factories import MembershipFactory, PersonFactory, UserFactory

    _budget(world, 2026)
    client = client_for("member")  # works for Umeå
    page = client.get(f"{BASE}/ekonomi/2026/fakturaunderlag/umea/")
    assert page.status_code == 200 and "46\xa0666,66\xa0kr" in page.content.decode()  # 2480: no odd öre
    # the collaboration group, whom the host reports to, sees every party's (CM3)
    assert client.get(f"{BASE}/ekonomi/2026/fakturaunderlag/lycksele/").status_code == 200
    vindeln = PersonFactory(organisation=world.org("vindeln"), user=UserFactory(username="vindeln"))
    MembershipFactory(group=world.st, person=vindeln)  # the support group only
    client.force_login(vindeln.user)
    assert client.get(f"{BASE}/ekonomi/2026/fakturaunderlag/vindeln/").status_code == 200
    assert client.get(f"{BASE}/ekonomi/2026/fakturaunderlag/lycksele/").status_code == 403
    client = client_for("member")
    pdf = client.get(f"{BASE}/ekonomi/2026/fakturaunderlag/umea.pdf")
    assert pdf.content.startswith(b"%PDF")
    sheet = load_workbook(io.BytesIO(client.get(f"{BASE}/ekonomi/2026/fakturaunderlag/umea.xlsx").content)).active
    assert list(sheet.iter_rows(min_row=2, values_only=True))[-1][2] == pytest.approx(46_666.66)


def test_the_coordinator_imports_the_ledger_through_the_preview(world, as_coordinator):
    _map_accounts(world)
    upload = SimpleUploadedFile(
        "huvudbok.csv", b"Datum;Konto;Belopp;Text\n2026-02-01;5010;1 000;Hyra\n2026-02-02;1234;5;Fel\n"
    )
    response = as_coordinator.post(f"{BASE}/ekonomi/utfall/import/", {"year": 2026, "file": upload}, follow=True)
    page = response.content.decode()
    assert "Kan inte importeras" in page and "Kontot 1234" in page and "Genomför importen" not in page
    upload = SimpleUploadedFile("huvudbok.csv", b"Datum;Konto;Belopp;Text\n2026-02-01;5010;1 000;Hyra\n")
    response = as_coordinator.post(f"{BASE}/ekonomi/utfall/import/", {"year": 2026, "file": upload}, follow=True)
    assert "Genomför importen" in response.content.decode()
    preview_url = response.redirect_chain[-1][0]
    response = as_coordinator.post(preview_url, {"action": "genomfor"}, follow=True)
    assert "1 poster är bokförda" in response.content.decode()
    assert LedgerEntry.objects.get().amount_ore == 100_000
    empty = SimpleUploadedFile("tom.csv", b"")
    response = as_coordinator.post(f"{BASE}/ekonomi/utfall/import/", {"year": 2026, "file": empty})
    assert response.status_code == 200


def test_a_hand_entry_refuses_zero_and_a_future_date(world, as_coordinator):
    _budget(world, 2026)
    url = f"{BASE}/ekonomi/utfall/?ar=2026"
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = as_coordinator.post(url, {"day": future, "line_key": "cost:samordnare", "amount": "100"})
    assert "har inte varit" in response.content.decode()
    response = as_coordinator.post(url, {"day": "2026-03-01", "line_key": "cost:samordnare", "amount": "0"})
    assert "noll" in response.content.decode()
    assert not LedgerEntry.objects.exists()
    as_coordinator.post(url, {"day": "2026-03-01", "line_key": "cost:samordnare", "amount": "-1 250,50"})
    assert LedgerEntry.objects.get().amount_ore == -125_050


def test_the_status_report_is_a_page_a_pdf_and_an_excel_file_with_a_chart(world, client_for):
    _half_year(world)
    client = client_for("chair")
    page = client.get(f"{BASE}/ekonomi/lagesrapport/?datum=2026-06-30").content.decode()
    assert "<svg" in page and "Diagrammets siffror" in page
    assert "604\xa0972,38\xa0kr" in page  # the salary's forecast
    assert "Höjd hyra för arkivet" in page
    assert "Spara prognos" not in page  # only the coordinator enters forecasts
    pdf = client.get(f"{BASE}/ekonomi/lagesrapport.pdf?datum=2026-06-30")
    assert pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "604" in text and "972,38" in text
    book = load_workbook(io.BytesIO(client.get(f"{BASE}/ekonomi/lagesrapport.xlsx?datum=2026-06-30").content))
    rows = list(book["Lägesrapport"].iter_rows(min_row=2, values_only=True))
    salary = next(r for r in rows if r[2] == "Lönekostnader för samordnare")
    assert [float(v) for v in salary[3:7]] == [600_000.0, 300_000.0, 604_972.38, 4_972.38]
    assert client.get(f"{BASE}/ekonomi/lagesrapport/?datum=inte-ett-datum").status_code == 404


def test_the_coordinator_enters_a_forecast_and_a_bad_one_changes_nothing(world, as_coordinator):
    _budget(world, 2026)
    url = f"{BASE}/ekonomi/lagesrapport/?datum=2026-06-30"
    response = as_coordinator.post(
        url, {"prefix": "f0", "f0-line_key": "cost:samordnare", "f0-amount": "mycket", "f0-comment": ""}, follow=True
    )
    assert "Skriv ett belopp" in response.content.decode()
    as_coordinator.post(
        url, {"prefix": "f0", "f0-line_key": "cost:samordnare", "f0-amount": "610 000", "f0-comment": "Lönerevision"}
    )
    view = selectors.status_view(world.collaboration, datetime.date(2026, 6, 30))
    salary = next(r for r in view.report.lines if r.line.key == "cost:samordnare")
    assert (salary.forecast_ore, salary.forecast_entered, salary.comment) == (61_000_000, True, "Lönerevision")


def test_the_time_page_warns_when_the_forecast_exceeds_the_share(world, client_for, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 30, 12, tzinfo=timezone.get_current_timezone()))
    client = client_for("coordinator")
    for month in range(1, 7):
        for day in (10, 11):
            response = client.post(f"{BASE}/ekonomi/tid/", {"day": f"2026-{month:02d}-{day}", "hours": "15"})
            assert response.status_code == 302
    page = client.get(f"{BASE}/ekonomi/tid/?ar=2026").content.decode()
    assert "Varning:" in page and "mer än samverkans 20 %" in page
    response = client.post(f"{BASE}/ekonomi/tid/", {"day": "2026-06-10", "hours": "25"})
    assert "högst 24 timmar" in response.content.decode()
    member = client_for("member")
    member.post(f"{BASE}/ekonomi/tid/", {"day": "2026-06-10", "hours": "1,5"})
    page = member.get(f"{BASE}/ekonomi/tid/?ar=2026").content.decode()
    assert "egen insats" in page and "1,5" in page


def test_the_overview_shows_budget_reports_and_time(world, client_for):
    _budget(world, 2026, key=SharingKey())
    page = client_for("member").get(f"{BASE}/ekonomi/?ar=2026").content.decode()
    assert "Ekonomi 2026" in page and "Inte beslutad" in page and "Lönekostnader för samordnare" in page


def test_bad_years_hours_and_dates_give_a_message_or_404_never_an_error(world, client_for):
    client = client_for("coordinator")
    for year in (0, 10000, 1999):
        assert client.get(f"{BASE}/ekonomi/{year}/medfinansiering/").status_code == 404
        assert client.get(f"{BASE}/ekonomi/{year}/fakturaunderlag/umea/").status_code == 404
    for hours in ("inf", "Infinity", "NaN", "1:75", "-2"):
        response = client.post(f"{BASE}/ekonomi/tid/", {"day": timezone.localdate().isoformat(), "hours": hours})
        assert response.status_code == 200 and "timmar" in response.content.decode()
    response = client.post(f"{BASE}/ekonomi/tid/", {"day": "2012-01-05", "hours": "2"})
    assert "Datumet ligger före" in response.content.decode()
    assert client.get(f"{BASE}/ekonomi/utfall/?ar=abc").status_code == 404


def test_a_damaged_excel_file_is_refused_with_a_message(world, client_for):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")  # broken XML
        archive.writestr("xl/workbook.xml", "<workbook")
    upload = SimpleUploadedFile("trasig.xlsx", buffer.getvalue())
    response = client_for("coordinator").post(f"{BASE}/ekonomi/utfall/import/", {"year": 2026, "file": upload})
    assert response.status_code == 200 and "Excel-fil" in response.content.decode()


def test_a_negative_amount_on_the_ledger_page_has_a_minus_sign(world, as_coordinator):
    _budget(world, 2026)
    services.add_entry(
        collaboration=world.collaboration,
        day=datetime.date(2026, 3, 2),
        line_key="cost:samordnare",
        amount_ore=-50_000,
        text="Återbetald avgift",
        actor=None,
    )
    page = as_coordinator.get(f"{BASE}/ekonomi/utfall/?ar=2026").content.decode()
    row = page.split("Återbetald avgift")[1].split("</tr>")[0]
    assert "\u2212500,00\xa0kr" in row and "-500" not in row
    assert "2026-03-02" in page.split("Återbetald avgift")[0][-400:]  # ISO in the table


def _cofinancing_sheet(client, year):
    book = load_workbook(io.BytesIO(client.get(f"{BASE}/ekonomi/{year}/medfinansiering.xlsx").content))
    return book, [list(row) for row in book.active.iter_rows(values_only=True)]


def test_the_cofinancing_excel_has_the_population_of_the_keys_year_as_the_page_shows(world, client_for):
    municipalities = Party.objects.filter(collaboration=world.collaboration, organisation__kind="municipality")
    for n, party in enumerate(municipalities.order_by("key")):
        Population.objects.create(organisation=party.organisation, year=2024, count=10_000 + n)
        Population.objects.create(organisation=party.organisation, year=2023, count=1)
    _budget(world, 2026, key=SharingKey("population", 2024))
    client = client_for("coordinator")
    _book, rows = _cofinancing_sheet(client, 2026)
    assert rows[0][:3] == ["Kommunkod", "Part", "Folkmängd 2024"]
    umea = next(r for r in rows if r[1] == "Umeå")
    expected = Population.objects.get(organisation__parties__key="umea", year=2024).count
    assert umea[2] == expected and expected > 10_000
    assert rows[-1][2] == sum(10_000 + n for n in range(15))
    page = client.get(f"{BASE}/ekonomi/2026/medfinansiering/").content.decode()
    assert f"{expected // 1000}\xa0{expected % 1000:03d}" in page
    # a key by equal parts uses no population: the page shows "–" and the file leaves the cell empty, never 0
    _budget(world, 2027, key=SharingKey("equal"))
    book, rows = _cofinancing_sheet(client, 2027)
    assert rows[0][2] == "Folkmängd" and [r[2] for r in rows[1:]] == [None] * 16
    # the party that pays its own source is on a sheet of its own, as on the page
    own = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    assert own[1][:2] == ["Region Västerbotten", "Medfinansiering från Region Västerbotten"]
    assert float(own[1][2]) == 80_000


def _in_page_order(text: str, names: list[str]) -> list[str]:
    """The names as they come in `text` (each by its first place), leaving out those not in it."""
    return sorted((n for n in names if n in text), key=text.index)


def test_parties_are_listed_by_name_in_swedish_order_everywhere_in_the_economy(world, client_for):
    from samverkan.lib.swedish_order import swedish_key

    # Å before Ä before Ö, and V before W, whatever the database's collation
    for key, name in (("sorsele", "Älvsbyn"), ("mala", "Öjebyn"), ("norsjo", "Wilhelmsberg")):
        organisation = world.org(key)
        organisation.name = name
        organisation.save(update_fields=["name"])
    parties = Party.objects.filter(collaboration=world.collaboration).select_related("organisation")
    names = sorted((p.organisation.name for p in parties), key=swedish_key)
    municipalities = [n for n in names if n not in ("Region Västerbotten", "Länsstyrelsen Västerbotten")]
    assert municipalities[-4:] == ["Wilhelmsberg", "Åsele", "Älvsbyn", "Öjebyn"]
    for n, party in enumerate(parties.filter(organisation__kind="municipality")):
        Population.objects.create(organisation=party.organisation, year=2024, count=1_000 + n)
    version = _budget(world, 2026)
    for party in parties:
        services.add_extra_contribution(
            collaboration=world.collaboration,
            party=party,
            amount_ore=100,
            invoiced_on=datetime.date(2026, 3, 2),
            actor=None,
        )
    client = client_for("coordinator")
    page = client.get(f"{BASE}/ekonomi/2026/medfinansiering/?total=1000&population_year=2024&base=").content.decode()
    shares, compared = page.split("Jämför fördelningsnycklar", 1)
    assert _in_page_order(shares, municipalities) == municipalities
    assert _in_page_order(compared, municipalities) == municipalities
    _book, rows = _cofinancing_sheet(client, 2026)
    assert [r[1] for r in rows[1:-1]] == municipalities
    # the key still gives the odd öre by municipality code: 700 000 kr over 15, ten öre left over
    amounts = {r[1]: r[3] for r in rows[1:-1]}
    assert amounts["Nordmaling"] == pytest.approx(46_666.67) and amounts["Skellefteå"] == pytest.approx(46_666.66)
    report = client.get(f"{BASE}/ekonomi/lagesrapport/?datum=2026-06-30").content.decode()
    per_party = report[report.index("Per part") :]
    assert _in_page_order(per_party, names) == names
    from pypdf import PdfReader

    pdf = client.get(f"{BASE}/ekonomi/lagesrapport.pdf?datum=2026-06-30").content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert _in_page_order(text[text.index("Per part") :], names) == names
    book = load_workbook(io.BytesIO(client.get(f"{BASE}/ekonomi/lagesrapport.xlsx?datum=2026-06-30").content))
    assert [r[0] for r in book["Per part"].iter_rows(min_row=2, values_only=True)][:-1] == names  # then the sum
    invoices = client.get(f"{BASE}/ekonomi/fakturor/?ar=2026").content.decode()
    table, form = invoices.split("<tbody>", 1)[1].split("</tbody>", 1)
    assert _in_page_order(table, names) == names
    assert _in_page_order(form, names) == names  # the party to choose for an extra contribution
    overview = client.get(f"{BASE}/ekonomi/?ar=2026").content.decode()
    assert _in_page_order(overview[overview.index("Fakturaunderlag") :], names) == names
    budget = client_for("support").get(f"{BASE}/planer/{version.document.pk}/budget/").content.decode()
    assert _in_page_order(budget[budget.index("Fasta belopp") :], municipalities) == municipalities
    for key in ("sorsele", "umea", "mala", "norsjo", "asele"):
        TimeEntry.objects.create(
            collaboration=world.collaboration,
            person=world.people[key],
            kind=TimeKind.IN_KIND,
            day=datetime.date(2026, 3, 2),
            minutes=60,
        )
    time = client.get(f"{BASE}/ekonomi/tid/?ar=2026").content.decode()
    in_kind = ["Umeå", "Wilhelmsberg", "Åsele", "Älvsbyn", "Öjebyn"]
    assert _in_page_order(time[time.index("Egen insats per organisation") :], in_kind) == in_kind


def test_hostile_input_on_the_economy_pages_gives_a_message_and_changes_nothing(world, client_for, time_machine):
    from samverkan.finance.models import AccountMapping, Forecast, Invoice

    time_machine.move_to(datetime.datetime(2026, 6, 30, 12, tzinfo=timezone.get_current_timezone()))
    _budget(world, 2026)
    client = client_for("coordinator")
    umea = Party.objects.get(collaboration=world.collaboration, key="umea")
    # a forecast for a line the report does not have is refused, not saved out of sight
    for line_key in ("cost:hack", "x" * 500):
        response = client.post(
            f"{BASE}/ekonomi/lagesrapport/?datum=2026-06-30",
            {"prefix": "f0", "f0-line_key": line_key, "f0-amount": "5", "f0-comment": ""},
            follow=True,
        )
        assert "Prognosen är sparad" not in response.content.decode()
        assert "Välj en budgetrad" in response.content.decode()
    assert not Forecast.objects.exists()
    # an invoice dated in a year the economy does not show would be invisible: refused
    for day in ("9999-12-31", "0001-01-01", "2040-01-01"):
        response = client.post(
            f"{BASE}/ekonomi/fakturor/?ar=2026",
            {"action": "extra", "party": umea.pk, "amount": "5", "invoiced_on": day},
            follow=True,
        )
        assert "Fakturadatum ska ligga" in response.content.decode()
    assert not Invoice.objects.exists()
    # a payment cannot be recorded for a day that has not been
    invoice = services.add_extra_contribution(
        collaboration=world.collaboration,
        party=umea,
        amount_ore=500,
        invoiced_on=datetime.date(2026, 3, 1),
        actor=None,
    )
    for day in ("9999-12-31", "2026-07-01"):
        response = client.post(f"{BASE}/ekonomi/fakturor/{invoice.pk}/betald/", {"paid_on": day}, follow=True)
        assert "Betaldatum kan inte ligga i framtiden" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.paid_on is None
    # an account is written in the digits 0–9 the accounting system uses
    response = client.post(f"{BASE}/ekonomi/konton/", {"account": "١٢٣٤", "line_key": "cost:samordnare"})
    assert response.status_code == 200 and "3–10 siffror" in response.content.decode()
    assert not AccountMapping.objects.exists()


def test_another_collaborations_ids_are_not_found_and_change_nothing(world, client_for):
    from pathlib import Path

    from samverkan.agreement.services import load_collaboration_model
    from samverkan.finance.models import AccountMapping, Invoice

    other = load_collaboration_model(
        path=Path(__file__).resolve().parents[3] / "agreements" / "example-avfallssamverkan.toml", actor=None
    ).collaboration
    party = Party.objects.filter(collaboration=other).first()
    invoice = Invoice.objects.create(
        collaboration=other, year=2026, party=party, amount_ore=100, invoiced_on=datetime.date(2026, 1, 1)
    )
    entry = LedgerEntry.objects.create(
        collaboration=other, day=datetime.date(2026, 1, 1), line_key="cost:samordnare", amount_ore=5
    )
    mapping = AccountMapping.objects.create(collaboration=other, account="1111", line_key="cost:samordnare")
    time = TimeEntry.objects.create(
        collaboration=other,
        person=world.people["umea"],
        kind=TimeKind.IN_KIND,
        day=datetime.date(2026, 1, 1),
        minutes=5,
    )
    client = client_for("coordinator")
    for url, data in (
        (f"/ekonomi/fakturor/{invoice.pk}/betald/", {"paid_on": "2026-01-02"}),
        (f"/ekonomi/utfall/{entry.pk}/ta-bort/", {}),
        (f"/ekonomi/konton/{mapping.pk}/ta-bort/", {}),
        (f"/ekonomi/tid/{time.pk}/ta-bort/", {}),
        (f"/ekonomi/2026/fakturaunderlag/{party.key}/", {}),
    ):
        assert client.post(BASE + url, data).status_code == 404, url
    response = client.post(
        f"{BASE}/ekonomi/fakturor/?ar=2026",
        {"action": "extra", "party": party.pk, "amount": "5", "invoiced_on": "2026-03-01"},
    )
    assert response.status_code == 200 and Invoice.objects.count() == 1
    invoice.refresh_from_db()
    assert invoice.paid_on is None
    assert LedgerEntry.objects.filter(pk=entry.pk).exists() and AccountMapping.objects.filter(pk=mapping.pk).exists()
    assert TimeEntry.objects.filter(pk=time.pk).exists()


def test_the_economy_pages_speak_plainly_without_clause_codes(world, as_coordinator):
    import re

    _budget(world, 2026)
    for path in (
        "ekonomi/?ar=2026",
        "ekonomi/lagesrapport/?datum=2026-06-30",
        "ekonomi/fakturor/?ar=2026",
        "ekonomi/tid/?ar=2026",
    ):
        page = as_coordinator.get(f"{BASE}/{path}").content.decode()
        main = page.split('<main id="main"')[1].split("</main>")[0]
        assert not re.search(r"\b(CM|EC|CO|PL|SG|ST)\d\b", main), path


def test_the_ledger_is_shown_fifty_entries_a_page_with_its_filter_kept(world, as_coordinator):
    _budget(world, 2026)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            collaboration=world.collaboration,
            day=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            line_key="cost:samordnare",
            amount_ore=100 * (n + 1),
            text=f"Post nummer {n:03}",
        )
        for n in range(60)
    )
    first = as_coordinator.get(f"{BASE}/ekonomi/utfall/?ar=2026&rad=cost:samordnare").content.decode()
    assert "60 poster." in first and "Sida 1 av 2" in first
    assert first.count("<td>Post nummer") == 50 and "Post nummer 059" in first  # newest first
    assert "sida=2" in first and "rad=cost" in first.split("sida=2")[0].rsplit("href=", 1)[1]
    second = as_coordinator.get(f"{BASE}/ekonomi/utfall/?ar=2026&rad=cost:samordnare&sida=2").content.decode()
    assert second.count("<td>Post nummer") == 10 and "Post nummer 000" in second


def test_the_forecast_form_on_the_page_posts_back_as_written(world, as_coordinator):
    """The page writes each budget line's forecast form out by hand (one per line, for speed):
    its inputs must be ForecastForm's, and what was saved is shown in them again."""
    from html.parser import HTMLParser

    from samverkan.finance.forms import ForecastForm

    class Inputs(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.forms: list[dict[str, str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "form":
                self.forms.append({})
            elif tag == "input" and self.forms:
                values = dict(attrs)
                self.forms[-1][values["name"] or ""] = values.get("value") or ""

    _budget(world, 2026)
    url = f"{BASE}/ekonomi/lagesrapport/?datum=2026-06-30"
    parser = Inputs()
    parser.feed(as_coordinator.get(url).content.decode())
    form = next(f for f in parser.forms if "cost:samordnare" in f.values())
    prefix = form["prefix"]
    assert {k for k in form if k.startswith(f"{prefix}-")} == {f"{prefix}-{n}" for n in ForecastForm.base_fields}
    assert form[f"{prefix}-amount"] == "" and form["datum"] == "2026-06-30"
    as_coordinator.post(url, {**form, f"{prefix}-amount": "610 000,50", f"{prefix}-comment": "Lönerevision"})
    parser = Inputs()
    parser.feed(as_coordinator.get(url).content.decode())
    form = next(f for f in parser.forms if "cost:samordnare" in f.values())
    assert (form[f"{prefix}-amount"], form[f"{prefix}-comment"]) == ("610000,50", "Lönerevision")


def test_the_time_form_offers_open_and_recent_assignments_not_ten_years_of_finished_ones(world, as_coordinator):
    from samverkan.plans.models import Assignment, AssignmentStatus
    from tests.test_list_queries import _approved_decision

    year = timezone.localdate().year
    decision = _approved_decision(world, 1)

    def assignment(title: str, due_year: int, status: str) -> Assignment:
        return Assignment.objects.create(
            collaboration=world.collaboration,
            decision=decision,
            title=title,
            owner_kind="coordinator",
            due_on=datetime.date(due_year, 6, 1),
            status=status,
        )

    old_open = assignment("Gammalt men öppet", year - 5, AssignmentStatus.IN_PROGRESS)
    assignment("Klart i fjol", year - 1, AssignmentStatus.DONE)
    assignment("Klart för länge sedan", year - 4, AssignmentStatus.DONE)
    page = as_coordinator.get(f"{BASE}/ekonomi/tid/").content.decode()
    assert "Gammalt men öppet" in page and "Klart i fjol" in page
    assert "Klart för länge sedan" not in page
    response = as_coordinator.post(
        f"{BASE}/ekonomi/tid/", {"day": timezone.localdate().isoformat(), "hours": "2", "assignment": old_open.pk}
    )
    assert response.status_code == 302
    assert TimeEntry.objects.get(assignment=old_open).minutes == 120
