"""The public *Planer* page: it opens on a year with something decided, its decision column shows
the decision, deadlines are for participants, and no clause code reaches a citizen or a form hint."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from samverkan.plans import services
from samverkan.plans.models import PlanStatus

SLUG = "miljosamverkan-vasterbotten"
THIS_YEAR = timezone.localdate().year
CLAUSE = re.compile(r"\b(PL|EC|SG|ST|CM|CO|AG|AR|M|P|A)[0-9]{1,2}\b")


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def decided_last_year(world, sg_decision):
    """This year's operations plan (decided last year… here under the fixture's §) and a draft for next year."""
    document = services.start_document(
        collaboration=world.collaboration, doc_type="operations_plan", year=THIS_YEAR, actor=None
    )
    version = services.latest_version(document)
    services.update_draft(version=version, actor=None, texts=["Beslutad text", "", "", "", ""])
    type(version).objects.filter(pk=version.pk).update(status=PlanStatus.DECIDED, decision=sg_decision)
    services.start_document(collaboration=world.collaboration, doc_type="budget", year=THIS_YEAR + 1, actor=None)
    return document


def test_the_public_opens_on_the_latest_year_with_a_decided_plan(client, decided_last_year):
    page = _main(client.get(f"/{SLUG}/planer/").content.decode())
    assert f"Planer {THIS_YEAR}" in page and decided_last_year.title in page


def test_participants_still_open_on_the_year_being_planned(client_for, decided_last_year):
    page = _main(client_for("support").get(f"/{SLUG}/planer/").content.decode())
    assert f"Planer {THIS_YEAR + 1}" in page


def test_the_decision_column_shows_the_decision_and_deadlines_only_participants(
    client, client_for, decided_last_year, sg_decision
):
    item = sg_decision.item
    day = timezone.localtime(item.minutes.meeting.starts_at).date().isoformat()
    deadline = services.document_type(decided_last_year.collaboration, "operations_plan").deadline(THIS_YEAR)
    public = _main(client.get(f"/{SLUG}/planer/?ar={THIS_YEAR}").content.decode())
    assert f"§ {item.number}/{item.year}" in public and day in public
    assert deadline.isoformat() not in public and "Beslutas senast" not in public
    participant = _main(client_for("member").get(f"/{SLUG}/planer/?ar={THIS_YEAR}").content.decode())
    assert "Beslutas senast" in participant and deadline.isoformat() in participant
    row = participant.split(decided_last_year.title)[1].split("</tr>")[0]
    assert f"§ {item.number}/{item.year}" in row and day in row


def test_no_clause_code_reaches_a_citizen(client, decided_last_year):
    for path in (f"planer/?ar={THIS_YEAR}", f"planer/{decided_last_year.pk}/"):
        page = _main(client.get(f"/{SLUG}/{path}").content.decode())
        assert not CLAUSE.search(page), (path, CLAUSE.search(page))


def test_form_hints_carry_no_clause_codes(client_for, world):
    client = client_for("coordinator")
    document = services.start_document(
        collaboration=world.collaboration, doc_type="operations_plan", year=THIS_YEAR + 1, actor=None
    )
    for path in ("aktiviteter/ny/", f"planer/{document.pk}/andra/"):
        page = _main(client.get(f"/{SLUG}/{path}").content.decode())
        assert not CLAUSE.search(page), (path, CLAUSE.search(page))
