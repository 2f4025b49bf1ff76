"""A new app's rules show up in the agreement check without any change in the agreement app.

The rule set here stands for the next app (a sample, under a name no app uses: the events app
registers its own set as `events`): its collector reads from the database, its judge is pure, and
it registers itself the way an app does in its `AppConfig.ready()`.
"""

import dataclasses
import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from samverkan.accounts.services import create_api_token
from samverkan.collaborations.checks import RuleSet, register, rule_sets, unregister
from samverkan.collaborations.findings import Finding, Link
from samverkan.collaborations.model_file import CollaborationModel
from samverkan.collaborations.models import Collaboration
from samverkan.organisations.models import Group


@dataclasses.dataclass(frozen=True)
class SampleFacts:
    on: datetime.date
    groups: int


def collect(collaboration: Collaboration, on: datetime.date) -> SampleFacts:
    return SampleFacts(on, Group.objects.filter(collaboration=collaboration).count())


def judge(model: CollaborationModel, facts: SampleFacts) -> list[Finding]:
    return [
        Finding(
            "EV1",
            "warning",
            f"Inget evenemang planerat för {facts.groups} grupper.",
            "Evenemang",
            "",
            Link("group_list"),
        )
    ]


@pytest.fixture
def sample_rules():
    assert "sample" not in {s.name for s in rule_sets()}
    register(RuleSet("sample", collect=collect, judge=judge, order=1000))
    yield
    unregister("sample")
    assert "sample" not in {s.name for s in rule_sets()}
    assert "events" in {s.name for s in rule_sets()}  # the real app's set is left as it was


def test_a_registered_rule_set_is_on_the_page_in_the_command_and_in_the_api(sample_rules, world, personas, client_for):
    response = client_for("chair").get("/miljosamverkan-vasterbotten/avtalsuppfoljning/")
    html = response.content.decode()
    assert "Inget evenemang planerat för 2 grupper." in html
    assert 'href="/miljosamverkan-vasterbotten/grupper/"' in html

    out = StringIO()
    call_command("agreement-check", "--json", stdout=out)
    (finding,) = [f for f in json.loads(out.getvalue()) if f["rule"] == "EV1"]
    assert finding["status"] == "warning" and finding["subject"] == "Evenemang"

    _token, plain = create_api_token(user=personas["chair"], name="t", actor=None)
    findings = (
        client_for("chair")
        .get(
            "/api/v1/collaborations/miljosamverkan-vasterbotten/agreement-check",
            headers={"Authorization": f"Bearer {plain}"},
        )
        .json()
    )
    assert findings[-1]["rule"] == "EV1"  # after every app's rules: its order is 1000


def test_without_the_registration_the_check_has_no_such_finding(world, client_for):
    html = client_for("chair").get("/miljosamverkan-vasterbotten/avtalsuppfoljning/").content.decode()
    assert "Inget evenemang planerat" not in html
