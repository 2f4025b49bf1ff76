"""The yearly cycle as the users live it: draft → proposal on the agenda → decided § → locked →
version 2; activities and PL2; assignments given by decisions and followed up when late."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samverkan.agreement.services import check_collaboration
from samverkan.finance import services as finance
from samverkan.finance.budget import SharingKey
from samverkan.lib.errors import DomainError
from samverkan.meetings import minutes as minutes_service
from samverkan.meetings import notices
from samverkan.meetings.models import AgendaItem, Meeting, Minutes
from samverkan.plans import services
from samverkan.plans.models import Activity, Assignment, LockedPlanError, PlanStatus

NEXT_YEAR = timezone.localdate().year + 1


def _future_meeting(group, days=20):
    start = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.create(group=group, starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def _activity(world, **extra):
    fields = {
        "year": NEXT_YEAR,
        "title": "Kurs i miljösanktionsavgifter",
        "area": "kompetensutveckling",
        "kind": "training",
        "for_municipalities": True,
    }
    return services.create_activity(collaboration=world.collaboration, actor=None, **{**fields, **extra})


def _budget_draft(world):
    """Next year's budget, started and with some text: ready to be proposed."""
    document = services.start_document(collaboration=world.collaboration, doc_type="budget", year=NEXT_YEAR, actor=None)
    version = services.latest_version(document)
    services.update_draft(version=version, actor=None, texts=["Budget", "", ""])
    finance.update_budget(
        version=version,
        amounts={"cost:samordnare": 60_000_000, "income:kommunerna": 60_000_000},
        notes={},
        key=SharingKey(),
        actor=None,
    )
    return version


def _hold_and_approve(world, meeting):
    """The secretary writes the minutes from the agenda; the chair and an adjuster approve them."""
    if meeting.starts_at > timezone.now():  # the meeting day has come
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3))
        meeting.refresh_from_db()
    minutes = minutes_service.start_minutes(meeting=meeting, actor=None)
    minutes_service.record_attendance(
        minutes=minutes, statuses={world.people["umea"].pk: ("present", "")}, guests=[], actor=None
    )
    items = minutes_service.items_from_agenda(minutes=minutes, actor=None)
    minutes_service.set_adjusters(minutes=minutes, people=[world.people["umea"]], actor=None)
    for person in (world.people["skelleftea"], world.people["umea"]):
        minutes_service.approve_minutes(minutes=minutes, person=person, actor=None)
    return items


def test_the_activity_plan_goes_from_draft_to_decided_and_a_change_is_version_two(world):
    sg_meeting = _future_meeting(world.sg)
    _activity(world)
    document = services.start_document(
        collaboration=world.collaboration, doc_type="activity_plan", year=NEXT_YEAR, actor=None
    )
    draft = services.latest_version(document)
    assert [s["title"] for s in draft.sections] == ["Inledning", "Prioriteringar", "Uppföljning"]
    services.update_draft(version=draft, actor=None, texts=["Planen för året.", "Tillsyn först.", ""])

    proposal = services.submit(version=draft, actor=None)

    assert proposal.status == PlanStatus.PROPOSAL
    item = AgendaItem.objects.get(pk=proposal.agenda_item_id)
    assert item.meeting == sg_meeting
    assert item.decision_proposed and f"Aktivitetsplan och kalendarium {NEXT_YEAR}" in item.proposed_decision
    assert [a["title"] for a in proposal.activities] == ["Kurs i miljösanktionsavgifter"]

    (paragraph,) = _hold_and_approve(world, sg_meeting)
    proposal.refresh_from_db()
    assert proposal.status == PlanStatus.DECIDED
    assert proposal.decision == paragraph.decision
    assert paragraph.decision.kind == "activity_plan"

    with pytest.raises(DomainError, match="kan inte ändras"):
        services.update_draft(version=proposal, actor=None, texts=["Ändrat", "", ""])
    proposal.sections = []
    with pytest.raises(LockedPlanError):
        proposal.save()

    second = services.new_version(document=document, actor=None)
    assert second.number == 2 and second.status == PlanStatus.DRAFT
    services.update_draft(version=second, actor=None, texts=["Planen för året.", "Kompetens först.", ""])
    second.refresh_from_db()
    names = {a.key: a.name for a in world.collaboration.model.collaboration_areas}
    diff = services.rules.diff(
        services.version_lines(services.decided_version(document), names), services.version_lines(second, names)
    )
    assert ("removed", "Tillsyn först.") in diff
    assert ("added", "Kompetens först.") in diff


