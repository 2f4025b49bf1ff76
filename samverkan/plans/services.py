"""Use cases of the yearly cycle: plan documents through draft → proposal → decided, activities,
assignments given by decisions, and the generated first draft of the annual report."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samverkan.audit import stale
from samverkan.audit.services import record, record_created, save_changes, snapshot
from samverkan.collaborations.model_file import DocumentType
from samverkan.lib.errors import DomainError
from samverkan.lib.money import format_money
from samverkan.meetings.models import Decision, DecisionKind, Meeting, MeetingStatus, Minutes, MinutesStatus
from samverkan.meetings.rules import holiday_name
from samverkan.meetings.services import add_agenda_item, plan_meeting, remove_agenda_item
from samverkan.organisations.models import Group, GroupKind, Person
from samverkan.plans import cycle, kinds, rules
from samverkan.plans.models import (
    OPEN_ASSIGNMENT,
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

if TYPE_CHECKING:
    from samverkan.accounts.models import User
    from samverkan.collaborations.models import Collaboration

ACTIVITY_FIELDS = [
    "year",
    "title",
    "description",
    "area",
    "kind",
    "supervision_area",
    "for_municipalities",
    "for_business",
    "for_citizens",
    "responsible_person",
    "responsible_group",
    "starts_on",
    "ends_on",
    "budget_ore",
    "fee_member_ore",
    "fee_other_ore",
    "status",
    "gender_representation",
    "gender_resources",
    "gender_norms",
    "gender_realisation",
    "business_relevance",
    "innovation",
    "innovation_procurement",
    "innovation_notes",
]
FOLLOW_UP_FIELDS = ["status", "outcome", "done_on", "participants_women", "participants_men", "participants_other"]
ASSIGNMENT_FIELDS = ["title", "description", "owner_kind", "owner_group", "owner_person", "due_on"]


# --- plan documents -------------------------------------------------------------------------


def document_type(collaboration: Collaboration, doc_type: str) -> DocumentType:
    spec = collaboration.model.document(doc_type)
    if spec is None:
        raise DomainError(_("Avtalet har ingen dokumenttyp %(type)s.") % {"type": doc_type})
    return spec


def body(collaboration: Collaboration, key: str) -> Group:
    group = Group.objects.filter(collaboration=collaboration, key=key).first()
    if group is None:
        raise DomainError(_("Gruppen %(key)s finns inte i samverkan.") % {"key": key})
    return group


def latest_version(document: PlanDocument) -> PlanVersion:
    return document.versions.order_by("-number").first()  # type: ignore[return-value]


def decided_version(document: PlanDocument) -> PlanVersion | None:
    return document.versions.filter(status=PlanStatus.DECIDED).order_by("-number").first()


@transaction.atomic
def start_document(*, collaboration: Collaboration, doc_type: str, year: int, actor: User | None) -> PlanDocument:
    """A new plan document with its first draft: the model file's sections, empty (or, for the
    annual report, a first draft written from the year's follow-up)."""
    spec = document_type(collaboration, doc_type)
    if not 2000 <= year <= 2100:
        raise DomainError(_("Välj ett år mellan 2000 och 2100."), field="year")
    if PlanDocument.objects.filter(collaboration=collaboration, doc_type=doc_type, year=year).exists():
        raise DomainError(
            _("%(name)s %(year)s finns redan; öppna den i stället.") % {"name": spec.name, "year": year}, field="year"
        )
    try:
        with transaction.atomic():
            document = PlanDocument.objects.create(
                collaboration=collaboration, doc_type=doc_type, year=year, title=f"{spec.name} {year}"
            )
    except IntegrityError:  # started at the same moment by someone else (or a double click)
        raise DomainError(
            _("%(name)s %(year)s finns redan; öppna den i stället.") % {"name": spec.name, "year": year}, field="year"
        ) from None
    texts = generated_annual_report(collaboration, year) if doc_type == "annual_report" else {}
    sections = [{"title": title, "text": texts.get(title, "")} for title in spec.sections]
    areas = [a.key for a in collaboration.model.collaboration_areas] if doc_type == "operations_plan" else []
    version = PlanVersion.objects.create(document=document, number=1, sections=sections, areas=areas, created_by=actor)
    record(
        actor=actor,
        action="start_plan_document",
        obj=document,
        collaboration=collaboration,
        after={"title": document.title, "version": version.number},
    )
    return document


