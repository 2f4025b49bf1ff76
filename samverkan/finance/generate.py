"""The finance app's part of the data generator: budgets, the ledger, invoices and time.

`finance` (order 60) reads `shared["collaborations"]`, `shared["people"]`, `shared["activities"]`
and `shared["budget_versions"]` (plans' part). It fills each budget version's lines from the
model file's `[economy]`, maps an account to every line, books `ledger_rows_per_year` ledger rows
a year (the base year up to the base date), invoices each municipality its share every year and
logs the coordinator's hours every month.
"""

from __future__ import annotations

import datetime

from samverkan.collaborations.generation import Context
from samverkan.finance.budget import EQUAL, SharingKey, cost_key, editable_keys, mapping_targets
from samverkan.finance.models import AccountMapping, Invoice, LedgerEntry, LedgerSource, TimeEntry, TimeKind
from samverkan.organisations.models import Party
from samverkan.plans.models import PlanVersion

BATCH = 5000
KR = 100


def finance(ctx: Context) -> None:
    rng = ctx.rng
    for collaboration in ctx.progress.iterate(
        "budgets and ledger", ctx.shared["collaborations"], len(ctx.shared["collaborations"])
    ):
        economy = collaboration.model.economy
        if economy is None:
            continue
        keys = editable_keys(economy)
        activities = ctx.shared["activities"][collaboration.pk]
        versions = []
        for pk, year in ctx.shared["budget_versions"][collaboration.pk]:
            lines = {k: rng.randint(5, 150) * 1000 * KR for k in keys}
            lines.update({cost_key("aktiviteter", activity_id=a): b for a, y, b in activities if y == year and b})
            versions.append(
                PlanVersion(pk=pk, budget={"lines": lines, "notes": {}, "key": SharingKey(EQUAL).to_json()})
            )
        PlanVersion.objects.bulk_update(versions, ["budget"], batch_size=BATCH)

        targets = [key for key, _label in mapping_targets(economy)]
        accounts = {key: f"{(3010 if key.startswith('income') else 5010) + 10 * i}" for i, key in enumerate(targets)}
        AccountMapping.objects.bulk_create(
            [AccountMapping(collaboration=collaboration, account=a, line_key=k) for k, a in accounts.items()],
            batch_size=BATCH,
        )
        per_activity = {cost_key(c.key) for c in economy.costs if c.per_activity}
        rows: list[LedgerEntry] = []
        for year in [*ctx.years, ctx.base_date.year]:
            year_activities = [a for a, y, _b in activities if y == year]
            last_day = min(datetime.date(year, 12, 31), ctx.base_date - datetime.timedelta(days=1))
            span = (last_day - datetime.date(year, 1, 1)).days
            count = ctx.scale.ledger_rows_per_year * (span + 1) // 365
            for _n in range(count):
                key = rng.choice(targets)
                activity = rng.choice(year_activities) if key in per_activity and year_activities else None
                rows.append(
                    LedgerEntry(
                        collaboration=collaboration,
                        day=datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, span)),
                        account=accounts[key],
                        amount_ore=rng.randint(1, 40_000) * KR + rng.randint(0, 99),
                        text=f"Verifikation {rng.randint(1000, 99999)}",
                        line_key=cost_key(key.split(":", 1)[1], activity_id=activity) if activity else key,
                        activity_id=activity,
                        source=LedgerSource.IMPORT,
                        fingerprint=f"gen:{collaboration.pk}:{len(rows)}",
                    )
                )
        LedgerEntry.objects.bulk_create(rows, batch_size=BATCH)

        parties = list(Party.objects.filter(collaboration=collaboration, organisation__kind="municipality"))
        invoices = []
        for year in ctx.years:
            for party in parties:
                invoiced = datetime.date(year, 3, rng.randint(1, 28))
                invoices.append(
                    Invoice(
                        collaboration=collaboration,
                        year=year,
                        party=party,
                        amount_ore=rng.randint(10, 30) * 1000 * KR,
                        invoiced_on=invoiced,
                        paid_on=invoiced + datetime.timedelta(days=rng.randint(5, 40)),
                    )
                )
        Invoice.objects.bulk_create(invoices, batch_size=BATCH)

        coordinator = ctx.shared["people"][collaboration.pk][0]
        TimeEntry.objects.bulk_create(
            [
                TimeEntry(
                    collaboration=collaboration,
                    person_id=coordinator,
                    kind=TimeKind.COORDINATOR,
                    day=datetime.date(year, month, 28),
                    minutes=rng.randint(10, 24) * 60,
                    note="Samordning",
                )
                for year in ctx.years
                for month in range(1, 13)
            ],
            batch_size=BATCH,
        )
