"""The contact import's and the confirmation batch's workflows. The tables are pure; the last tests
show the use cases asking them."""

import pytest
from django.core import mail
from django.urls import reverse

from samverkan.audit.models import AuditEntry
from samverkan.lib.errors import DomainError
from samverkan.organisations import confirmations, rules, services
from samverkan.organisations.models import ConfirmationBatchStatus, ContactImportStatus, Person
from samverkan.organisations.tests.test_contact_import import SLUG, run_preview

ONE_ROW = "Förnamn;Efternamn;Organisation;E-post\nA;A;Umeå;a@x.se\n".encode()


@pytest.mark.parametrize(
    ("flow", "enum"),
    [(rules.CONTACT_IMPORT, ContactImportStatus), (rules.CONFIRMATION_BATCH, ConfirmationBatchStatus)],
)
def test_each_table_decides_for_every_status_of_its_enum(flow, enum) -> None:
    assert flow.covers(enum.values)


def test_a_previewed_contact_import_is_committed_or_discarded_once() -> None:
    flow = rules.CONTACT_IMPORT
    assert {(a, b) for a in flow.states for b in flow.states if flow.allows(a, b)} == {
        ("preview", "committed"),
        ("preview", "discarded"),
    }
    assert flow.refusal("committed", "discarded", labels=dict(ContactImportStatus.choices)) == (
        "En import som är genomförd kan inte bli avbruten."
    )


def test_a_batch_is_queued_sent_and_done() -> None:
    flow = rules.CONFIRMATION_BATCH
    assert {(a, b) for a in flow.states for b in flow.states if flow.allows(a, b)} == {
        ("queued", "sending"),
        ("sending", "sending"),
        ("sending", "done"),
    }
    assert flow.refusal("done", "sending", labels=dict(ConfirmationBatchStatus.choices)) == (
        "Utskicket har status klar och kan inte få status skickas."
    )


def test_discarding_a_contact_import_is_a_use_case_with_its_entry_and_is_final(world, personas):
    pending, _preview = run_preview(world, ONE_ROW)
    services.discard_contact_import(pending=pending, actor=personas["coordinator"])
    pending.refresh_from_db()
    assert pending.status == ContactImportStatus.DISCARDED
    assert AuditEntry.objects.filter(action="discard_contact_import", actor=personas["coordinator"]).count() == 1
    with pytest.raises(DomainError, match="Den här importen är redan avbruten"):
        services.commit_contact_import(pending=pending, actor=None)
    with pytest.raises(DomainError, match="Den här importen är redan avbruten"):
        services.discard_contact_import(pending=pending, actor=None)
    assert not Person.objects.filter(email="a@x.se").exists()


def test_a_committed_contact_import_is_not_discarded_afterwards(world):
    pending, _preview = run_preview(world, ONE_ROW)
    services.commit_contact_import(pending=pending, actor=None)
    with pytest.raises(DomainError, match="Den här importen är redan genomförd"):
        services.discard_contact_import(pending=pending, actor=None)
    pending.refresh_from_db()
    assert pending.status == ContactImportStatus.COMMITTED


def test_the_page_discards_through_the_use_case(client_for, world):
    pending, _preview = run_preview(world, ONE_ROW)
    response = client_for("coordinator").post(
        reverse("contact_import_preview", args=[SLUG, pending.pk]), {"action": "avbryt"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ContactImportStatus.DISCARDED
    assert AuditEntry.objects.filter(action="discard_contact_import").exists()


def test_a_batch_already_sent_is_not_sent_again(world):
    batch = confirmations.request_confirmations(
        collaboration=world.collaboration, people=[world.people["umea"]], description="Umeå", actor=None
    )
    confirmations.send_batch(batch_id=batch.pk)
    assert len(mail.outbox) == 1
    again = confirmations.send_batch(batch_id=batch.pk)
    assert (again.status, again.sent, len(mail.outbox)) == (ConfirmationBatchStatus.DONE, 1, 1)