def latest_decided_year(collaboration: Collaboration) -> int | None:
    """The latest year that has a decided plan document: what the public opens on."""
    return (
        PlanDocument.objects.filter(collaboration=collaboration, versions__status=PlanStatus.DECIDED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def _stranded(version: PlanVersion) -> bool:
    """A proposal whose agenda item was removed or whose meeting was cancelled: it may go again."""
    if version.status != PlanStatus.PROPOSAL:
        return False
    return version.agenda_item is None or version.agenda_item.meeting.status == MeetingStatus.CANCELLED


def may_resubmit(version: PlanVersion) -> bool:
    return version.editable or _stranded(version)


def _check_editable(version: PlanVersion) -> None:
    if not version.editable:
        raise DomainError(
            _("Version %(n)s är %(status)s och kan inte ändras.")
            % {"n": version.number, "status": version.get_status_display()}
        )


@transaction.atomic
def update_draft(
    *,
    version: PlanVersion,
    actor: User | None,
    texts: list[str],
    areas: list[str] | None = None,
    loaded_version: int | None = None,
) -> PlanVersion:
    """Save the draft's section texts (and, for the operations plan, the areas it names).

    With `loaded_version` (the version the form was loaded with) a draft saved by someone else
    since is refused with `stale.StaleEditError`, so nobody's section is silently lost."""
    version = PlanVersion.objects.select_for_update().select_related("document__collaboration").get(pk=version.pk)
    _check_editable(version)
    current = stale.check(version, loaded_version)
    if len(texts) != len(version.sections):
        raise DomainError(_("Avsnitten stämmer inte med dokumentet; ladda om sidan."))
    collaboration = version.document.collaboration
    changes: dict[str, Any] = {
        "sections": [{"title": s["title"], "text": t.strip()} for s, t in zip(version.sections, texts, strict=True)]
    }
    if areas is not None:
        known = [a.key for a in collaboration.model.collaboration_areas]
        refusal = rules.plan_areas_refusal(version.document.doc_type, areas, known)
        if refusal is not None:
            raise refusal
        changes["areas"] = [a for a in known if a in areas]
    if save_changes(
        obj=version,
        changes={**changes, "version": current + 1},
        fields=["sections", "areas"],
        actor=actor,
        action="update_plan_draft",
        collaboration=collaboration,
    ):
        return version
    version.version = current  # nothing changed, nothing saved
    return version


def proposable_meetings(document: PlanDocument) -> list[Meeting]:
    """The deciding body's coming meetings that can take the proposal, the next first: planned
    ones, and called ones (the item then goes out in a supplementary notice)."""
    collaboration = document.collaboration
    deciding = body(collaboration, document_type(collaboration, document.doc_type).decided_by)
    return list(
        Meeting.objects.filter(
            group=deciding, status__in=(MeetingStatus.PLANNED, MeetingStatus.CALLED), starts_at__gt=timezone.now()
        )
        .select_related("group")
        .order_by("starts_at")
    )


def target_group_labels() -> dict[str, str]:
    return {
        "for_municipalities": _("kommunerna"),
        "for_business": _("företag och verksamhetsutövare"),
        "for_citizens": _("allmänheten"),
    }


def activity_snapshot(activity: Activity) -> dict[str, Any]:
    """What the activity plan fixes of an activity when it is proposed."""
    labels = target_group_labels()
    targets = [labels[name] for name in rules.TARGET_GROUPS if getattr(activity, name)]
    responsible = activity.responsible_group.name if activity.responsible_group else ""
    if activity.responsible_person:
        responsible = activity.responsible_person.full_name
    return {
        "id": activity.pk,
        "title": activity.title,
        "area": activity.area,
        "kind": activity.kind,
        "kind_label": str(ActivityKind(activity.kind).label),
        "starts_on": activity.starts_on.isoformat() if activity.starts_on else "",
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else "",
        "target_groups": targets,
        "responsible": responsible,
        "budget": format_money(activity.budget_ore, in_ore=True) if activity.budget_ore is not None else "",
    }


@transaction.atomic
def submit(*, version: PlanVersion, actor: User | None, meeting: Meeting | None = None) -> PlanVersion:
    """The drafting body hands the version to the deciding body as a proposal: it goes on the
    agenda of that body's next meeting (or the one named) with a proposed decision (PL1, PL3, PL4, ST2).
    A meeting already called gets a supplementary notice with the item."""
    version = (
        PlanVersion.objects.select_for_update(of=("self",))
        .select_related("document__collaboration", "agenda_item__meeting")
        .get(pk=version.pk)
    )
    if not (rules.PLAN_VERSION.allows(version.status, PlanStatus.PROPOSAL) and may_resubmit(version)):
        raise DomainError(  # decided, or a proposal still on an agenda
            _("Version %(n)s är %(status)s och kan inte ändras.")
            % {"n": version.number, "status": version.get_status_display()}
        )
    document = version.document
    collaboration = document.collaboration
    spec = document_type(collaboration, document.doc_type)
    owned = kinds.kind_for(version)  # the budget: the economy checks it and fixes its activity lines
    if owned is not None:
        owned.before_proposal(version)
    elif not any((s.get("text") or "").strip() for s in version.sections):
        raise DomainError(_("Utkastet är tomt; skriv minst ett avsnitt innan det lämnas som förslag."))
    deciding = body(collaboration, spec.decided_by)
    drafting = body(collaboration, spec.drafted_by)
    if meeting is not None and (
        meeting.group_id != deciding.pk or meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED)
    ):
        raise DomainError(
            _("Välj ett av de kommande mötena i %(group)s; det valda mötet kan inte ta förslaget.")
            % {"group": deciding.name},
            field="meeting",
        )
    if meeting is None:
        meeting = next(iter(proposable_meetings(document)), None)
    if meeting is None:
        raise DomainError(
            _("%(group)s har inget kommande möte att lägga förslaget på. Planera mötet först.")
            % {"group": deciding.name}
        )
    if document.doc_type == "activity_plan":
        snapshot_rows = live_activities(document)
        if not snapshot_rows:
            raise DomainError(_("Aktivitetsplanen har inga aktiviteter ännu."))
        version.activities = snapshot_rows
    kind = document.doc_type if document.doc_type in DecisionKind.values else DecisionKind.OTHER
    item = add_agenda_item(
        meeting=meeting,
        actor=actor,
        title=_("%(title)s, version %(n)s") % {"title": document.title, "n": version.number},
        presenter=drafting.name,
        description=_("Förslag från %(group)s.") % {"group": drafting.name},
        decision_proposed=True,
        proposed_decision=_("%(group)s fastställer %(title)s enligt förslaget (version %(n)s).")
        % {"group": deciding.name, "title": document.title, "n": version.number},
        decision_kind=kind,
        supplement=True,  # a called meeting: everyone called gets the item in a supplementary notice
    )
    version.status = PlanStatus.PROPOSAL
    version.submitted_at = timezone.now()
    version.agenda_item = item
    version.returned_comment = ""
    version.save()
    record(
        actor=actor,
        action="submit_plan",
        obj=version,
        collaboration=collaboration,
        after={"status": version.status, "meeting": str(meeting), "agenda_item": item.title},
    )
    return version


@transaction.atomic
def send_back(*, version: PlanVersion, comment: str, actor: User | None) -> PlanVersion:
    """The deciding body sends a proposal back to the drafting body with a comment (återremiss)."""
    version = (
        PlanVersion.objects.select_for_update(of=("self",))
        .select_related("document__collaboration", "agenda_item__meeting")
        .get(pk=version.pk)
    )
    if not rules.PLAN_VERSION.allows(version.status, PlanStatus.RETURNED):
        raise DomainError(_("Bara ett förslag kan återremitteras."))
    if not comment.strip():
        raise DomainError(_("Skriv vad stödgruppen ska ändra."), field="comment")
    item = version.agenda_item
    if item is not None and item.meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        remove_agenda_item(item=item, actor=actor)  # withdrawn before the meeting: off the agenda
        version.agenda_item = None
    version.status = PlanStatus.RETURNED
    version.returned_comment = comment.strip()
    version.returned_at = timezone.now()
    version.save()
    record(
        actor=actor,
        action="send_back_plan",
        obj=version,
        collaboration=version.document.collaboration,
        after={"status": version.status, "comment": version.returned_comment},
    )
    return version


@transaction.atomic
def new_version(*, document: PlanDocument, actor: User | None) -> PlanVersion:
    """A change to a decided plan starts a new version, a copy that goes through the cycle again."""
    document = PlanDocument.objects.select_for_update().get(pk=document.pk)
    latest = latest_version(document)
    if latest.status != PlanStatus.DECIDED:
        raise DomainError(
            _("Version %(n)s är inte beslutad ännu; ändra den i stället för att börja en ny.") % {"n": latest.number}
        )
    version = PlanVersion.objects.create(
        document=document,
        number=latest.number + 1,
        sections=latest.sections,
        areas=latest.areas,
        activities=latest.activities,
        # the activity lines are read live again until the new version is proposed
        budget={k: v for k, v in (latest.budget or {}).items() if k != "activities"},
        created_by=actor,
    )
    record(
        actor=actor,
        action="new_plan_version",
        obj=version,
        collaboration=document.collaboration,
        after={"version": version.number, "from": latest.number},
    )
    return version


def decide_from_minutes(*, minutes: Minutes, actor: User | None) -> list[PlanVersion]:
    """When minutes become final, each proposal on the meeting's agenda is settled: a decision of
    the proposal's kind under its § decides and locks it; a § without one (tabled, or decided as
    something else) sends it back to the drafting body, so it is never left hanging."""
    decided = []
    items = {item.agenda_item_id: item for item in minutes.items.exclude(agenda_item=None)}
    versions = (
        PlanVersion.objects.select_for_update()
        .filter(agenda_item__meeting=minutes.meeting_id, status__in=rules.PLAN_VERSION.sources(PlanStatus.DECIDED))
        .select_related("document__collaboration")
    )
    for version in versions:
        item = items.get(version.agenda_item_id)
        decision = getattr(item, "decision", None) if item is not None else None
        expected = version.document.doc_type if version.document.doc_type in DecisionKind.values else DecisionKind.OTHER
        if decision is not None and decision.kind == expected:
            version.status = PlanStatus.DECIDED
            version.decision = decision
            version.decided_at = minutes.approved_at or timezone.now()
            after = {"status": version.status, "decision": f"§ {decision.item.number}/{decision.item.year}"}
            decided.append(version)
        else:
            version.status = PlanStatus.RETURNED
            version.returned_comment = _("Inte fastställd vid mötet %(meeting)s.") % {"meeting": minutes.meeting}
            version.returned_at = timezone.now()
            after = {"status": version.status, "comment": version.returned_comment}
        version.save()
        record(
            actor=actor,
            action="decide_plan" if version.status == PlanStatus.DECIDED else "plan_not_decided",
            obj=version,
            collaboration=version.document.collaboration,
            after=after,
        )
    return decided


def operations_plan_areas(collaboration: Collaboration, year: int) -> list[str] | None:
    """The areas the year's operations plan names (PL2): its decided version, else its latest
    draft; None when there is no operations plan for the year."""
    document = PlanDocument.objects.filter(collaboration=collaboration, doc_type="operations_plan", year=year).first()
    if document is None:
        return None
    version = decided_version(document) or latest_version(document)
    return list(version.areas)


def live_activities(document: PlanDocument) -> list[dict[str, Any]]:
    """The activity plan's year as it stands now: what the next proposal would fix."""
    activities = (
        Activity.objects.filter(collaboration=document.collaboration, year=document.year)
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("responsible_person", "responsible_group")
    )
    return [activity_snapshot(a) for a in activities]


def version_lines(version: PlanVersion, area_names: dict[str, str]) -> list[str]:
    """A version as lines for the history's diff; a draft of the activity plan with the activities
    it would propose today, a proposed or decided one with those it fixed."""
    activities = version.activities
    if version.editable and version.document.doc_type == "activity_plan":
        activities = live_activities(version.document)
    return rules.version_lines(
        sections=version.sections, areas=version.areas, activities=activities, area_names=area_names
    )


# --- activities -------------------------------------------------------------------------------


def _check_activity(collaboration: Collaboration, fields: dict[str, Any]) -> None:
    model = collaboration.model
    refusal = rules.activity_refusal(
        fields,
        areas=[a.key for a in model.collaboration_areas],
        supervision_areas=[a.key for a in model.supervision_areas],
        kinds=ActivityKind.values,
    )
    if refusal is not None:
        raise refusal
    group = fields.get("responsible_group")
    if group is not None and group.collaboration_id != collaboration.pk:
        raise DomainError(_("Gruppen hör inte till samverkan."), field="responsible_group")


@transaction.atomic
def create_activity(*, collaboration: Collaboration, actor: User | None, **fields: Any) -> Activity:
    _check_activity(collaboration, fields)
    activity = Activity.objects.create(collaboration=collaboration, **fields)
    record_created(
        obj=activity, fields=ACTIVITY_FIELDS, actor=actor, action="create_activity", collaboration=collaboration
    )
    return activity


@transaction.atomic
def update_activity(*, activity: Activity, actor: User | None, **changes: Any) -> Activity:
    merged = {**{f: getattr(activity, f) for f in ACTIVITY_FIELDS}, **changes}
    _check_activity(activity.collaboration, merged)
    save_changes(
        obj=activity,
        changes=changes,
        fields=ACTIVITY_FIELDS,
        actor=actor,
        action="update_activity",
        collaboration=activity.collaboration,
    )
    return activity


@transaction.atomic
def record_follow_up(*, activity: Activity, actor: User | None, **changes: Any) -> Activity:
    """Planned vs done (SG2): status, outcome, date and participants by gender."""
    merged = {**{f: getattr(activity, f) for f in FOLLOW_UP_FIELDS}, **changes}
    refusal = rules.ACTIVITY.refusal(activity.status, merged["status"], labels=dict(ActivityStatus.choices))
    if refusal:
        raise DomainError(refusal, field="status")
    if merged["status"] == ActivityStatus.DONE and merged["done_on"] is None:
        raise DomainError(_("Ange när aktiviteten genomfördes."), field="done_on")
    if merged["status"] != ActivityStatus.DONE and merged["done_on"] is not None:
        raise DomainError(_("Ett genomförandedatum hör till en genomförd aktivitet."), field="done_on")
    if merged["done_on"] is not None and merged["done_on"] > timezone.localdate():
        raise DomainError(_("Genomförandedatumet ligger i framtiden."), field="done_on")
    for name in ("participants_women", "participants_men", "participants_other"):
        if merged[name] is not None and merged[name] < 0:
            raise DomainError(_("Antalet kan inte vara negativt."), field=name)
    save_changes(
        obj=activity,
        changes=changes,
        fields=FOLLOW_UP_FIELDS,
        actor=actor,
        action="follow_up_activity",
        collaboration=activity.collaboration,
    )
    return activity


def follow_up_for(collaboration: Collaboration, year: int) -> rules.FollowUp:
    return rules.follow_up(
        rules.ActivityFollowUp(
            title=a.title,
            area=a.area,
            kind=a.kind,
            status=a.status,
            target_groups=tuple(name for name in rules.TARGET_GROUPS if getattr(a, name)),
            women=a.participants_women,
            men=a.participants_men,
            other=a.participants_other,
            outcome=a.outcome,
        )
        for a in Activity.objects.filter(collaboration=collaboration, year=year)
    )


def generated_annual_report(collaboration: Collaboration, year: int) -> dict[str, str]:
    """The annual report's first draft, written from the year's follow-up (SG2): the support group
    edits it from there. Keys are the model file's section titles."""
    model = collaboration.model
    area_names = {a.key: a.name for a in model.collaboration_areas}
    summary = follow_up_for(collaboration, year)
    activities = list(Activity.objects.filter(collaboration=collaboration, year=year).order_by("starts_on", "title"))
    done = [a for a in activities if a.status == ActivityStatus.DONE]
    overview = _(
        "Under %(year)s genomfördes %(done)s av %(planned)s planerade aktiviteter i %(name)s. "
        "De nådde %(participants)s deltagare."
    ) % {
        "year": year,
        "done": summary.done,
        "planned": summary.planned,
        "name": collaboration.name,
        "participants": summary.participants,
    }
    lines = []
    for a in done:
        line = f"- **{a.title}** ({area_names.get(a.area, a.area)}, {ActivityKind(a.kind).label})"
        if a.outcome:
            line += f": {a.outcome.strip()}"
        lines.append(line)
    not_done = [a for a in activities if a.status != ActivityStatus.DONE]
    if not_done:
        lines.append("")
        lines.append(_("Ej genomförda:"))
        lines.extend(f"- {a.title} ({ActivityStatus(a.status).label})" for a in not_done)
    table = [
        "| " + _("Samverkansområde") + " | " + _("Planerade") + " | " + _("Genomförda") + " |",
        "|---|---:|---:|",
    ]
    table += [
        f"| {area_names.get(key, key)} | {planned} | {finished} |"
        for key, (planned, finished) in summary.by_area.items()
    ]
    targets = target_group_labels()
    table += ["", "| " + _("Målgrupp") + " | " + _("Planerade") + " | " + _("Genomförda") + " |", "|---|---:|---:|"]
    table += [
        f"| {capfirst(targets[key])} | {planned} | {finished} |"
        for key, (planned, finished) in summary.by_target_group.items()
    ]
    share = summary.share_women()
    gender = _("Deltagare: %(women)s kvinnor, %(men)s män, %(other)s annat eller okänt.") % {
        "women": summary.women,
        "men": summary.men,
        "other": summary.other,
    }
    if share is not None:
        gender += " " + _("Andelen kvinnor var %(share)s %%.") % {"share": share}
    spec = model.document("annual_report")
    titles = list(spec.sections) if spec else []
    texts: dict[str, str] = {}
    if titles:
        texts[titles[0]] = overview
    if len(titles) > 1:
        texts[titles[1]] = "\n".join(lines)
    if len(titles) > 2:
        texts[titles[2]] = "\n".join([*table, "", gender])
    return texts


# --- assignments ------------------------------------------------------------------------------


def _check_assignment(collaboration: Collaboration, fields: dict[str, Any]) -> None:
    decision: Decision | None = fields.get("decision")
    if decision is None:
        raise DomainError(_("Ett uppdrag ges genom ett beslut (§). Välj beslutet."), field="decision")
    if decision.item.minutes.status != MinutesStatus.APPROVED:
        raise DomainError(
            _("Beslutet står i ett protokoll som inte är justerat ännu; ge uppdraget när protokollet är justerat."),
            field="decision",
        )
    giver = decision.item.group
    if giver.collaboration_id != collaboration.pk or giver.kind == GroupKind.WORKING_GROUP:
        raise DomainError(_("Beslutet ska vara samverkansgruppens eller stödgruppens."), field="decision")
    if not str(fields.get("title", "")).strip():
        raise DomainError(_("Uppdraget behöver en rubrik."), field="title")
    kind = fields.get("owner_kind")
    group, person = fields.get("owner_group"), fields.get("owner_person")
    if kind == AssignmentOwner.WORKING_GROUP:
        if group is None or group.kind != GroupKind.WORKING_GROUP or group.collaboration_id != collaboration.pk:
            raise DomainError(_("Välj arbetsgruppen som får uppdraget."), field="owner_group")
        fields["owner_person"] = None
    elif kind == AssignmentOwner.PERSON:
        if person is None:
            raise DomainError(_("Välj personen som får uppdraget."), field="owner_person")
        fields["owner_group"] = None
    elif kind == AssignmentOwner.COORDINATOR:
        fields["owner_group"] = fields["owner_person"] = None
    else:
        raise DomainError(_("Välj vem som får uppdraget."), field="owner_kind")
    if fields.get("due_on") is None:
        raise DomainError(_("Ange när uppdraget ska vara klart."), field="due_on")


@transaction.atomic
def create_assignment(*, collaboration: Collaboration, actor: User | None, **fields: Any) -> Assignment:
    """An assignment exists only through the decision that gave it (SG2, CO2)."""
    _check_assignment(collaboration, fields)
    assignment = Assignment.objects.create(collaboration=collaboration, **fields)
    decision = fields["decision"]
    record(
        actor=actor,
        action="create_assignment",
        obj=assignment,
        collaboration=collaboration,
        after={
            **snapshot(assignment, ASSIGNMENT_FIELDS),
            "decision": f"{decision.item.group.name} § {decision.item.number}/{decision.item.year}",
        },
    )
    return assignment


@transaction.atomic
def update_assignment(*, assignment: Assignment, actor: User | None, **changes: Any) -> Assignment:
    merged = {**{f: getattr(assignment, f) for f in ASSIGNMENT_FIELDS}, "decision": assignment.decision, **changes}
    _check_assignment(assignment.collaboration, merged)
    changes = {k: merged[k] for k in ASSIGNMENT_FIELDS}
    save_changes(
        obj=assignment,
        changes=changes,
        fields=ASSIGNMENT_FIELDS,
        actor=actor,
        action="update_assignment",
        collaboration=assignment.collaboration,
    )
    return assignment


@transaction.atomic
def report_progress(
    *,
    assignment: Assignment,
    actor: User | None,
    text: str,
    percent_done: int,
    status: str,
    outcome: str = "",
    author: Person | None = None,
    may_manage: bool = True,
) -> AssignmentNote:
    """A progress note from the owner: share done, status, and the outcome when it is finished."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not text.strip():
        raise DomainError(_("Skriv en lägesanteckning."), field="text")
    if not 0 <= percent_done <= 100:
        raise DomainError(_("Ange hur mycket som är klart, 0–100 %."), field="percent_done")
    if status not in AssignmentStatus.values:
        raise DomainError(_("Okänd status."), field="status")
    refusal = rules.ASSIGNMENT.refusal(assignment.status, status, labels=dict(AssignmentStatus.choices))
    if refusal:
        raise DomainError(refusal, field="status")
    reopening = not assignment.is_open and status in OPEN_ASSIGNMENT
    if not may_manage and (status == AssignmentStatus.CANCELLED or reopening):
        raise DomainError(
            _("Bara samordnaren kan avbryta eller återuppta ett uppdrag; det gavs genom ett beslut."), field="status"
        )
    if status == AssignmentStatus.DONE and not (outcome.strip() or assignment.outcome):
        raise DomainError(_("Beskriv resultatet när uppdraget är slutfört."), field="outcome")
    if status == AssignmentStatus.DONE:
        percent_done = 100
    note = AssignmentNote.objects.create(
        assignment=assignment,
        text=text.strip(),
        percent_done=percent_done,
        author_name=author.full_name if author else (actor.get_username() if actor else ""),
    )
    changes: dict[str, Any] = {"percent_done": percent_done, "status": status}
    if outcome.strip():
        changes["outcome"] = outcome.strip()
    changes["completed_on"] = timezone.localdate() if status == AssignmentStatus.DONE else None
    save_changes(
        obj=assignment,
        changes=changes,
        fields=["percent_done", "status", "outcome", "completed_on"],
        actor=actor,
        action="report_assignment",
        collaboration=assignment.collaboration,
    )
    return note


def overdue_for_meeting(meeting: Meeting) -> list[Assignment]:
    """Follow-up (uppföljning): the open assignments this body gave that are due by the meeting."""
    day = timezone.localtime(meeting.starts_at).date()
    return list(
        Assignment.objects.filter(
            decision__item__group=meeting.group, status__in=OPEN_ASSIGNMENT, due_on__lt=day
        ).select_related("decision__item", "owner_group", "owner_person")
    )


def overdue(collaboration: Collaboration, on: datetime.date) -> list[Assignment]:
    return list(
        Assignment.objects.filter(collaboration=collaboration, status__in=OPEN_ASSIGNMENT, due_on__lt=on)
        .select_related("decision__item__group")
        .order_by("due_on")
    )


# --- the yearly-cycle planner (årshjul) -------------------------------------------------------


def existing_meetings(collaboration: Collaboration, year: int) -> list[tuple[str, datetime.date]]:
    return [
        (key, timezone.localtime(starts_at).date())
        for key, starts_at in Meeting.objects.not_cancelled()
        .filter(group__collaboration=collaboration, group__key__gt="")
        .in_year(year)
        .values_list("group__key", "starts_at")
    ]


def propose_year(collaboration: Collaboration, year: int) -> cycle.YearPlan:
    """The planner's proposal for a year, around the meetings already planned."""
    return cycle.propose_year(
        collaboration.model,
        year,
        is_holiday=lambda day: holiday_name(day) is not None,
        existing=existing_meetings(collaboration, year),
    )


MEETING_HOURS = {"collaboration_group": (9, 15), "support_group": (9, 12)}


@transaction.atomic
def adopt_year(
    *, collaboration: Collaboration, year: int, chosen: list[tuple[str, datetime.date]], actor: User | None
) -> list[Meeting]:
    """Plan the chosen meetings of the proposal. Each must still be one the planner proposes, so a
    stale form cannot put a meeting on a day that has since become wrong."""
    proposal = propose_year(collaboration, year)
    today = timezone.localdate()
    offered = {(m.group_key, m.day) for m in proposal.meetings if not m.existing and m.day > today}
    stale = [pair for pair in chosen if pair not in offered]
    if stale:
        raise DomainError(_("Förslaget har ändrats sedan sidan laddades; se över det och anta igen."))
    if not chosen:
        raise DomainError(_("Välj minst ett möte att planera."), field="meetings")
    groups = {g.key: g for g in Group.objects.filter(collaboration=collaboration, key__gt="")}
    created = []
    for key, day in sorted(chosen, key=lambda pair: pair[1]):
        group = groups[key]
        start_hour, end_hour = MEETING_HOURS.get(group.kind, (9, 12))
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(start_hour)))
        ends_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(end_hour)))
        created.append(plan_meeting(group=group, starts_at=starts_at, ends_at=ends_at, actor=actor))
    record(
        actor=actor,
        action="adopt_year_plan",
        obj=collaboration,
        collaboration=collaboration,
        after={
            "year": year,
            "meetings": [f"{m.group.name} {timezone.localtime(m.starts_at):%Y-%m-%d}" for m in created],
        },
    )
    return created
