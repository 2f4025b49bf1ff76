"""The yearly cycle: plan documents with versions, activities, and assignments given by decisions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LockedPlanError(Exception):
    """Raised on any attempt to change a decided plan version (admin, shell, API alike)."""


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("utkast")
    PROPOSAL = "proposal", _("förslag")
    DECIDED = "decided", _("beslutad")
    RETURNED = "returned", _("återremitterad")


class PlanDocument(models.Model):
    """One document of the yearly cycle (a type from the model file) about one year."""

    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="plan_documents"
    )
    doc_type = models.CharField(_("slag"), max_length=40)
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("rubrik"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "doc_type"]
        verbose_name = _("plandokument")
        verbose_name_plural = _("plandokument")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "doc_type", "year"], name="plandocument_once_a_year")
        ]

    def __str__(self) -> str:
        return self.title


class PlanVersion(models.Model):
    """One version of a plan document as it moves draft → proposal → decided (or back).

    A decided version is locked for good; a change after that is a new version.
    """

    document = models.ForeignKey(PlanDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    # [{"title": "Inledning", "text": "Markdown …"}, …] in the order of the model file's sections.
    sections = models.JSONField(_("avsnitt"), default=list)
    # Operations plan: the keys of the collaboration areas it names (PL2).
    areas = models.JSONField(_("samverkansområden"), default=list)
    # Activity plan: the year's activities as they stood when the version was proposed.
    activities = models.JSONField(_("aktiviteter"), default=list)
    # Budget: {"lines": {line key: öre}, "notes": {line key: text}, "key": cost-sharing key}; the
    # activity lines are fixed into "lines" when the version is proposed (see finance.budget).
    budget = models.JSONField(_("budget"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("lämnad som förslag"), null=True, blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_versions"
    )
    decision = models.ForeignKey(
        "meetings.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_versions"
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    returned_comment = models.TextField(_("kommentar vid återremiss"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    # Raised by one on every save through the service; a form carries it to detect a stale edit (lib.stale).
    version = models.PositiveIntegerField(_("ändringsnummer"), default=0, editable=False)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versioner")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="planversion_unique_number"),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(decision__isnull=False), name="planversion_decided_has_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and self._stored_status() == PlanStatus.DECIDED:
            raise LockedPlanError(f"PlanVersion {self.pk} is decided and locked")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._stored_status() == PlanStatus.DECIDED:
            raise LockedPlanError(f"PlanVersion {self.pk} is decided and locked")
        return super().delete(*args, **kwargs)

    @property
    def editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)

    def _stored_status(self) -> str | None:
        return PlanVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("utbildning")
    SEMINAR = "seminar", _("seminarium")
    CAMPAIGN = "campaign", _("kampanj")
    SUPERVISION_PROJECT = "supervision_project", _("tillsynsprojekt")
    EXPERIENCE_EXCHANGE = "experience_exchange", _("erfarenhetsutbyte")
    HORIZON_SCANNING = "horizon_scanning", _("omvärldsbevakning")
    INFORMATION = "information", _("information")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("planerad")
    ONGOING = "ongoing", _("pågår")
    DONE = "done", _("genomförd")
    POSTPONED = "postponed", _("flyttad")
    CANCELLED = "cancelled", _("inställd")


class Activity(models.Model):
    """An activity of a year's activity plan (A1, A2, M3), with the agreement's wider aims (P5–P7)
    and its follow-up (SG2)."""

    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="activities"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    area = models.CharField(_("samverkansområde"), max_length=60)
    kind = models.CharField(_("slag"), max_length=30, choices=ActivityKind.choices)
    supervision_area = models.CharField(_("tillsynsområde"), max_length=60, blank=True)
    for_municipalities = models.BooleanField(_("kommunerna"), default=True)
    for_business = models.BooleanField(_("företag och verksamhetsutövare"), default=False)
    for_citizens = models.BooleanField(_("allmänheten"), default=False)
    responsible_person = models.ForeignKey(
        "organisations.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ansvarig person"),
    )
    responsible_group = models.ForeignKey(
        "organisations.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("ansvarig arbetsgrupp"),
    )
    starts_on = models.DateField(_("planerad från"), null=True, blank=True)
    ends_on = models.DateField(_("planerad till"), null=True, blank=True)
    budget_ore = models.BigIntegerField(_("budget (öre)"), null=True, blank=True)
    # EC3: a costly activity may charge participants, members of the collaboration less than others.
    fee_member_ore = models.BigIntegerField(_("deltagaravgift, medlemskommuner (öre)"), null=True, blank=True)
    fee_other_ore = models.BigIntegerField(_("deltagaravgift, övriga (öre)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    # P5: a gender-equality analysis along the 4R questions.
    gender_representation = models.TextField(_("representation"), blank=True)
    gender_resources = models.TextField(_("resurser"), blank=True)
    gender_norms = models.TextField(_("normer och värderingar"), blank=True)
    gender_realisation = models.TextField(_("realisering"), blank=True)
    business_relevance = models.TextField(_("nytta för näringslivet"), blank=True)  # P6
    innovation = models.BooleanField(_("innovation"), default=False)  # P7
    innovation_procurement = models.BooleanField(_("innovationsupphandling"), default=False)
    innovation_notes = models.TextField(_("om innovationen"), blank=True)
    # Follow-up (SG2): what was done, when, and who took part.
    outcome = models.TextField(_("utfall och lärdomar"), blank=True)
    done_on = models.DateField(_("genomförd"), null=True, blank=True)
    participants_women = models.PositiveIntegerField(_("deltagare, kvinnor"), null=True, blank=True)
    participants_men = models.PositiveIntegerField(_("deltagare, män"), null=True, blank=True)
    participants_other = models.PositiveIntegerField(_("deltagare, annat eller okänt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "starts_on", "title"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(budget_ore__isnull=True) | Q(budget_ore__gte=0), name="activity_budget"),
            models.CheckConstraint(
                condition=(Q(fee_member_ore__isnull=True) | Q(fee_member_ore__gte=0))
                & (Q(fee_other_ore__isnull=True) | Q(fee_other_ore__gte=0)),
                name="activity_fees",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def participants(self) -> int | None:
        counts = [self.participants_women, self.participants_men, self.participants_other]
        if all(c is None for c in counts):
            return None
        return sum(c or 0 for c in counts)


class AssignmentOwner(models.TextChoices):
    COORDINATOR = "coordinator", _("samordnaren")
    WORKING_GROUP = "working_group", _("en arbetsgrupp")
    PERSON = "person", _("en person")


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("ej påbörjat")
    IN_PROGRESS = "in_progress", _("pågår")
    DONE = "done", _("slutfört")
    CANCELLED = "cancelled", _("avbrutet")


OPEN_ASSIGNMENT = (AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS)


class Assignment(models.Model):
    """An assignment (uppdrag) given by a decision (SG2, CO2); it cannot exist without one."""

    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="assignments"
    )
    decision = models.ForeignKey(
        "meetings.Decision", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("beslut")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    owner_kind = models.CharField(_("ges till"), max_length=20, choices=AssignmentOwner.choices)
    owner_group = models.ForeignKey(
        "organisations.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("arbetsgrupp"),
    )
    owner_person = models.ForeignKey(
        "organisations.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("person"),
    )
    due_on = models.DateField(_("klart senast"))
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.NOT_STARTED
    )
    percent_done = models.PositiveSmallIntegerField(_("klart (%)"), default=0)
    outcome = models.TextField(_("resultat"), blank=True)
    completed_on = models.DateField(_("slutfört"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name = pgettext_lazy("assignment", "uppdrag")
        verbose_name_plural = pgettext_lazy("assignment", "uppdrag")
        constraints = [
            models.CheckConstraint(condition=Q(percent_done__lte=100), name="assignment_percent"),
            models.CheckConstraint(
                condition=(
                    Q(owner_kind="coordinator", owner_group__isnull=True, owner_person__isnull=True)
                    | Q(owner_kind="working_group", owner_group__isnull=False, owner_person__isnull=True)
                    | Q(owner_kind="person", owner_group__isnull=True, owner_person__isnull=False)
                ),
                name="assignment_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        if self.owner_kind == AssignmentOwner.WORKING_GROUP and self.owner_group is not None:
            return self.owner_group.name
        if self.owner_kind == AssignmentOwner.PERSON and self.owner_person is not None:
            return self.owner_person.full_name
        return str(AssignmentOwner.COORDINATOR.label).capitalize()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ASSIGNMENT


class AssignmentNote(models.Model):
    """A progress note on an assignment, with the share done at the time."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("anteckning"))
    percent_done = models.PositiveSmallIntegerField(_("klart (%)"))
    author_name = models.CharField(_("skriven av"), max_length=200, blank=True)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_at", "-pk"]
        verbose_name = _("lägesanteckning")
        verbose_name_plural = _("lägesanteckningar")

    def __str__(self) -> str:
        return f"{self.assignment}: {self.percent_done} %"
