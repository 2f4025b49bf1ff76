"""The joint economy as the users live it: the budget drafted and locked with the plan workflow,
the ledger imported all or nothing, the 30 June status report checked by hand, invoices per party,
participant fees, the coordinator's time against the share, and the agreement check."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samverkan.agreement.services import check_collaboration
from samverkan.finance import selectors, services
from samverkan.finance.budget import EQUAL, POPULATION, SharingKey
from samverkan.finance.models import Invoice, LedgerEntry, LedgerImport, TimeKind
from samverkan.lib.errors import DomainError
from samverkan.meetings.models import AgendaDocument, Meeting
from samverkan.organisations.models import Party, Population
from samverkan.plans import services as plans
from samverkan.plans.models import PlanStatus

KR = 100
ACCOUNTS = {
    "7010": "cost:samordnare",
    "5010": "cost:oh.lokal",
    "6420": "cost:oh.administration",
    "6550": "cost:aktiviteter",
    "3010": "income:kommunerna",
    "3550": "income:deltagaravgifter",
}
AMOUNTS = {
    "cost:samordnare": 600_000 * KR,
    "cost:oh.administration": 40_000 * KR,
    "cost:oh.lokal": 60_000 * KR,
    "cost:oh.moten": 20_000 * KR,
    "cost:oh.forbrukning": 10_000 * KR,
    "income:kommunerna": 700_000 * KR,
    "income:regionen": 80_000 * KR,
}


def _activity(world, year, title="Tillsynsdag", budget=50_000 * KR, **extra):
    return plans.create_activity(
        collaboration=world.collaboration,
        actor=None,
        year=year,
        title=title,
        area="tillsynsprojekt",
        kind="supervision_project",
        budget_ore=budget,
        for_municipalities=True,
        **extra,
    )


def _budget(world, year, amounts=None, key=None):
    document = plans.start_document(collaboration=world.collaboration, doc_type="budget", year=year, actor=None)
    version = plans.latest_version(document)
    return services.update_budget(
        version=version, amounts=amounts or AMOUNTS, notes={}, key=key or SharingKey(EQUAL), actor=None
    )


def _decide(world, version):
    """Propose the budget to a coming meeting; the meeting adopts it and the minutes are approved."""
    from samverkan.plans.tests.test_services import _future_meeting, _hold_and_approve

    meeting = _future_meeting(world.sg)
    plans.submit(version=version, actor=None, meeting=meeting)
    _hold_and_approve(world, meeting)
    version.refresh_from_db()
    assert version.status == PlanStatus.DECIDED
    return version


def _map_accounts(world):
    for account, line in ACCOUNTS.items():
        services.set_account_mapping(collaboration=world.collaboration, account=account, line_key=line, actor=None)


def _import(world, text, year=2026, name="huvudbok.csv"):
    pending, preview = services.preview_ledger_import(
        collaboration=world.collaboration, year=year, data=text.encode("utf-8"), filename=name, actor=None
    )
    return pending, preview


# --- the budget -------------------------------------------------------------------------------


def test_the_budget_is_drafted_proposed_with_its_activities_fixed_and_locked_when_decided(world):
    year = timezone.localdate().year + 1
    course = _activity(world, year)
    version = _budget(world, year)
    assert [line.amount_ore for line in selectors.version_lines(version) if line.activity_id] == [50_000 * KR]
    plans.update_activity(activity=course, actor=None, budget_ore=55_000 * KR)
    assert [line.amount_ore for line in selectors.version_lines(version) if line.activity_id] == [55_000 * KR]
    version = _decide(world, version)
    # the decided budget keeps the activity as it was proposed, whatever happens to the activity later
    plans.update_activity(activity=course, actor=None, budget_ore=99_000 * KR)
    decided = selectors.version_lines(version)
    assert [line.amount_ore for line in decided if line.activity_id] == [55_000 * KR]
    with pytest.raises(DomainError, match="kan inte ändras"):
        services.update_budget(version=version, amounts=AMOUNTS, notes={}, key=SharingKey(), actor=None)
    second = plans.new_version(document=version.document, actor=None)
    assert second.budget["lines"] == version.budget["lines"] and "activities" not in second.budget
    assert [line.amount_ore for line in selectors.version_lines(second) if line.activity_id] == [99_000 * KR]


def test_an_empty_budget_cannot_be_proposed_and_bad_lines_are_refused(world):
    year = timezone.localdate().year + 1
    document = plans.start_document(collaboration=world.collaboration, doc_type="budget", year=year, actor=None)
    version = plans.latest_version(document)
    with pytest.raises(DomainError, match="inga belopp"):
        plans.submit(version=version, actor=None)
    with pytest.raises(DomainError, match="Okända budgetrader"):
        services.update_budget(version=version, amounts={"cost:lyx": 1}, notes={}, key=SharingKey(), actor=None)
    with pytest.raises(DomainError, match="negativt"):
        services.update_budget(version=version, amounts={"cost:samordnare": -1}, notes={}, key=SharingKey(), actor=None)
    version.refresh_from_db()
    assert version.budget == {}


def test_one_million_by_population_splits_exactly_over_the_fifteen_municipalities(world):
    for party in Party.objects.filter(collaboration=world.collaboration, organisation__kind="municipality"):
        Population.objects.create(organisation=party.organisation, year=2024, count=1000 + len(party.key) * 977)
    version = _budget(
        world, 2026, amounts={**AMOUNTS, "income:kommunerna": 1_000_000 * KR}, key=SharingKey(POPULATION, 2024)
    )
    share = selectors.cofinancing(world.collaboration, version, 2026)
    assert share.error == "" and len(share.rows) == 15
    assert sum(r.amount_ore for r in share.rows) == 100_000_000
    assert all(isinstance(r.amount_ore, int) for r in share.rows)
    without = _budget(world, 2027, key=SharingKey(POPULATION, 2023))
    assert "Folkmängd saknas" in selectors.cofinancing(world.collaboration, without, 2027).error


# --- the ledger ---------------------------------------------------------------------------------


def _ledger_text(rows: int) -> str:
    lines = ["Datum;Konto;Belopp;Text;Aktivitet"]
    for n in range(rows):
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 360)
        lines.append(f"{day.isoformat()};5010;{100 + n % 7},{n % 100:02d};Verifikation {n};")
    return "\n".join(lines) + "\n"


def test_a_ledger_export_of_2000_rows_imports_in_one_step_and_twice_is_caught(world):
    _map_accounts(world)
    text = _ledger_text(2000)
    pending, preview = _import(world, text)
    assert preview.count("create") == 2000 and not preview.refused
    services.commit_ledger_import(pending=pending, actor=None)
    assert LedgerEntry.objects.filter(collaboration=world.collaboration).count() == 2000
    assert LedgerImport.objects.get(pk=pending.pk).entry_count == 2000
    again, preview = _import(world, text)
    assert "import den" in preview.duplicate_of
    with pytest.raises(DomainError, match="redan importerad"):
        services.commit_ledger_import(pending=again, actor=None)
    assert LedgerEntry.objects.count() == 2000
    # a later export that overlaps: the rows already booked are skipped, the new ones booked
    overlap = text + "2026-12-30;5010;77,00;Ny verifikation;\n"
    third, preview = _import(world, overlap, name="huvudbok-dec.csv")
    assert (preview.count("duplicate"), preview.count("create")) == (2000, 1)
    services.commit_ledger_import(pending=third, actor=None)
    assert LedgerEntry.objects.count() == 2001


def test_a_broken_ledger_export_is_refused_with_row_errors_and_writes_nothing(world):
    _map_accounts(world)
    text = (
        "Datum;Konto;Belopp;Text;Aktivitet\n"
        "2026-02-01;5010;1 000,00;Hyra;\n"
        "2026-02-30;5010;1 000,00;Fel datum;\n"
        "2026-02-03;9999;10,00;Okänt konto;\n"
        "2026-02-04;6550;10,00;Utan aktivitet;\n"
        "2026-02-05;5010;=SUMMA(A1);Formel;\n"
    )
    pending, preview = _import(world, text)
    errors = {r.line: " ".join(r.errors) for r in preview.refused}
    assert set(errors) == {3, 4, 5, 6}
    assert "2026-02-30" in errors[3] and "Kontokoppling" in errors[4] and "aktivitet" in errors[5]
    assert "formel" in errors[6]
    with pytest.raises(DomainError, match="4 rader kan inte importeras"):
        services.commit_ledger_import(pending=pending, actor=None)
    assert not LedgerEntry.objects.exists()
    assert LedgerImport.objects.get(pk=pending.pk).status == "preview"


def test_an_activity_column_books_the_cost_on_that_activity(world):
    _map_accounts(world)
    course = _activity(world, 2026)
    pending, _preview = _import(world, "Datum;Konto;Belopp;Text;Aktivitet\n2026-03-01;6550;2 500;Lokal;Tillsynsdag\n")
    services.commit_ledger_import(pending=pending, actor=None)
    entry = LedgerEntry.objects.get()
    assert (entry.line_key, entry.activity, entry.amount_ore) == (f"cost:aktiviteter#{course.pk}", course, 250_000)


# --- the status report --------------------------------------------------------------------------


def _half_year(world):
    """The hand-calculated case of finance.tests.test_budget_rules, through the database."""
    course = _activity(world, 2026)
    _budget(world, 2026)
    _map_accounts(world)
    rows = ["Datum;Konto;Belopp;Text;Aktivitet"]
    rows += [f"2026-{m:02d}-25;7010;50 000;Lön {m};" for m in range(1, 8)]
    rows += [f"2026-{m:02d}-01;5010;5 000;Hyra {m};" for m in range(1, 7)]
    rows += ["2026-05-20;6550;62 000;Kursen;Tillsynsdag", "2026-02-28;3010;700 000;Kommunerna;"]
    pending, _preview = _import(world, "\n".join(rows) + "\n")
    services.commit_ledger_import(pending=pending, actor=None)
    services.set_forecast(
        collaboration=world.collaboration,
        year=2026,
        line_key="cost:oh.administration",
        amount_ore=45_000 * KR,
        comment="Höjd hyra för arkivet",
        actor=None,
    )
    return course


def test_the_30_june_status_report_matches_the_hand_calculation(world):
    course = _half_year(world)
    view = selectors.status_view(world.collaboration, datetime.date(2026, 6, 30))
    lines = {r.line.key: (r.budget_ore, r.actual_ore, r.forecast_ore, r.deviation_ore) for r in view.report.lines}
    assert lines["cost:samordnare"] == (60_000_000, 30_000_000, 60_497_238, 497_238)
    assert lines["cost:oh.lokal"] == (6_000_000, 3_000_000, 6_049_724, 49_724)
    assert lines["cost:oh.administration"] == (4_000_000, 0, 4_500_000, 500_000)
    assert lines[f"cost:aktiviteter#{course.pk}"] == (5_000_000, 6_200_000, 6_200_000, 1_200_000)
    assert lines["income:kommunerna"] == (70_000_000, 70_000_000, 70_000_000, 0)
    costs = next(total for kind, _rows, _caption, total in view.sections if kind == "cost")
    assert costs == {
        "budget_ore": 78_000_000,
        "actual_ore": 39_200_000,
        # meetings and consumables run all year but have nothing booked yet: their forecast is 0
        "forecast_ore": 60_497_238 + 4_500_000 + 6_049_724 + 0 + 0 + 6_200_000,
        "deviation_ore": 497_238 + 500_000 + 49_724 - 2_000_000 - 1_000_000 + 1_200_000,
    }
    assert [p.actual_ore for p in view.report.months[:7]] == [
        5_500_000,
        11_000_000,
        16_500_000,
        22_000_000,
        33_700_000,
        39_200_000,
        None,
    ]


def test_the_status_report_goes_on_a_meeting_agenda_with_its_pdf_and_counts_for_co2(world):
    _half_year(world)
    meeting = Meeting.objects.filter(group=world.sg, starts_at__gt=timezone.now()).first()
    if meeting is None:
        from samverkan.plans.tests.test_services import _future_meeting

        meeting = _future_meeting(world.sg)
    day = timezone.localdate()
    report = services.present_status_report(collaboration=world.collaboration, as_of=day, meeting=meeting, actor=None)
    assert report.agenda_item.meeting == meeting and "lägesrapport" in report.agenda_item.title
    assert not report.agenda_item.public  # forecasts and unpaid shares are for the members only
    document = AgendaDocument.objects.get(item=report.agenda_item)
    assert document.file.read().startswith(b"%PDF")
    assert report.data["lines"][0]["key"] == "cost:samordnare"
    assert len(selectors.presented_reports(world.collaboration, meeting.starts_at.year)) == 1
    held = Meeting.objects.create(
        group=world.sg, starts_at=timezone.now() - datetime.timedelta(days=3), ends_at=timezone.now(), status="held"
    )
    with pytest.raises(DomainError, match="inte har hållits"):
        services.present_status_report(collaboration=world.collaboration, as_of=day, meeting=held, actor=None)


# --- invoices and fees --------------------------------------------------------------------------


def test_the_decided_budget_is_invoiced_per_party_and_paid_invoices_show_in_the_report(world, time_machine):
    version = _budget(world, timezone.localdate().year + 1)
    with pytest.raises(DomainError, match="inte beslutad"):
        services.invoice_cofinancing(
            collaboration=world.collaboration, year=version.document.year, invoiced_on=timezone.localdate(), actor=None
        )
    version = _decide(world, version)
    year = version.document.year
    invoices = services.invoice_cofinancing(
        collaboration=world.collaboration, year=year, invoiced_on=datetime.date(year, 2, 1), actor=None
    )
    assert len(invoices) == 16  # 15 municipalities and the Region
    assert sum(i.amount_ore for i in invoices) == 780_000 * KR
    umea = next(i for i in invoices if i.party.key == "umea")
    assert umea.amount_ore == 700_000 * KR // 15 + (1 if umea.party.organisation.municipality_code < "2480" else 0)
    with pytest.raises(DomainError, match="redan fakturerad"):
        services.invoice_cofinancing(
            collaboration=world.collaboration, year=year, invoiced_on=datetime.date(year, 2, 1), actor=None
        )
    with pytest.raises(DomainError, match="före fakturadatum"):
        services.mark_paid(invoice=umea, paid_on=datetime.date(year, 1, 1), actor=None)
    with pytest.raises(DomainError, match="i framtiden"):
        services.mark_paid(invoice=umea, paid_on=datetime.date(year, 3, 1), actor=None)
    time_machine.move_to(datetime.datetime(year, 3, 31, 12, tzinfo=timezone.get_current_timezone()))
    services.mark_paid(invoice=umea, paid_on=datetime.date(year, 3, 1), actor=None)
    view = selectors.status_view(world.collaboration, datetime.date(year, 3, 31))
    row = next(p for p in view.parties if p.party.key == "umea")
    assert (row.invoiced_ore, row.paid_ore, row.outstanding_ore) == (umea.amount_ore, umea.amount_ore, 0)
    basis = selectors.invoicing_basis(world.collaboration, year, umea.party)
    assert basis["total_ore"] == umea.amount_ore and basis["paid_ore"] == umea.amount_ore


def test_participant_fees_flow_into_the_ledger_and_extra_contributions_are_per_party(world):
    course = _activity(world, 2026, fee_member_ore=500 * KR, fee_other_ore=1_200 * KR)
    entry = services.record_fees(activity=course, members=10, others=2, day=datetime.date(2026, 3, 1), actor=None)
    assert (entry.line_key, entry.amount_ore, entry.activity) == ("income:deltagaravgifter", 7_400 * KR, course)
    free = _activity(world, 2026, title="Gratis")
    with pytest.raises(DomainError, match="ingen deltagaravgift"):
        services.record_fees(activity=free, members=1, others=0, day=datetime.date(2026, 3, 1), actor=None)
    umea = Party.objects.get(collaboration=world.collaboration, key="umea")
    extra = services.add_extra_contribution(
        collaboration=world.collaboration,
        party=umea,
        amount_ore=20_000 * KR,
        invoiced_on=datetime.date(2026, 3, 2),
        activity=course,
        actor=None,
    )
    assert extra.kind == "extra" and Invoice.objects.filter(party=umea).count() == 1


# --- the coordinator's time ---------------------------------------------------------------------


def test_coordinator_time_counts_against_the_share_and_a_members_is_in_kind(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 30, 12, tzinfo=timezone.get_current_timezone()))
    coordinator, member = world.people["coordinator"], world.people["umea"]
    for month in range(1, 7):
        services.log_time(
            collaboration=world.collaboration,
            person=coordinator,
            day=datetime.date(2026, month, 10),
            minutes=30 * 60 // 2,
            actor=None,
        )
        services.log_time(
            collaboration=world.collaboration,
            person=coordinator,
            day=datetime.date(2026, month, 11),
            minutes=15 * 60,
            actor=None,
        )
    entry = services.log_time(
        collaboration=world.collaboration, person=member, day=datetime.date(2026, 6, 1), minutes=90, actor=None
    )
    assert entry.kind == TimeKind.IN_KIND
    status = selectors.coordinator_time(world.collaboration, 2026, datetime.date(2026, 6, 30))
    assert status.used_hours == 180 and status.over  # 180 h by 30 June → 363 h > 340 h
    assert selectors.in_kind_time(world.collaboration, 2026)[0]["minutes"] == 90
    findings = [f for f in check_collaboration(world.collaboration, on=datetime.date(2026, 6, 30)) if f.rule == "CO1"]
    assert [f.status for f in findings] == ["warning"] and "363" in findings[0].message
    with pytest.raises(DomainError, match="inte har varit"):
        services.log_time(
            collaboration=world.collaboration, person=coordinator, day=datetime.date(2026, 7, 1), minutes=60, actor=None
        )


def test_the_check_names_a_budget_that_does_not_balance_or_misses_a_category(world):
    year = timezone.localdate().year
    _budget(world, year, amounts={"cost:samordnare": 100_000 * KR, "income:kommunerna": 50_000 * KR})
    findings = [f for f in check_collaboration(world.collaboration) if f.rule in ("EC1", "EC4")]
    messages = " ".join(f.message for f in findings)
    assert "OH-kostnader saknar belopp" in messages
    assert "underskott 50 000,00" in messages.replace("\xa0", " ")
    assert all(f.status == "warning" for f in findings)


def test_a_party_that_pays_a_source_of_its_own_has_that_as_its_share(world, client_for):
    """The Region pays "Medfinansiering från Region Västerbotten" in full (80 000 kr in AMOUNTS);
    the municipalities share 700 000 kr equally. By hand: Region 80 000,00 kr, Umeå 46 666,66 kr."""
    version = _decide(world, _budget(world, 2026))
    view = selectors.status_view(world.collaboration, datetime.date(2026, 1, 31))
    shares = {p.party.key: p.share_ore for p in view.parties}
    assert shares["region"] == 80_000 * KR and shares["umea"] == 4_666_666
    assert sum(shares.values()) == 780_000 * KR
    services.invoice_cofinancing(
        collaboration=world.collaboration, year=2026, invoiced_on=datetime.date(2026, 2, 1), actor=None
    )
    region = next(
        p
        for p in selectors.status_view(world.collaboration, datetime.date(2026, 2, 28)).parties
        if p.party.key == "region"
    )
    assert (region.share_ore, region.invoiced_ore, region.outstanding_ore) == (80_000 * KR, 80_000 * KR, 80_000 * KR)
    client = client_for("chair")
    report = client.get("/miljosamverkan-vasterbotten/ekonomi/lagesrapport/?datum=2026-02-28").content.decode()
    row = report[report.index(">Region Västerbotten<") :].split("</tr>", 1)[0]
    assert row.count("80\xa0000,00\xa0kr") == 3  # share, invoiced, unpaid
    page = client.get("/miljosamverkan-vasterbotten/ekonomi/2026/medfinansiering/").content.decode()
    row = page[page.index(">Region Västerbotten<") :].split("</tr>", 1)[0]
    assert "Medfinansiering från Region Västerbotten" in row and "80\xa0000,00\xa0kr" in row
    assert version.status == "decided"
