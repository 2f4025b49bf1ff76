"""The meetings app's part of the data generator: ten years of meetings with approved minutes.

`meetings` (order 40) reads `shared["collaborations"]`, `shared["groups"]` and `shared["seats"]`
(organisations' part) and writes `shared["decisions"]`: per collaboration id a list of
`GeneratedDecision`. Every standing group meets `meetings_per_group_year` times a year; each
meeting has its agenda, approved minutes with attendance, chair and adjuster, and numbered §§ of
which most carry a decision. The collaboration group decides the annual report in its first
meeting and the next year's budget, operations plan and activity plan in its last. Meetings after
the base date are planned, without minutes.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from dataclasses import dataclass

from django.conf import settings

from samverkan.collaborations.generation import Context
from samverkan.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionKind,
    Meeting,
    MeetingStatus,
    MinuteItem,
    Minutes,
    MinutesStatus,
    ParagraphCounter,
    Signatory,
)
from samverkan.organisations.models import Group

BATCH = 2000
MONTHS = {"collaboration_group": [2, 4, 6, 9, 11, 12], "support_group": [1, 3, 5, 8, 10, 11]}
SUBJECTS = ["tillsyn av skrotbilar", "nedskräpning", "dagvatten", "kemikalietillsyn", "vindkraft", "miljöolyckor",
            "hälsoskydd i skolor", "gemensam taxa", "kompetensutveckling", "erfarenhetsutbyte", "informationsinsats",
            "remissvar", "tillsynsvägledning", "handläggningsrutiner"]  # fmt: skip


@dataclass(frozen=True)
class GeneratedDecision:
    id: int
    year: int
    kind: str
    group_id: int
    day: datetime.date


def _months(kind: str, n: int) -> list[int]:
    months = MONTHS.get(kind, MONTHS["support_group"])
    return [months[round(i * len(months) / n)] for i in range(n)] if n < len(months) else months


def meetings(ctx: Context) -> None:
    rng = ctx.rng
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    decisions_of: dict[int, list[GeneratedDecision]] = {}
    for collaboration in ctx.progress.iterate(
        "meetings and minutes", ctx.shared["collaborations"], len(ctx.shared["collaborations"])
    ):
        decisions_of[collaboration.pk] = []
        plan: list[tuple[Meeting, Group, int, int, int]] = []  # meeting, group, year, index, count
        for group in ctx.shared["groups"][collaboration.pk].values():
            months = _months(group.kind, ctx.scale.meetings_per_group_year)
            for year in [*ctx.years, ctx.base_date.year]:
                for index, month in enumerate(months):
                    day = datetime.date(year, month, rng.randint(3, 24))
                    if year == ctx.base_date.year and day < ctx.base_date:
                        continue
                    starts = datetime.datetime.combine(day, datetime.time(rng.choice([9, 10, 13])), zone)
                    is_held = day < ctx.base_date
                    meeting = Meeting(
                        group=group,
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=3),
                        place=f"{collaboration.name}, sammanträdesrum {rng.randint(1, 9)}",
                        status=MeetingStatus.APPROVED if is_held else MeetingStatus.PLANNED,
                        notice_sent_at=starts - datetime.timedelta(days=14) if is_held else None,
                        uid=uuid.UUID(int=rng.getrandbits(128), version=4),
                    )
                    plan.append((meeting, group, year, index, len(months)))
        Meeting.objects.bulk_create([m for m, *_ in plan], batch_size=BATCH)

        held = [(m, g, y, i, n) for m, g, y, i, n in plan if m.status == MeetingStatus.APPROVED]
        items: list[AgendaItem] = []
        kinds: list[list[str]] = []
        for meeting, group, _year, index, count in held:
            meeting_kinds = [DecisionKind.OTHER] * ctx.scale.decisions_per_meeting
            meeting_kinds[-1] = DecisionKind.ASSIGNMENT
            if group.kind == "collaboration_group" and index == 0:
                meeting_kinds[0] = DecisionKind.ANNUAL_REPORT
            if group.kind == "collaboration_group" and index == count - 1 and len(meeting_kinds) >= 4:
                meeting_kinds[:3] = [DecisionKind.BUDGET, DecisionKind.OPERATIONS_PLAN, DecisionKind.ACTIVITY_PLAN]
            kinds.append(meeting_kinds)
            titles = ["Mötets öppnande", "Val av justerare"] + [
                f"{DecisionKind(k).label.capitalize()}: {rng.choice(SUBJECTS)}" for k in meeting_kinds
            ]
            for position, title in enumerate(titles):
                decides = position >= 2
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        position=position,
                        title=title,
                        minutes=rng.choice([5, 10, 15, 30]),
                        decision_proposed=decides,
                        proposed_decision=f"Samverkansgruppen beslutar om {title.lower()}." if decides else "",
                        decision_kind=meeting_kinds[position - 2] if decides else DecisionKind.OTHER,
                        public=not decides or rng.random() > 0.05,
                    )
                )
        AgendaItem.objects.bulk_create(items, batch_size=BATCH)

        minutes = [
            Minutes(
                meeting=m,
                status=MinutesStatus.APPROVED,
                secretary_name=ctx.shared["seats"][g.pk][-1][0].full_name,
                sent_for_approval_at=m.ends_at + datetime.timedelta(days=2),
                approved_at=m.ends_at + datetime.timedelta(days=rng.randint(4, 14)),
            )
            for m, g, *_ in held
        ]
        Minutes.objects.bulk_create(minutes, batch_size=BATCH)

        counters: dict[tuple[int, int], int] = {}
        minute_items: list[MinuteItem] = []
        per_meeting = 2 + ctx.scale.decisions_per_meeting
        for n, (_meeting, group, year, _i, _c) in enumerate(held):
            for item in items[n * per_meeting : (n + 1) * per_meeting]:
                number = counters[(group.pk, year)] = counters.get((group.pk, year), 0) + 1
                minute_items.append(
                    MinuteItem(
                        minutes=minutes[n],
                        agenda_item=item,
                        group=group,
                        year=year,
                        number=number,
                        title=item.title,
                        text=f"Föredragande redogjorde för ärendet. {item.proposed_decision}".strip(),
                        public=item.public,
                    )
                )
        MinuteItem.objects.bulk_create(minute_items, batch_size=BATCH)
        ParagraphCounter.objects.bulk_create(
            [ParagraphCounter(group_id=g, year=y, last=last) for (g, y), last in counters.items()], batch_size=BATCH
        )

        decisions: list[Decision] = []
        for n in range(len(held)):
            for position, minute_item in enumerate(minute_items[n * per_meeting : (n + 1) * per_meeting]):
                if position < 2:
                    continue
                kind = kinds[n][position - 2]
                decisions.append(
                    Decision(
                        item=minute_item, kind=kind, text=f"Samverkansgruppen beslutade {minute_item.title.lower()}."
                    )
                )
        Decision.objects.bulk_create(decisions, batch_size=BATCH)
        decisions_of[collaboration.pk] = [
            GeneratedDecision(d.pk, d.item.year, d.kind, d.item.group_id, d.item.minutes.meeting.starts_at.date())
            for d in decisions
        ]

        attendance: list[Attendance] = []
        signatories: list[Signatory] = []
        for n, (meeting, group, _y, _i, _c) in enumerate(held):
            seats = ctx.shared["seats"][group.pk]
            for person, organisation, role in seats:
                attendance.append(
                    Attendance(
                        meeting=meeting,
                        person=person,
                        name=person.full_name,
                        organisation=organisation,
                        role=role,
                        status="present" if rng.random() > 0.1 else "absent",
                    )
                )
            chair = next((p for p, _o, r in seats if r == "chair"), seats[0][0])
            adjuster = next(p for p, _o, r in seats if p != chair)
            for person, role in ((chair, Signatory.Role.CHAIR), (adjuster, Signatory.Role.ADJUSTER)):
                signatories.append(
                    Signatory(
                        minutes=minutes[n],
                        person=person,
                        name=person.full_name,
                        role=role,
                        approved_at=minutes[n].approved_at,
                    )
                )
        Attendance.objects.bulk_create(attendance, batch_size=BATCH)
        Signatory.objects.bulk_create(signatories, batch_size=BATCH)
    ctx.shared["decisions"] = decisions_of
