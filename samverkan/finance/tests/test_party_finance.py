"""Who sees each party's invoiced and paid amounts: one action, `view_party_finance`.

The host presents the budget and the financial follow-up to the collaboration group (CM3), which
decides the budget and follows up the work (SG2): its members see every party's figures. A
party's own representatives (members of any group who work for it) see that party's. Other
members of the collaboration's groups see the totals of all parties only. The Fakturor page, the
invoicing basis, the status report's page, PDF and Excel and the API all follow it."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from samverkan.finance import services
from samverkan.finance.tests.test_services import _budget
from samverkan.organisations.models import Party
from tests.factories import GroupFactory, MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

BASE = "/miljosamverkan-vasterbotten"
API = "/api/v1/collaborations/miljosamverkan-vasterbotten/finance/status"
DAY = "2026-06-30"
AMOUNTS = {"umea": 111_100, "lycksele": 222_200, "vindeln": 333_300}  # öre
SHOWN = {"umea": "1 111,00", "lycksele": "2 222,00", "vindeln": "3 333,00"}
PAID = 400_400  # Malå's invoice, paid; no one's row is checked for it
TOTAL = "10 670,00"  # invoiced, all parties
ALL, OWN, TOTALS_ONLY = "all", "own", "totals"

# persona → what they see: every party, their own party (Vindeln) and the totals, or the totals only
SEES = {
    "coordinator": ALL,
    "admin": ALL,
    "chair": ALL,  # the collaboration group
    "member": ALL,  # the collaboration group (works for Umeå)
    "vindeln_support": OWN,  # only in the support group, works for Vindeln
    "consultant": TOTALS_ONLY,  # only in a working group, works for no party
}
REFUSED = ["anonymous", "officer", "outsider"]  # no economy at all (view_finance)


@pytest.fixture
def economy(world, personas):
    _budget(world, 2026)
    for key, amount in {**AMOUNTS, "mala": PAID}.items():
        invoice = services.add_extra_contribution(
            collaboration=world.collaboration,
            party=Party.objects.get(collaboration=world.collaboration, key=key),
            amount_ore=amount,
            invoiced_on=datetime.date(2026, 3, 2),
            actor=None,
        )
        if key == "mala":
            services.mark_paid(invoice=invoice, paid_on=datetime.date(2026, 3, 10), actor=None)
    vindeln = PersonFactory(organisation=world.org("vindeln"))
    MembershipFactory(group=world.st, person=vindeln, role="member")
    consultant = PersonFactory(organisation=OrganisationFactory(name="Konsult AB"))
    working_group = GroupFactory(
        collaboration=world.collaboration, name="Arbetsgrupp tillsyn", purpose="Tillsyn", mandate="Förslag"
    )
    MembershipFactory(group=working_group, person=consultant, role="member")
    for person, username in ((vindeln, "vindeln"), (consultant, "konsult")):
        person.user = UserFactory(username=username)
        person.save(update_fields=["user"])
    personas["vindeln_support"] = vindeln.user
    personas["consultant"] = consultant.user


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def assert_sees(text: str, sees: str, where: str) -> None:
    text = plain(text)
    expected = {"umea": sees == ALL, "lycksele": sees == ALL, "vindeln": sees in (ALL, OWN)}
    for key, shown in expected.items():
        assert (SHOWN[key] in text) == shown, f"{where}: {key} {'missing' if shown else 'shown'}"
    assert TOTAL in text, f"{where}: the total of all parties is missing"


@pytest.mark.parametrize("persona", list(SEES))
def test_the_invoices_page_shows_each_party_only_to_those_who_may_see_it(persona, economy, client_for):
    page = client_for(persona).get(f"{BASE}/ekonomi/fakturor/?ar=2026")
    assert page.status_code == 200
    assert_sees(page.content.decode(), SEES[persona], "Fakturor")


@pytest.mark.parametrize("persona", list(SEES))
def test_the_status_report_page_pdf_and_excel_follow_the_same_rule(persona, economy, client_for):
    client = client_for(persona)
    page = client.get(f"{BASE}/ekonomi/lagesrapport/?datum={DAY}").content.decode()
    assert_sees(page[page.index("Per part") :], SEES[persona], "page")
    pdf = client.get(f"{BASE}/ekonomi/lagesrapport.pdf?datum={DAY}").content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert_sees(text[text.index("Per part") :], SEES[persona], "PDF")
    book = load_workbook(io.BytesIO(client.get(f"{BASE}/ekonomi/lagesrapport.xlsx?datum={DAY}").content))
    rows = list(book["Per part"].iter_rows(min_row=2, values_only=True))
    invoiced = {row[0]: row[2] for row in rows}
    shown = {key for key, amount in AMOUNTS.items() if amount / 100 in invoiced.values()}
    expected = {ALL: set(AMOUNTS), OWN: {"vindeln"}, TOTALS_ONLY: set()}[SEES[persona]]
    assert shown == expected
    assert rows[-1][2] == pytest.approx(10_670.00)  # the total of all parties, for everyone


@pytest.mark.parametrize("persona", list(SEES))
def test_the_api_gives_the_same_parties_and_the_total(persona, economy, client_for):
    data = client_for(persona).get(API, {"date": DAY}).json()
    invoiced = {p["party"]: p["invoiced_ore"] for p in data["parties"] if p["invoiced_ore"]}
    invoiced.pop("mala", None)
    expected = {ALL: set(AMOUNTS), OWN: {"vindeln"}, TOTALS_ONLY: set()}[SEES[persona]]
    assert set(invoiced) == expected
    assert data["parties_total"]["invoiced_ore"] == sum(AMOUNTS.values()) + PAID
    assert data["parties_total"]["paid_ore"] == PAID
    assert data["all_parties"] == (SEES[persona] == ALL)


@pytest.mark.parametrize("persona", list(SEES))
def test_the_invoicing_basis_follows_the_rule(persona, economy, client_for):
    client = client_for(persona)
    for key in ("umea", "vindeln"):
        allowed = SEES[persona] == ALL or (SEES[persona] == OWN and key == "vindeln")
        for suffix in ("/", ".pdf", ".xlsx"):
            response = client.get(f"{BASE}/ekonomi/2026/fakturaunderlag/{key}{suffix}")
            assert response.status_code == (200 if allowed else 403), (key, suffix)


@pytest.mark.parametrize("persona", REFUSED)
def test_those_outside_the_groups_get_no_economy(persona, economy, client_for):
    client = client_for(persona)
    for url in (
        f"{BASE}/ekonomi/fakturor/?ar=2026",
        f"{BASE}/ekonomi/lagesrapport.xlsx?datum={DAY}",
        f"{BASE}/ekonomi/2026/fakturaunderlag/vindeln/",
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.get(API, {"date": DAY}).status_code in (401, 403)


def test_the_report_put_on_an_agenda_shows_the_totals_only(economy, world):
    """Its PDF is an agenda document every participant can open, so it names no party's figures."""
    from django.utils import timezone

    from samverkan.meetings.models import AgendaDocument, Meeting

    meeting = Meeting.objects.filter(group=world.sg, starts_at__gt=timezone.now()).first()
    if meeting is None:
        start = timezone.now() + datetime.timedelta(days=20)
        meeting = Meeting.objects.create(group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    services.present_status_report(
        collaboration=world.collaboration, as_of=datetime.date(2026, 6, 30), meeting=meeting, actor=None
    )
    document = AgendaDocument.objects.get(item__meeting=meeting)
    with document.file.open("rb") as handle:
        text = plain("".join(p.extract_text() for p in PdfReader(handle).pages))
    assert TOTAL in text and not any(SHOWN[key] in text for key in AMOUNTS)
