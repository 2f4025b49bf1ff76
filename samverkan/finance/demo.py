"""The joint economy in the demo: budgets on the budget documents, the host's chart of accounts
mapped to budget lines, the 2026 ledger imported from an accounting export, the co-financing
invoiced and mostly paid, an extra contribution, participant fees, a status report on each 2026
collaboration-group agenda, and the coordinator's and members' hours.

Left deliberately: two municipalities have not paid their 2026 share, and the coordinator's 2026
forecast runs above the collaboration's 20 % (CO1), so the time page and the check warn.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from samverkan.finance import selectors, services
from samverkan.finance.budget import EQUAL, POPULATION, SharingKey
from samverkan.finance.models import AccountMapping, Invoice, LedgerEntry, TimeEntry
from samverkan.meetings.models import Meeting
from samverkan.organisations.models import Party, Person
from samverkan.plans.models import Activity, Assignment, PlanVersion

KR = 100
# The host's accounts (BAS) → budget lines.
ACCOUNTS = {
    "7010": "cost:samordnare",
    "6420": "cost:oh.administration",
    "5010": "cost:oh.lokal",
    "6990": "cost:oh.moten",
    "6110": "cost:oh.forbrukning",
    "6550": "cost:aktiviteter",
    "3010": "income:kommunerna",
    "3011": "income:regionen",
    "3550": "income:deltagaravgifter",
    "3990": "income:ovrigt",
}
UNPAID = ("sorsele", "dorotea")


def fill_budget(version: PlanVersion) -> None:
    """A budget as the support group drafts it: 20 % of the coordinator, overhead in four parts,
    the activities at their own budgets; the municipalities pay 15 000 kr each (2026) or by
    population (the 2027 proposal), the Region the rest."""
    year = version.document.year
    activities = sum(a.budget_ore or 0 for a in selectors.live_activity_costs(version.document.collaboration, year))
    costs = {
        "cost:samordnare": 150_000 * KR,
        "cost:oh.administration": 15_000 * KR,
        "cost:oh.lokal": 12_000 * KR,
        "cost:oh.moten": 10_000 * KR,
        "cost:oh.forbrukning": 3_000 * KR,
    }
    municipalities, fees = 225_000 * KR, 10_000 * KR
    region = max(sum(costs.values()) + activities - municipalities - fees, 0)
    key = SharingKey(EQUAL) if year < 2027 else SharingKey(POPULATION, 2024)
    services.update_budget(
        version=version,
        amounts={
            **costs,
            "income:kommunerna": municipalities,
            "income:regionen": region,
            "income:deltagaravgifter": fees,
        },
        notes={"cost:samordnare": "20 % av en heltid enligt avtalet, inklusive sociala avgifter."},
        key=key,
        actor=None,
    )


def _csv(rows: list[tuple[datetime.date, str, int, str, str]]) -> bytes:
    lines = ["Datum;Konto;Belopp;Text;Aktivitet"]
    for day, account, ore, text, activity in rows:
        kronor, rest = divmod(ore, 100)
        lines.append(f"{day.isoformat()};{account};{kronor},{rest:02d};{text};{activity}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _ledger_rows(collaboration: Any, year: int, until: datetime.date) -> list[tuple[datetime.date, str, int, str, str]]:
    rows: list[tuple[datetime.date, str, int, str, str]] = []
    for month in range(1, 13):
        day = datetime.date(year, month, 25)
        if day > until:
            break
        rows.append((day, "7010", 12_500 * KR, f"Samordnare {month:02d}/{year}, 20 %", ""))
        rows.append((datetime.date(year, month, 1), "5010", 1_000 * KR, "Lokalhyra Region Västerbotten", ""))
        rows.append((datetime.date(year, month, 28), "6420", 1_300 * KR, "Administration och ekonomitjänst", ""))
        if month in (2, 5, 10):
            rows.append((datetime.date(year, month, 15), "6110", 900 * KR, "Förbrukningsmaterial", ""))
    for day, text in (
        (datetime.date(year, 5, 12), "Lunch och lokal, samverkansgruppen"),
        (datetime.date(year, 10, 6), "Lunch, samverkansgruppen"),
    ):
        if day <= until:
            rows.append((day, "6990", 4_200 * KR, text, ""))
    paid = datetime.date(year, 3, 20)
    if paid <= until:  # the co-financing as paid (two municipalities have not), the extra contribution
        for party in Party.objects.filter(collaboration=collaboration, organisation__kind="municipality"):
            if party.key not in UNPAID:
                rows.append((paid, "3010", 15_000 * KR, f"Medfinansiering {year} {party.organisation.name}", ""))
        rows.append((paid, "3011", 35_000 * KR, f"Medfinansiering {year} Region Västerbotten", ""))
        rows.append((datetime.date(year, 3, 25), "3990", 20_000 * KR, "Extra bidrag Umeå, provtagning", ""))
    seminar = datetime.date(year, 4, 20)
    if seminar <= until:
        rows.append((seminar, "3550", 4_500 * KR, "Deltagaravgifter seminarium", ""))
    for activity in Activity.objects.filter(collaboration=collaboration, year=year, status="done"):
        if activity.done_on and activity.done_on <= until and activity.budget_ore:
            rows.append(
                (activity.done_on, "6550", activity.budget_ore * 9 // 10, "Föreläsare och lokal", activity.title)
            )
    return rows


def load_ledger(collaboration: Any) -> None:
    """Map the accounts and import the 2026 ledger up to today, through the import (preview, commit)."""
    for account, line_key in ACCOUNTS.items():
        if not AccountMapping.objects.filter(collaboration=collaboration, account=account).exists():
            services.set_account_mapping(collaboration=collaboration, account=account, line_key=line_key, actor=None)
    if LedgerEntry.objects.filter(collaboration=collaboration).exists():
        return
    until = min(timezone.localdate(), datetime.date(2026, 12, 31))
    rows = _ledger_rows(collaboration, 2026, until)
    if not rows:
        return
    pending, _preview = services.preview_ledger_import(
        collaboration=collaboration, year=2026, data=_csv(rows), filename="huvudbok-2026.csv", actor=None
    )
    services.commit_ledger_import(pending=pending, actor=None)


def before_meeting(meeting: Meeting) -> None:
    """Before a 2026 collaboration-group meeting: the co-financing is invoiced (spring), and the
    coordinator puts a status report on the agenda (CO2, CM3)."""
    collaboration = meeting.group.collaboration
    day = meeting.starts_at.date()
    if day.year != 2026 or collaboration.model.economy is None:
        return
    load_ledger(collaboration)
    if day.month < 7 and not Invoice.objects.filter(collaboration=collaboration, year=2026).exists():
        invoices = services.invoice_cofinancing(
            collaboration=collaboration, year=2026, invoiced_on=datetime.date(2026, 2, 16), actor=None
        )
        for invoice in invoices:
            if invoice.party.key not in UNPAID and datetime.date(2026, 3, 20) <= timezone.localdate():
                services.mark_paid(invoice=invoice, paid_on=datetime.date(2026, 3, 20), actor=None)
        activity = Activity.objects.filter(collaboration=collaboration, year=2026, kind="supervision_project").first()
        services.add_extra_contribution(
            collaboration=collaboration,
            party=Party.objects.get(collaboration=collaboration, key="umea"),
            amount_ore=20_000 * KR,
            invoiced_on=datetime.date(2026, 3, 2),
            activity=activity,
            note="Extra provtagning i Umeå",
            actor=None,
        )
    if not meeting.agenda_items.filter(status_reports__isnull=False).exists():
        services.present_status_report(
            collaboration=collaboration, as_of=day - datetime.timedelta(days=12), meeting=meeting, actor=None
        )


def load_time(collaboration: Any, people: dict[str, Person]) -> None:
    """The coordinator's hours in 2026 (a little above the share), and two members' own time."""
    if TimeEntry.objects.filter(collaboration=collaboration).exists():
        return
    today = timezone.localdate()
    coordinator = people["Ström"]
    assignment = Assignment.objects.filter(collaboration=collaboration).first()
    day = datetime.date(2026, 1, 8)
    while day <= min(today, datetime.date(2026, 12, 31)):
        if day.weekday() < 4 and not (datetime.date(2026, 7, 1) <= day <= datetime.date(2026, 8, 5)):
            services.log_time(
                collaboration=collaboration,
                person=coordinator,
                day=day,
                minutes=150 if day.weekday() != 1 else 60,
                assignment=assignment if day.weekday() == 2 else None,
                note="Samordning",
                actor=None,
            )
        day += datetime.timedelta(days=1)
    for last, minutes, when in (
        ("Vikström", 240, datetime.date(2026, 3, 10)),
        ("Hedlund", 180, datetime.date(2026, 4, 14)),
    ):
        services.log_time(
            collaboration=collaboration,
            person=people[last],
            day=when,
            minutes=minutes,
            activity=Activity.objects.filter(collaboration=collaboration, year=2026, starts_on=when).first(),
            note="Föreläsare på kursen" if minutes == 240 else "Planering av seminariet",
            actor=None,
        )
