"""The meetings' clauses judged on plain facts (meetings.rules.judge): no database."""

import dataclasses
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.collaborations.findings import Link
from samverkan.collaborations.model_file import read_model_file
from samverkan.meetings import rules

MODEL, _TEXT = read_model_file(Path(settings.BASE_DIR) / "agreements" / "miljosamverkan-vasterbotten.toml")
DAY = datetime.date(2026, 11, 27)
GROUPS = (rules.GroupRef("samverkansgruppen", 1, "Samverkansgruppen"), rules.GroupRef("stodgruppen", 2, "Stödgruppen"))


def facts_of(on=DAY, minutes=()):
    return rules.MeetingFacts(on=on, groups=GROUPS, minutes=tuple(minutes))


def with_meetings(facts, meetings):
    return dataclasses.replace(facts, meetings=tuple(rules.MeetingFact(key, day) for key, day in meetings))


D = datetime.date
SIX_SUPPORT = [("stodgruppen", D(2026, m, 10)) for m in (2, 3, 5, 8, 9, 11)]


def test_two_collaboration_group_meetings_in_their_windows_keep_sg3():
    facts = with_meetings(
        facts_of(), [("samverkansgruppen", D(2026, 5, 12)), ("samverkansgruppen", D(2026, 10, 6)), *SIX_SUPPORT]
    )
    findings = rules.judge(MODEL, facts)
    assert [f.status for f in findings if f.rule == "SG3"] == ["ok"]
    assert [f.status for f in findings if f.rule == "ST3" and "möten" in f.message] == ["ok"]


def test_a_missing_autumn_meeting_is_a_warning_with_a_link_to_plan_one():
    facts = with_meetings(facts_of(), [("samverkansgruppen", D(2026, 4, 20)), *SIX_SUPPORT])
    sg3 = [f for f in rules.judge(MODEL, facts) if f.rule == "SG3"]
    assert [f.status for f in sg3] == ["warning", "warning"]
    assert "inget möte i september–oktober 2026" in sg3[0].message
    assert "1 möte 2026; avtalet säger 2" in sg3[1].message
    assert sg3[0].link.url_name == "meeting_create"


def test_a_meeting_outside_the_windows_is_a_warning():
    facts = with_meetings(
        facts_of(),
        [
            ("samverkansgruppen", D(2026, 5, 12)),
            ("samverkansgruppen", D(2026, 10, 6)),
            ("samverkansgruppen", D(2026, 3, 3)),
            *SIX_SUPPORT,
        ],
    )
    sg3 = [f for f in rules.judge(MODEL, facts) if f.rule == "SG3"]
    assert any("2026-03-03, utanför avtalets perioder (april–maj, september–oktober)" in f.message for f in sg3)


@pytest.mark.parametrize(("count", "status"), [(4, "warning"), (5, "ok"), (6, "ok"), (7, "ok"), (8, "warning")])
def test_about_six_support_group_meetings_uses_the_tolerance(count, status):
    meetings = [("stodgruppen", D(2026, 1 + i, 10)) for i in range(count)]
    st3 = [
        f for f in rules.judge(MODEL, with_meetings(facts_of(), meetings)) if f.rule == "ST3" and "möte" in f.message
    ]
    assert [f.status for f in st3] == [status]
    if status == "warning":
        assert "avtalet säger 5–7" in st3[0].message


def test_a_group_that_does_not_exist_gets_no_cadence_finding():
    facts = dataclasses.replace(facts_of(), groups=GROUPS[:1])
    assert not [f for f in rules.judge(MODEL, facts) if f.subject == "Stödgruppen"]


def test_minutes_not_approved_within_the_model_files_days_are_a_warning():
    held = D(2026, 10, 6)
    late = rules.MinutesFact("samverkansgruppen", "Samverkansgruppen", 7, held, None)
    (finding,) = [f for f in rules.judge(MODEL, facts_of(D(2026, 10, 21), [late])) if f.rule == MODEL.minutes.clause
                  and f.subject == "Samverkansgruppen"]  # fmt: skip
    assert finding.status == "warning" and "15 dagar" in finding.message
    assert finding.link == Link("minutes_edit", (7,)) and finding.quote == MODEL.minutes.quote
    in_time = rules.MinutesFact("samverkansgruppen", "Samverkansgruppen", 7, held, D(2026, 10, 20))
    findings = rules.judge(MODEL, facts_of(D(2026, 10, 21), [in_time]))
    assert [f.status for f in findings if f.subject == "Protokoll"] == ["ok"]
    assert not [f for f in rules.judge(dataclasses.replace(MODEL, minutes=None), facts_of(D(2026, 10, 21), [late]))
                if f.subject in ("Protokoll", "Samverkansgruppen") and f.rule == MODEL.minutes.clause]  # fmt: skip
