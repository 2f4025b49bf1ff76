"""Whom the events reached (issue 15, P5, P6): the year's figures read from the database in a
fixed number of queries and computed by `rules.year_reach`; the year's table as CSV and Excel; and
the use case that writes an activity's attendance into its follow-up, so that the annual report's
draft counts real attendance.

A year's events are the published events of the activities of that year's plan (drafts have no
registrations, cancelled events were never held); the reach of one event is its row of its year,
so its protected gender counts are the same on its page as in the year's table.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Min, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samverkan.events import rules
from samverkan.events.models import (
    Category,
    Evaluation,
    Event,
    EventStatus,
    Registration,
    RegistrationGender,
    RegistrationStatus,
)
from samverkan.lib.documents_text import printable
from samverkan.lib.errors import DomainError
from samverkan.lib.swedish_order import swedish_key
from samverkan.organisations.contacts import safe_cell
from samverkan.organisations.models import OrganisationKind, Party
from samverkan.plans import services as plans_services
from samverkan.plans.models import Activity

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.collaborations.models import Collaboration


def _year_events(collaboration: Collaboration, year: int) -> Q:
    return Q(event__collaboration=collaboration, event__activity__year=year, event__status=EventStatus.PUBLISHED)


def year_events(collaboration: Collaboration, year: int) -> list[rules.ReachEvent]:
    """The year's published events, soonest first (those without a session last), in one query."""
    rows = (
        Event.objects.filter(collaboration=collaboration, activity__year=year, status=EventStatus.PUBLISHED)
        .annotate(first_start=Min("sessions__starts_at"))
        .values("id", "title", "activity_id", *rules.TARGET_GROUPS, "first_start")
        .order_by()
    )
    events = [
        rules.ReachEvent(
            id=row["id"],
            title=row["title"],
            activity_id=row["activity_id"],
            target_groups=tuple(key for key in rules.TARGET_GROUPS if row[key]),
            starts_on=timezone.localtime(row["first_start"]).date() if row["first_start"] else None,
        )
        for row in rows
    ]
    return sorted(
        events, key=lambda e: (e.starts_on is None, e.starts_on or datetime.date.min, swedish_key(e.title), e.id)
    )


def year_registrations(collaboration: Collaboration, year: int) -> list[rules.ReachRegistration]:
    """The registrations of the year's events that are not cancelled, in one query."""
    rows = (
        Registration.objects.filter(_year_events(collaboration, year))
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("id", "event_id", "status", "category", "gender", "attended", "organisation_id")
        .order_by()
    )
    return [rules.ReachRegistration(*row) for row in rows]


def municipality_parties(collaboration: Collaboration, year: int, on: datetime.date) -> list[rules.MunicipalityParty]:
    """The collaboration's municipalities: its parties on the year's last day (today, for this year
    or a later one), in Swedish alphabetical order."""
    day = min(on, datetime.date(year, 12, 31))
    parties = (
        Party.objects.current(day)
        .filter(collaboration=collaboration, organisation__kind=OrganisationKind.MUNICIPALITY)
        .values_list("organisation_id", "organisation__name")
        .order_by()
    )
    return sorted((rules.MunicipalityParty(*row) for row in parties), key=lambda m: swedish_key(m.name))


def year_reach(collaboration: Collaboration, year: int, *, on: datetime.date | None = None) -> rules.YearReach:
    """The reach of the year's events, in four queries whatever their number."""
    on = on or timezone.localdate()
    evaluations = (
        Evaluation.objects.filter(_year_events(collaboration, year))
        .values("event_id")
        .annotate(count=Count("id"), overall=Sum("overall"), usefulness=Sum("usefulness"))
        .order_by()
    )
    return rules.year_reach(
        year,
        on,
        year_events(collaboration, year),
        year_registrations(collaboration, year),
        [rules.EvaluationSums(e["event_id"], e["count"], e["overall"], e["usefulness"]) for e in evaluations],
        municipality_parties(collaboration, year, on),
    )


# --- the activity's follow-up --------------------------------------------------------------------


