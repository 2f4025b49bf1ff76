"""Model files: both examples load; a broken file is refused naming the file and the key."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.collaborations.model_file import ModelFileError, parse_model, read_model_file

AGREEMENTS = Path(settings.BASE_DIR) / "agreements"
TEXT = (AGREEMENTS / "miljosamverkan-vasterbotten.toml").read_text(encoding="utf-8")


def test_the_vasterbotten_file_encodes_the_agreement():
    model, _text = read_model_file(AGREEMENTS / "miljosamverkan-vasterbotten.toml")
    municipalities = [p for p in model.parties if p.kind == "municipality"]
    assert len(municipalities) == 15
    assert model.party(model.host.party).name == "Region Västerbotten"
    sg = model.group("samverkansgruppen")
    assert sg.convener == "chair" and sg.secretary == "coordinator" and sg.prepared_by == ("chair", "coordinator")
    assert sg.cadence.per_year == 2 and len(sg.cadence.windows) == 2
    st = model.group("stodgruppen")
    assert (st.composition[0].min, st.composition[0].max) == (3, 4)
    assert st.cadence.per_year == 6 and st.cadence.tolerance == 1
    assert model.coordinator.time_share_percent == 20
    assert {d.type: (d.drafted_by, d.decided_by) for d in model.documents}["budget"] == (
        "stodgruppen",
        "samverkansgruppen",
    )
    assert next(a.name for a in model.collaboration_areas) == "Kompetensutveckling"
    assert "Vindkraft" in [a.name for a in model.supervision_areas]
    every_rule = [r.clause for g in model.groups for r in g.composition] + [c.clause for c in model.commitments]
    assert set(every_rule) == {"SG1", "ST1", "CM1", "CM2"}


def test_the_yearly_cycle_is_in_the_model_file():
    model, _text = read_model_file(AGREEMENTS / "miljosamverkan-vasterbotten.toml")
    plan = model.document("operations_plan")
    assert (plan.clause, plan.covers, plan.deadline(2027)) == ("PL3", "next_year", datetime.date(2026, 10, 31))
    assert "Samverkansområden" in plan.sections
    report = model.document("annual_report")
    assert (report.clause, report.deadline(2025), report.about_year(2026)) == ("ST2", datetime.date(2026, 5, 31), 2025)
    assert model.document("budget").sections == ("Inledning", "Kostnader", "Intäkter och medfinansiering")
    assert model.cycle.lead_days == 21 and model.cycle.weekdays == (2, 3, 4)
    assert any(w.contains(datetime.date(2027, 7, 1)) for w in model.cycle.avoid)


def test_the_economy_is_in_the_model_file():
    model, _text = read_model_file(AGREEMENTS / "miljosamverkan-vasterbotten.toml")
    economy = model.economy
    assert [c.key for c in economy.costs] == ["samordnare", "oh", "aktiviteter"]
    assert [p.name for p in economy.costs[1].parts] == [
        "Administration",
        "Lokal",
        "Del av möteskostnader",
        "Förbrukningsmaterial",
    ]
    assert economy.costs[2].per_activity and economy.costs[0].forecast == "linear"
    assert economy.split_source.key == "kommunerna" and economy.split_source.split == "municipality"
    assert economy.fee_source.key == "deltagaravgifter"
    assert {s.party for s in economy.income if s.party} == {"region", "lansstyrelsen"}
    assert economy.status_reports_per_year == 2 and "lägesrapporter" in economy.status_reports_quote
    assert economy.income_clause == "EC4" and economy.income_quote.startswith("Beräknade intäkter")
    assert model.coordinator.hours_share == 340 and model.coordinator.tolerance_percent == 10


def test_the_waste_example_has_other_sizes_and_cadence():
    model, _text = read_model_file(AGREEMENTS / "example-avfallssamverkan.toml")
    assert model.sector == "Avfall"
    assert model.group("styrgruppen").composition[0].per_party == 2
    assert model.group("styrgruppen").cadence.per_year == 4
    assert model.party(model.host.party).kind == "municipality"
    assert [c.key for c in model.economy.costs] == ["samordnare", "information", "upphandling"]
    assert model.economy.status_reports_per_year == 1 and model.coordinator.hours_share == 860


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ("per_party = 1", 'per_party = "one"', "groups[0].composition[0].per_party", "heltal"),
        ("min = 3\n  max = 4", "min = 4\n  max = 3", "groups[1].composition[0].max", "mindre än min"),
        ('kind = "support_group"', 'kind = "supportgroup"', "groups[1].kind", "ska vara en av"),
        ('party = "region"\nexpected_kind', 'party = "regionen"\nexpected_kind', "host.party", "ska vara en av"),
        ('convener = "chair"', 'convenor = "chair"', "groups[0].convenor", "okänd nyckel"),
        ('slug = "miljosamverkan-vasterbotten"', 'slug = "Miljö Samverkan"', "collaboration.slug", "fel form"),
        ('slug = "miljosamverkan-vasterbotten"', 'slug = "admin"', "collaboration.slug", "används redan"),
        ('municipality_code = "2401"', 'municipality_code = "2403"', "parties[1].municipality_code", "finns redan"),
        ('clause = "ST1"', 'clause = "stödgruppen"', "groups[1].composition[0].clause", "fel form"),
        ('from = "04-01", to = "05-31"', 'from = "04-31", to = "05-31"', "groups[0].cadence.windows[0].from", "datum"),
        (
            'group = "stodgruppen"\nwhen_needed',
            'group = "stödgruppen"\nwhen_needed',
            "commitments[1].group",
            "ska vara en av",
        ),
        ("schema = 1", "schema = 2", "schema", "stöds inte"),
        ('kind = "support_group"', 'kind = "working_group"', "groups[1].kind", "ska vara en av"),
        ('covers = "previous_year"', 'covers = "last_year"', "documents[3].covers", "ska vara en av"),
        ('decide_by = "05-31"', 'decide_by = "05-32"', "documents[3].decide_by", "datum"),
        ('type = "budget"', 'type = "activity_plan"', "documents[2].type", "finns redan"),
        (
            'sections = ["Inledning", "Prioriteringar"',
            'sections = ["Inledning", "Inledning"',
            "documents[1].sections",
            "samma rubrik",
        ),
        ("lead_days = 21", "lead_days = 0", "cycle.lead_days", "ska vara"),
        ("weekdays = [2, 3, 4]", "weekdays = [2, 6]", "cycle.weekdays[1]", "veckodag"),
        ('{ from = "06-20", to = "08-15" }', '{ from = "08-15", to = "06-20" }', "cycle.avoid[1].to", "ligger före"),
        ('key = "oh"', 'key = "samordnare"', "economy.costs[1].key", "finns redan"),
        ('{ key = "lokal", name', '{ key = "administration", name', "economy.costs[1].parts[1].key", "finns redan"),
        ('party = "lansstyrelsen"\n', 'party = "lanstyrelsen"\n', "economy.income[2].party", "ska vara en av"),
        ('forecast = "linear"', 'forecast = "straight"', "economy.costs[0].forecast", "ska vara en av"),
        ('key = "projektmedel"', 'key = "projektmedel"\n  split = "region"', "economy.income", "högst en"),
        ('budget_document = "budget"', 'budget_document = "budgets"', "economy.budget_document", "dokumenttyp"),
        ("status_reports_per_year = 2", "status_reports_per_year = 13", "economy.status_reports_per_year", "ska vara"),
    ],
)
def test_a_broken_file_is_refused_naming_the_key(old, new, key, problem):
    assert old in TEXT
    broken = TEXT.replace(old, new, 1)
    with pytest.raises(ModelFileError) as excinfo:
        parse_model(broken, source="broken.toml")
    assert excinfo.value.key == key
    assert problem in excinfo.value.problem
    assert str(excinfo.value).startswith(f"broken.toml: {key}: ")


def test_invalid_toml_is_refused_with_the_file_name():
    with pytest.raises(ModelFileError) as excinfo:
        parse_model("schema = 1\n[collaboration\n", source="x.toml")
    assert "x.toml" in str(excinfo.value) and "TOML" in str(excinfo.value)


def test_a_missing_required_key_is_named():
    with pytest.raises(ModelFileError) as excinfo:
        parse_model(TEXT.replace('[host]\nparty = "region"\n', "[host]\n", 1))
    assert excinfo.value.key == "host.party" and "saknas" in excinfo.value.problem


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ModelFileError) as excinfo:
        read_model_file(tmp_path / "nope.toml")
    assert "nope.toml" in str(excinfo.value)


def test_a_deadline_on_29_february_falls_on_the_28th_in_other_years():
    model = parse_model(TEXT.replace('decide_by = "05-31"', 'decide_by = "02-29"'), source="leap.toml")
    report = model.document("annual_report")
    assert report.deadline(2027) == datetime.date(2028, 2, 29)
    assert report.deadline(2025) == datetime.date(2026, 2, 28)


def test_the_approval_reminder_is_read_from_the_minutes_table_with_a_default():
    assert parse_model(TEXT.replace("reminder_days = 5", "reminder_days = 3"), source="t").minutes.reminder_days == 3
    assert parse_model(TEXT.replace("reminder_days = 5", ""), source="t").minutes.reminder_days == 5
    with pytest.raises(ModelFileError, match="reminder_days"):
        parse_model(TEXT.replace("reminder_days = 5", "reminder_days = 0"), source="t")
