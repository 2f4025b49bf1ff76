"""The data generator (`samverkan generate`) and the benchmark (`samverkan bench`), at the tiny
scale only: the real scales are run by `make bench`, never as timed tests."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from samverkan.agreement.generate import county_text, sector_text
from samverkan.agreement.services import apply_model, check_collaboration
from samverkan.collaborations.generation import Progress
from samverkan.collaborations.model_file import parse_model
from samverkan.collaborations.models import Collaboration
from samverkan.events.models import Registration
from samverkan.meetings.models import Decision, MinutesStatus
from samverkan.organisations.generate import County
from samverkan.perf import bench
from samverkan.perf.generator import BASE_DATE, checksum, generate

QUIET = Progress(enabled=False)


def _generated(seed: int) -> tuple[dict[str, int], str]:
    """Generate in a savepoint, read the counts and the checksum, and roll it all back."""
    with transaction.atomic():
        summary = generate(scale="tiny", seed=seed, progress=QUIET)
        digest = checksum()
        transaction.set_rollback(True)
    return summary.counts, digest


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    counts, digest = _generated(7)
    assert counts["collaborations"] == 1 and counts["decisions"] > 0 and counts["ledger rows"] > 0
    assert _generated(7) == (counts, digest)
    _other_counts, other_digest = _generated(8)
    assert other_digest != digest


@pytest.mark.django_db
def test_generated_minutes_are_approved_and_the_agreement_check_runs_on_them():
    generate(scale="tiny", seed=1, progress=QUIET)
    collaboration = Collaboration.objects.get(slug="miljosamverkan-vasterbotten")
    decisions = Decision.objects.filter(item__group__collaboration=collaboration)
    assert decisions.exists()
    assert not decisions.exclude(item__minutes__status=MinutesStatus.APPROVED).exists()
    findings = check_collaboration(collaboration, on=BASE_DATE)
    rules = {f.rule for f in findings}
    assert {"SG1", "EC1"} <= rules  # the groups' composition and the economy were judged


@pytest.mark.django_db
def test_generate_refuses_a_database_that_already_has_collaborations():
    generate(scale="tiny", seed=1, progress=QUIET)
    with pytest.raises(CommandError, match="already holds collaborations"):
        call_command("generate", scale="tiny", no_progress=True, stdout=io.StringIO())


@pytest.mark.django_db
def test_the_generated_model_files_of_other_counties_and_sectors_load():
    from samverkan.agreement.generate import COUNTY_TEMPLATE, SECTOR_TEMPLATE

    county = County("03", "Uppsala län", [(f"03{i:02d}", f"Kommun 03{i:02d}", {2024: 10_000}) for i in range(1, 9)])
    for text in (
        county_text(COUNTY_TEMPLATE.read_text(encoding="utf-8"), county, 2016),
        sector_text(SECTOR_TEMPLATE.read_text(encoding="utf-8"), county, 1, 2016),
    ):
        model = parse_model(text, source="generated.toml")
        collaboration = apply_model(model=model, text=text, source="generated.toml", actor=None).collaboration
        assert collaboration.county == "Uppsala län"
        assert "Västerbotten" not in collaboration.name
        assert collaboration.parties.filter(organisation__municipality_code="0301").exists()
    assert Collaboration.objects.filter(slug__in=["miljosamverkan-lan-03", "va-samverkan-lan-03"]).count() == 2


@pytest.mark.django_db
def test_the_generate_command_prints_its_time_and_the_database_size():
    out = io.StringIO()
    call_command("generate", scale="tiny", seed=3, no_progress=True, stdout=out)
    assert "Generated scale tiny (seed 3) in" in out.getvalue()
    assert "database size" in out.getvalue()


@pytest.mark.django_db
def test_bench_runs_every_page_on_generated_data_and_prints_the_table(tmp_path):
    generate(scale="tiny", seed=1, progress=QUIET)
    out = io.StringIO()
    path = tmp_path / "tiny.json"
    registrations = Registration.objects.count()
    call_command("bench", scale="tiny", requests=2, warmup=0, json=path, stdout=out, stderr=io.StringIO())
    printed = out.getvalue()
    # a write is measured in a transaction rolled back: nothing of it stays
    assert Registration.objects.count() == registrations
    assert "decision register" in printed and "×floor" in printed and "Missed:" in printed
    report = json.loads(path.read_text())
    broken = [(p["label"], p["who"], p["status"]) for p in report["pages"] if p["status"] != bench.expected_status(p)]
    assert broken == []  # every page renders on generated data, and the registration is accepted
    assert {"events", "event", "registration"} <= {p["label"] for p in report["pages"]}
    # the generated events' latest year is moved ahead for the list, so it lists some (rows read)
    events_row = next(p for p in report["pages"] if p["label"] == "events")
    assert events_row["queries"] >= 3
    assert all(p["queries"] > 0 for p in report["pages"] if p["label"] not in ("home",))
    # beside a county run, the table adds the query counts side by side and national / county
    side_by_side = "\n".join(bench.table({**report, "scale": "national"}, report))
    assert "q county" in side_by_side and "nat/cty" in side_by_side
    # a document is judged per page, against the one-page PDF
    documents = [p for p in report["pages"] if p["kind"] == "document"]
    assert documents and all(p["pages"] >= 1 for p in documents)
    assert "pages," in printed and "× a page" in printed


@pytest.mark.django_db
def test_bench_can_measure_only_some_pages(tmp_path):
    generate(scale="tiny", seed=1, progress=QUIET)
    path = tmp_path / "events.json"
    call_command(
        "bench",
        scale="tiny",
        requests=1,
        warmup=0,
        only="attendance, Registration",
        json=path,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    labels = {p["label"] for p in json.loads(path.read_text())["pages"]}
    assert labels == {"floor", "pdf floor", "event attendance", "registration", "event registrations"}


def test_a_write_that_redirects_is_judged_by_its_time_not_missed_for_its_302():
    row = {"label": "registration", "who": "anonymous", "kind": "post", "status": 302, "median_ms": 9.0}
    report = {
        "database": "sqlite",
        "requests": 1,
        "max_rss_mb": 1,
        "floor_ms": {bench.FLOOR: 3.0, bench.PDF_FLOOR: 20.0},
        "pages": [
            {**row, "p95_ms": 9.0, "queries": 20, "ratio": 3.0},
            {**row, "label": "refused", "status": 200, "p95_ms": 9.0, "queries": 20, "ratio": 3.0},
        ],
    }
    lines = bench.table(report)
    assert "met 5" in next(line for line in lines if line.startswith("registration "))
    assert "MISSED" in next(line for line in lines if line.startswith("refused "))  # a refused write is not met


def test_a_document_is_judged_per_page_against_the_one_page_pdf():
    four_pages = {"label": "status report PDF", "who": "coordinator", "kind": "document", "ratio": 8.0, "pages": 4}
    assert bench.judged_ratio(four_pages) == 2.0
    assert bench.judged_ratio({**four_pages, "kind": "page"}) == 8.0  # a page is never divided
    assert bench.judged_ratio({**four_pages, "pages": None}) == 8.0
