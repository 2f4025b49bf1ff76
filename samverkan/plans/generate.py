"""The plans app's part of the data generator: the yearly cycle's documents, activities and assignments.

`plans` (order 50) reads `shared["collaborations"]`, `shared["people"]` and `shared["decisions"]`
and writes `shared["activities"]` (collaboration id → list of (activity id, year, budget in öre))
and `shared["budget_versions"]` (collaboration id → list of (version id, year)). Every document
type of the model file gets a version per year, decided by the decision of its kind in the year
it is decided, else left a draft; each year has its activities (followed up once the year is
over) and assignments given by that year's decisions, with a progress note each.
"""

from __future__ import annotations

import datetime

from samverkan.collaborations.generation import Context
from samverkan.plans.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Assignment,
    AssignmentNote,
    AssignmentOwner,
    AssignmentStatus,
    PlanDocument,
    PlanStatus,
    PlanVersion,
)

BATCH = 2000
TOPICS = ["Tillsynsprojekt", "Utbildningsdag", "Seminarium", "Kampanj", "Erfarenhetsträff", "Omvärldsbevakning",
          "Informationsinsats", "Handläggarträff"]  # fmt: skip


def plans(ctx: Context) -> None:
    rng = ctx.rng
    activities_of: dict[int, list[tuple[int, int, int]]] = {}
    budgets_of: dict[int, list[tuple[int, int]]] = {}
    years = [*ctx.years, ctx.base_date.year]
    for collaboration in ctx.progress.iterate(
        "plans and activities", ctx.shared["collaborations"], len(ctx.shared["collaborations"])
    ):
        model = collaboration.model
        people = ctx.shared["people"][collaboration.pk]
        decisions = ctx.shared["decisions"][collaboration.pk]
        by_kind_year = {(d.kind, d.year): d for d in decisions}

        documents = [
            PlanDocument(collaboration=collaboration, doc_type=t.type, year=y, title=f"{t.name} {y}")
            for t in model.documents
            for y in years
        ]
        PlanDocument.objects.bulk_create(documents, batch_size=BATCH)
        versions = []
        for document in documents:
            spec = model.document(document.doc_type)
            assert spec is not None
            decision = by_kind_year.get((document.doc_type, spec.decision_year(document.year)))
            decided_at = datetime.datetime.combine(decision.day, datetime.time(12), datetime.UTC) if decision else None
            versions.append(
                PlanVersion(
                    document=document,
                    number=1,
                    status=PlanStatus.DECIDED if decision else PlanStatus.DRAFT,
                    sections=[
                        {"title": title, "text": f"{title} för {document.year}. Texten är genererad."}
                        for title in (spec.sections or ("Inledning",))
                    ],
                    areas=[a.key for a in model.collaboration_areas] if document.doc_type == "operations_plan" else [],
                    decision_id=decision.id if decision else None,
                    decided_at=decided_at,
                    submitted_at=decided_at - datetime.timedelta(days=30) if decided_at else None,
                )
            )
        PlanVersion.objects.bulk_create(versions, batch_size=BATCH)
        budget_type = model.economy.budget_document if model.economy else "budget"
        budgets_of[collaboration.pk] = [(v.pk, v.document.year) for v in versions if v.document.doc_type == budget_type]

        areas = [a.key for a in model.collaboration_areas] or ["ovrigt"]
        supervision = [a.key for a in model.supervision_areas] or [""]
        activities: list[Activity] = []
        for year in years:
            for n in range(ctx.scale.activities_per_year):
                starts = datetime.date(year, rng.randint(1, 11), rng.randint(1, 28))
                past = year < ctx.base_date.year
                women, men = rng.randint(5, 40), rng.randint(3, 30)
                activities.append(
                    Activity(
                        collaboration=collaboration,
                        year=year,
                        title=f"{rng.choice(TOPICS)} {year}:{n + 1}",
                        description="Genererad aktivitet.",
                        area=rng.choice(areas),
                        kind=rng.choice(ActivityKind.values),
                        supervision_area=rng.choice(supervision),
                        for_business=rng.random() < 0.3,
                        responsible_person_id=rng.choice(people),
                        starts_on=starts,
                        ends_on=starts + datetime.timedelta(days=rng.randint(0, 30)),
                        budget_ore=rng.randint(0, 60) * 1000_00,
                        status=ActivityStatus.DONE if past else ActivityStatus.PLANNED,
                        gender_representation="Blandad grupp." if rng.random() < 0.5 else "",
                        outcome="Genomförd enligt plan." if past else "",
                        done_on=starts if past else None,
                        participants_women=women if past else None,
                        participants_men=men if past else None,
                        participants_other=0 if past else None,
                    )
                )
        Activity.objects.bulk_create(activities, batch_size=BATCH)
        activities_of[collaboration.pk] = [(a.pk, a.year, a.budget_ore or 0) for a in activities]

        assignments: list[Assignment] = []
        for year in ctx.years:
            year_decisions = [d for d in decisions if d.year == year]
            given = [d for d in year_decisions if d.kind == "assignment"] or year_decisions
            for n in range(ctx.scale.assignments_per_year):
                decision = given[n % len(given)]
                due = decision.day + datetime.timedelta(days=rng.randint(60, 300))
                done = due < ctx.base_date - datetime.timedelta(days=60)
                person = rng.random() < 0.5
                assignments.append(
                    Assignment(
                        collaboration=collaboration,
                        decision_id=decision.id,
                        title=f"Uppdrag {year}:{n + 1}",
                        description="Genererat uppdrag.",
                        owner_kind=AssignmentOwner.PERSON if person else AssignmentOwner.COORDINATOR,
                        owner_person_id=rng.choice(people) if person else None,
                        due_on=due,
                        status=AssignmentStatus.DONE if done else AssignmentStatus.IN_PROGRESS,
                        percent_done=100 if done else rng.randint(0, 90),
                        outcome="Slutfört." if done else "",
                        completed_on=due if done else None,
                    )
                )
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        AssignmentNote.objects.bulk_create(
            [AssignmentNote(assignment=a, text="Lägesrapport.", percent_done=a.percent_done) for a in assignments],
            batch_size=BATCH,
        )
    ctx.shared["activities"] = activities_of
    ctx.shared["budget_versions"] = budgets_of
