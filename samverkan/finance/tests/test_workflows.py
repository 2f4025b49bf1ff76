"""The ledger import's workflow: previewed, then booked or discarded, once. The table is pure; the
last test shows the use cases asking it."""

from __future__ import annotations

import pytest

from samverkan.finance import rules, services
from samverkan.finance.models import LedgerEntry, LedgerImport, LedgerImportStatus
from samverkan.finance.tests.test_services import _import, _map_accounts
from samverkan.lib.errors import DomainError


def test_the_table_decides_for_every_status_of_the_ledger_import() -> None:
    assert rules.LEDGER_IMPORT.covers(LedgerImportStatus.values)


def test_a_previewed_import_is_booked_or_discarded_and_then_stays() -> None:
    moves = {
        (a, b) for a in LedgerImportStatus.values for b in LedgerImportStatus.values if rules.LEDGER_IMPORT.allows(a, b)
    }
    assert moves == {("preview", "committed"), ("preview", "discarded")}
    assert rules.LEDGER_IMPORT.refusal("discarded", "committed", labels=dict(LedgerImportStatus.choices)) == (
        "En import som är avbruten kan inte bli genomförd."
    )


def test_a_discarded_import_is_not_booked_and_a_booked_one_not_discarded(world):
    _map_accounts(world)
    text = "Datum;Konto;Belopp;Text;Aktivitet\n2026-02-01;5010;1 000,00;Hyra;\n"
    discarded, _preview = _import(world, text)
    services.discard_ledger_import(pending=discarded, actor=None)
    with pytest.raises(DomainError, match="Den här importen är redan avbruten"):
        services.commit_ledger_import(pending=discarded, actor=None)
    assert not LedgerEntry.objects.exists()
    booked, _preview = _import(world, text, name="igen.csv")
    services.commit_ledger_import(pending=booked, actor=None)
    with pytest.raises(DomainError, match="Den här importen är redan genomförd"):
        services.discard_ledger_import(pending=booked, actor=None)
    assert LedgerImport.objects.get(pk=booked.pk).status == LedgerImportStatus.COMMITTED
    assert LedgerEntry.objects.count() == 1