def test_a_proposal_needs_a_coming_meeting_of_the_deciding_body_and_some_text(world):
    document = services.start_document(
        collaboration=world.collaboration, doc_type="operations_plan", year=NEXT_YEAR, actor=None
    )
    version = services.latest_version(document)
    with pytest.raises(DomainError, match="tomt"):
        services.submit(version=version, actor=None)
    services.update_draft(version=version, actor=None, texts=["Text", "", "", "", ""])
    with pytest.raises(DomainError, match="inget kommande möte"):
        services.submit(version=version, actor=None)
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT and version.agenda_item is None


def test_the_deciding_body_sends_a_proposal_back_and_the_draft_is_editable_again(world):
    _future_meeting(world.sg)
    version = _budget_draft(world)
    services.submit(version=version, actor=None)
    with pytest.raises(DomainError, match="Skriv vad"):
        services.send_back(version=version, comment="  ", actor=None)
    returned = services.send_back(version=version, comment="Räkna om lönekostnaden.", actor=None)
    assert returned.status == PlanStatus.RETURNED and returned.editable
    services.update_draft(version=returned, actor=None, texts=["Budget, omräknad", "", ""])


def test_a_document_exists_once_a_year_and_only_of_the_types_in_the_model_file(world):
    services.start_document(collaboration=world.collaboration, doc_type="budget", year=NEXT_YEAR, actor=None)
    with pytest.raises(DomainError, match="finns redan"):
        services.start_document(collaboration=world.collaboration, doc_type="budget", year=NEXT_YEAR, actor=None)
    with pytest.raises(DomainError, match="ingen dokumenttyp"):
        services.start_document(collaboration=world.collaboration, doc_type="strategy", year=NEXT_YEAR, actor=None)


def test_the_operations_plan_names_its_areas_and_pl2_warns_of_an_activity_outside_them(world):
    document = services.start_document(
        collaboration=world.collaboration, doc_type="operations_plan", year=NEXT_YEAR, actor=None
    )
    version = services.latest_version(document)
    with pytest.raises(DomainError, match="minst ett"):
        services.update_draft(version=version, actor=None, texts=[""] * 5, areas=[])
    with pytest.raises(DomainError, match="Okänt"):
        services.update_draft(version=version, actor=None, texts=[""] * 5, areas=["rymdfart"])
    services.update_draft(version=version, actor=None, texts=[""] * 5, areas=["kompetensutveckling"])
    _activity(world)
    outside = _activity(world, title="Omvärldsdag", area="omvarldsbevakning", kind="horizon_scanning")

    findings = [f for f in check_collaboration(world.collaboration) if f.rule == "PL2"]

    assert [(f.status, f.link.args[0] if f.link else None) for f in findings] == [("warning", outside.pk)]
    assert "Omvärldsdag" in findings[0].message


def test_activities_refuse_bad_input_with_a_message(world):
    with pytest.raises(DomainError, match="samverkansområde"):
        _activity(world, area="rymdfart")
    with pytest.raises(DomainError, match="målgrupp"):
        _activity(world, for_municipalities=False)
    with pytest.raises(DomainError, match="planens år"):
        _activity(world, starts_on=datetime.date(NEXT_YEAR + 1, 1, 10))
    with pytest.raises(DomainError, match="före startdatum"):
        _activity(world, starts_on=datetime.date(NEXT_YEAR, 5, 2), ends_on=datetime.date(NEXT_YEAR, 5, 1))
    assert not Activity.objects.exists()


def test_follow_up_counts_planned_against_done_and_drafts_the_annual_report(world):
    year = timezone.localdate().year
    done = _activity(world, year=year, for_business=True)
    services.record_follow_up(
        activity=done,
        actor=None,
        status="done",
        done_on=datetime.date(year, 1, 20),
        outcome="Bra kurs.",
        participants_women=12,
        participants_men=8,
    )
    _activity(world, year=year, title="Kampanj", area="information", kind="campaign", for_citizens=True)
    with pytest.raises(DomainError, match="när aktiviteten genomfördes"):
        services.record_follow_up(activity=done, actor=None, status="done", done_on=None)

    summary = services.follow_up_for(world.collaboration, year)
    assert (summary.planned, summary.done, summary.women, summary.men) == (2, 1, 12, 8)
    assert summary.by_area == {"kompetensutveckling": (1, 1), "information": (1, 0)}
    assert summary.by_target_group["for_business"] == (1, 1)
    assert summary.share_women() == 60

    report = services.start_document(collaboration=world.collaboration, doc_type="annual_report", year=year, actor=None)
    texts = {s["title"]: s["text"] for s in services.latest_version(report).sections}
    assert "genomfördes 1 av 2 planerade aktiviteter" in texts["Sammanfattning"]
    assert "**Kurs i miljösanktionsavgifter**" in texts["Verksamheten under året"]
    assert "Kampanj" in texts["Verksamheten under året"]
    assert "12 kvinnor, 8 män" in texts["Uppföljning och utvärdering"]
    assert "Andelen kvinnor var 60 %" in texts["Uppföljning och utvärdering"]


