"""Loading model files and the live check on real data."""

import datetime
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from samverkan.agreement.services import check_collaboration, check_date, load_collaboration_model
from samverkan.audit.models import AuditEntry
from samverkan.collaborations.model_file import ModelFileError
from samverkan.collaborations.models import Collaboration
from samverkan.organisations.models import Group, HostPeriod, Membership, Organisation, Party

AGREEMENTS = Path(settings.BASE_DIR) / "agreements"
VB = AGREEMENTS / "miljosamverkan-vasterbotten.toml"


def changed_copy(path: Path, text: str) -> Path:
    """A changed copy of the Västerbotten file, with the agreement text its quotes are checked in."""
    path.write_text(text, encoding="utf-8")
    shutil.copy(AGREEMENTS / "miljosamverkan-vasterbotten.sv.txt", path.parent)
    return path


def counts():
    return tuple(m.objects.count() for m in (Collaboration, Organisation, Party, Group, HostPeriod, AuditEntry))


@pytest.mark.django_db
def test_loading_creates_the_collaboration_with_parties_host_and_groups():
    result = load_collaboration_model(path=VB, actor=None)
    collaboration = result.collaboration
    assert result.created
    assert collaboration.parties.count() == 17
    assert collaboration.host_on(timezone.localdate()).name == "Region Västerbotten"
    assert sorted(collaboration.groups.values_list("key", flat=True)) == ["samverkansgruppen", "stodgruppen"]
    assert AuditEntry.objects.filter(action="create_collaboration").count() == 1


@pytest.mark.django_db
def test_loading_the_same_file_twice_changes_nothing():
    load_collaboration_model(path=VB, actor=None)
    before = counts()
    result = load_collaboration_model(path=VB, actor=None)
    assert not result.created and result.changes == []
    assert counts() == before


@pytest.mark.django_db
def test_an_invalid_file_writes_nothing(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text(VB.read_text(encoding="utf-8").replace("per_party = 1", "per_party = -1"), encoding="utf-8")
    with pytest.raises(ModelFileError) as excinfo:
        load_collaboration_model(path=broken, actor=None)
    assert excinfo.value.key == "groups[0].composition[0].per_party"
    assert counts() == (0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_a_new_host_in_the_file_keeps_the_old_host_in_history(tmp_path):
    load_collaboration_model(path=VB, actor=None, today=datetime.date(2025, 1, 1))
    changed = changed_copy(
        tmp_path / "vb.toml",
        VB.read_text(encoding="utf-8").replace(
            '[host]\nparty = "region"\nexpected_kind = "region"', '[host]\nparty = "umea"\nexpected_kind = "region"'
        ),
    )
    result = load_collaboration_model(path=changed, actor=None, today=datetime.date(2026, 7, 1))
    collaboration = result.collaboration
    assert collaboration.host_on(datetime.date(2026, 6, 30)).name == "Region Västerbotten"
    assert collaboration.host_on(datetime.date(2026, 7, 1)).name == "Umeå"
    findings = check_collaboration(collaboration, on=datetime.date(2026, 7, 1))
    cm3 = [f for f in findings if f.rule == "CM3"]
    assert cm3[0].status == "warning" and "Umeå" in cm3[0].message  # not of the kind the agreement names


@pytest.mark.django_db
def test_the_second_example_loads_and_is_checked_by_its_own_rules():
    waste = load_collaboration_model(path=AGREEMENTS / "example-avfallssamverkan.toml", actor=None).collaboration
    findings = check_collaboration(waste)
    rules_seen = {f.rule for f in findings}
    assert {"SG1", "ST1", "CM1", "CM3"} <= rules_seen
    # no chair: the waste agreement makes that a breach, unlike Västerbotten's warning
    assert any(f.status == "breach" and f.rule == "SG1" for f in findings)
    assert any("Styrgruppen" in f.message for f in findings)
    assert waste.host_on(timezone.localdate()).name == "Lycksele"


def test_past_years_are_judged_on_their_last_day():
    today = datetime.date(2026, 11, 27)
    assert check_date(None, today) == today
    assert check_date(2026, today) == today
    assert check_date(2025, today) == datetime.date(2025, 12, 31)


PLAN_RULES = {"PL1", "PL2", "PL3", "PL4", "ST2"}  # the world has no plan documents; see plans' tests
ECONOMY = ("finance", "time_log")  # nor status reports or logged time; see finance's tests
EVENT_RULES = {"M3"}  # nor events; see the events app's tests


def _problems(findings):
    return [
        f
        for f in findings
        if f.status != "ok" and f.rule not in PLAN_RULES | EVENT_RULES and not (f.link and f.link.url_name in ECONOMY)
    ]


def test_the_check_follows_memberships_as_they_change(world):
    assert _problems(check_collaboration(world.collaboration)) == []
    membership = Membership.objects.get(group=world.sg, person=world.people["vindeln"])
    membership.ended_on = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    problems = _problems(check_collaboration(world.collaboration))
    assert {(f.rule, f.subject) for f in problems} == {("SG1", "Vindeln"), ("CM1", "Vindeln")}
    # a year when Vindeln still sat in the group is still fine
    earlier = check_collaboration(world.collaboration, on=membership.ended_on)
    assert _problems(earlier) == []


@pytest.fixture
def model_copy(tmp_path):
    return changed_copy(tmp_path / "copy.toml", VB.read_text(encoding="utf-8"))


def future_file(tmp_path, start: str = "2027-03-01") -> Path:
    return changed_copy(
        tmp_path / "vb.toml", VB.read_text(encoding="utf-8").replace("started_on = 2025-01-01", f"started_on = {start}")
    )


@pytest.mark.django_db
def test_a_collaboration_that_starts_in_the_future_starts_on_its_day_not_today(tmp_path):
    result = load_collaboration_model(path=future_file(tmp_path), actor=None, today=datetime.date(2026, 12, 2))
    collaboration = result.collaboration
    start = datetime.date(2027, 3, 1)
    assert set(collaboration.parties.values_list("started_on", flat=True)) == {start}
    assert set(collaboration.groups.values_list("started_on", flat=True)) == {start}
    assert set(collaboration.host_periods.values_list("started_on", flat=True)) == {start}
    assert collaboration.host_on(datetime.date(2026, 12, 2)) is None
    assert collaboration.host_on(start).name == "Region Västerbotten"


@pytest.mark.django_db
def test_the_overview_and_the_check_say_when_a_future_collaboration_starts(tmp_path, client):
    import time_machine
    from django.urls import reverse

    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC), tick=False):
        collaboration = load_collaboration_model(path=future_file(tmp_path), actor=None).collaboration
        html = client.get(reverse("collaboration", args=[collaboration.slug])).content.decode()
        assert "börjar den 1 mars 2027" in html
        assert "Region Västerbotten" in html and "Samverkansgruppen" in html  # as they will be on that day
        assert "Ingen huvudman är angiven" not in html
        findings = check_collaboration(collaboration)
        messages = [f.message for f in findings]  # judged as on its first day
        assert "Region Västerbotten är huvudman." in messages and "Samverkan har ingen huvudman." not in messages