def attendance_by_gender(activity: Activity) -> dict[str, int] | None:
    """Gender → how many were marked as attending the activity's published events; None when no
    one's attendance is marked at all (so there is nothing to fill in yet)."""
    rows = (
        Registration.objects.filter(
            event__activity=activity,
            event__status=EventStatus.PUBLISHED,
            status=RegistrationStatus.CONFIRMED,
            attended__isnull=False,
        )
        .values("gender", "attended")
        .annotate(count=Count("id"))
        .order_by()
    )
    marked = list(rows)
    if not marked:
        return None
    counts = dict.fromkeys(RegistrationGender.values, 0)
    for row in marked:
        if row["attended"]:
            counts[row["gender"]] += row["count"]
    return counts


@transaction.atomic
def fill_follow_up(*, activity: Activity, actor: User | None) -> Activity:
    """The activity's follow-up gets its participants by gender from the attendance marked on its
    events (woman → women, man → men, other and not stated → other or unknown), through the plans
    app's own use case (`record_follow_up`: checked and audited there). Its status, date and outcome
    are left as they are. Refused while no attendance is marked, so hand-typed numbers are never
    replaced by zeros."""
    counts = attendance_by_gender(activity)
    if counts is None:
        raise DomainError(_("Ingen närvaro är markerad på aktivitetens evenemang än."))
    return plans_services.record_follow_up(activity=activity, actor=actor, **rules.follow_up_counts(counts))


# --- the year's table as a file ------------------------------------------------------------------


def _columns() -> list[str]:
    genders = [str(label).capitalize() for _value, label in RegistrationGender.choices]
    return [
        _("Evenemang"),
        _("Första dag"),
        _("Målgrupper"),
        _("Anmälda"),
        _("Bekräftade"),
        _("Väntelista"),
        _("Närvarande"),
        _("Uteblev"),
        _("Ej markerade"),
        _("Deltog"),
        *(_("Deltog, %(category)s") % {"category": label} for _value, label in Category.choices),
        _("Kommuner nådda"),
        *(_("Närvarande, %(gender)s") % {"gender": g.lower()} for g in genders),
        _("Utvärderingar"),
        _("Helhetsbetyg"),
        _("Nytta"),
    ]


def _values(label: str, day: str, groups: str, f: rules.Figures) -> list[str | int | float]:
    def mark(value: float | None) -> str | float:
        return "" if value is None else value

    return [
        label,
        day,
        groups,
        f.registrations,
        f.confirmed,
        f.waitlisted,
        f.attended,
        f.no_shows,
        f.unmarked,
        f.participants,
        *(participants for _c, _r, participants in f.categories),
        len(f.municipalities_reached),
        *f.gender,
        f.evaluation.count,
        mark(f.evaluation.overall),
        mark(f.evaluation.usefulness),
    ]


def table_rows(reach: rules.YearReach) -> list[list[str | int | float]]:
    """The year's table: one row per event, then one per target group and the year's."""
    names = rules.TARGET_GROUP_LABELS
    rows = [
        _values(
            row.event.title,
            row.event.starts_on.isoformat() if row.event.starts_on else "",
            ", ".join(str(names[key]) for key in row.event.target_groups),
            row.figures,
        )
        for row in reach.events
    ]
    rows += [
        _values(_("Målgrupp: %(group)s") % {"group": group.label}, "", group.label, group.figures)
        for group in reach.target_groups
    ]
    rows.append(_values(_("Hela året %(year)s") % {"year": reach.year}, "", "", reach.total))
    return rows


def export_csv(reach: rules.YearReach) -> bytes:
    """CSV for Swedish Excel: UTF-8 with BOM, semicolon-separated, formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_columns())
    for row in table_rows(reach):
        writer.writerow([safe_cell(v) if isinstance(v, str) else formats.number_format(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(reach: rules.YearReach) -> bytes:
    """An Excel workbook of the same table: bold header, frozen first row; text is never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = (_("Räckvidd %(year)s") % {"year": reach.year})[:31]
    sheet.append(_columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, row in enumerate(table_rows(reach), start=2):
        _write_row(sheet, index, row)
    sheet.column_dimensions["A"].width = 40
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_row(sheet: object, index: int, row: Sequence[str | int | float]) -> None:
    for column, value in enumerate(row, start=1):
        cell = sheet.cell(row=index, column=column)  # type: ignore[attr-defined]
        if isinstance(value, str):
            cell.value = printable(value)  # Excel refuses control characters
            cell.data_type = "s"  # never a formula, whatever the text starts with
        else:
            cell.value = value