def test_an_assignment_cannot_exist_without_the_decision_that_gave_it(world, sg_decision):
    fields = {
        "title": "Ta fram en checklista",
        "description": "",
        "owner_kind": "coordinator",
        "owner_group": None,
        "owner_person": None,
        "due_on": datetime.date(NEXT_YEAR, 3, 1),
    }
    with pytest.raises(DomainError, match="genom ett beslut"):
        services.create_assignment(collaboration=world.collaboration, actor=None, decision=None, **fields)
    with pytest.raises(DomainError, match="inte är justerat"):  # the wording may still change
        services.create_assignment(collaboration=world.collaboration, actor=None, decision=sg_decision, **fields)
    Minutes.objects.filter(pk=sg_decision.item.minutes_id).update(status="approved")
    sg_decision.item.minutes.refresh_from_db()
    with pytest.raises(DomainError, match="arbetsgruppen"):
        services.create_assignment(
            collaboration=world.collaboration,
            actor=None,
            decision=sg_decision,
            **{**fields, "owner_kind": "working_group"},
        )
    assert not Assignment.objects.exists()
    assignment = services.create_assignment(
        collaboration=world.collaboration, actor=None, decision=sg_decision, **fields
    )
    assert assignment.decision == sg_decision and assignment.owner_name == "Samordnaren"


def test_an_overdue_assignment_is_in_the_check_and_followed_up_at_the_next_meeting(world, give_assignment):
    assignment = give_assignment(
        title="Sammanställ tillsynsbehoven",
        owner_person=world.people["umea"],
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    next_meeting = _future_meeting(world.sg)

    co2 = [f for f in check_collaboration(world.collaboration) if f.rule == "CO2" and f.link]
    assert [(f.status, f.link.url_name, f.link.args) for f in co2 if f.link.url_name == "assignment_detail"] == [
        ("warning", "assignment_detail", (assignment.pk,))
    ]
    (follow_up,) = notices.follow_up_items(next_meeting)
    assert follow_up.title == "Sammanställ tillsynsbehoven"
    assert "Uppföljning av uppdrag:" in notices.agenda_text(next_meeting)
    assert notices.follow_up_items(_future_meeting(world.st)) == []  # another body gave it

    services.report_progress(
        assignment=assignment, actor=None, text="Klart.", percent_done=100, status="done", outcome="Rapport skickad."
    )
    assert notices.follow_up_items(next_meeting) == []
    assert not [
        f
        for f in check_collaboration(world.collaboration)
        if f.rule == "CO2" and f.status != "ok" and f.link and f.link.url_name == "assignment_detail"
    ]


def test_finishing_an_assignment_needs_its_outcome(give_assignment):
    assignment = give_assignment()
    with pytest.raises(DomainError, match="resultatet"):
        services.report_progress(assignment=assignment, actor=None, text="Klart", percent_done=100, status="done")
    with pytest.raises(DomainError, match="0–100"):
        services.report_progress(
            assignment=assignment, actor=None, text="Hälften", percent_done=150, status="in_progress"
        )
    assignment.refresh_from_db()
    assert assignment.percent_done == 0 and not assignment.notes.exists()


@pytest.mark.parametrize("model_file", ["miljosamverkan-vasterbotten.toml", "example-avfallssamverkan.toml"])
def test_the_adopted_planner_year_makes_the_cadence_checks_green(db, model_file, settings):
    from pathlib import Path

    from samverkan.agreement.services import load_collaboration_model

    collaboration = load_collaboration_model(
        path=Path(settings.BASE_DIR) / "agreements" / model_file, actor=None, today=datetime.date(2025, 1, 1)
    ).collaboration
    proposal = services.propose_year(collaboration, NEXT_YEAR)
    assert proposal.problems == ()
    chosen = [(m.group_key, m.day) for m in proposal.meetings if not m.existing]

    created = services.adopt_year(collaboration=collaboration, year=NEXT_YEAR, chosen=chosen, actor=None)

    assert len(created) == sum(g.cadence.per_year for g in collaboration.model.groups if g.cadence)
    cadence = {g.cadence.clause for g in collaboration.model.groups if g.cadence}
    findings = [
        f for f in check_collaboration(collaboration, year=NEXT_YEAR) if f.rule in cadence and "möte" in f.message
    ]
    assert findings and all(f.status == "ok" for f in findings), [f.message for f in findings if f.status != "ok"]
    # Adopted once, the year is full: the planner proposes nothing more, and a stale form is refused.
    assert all(m.existing for m in services.propose_year(collaboration, NEXT_YEAR).meetings)
    with pytest.raises(DomainError, match="ändrats"):
        services.adopt_year(collaboration=collaboration, year=NEXT_YEAR, chosen=chosen[:1], actor=None)


def test_only_the_coordinator_cancels_or_reopens_an_assignment(give_assignment):
    assignment = give_assignment()
    with pytest.raises(DomainError, match="Bara samordnaren"):
        services.report_progress(
            assignment=assignment, actor=None, text="Vi slutar", percent_done=0, status="cancelled", may_manage=False
        )
    services.report_progress(
        assignment=assignment, actor=None, text="Klart", percent_done=100, status="done", outcome="Ja"
    )
    with pytest.raises(DomainError, match="Bara samordnaren"):
        services.report_progress(
            assignment=assignment, actor=None, text="Igen", percent_done=10, status="in_progress", may_manage=False
        )


def test_a_proposal_the_meeting_did_not_adopt_goes_back_to_the_support_group(world):
    meeting = _future_meeting(world.sg)
    version = _budget_draft(world)
    services.submit(version=version, actor=None)
    AgendaItem.objects.filter(meeting=meeting).update(decision_proposed=False, proposed_decision="")  # tabled

    (paragraph,) = _hold_and_approve(world, meeting)

    version.refresh_from_db()
    assert not hasattr(paragraph, "decision") or paragraph.decision is None
    assert version.status == PlanStatus.RETURNED and "Inte fastställd" in version.returned_comment
    assert services.may_resubmit(version)


def test_a_proposal_whose_agenda_item_was_removed_can_go_to_another_meeting(world):
    first = _future_meeting(world.sg, days=10)
    version = _budget_draft(world)
    services.submit(version=version, actor=None)
    from samverkan.meetings.services import cancel_meeting

    cancel_meeting(meeting=first, actor=None)
    second = _future_meeting(world.sg, days=40)
    version.refresh_from_db()
    services.submit(version=version, actor=None)
    version.refresh_from_db()
    assert version.agenda_item.meeting == second


def test_sending_back_before_the_meeting_takes_the_proposal_off_the_agenda(world):
    meeting = _future_meeting(world.sg)
    version = _budget_draft(world)
    services.submit(version=version, actor=None)
    services.send_back(version=version, comment="Räkna om.", actor=None)
    assert not meeting.agenda_items.exists()


def test_the_planner_never_plans_the_past(db, settings):
    import time_machine

    from samverkan.agreement.services import load_collaboration_model

    collaboration = load_collaboration_model(
        path=settings.BASE_DIR / "agreements" / "example-avfallssamverkan.toml",
        actor=None,
        today=datetime.date(2025, 1, 1),
    ).collaboration
    with time_machine.travel(datetime.datetime(NEXT_YEAR, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False):
        proposal = services.propose_year(collaboration, NEXT_YEAR)
        past = [(m.group_key, m.day) for m in proposal.meetings if m.day <= datetime.date(NEXT_YEAR, 6, 15)]
        assert past  # the spring meetings have passed by mid-June
        with pytest.raises(DomainError, match="ändrats"):
            services.adopt_year(collaboration=collaboration, year=NEXT_YEAR, chosen=past[:1], actor=None)
        assert not Meeting.objects.filter(group__collaboration=collaboration).exists()


def test_a_plan_decided_in_time_stays_in_time_when_a_later_version_is_decided(world):
    """PL3 judges the first decision; version 2, decided after the deadline, is a change."""
    import time_machine

    year = timezone.localdate().year
    tz = timezone.get_current_timezone()
    autumn = Meeting.objects.get(group=world.sg, starts_at__month=10, starts_at__year=year)  # 12 October
    with time_machine.travel(datetime.datetime(year, 10, 1, 12, 0, tzinfo=tz), tick=False):
        document = services.start_document(
            collaboration=world.collaboration, doc_type="operations_plan", year=year + 1, actor=None
        )
        version = services.latest_version(document)
        services.update_draft(version=version, actor=None, texts=["Plan", "", "", "", ""])
        services.submit(version=version, actor=None, meeting=autumn)
    with time_machine.travel(datetime.datetime(year, 11, 27, 12, 0, tzinfo=tz), tick=False):
        _hold_and_approve(world, autumn)
        second = services.new_version(document=document, actor=None)
        services.update_draft(version=second, actor=None, texts=["Plan, ändrad", "", "", "", ""])
        extra = _future_meeting(world.sg, days=2)
        services.submit(version=second, actor=None)
        _hold_and_approve(world, extra)
        second.refresh_from_db()
        assert second.status == PlanStatus.DECIDED
        (finding,) = [f for f in check_collaboration(world.collaboration) if f.rule == "PL3"]
    assert finding.status == "ok" and f"{year}-10-12" in finding.message
