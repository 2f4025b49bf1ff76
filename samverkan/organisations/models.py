from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def active_on(day: datetime.date, prefix: str = "") -> Q:
    """Rows whose started_on/ended_on period includes the day."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("kommun")
    REGION = "region", _("region")
    COUNTY_ADMINISTRATIVE_BOARD = "county_administrative_board", _("länsstyrelse")
    OTHER = "other", _("annan")


class Organisation(models.Model):
    """A municipality, region, county administrative board or other body; shared across collaborations."""

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("slag"), max_length=40, choices=OrganisationKind.choices)
    municipality_code = models.CharField(
        _("kommunkod"), max_length=4, blank=True, help_text=_("Fyra siffror, t.ex. 2480 för Umeå.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~Q(municipality_code=""),
                name="organisation_unique_municipality_code",
            ),
            models.CheckConstraint(
                condition=~Q(kind="municipality") | ~Q(municipality_code=""),
                name="organisation_municipality_has_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def collaboration_ids(self) -> frozenset[int]:
        """The collaborations the organisation is (or was) a party in."""
        return frozenset(self.parties.values_list("collaboration_id", flat=True))

    def population_in(self, year: int) -> int | None:
        row = self.populations.filter(year=year).first()
        return row.count if row else None


class Population(models.Model):
    """Population on 31 December of a year, as published by SCB."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(_("år"))
    count = models.PositiveIntegerField(_("folkmängd"))
    source = models.CharField(_("källa"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "-year"]
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängd")
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="population_unique_year")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.count}"


class SupervisionUnit(models.Model):
    """An environmental office or board (miljökontor/nämnd) serving one or more municipalities."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    municipalities = models.ManyToManyField(Organisation, related_name="supervision_units", verbose_name=_("kommuner"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("tillsynsenhet")
        verbose_name_plural = _("tillsynsenheter")

    def __str__(self) -> str:
        return self.name


class PartyQuerySet(models.QuerySet["Party"]):
    def current(self, day: datetime.date | None = None) -> PartyQuerySet:
        return self.filter(active_on(day or timezone.localdate()))


class Party(models.Model):
    """An organisation's place in a collaboration, under the key the model file gives it."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="parties")
    key = models.CharField(_("nyckel"), max_length=60)
    started_on = models.DateField(_("från"))
    ended_on = models.DateField(_("till"), null=True, blank=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "key"], name="party_unique_key"),
            models.UniqueConstraint(fields=["collaboration", "organisation"], name="party_unique_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.collaboration})"


class HostPeriod(models.Model):
    """Which organisation was host (huvudman) from when to when; the host can change (P8)."""

    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="host_periods"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("från"))
    ended_on = models.DateField(_("till"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("huvudmannaperiod")
        verbose_name_plural = _("huvudmannaperioder")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="hostperiod_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["collaboration"], condition=Q(ended_on__isnull=True), name="hostperiod_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.started_on}–{self.ended_on or ''}"


class Gender(models.TextChoices):
    WOMAN = "woman", _("kvinna")
    MAN = "man", _("man")
    OTHER = "other", _("annat")
    NOT_STATED = "", _("ej angivet")


class PersonQuerySet(models.QuerySet["Person"]):
    def in_collaboration(self, collaboration: Any) -> PersonQuerySet:
        """People who hold or held a membership there, or were registered there (created or imported
        by its coordinator); never the erased. Working for one of its parties is not enough: an
        organisation can be a party in several collaborations, its staff belong to the one that
        registered them."""
        # The ids of the two, as one UNION that the database reads by its collaboration indexes,
        # then people by primary key: neither OR over two multi-valued joins with DISTINCT (sorts
        # every seat) nor a correlated EXISTS per person (reads every person of every
        # collaboration: 15 → 1.7 ms at national scale on SQLite).
        seated = Membership.objects.filter(group__collaboration=collaboration).order_by().values("person_id")
        registered = (
            Person.registered_in.through.objects.filter(collaboration=collaboration).order_by().values("person_id")
        )
        return self.filter(erased_at__isnull=True, pk__in=seated.union(registered))


class Person(models.Model):
    """A person in a collaboration. Gender is kept only for statistics and shown only in aggregates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    gender = models.CharField(
        _("kön (för statistik)"), max_length=10, choices=Gender.choices, blank=True, default=Gender.NOT_STATED
    )
    confirmed_at = models.DateTimeField(
        _("senast bekräftad"), null=True, blank=True, help_text=_("När personen senast bekräftade sina uppgifter.")
    )
    registered_in = models.ManyToManyField(
        "collaborations.Collaboration",
        blank=True,
        related_name="registered_people",
        verbose_name=_("registrerad i"),
        help_text=_("Samverkan där personen lades till eller importerades, också utan uppdrag i en grupp."),
    )
    erased_at = models.DateTimeField(
        _("borttagen"),
        null=True,
        blank=True,
        help_text=_("Personuppgifterna är raderade; raden finns kvar för historiken."),
    )
    # Raised by one on every save through the service; a form carries it to detect a stale edit (audit.stale).
    version = models.PositiveIntegerField(_("ändringsnummer"), default=0, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.full_name

    def collaboration_ids(self, day: datetime.date | None = None) -> frozenset[int]:
        """The collaborations the person belongs to today: a current membership or a registration
        there. Someone who only has history (every membership ended) belongs to where it was."""
        memberships = Membership.objects.filter(person=self)
        current = frozenset(memberships.current(day).values_list("group__collaboration_id", flat=True))
        registered = frozenset(self.registered_in.values_list("pk", flat=True))
        return current | registered or frozenset(memberships.values_list("group__collaboration_id", flat=True))

    @property
    def full_name(self) -> str:
        if self.erased_at is not None:
            return str(_("(borttagen person)"))
        return f"{self.first_name} {self.last_name}".strip()


class GroupKind(models.TextChoices):
    COLLABORATION_GROUP = "collaboration_group", _("samverkansgrupp")
    SUPPORT_GROUP = "support_group", _("stödgrupp")
    WORKING_GROUP = "working_group", _("arbetsgrupp")


class GroupQuerySet(models.QuerySet["Group"]):
    def current(self, day: datetime.date | None = None) -> GroupQuerySet:
        return self.filter(active_on(day or timezone.localdate()))


class Group(models.Model):
    """A body of the collaboration. Standing bodies come from the model file (with a key);
    working groups are appointed and always carry purpose and mandate (AG1)."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="groups")
    key = models.CharField(_("nyckel i modellfilen"), max_length=60, blank=True)
    kind = models.CharField(_("slag"), max_length=40, choices=GroupKind.choices)
    name = models.CharField(_("namn"), max_length=200)
    purpose = models.TextField(_("syfte"), blank=True)
    mandate = models.TextField(_("uppdrag"), blank=True)
    goal = models.TextField(_("mål"), blank=True)
    started_on = models.DateField(_("från"))
    ended_on = models.DateField(_("till"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        "meetings.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointed_groups",
        verbose_name=_("tillsatt genom beslut"),
        help_text=_("En arbetsgrupp finns bara genom ett beslut (AG1)."),
    )
    closed_by = models.ForeignKey(
        "meetings.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closed_groups",
        verbose_name=_("avslutad genom beslut"),
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "key"], condition=~Q(key=""), name="group_unique_model_key"
            ),
            models.CheckConstraint(
                condition=~Q(kind="working_group") | (~Q(purpose="") & ~Q(mandate="")),
                name="group_working_group_has_purpose_and_mandate",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="group_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MEMBER = "member", _("ledamot")
    CHAIR = "chair", _("ordförande")
    VICE_CHAIR = "vice_chair", _("vice ordförande")
    SECRETARY = "secretary", _("sekreterare")
    COORDINATOR = "coordinator", _("samordnare")
    CONVENER = "convener", _("sammankallande")
    CAB_REPRESENTATIVE = "cab_representative", _("länsstyrelsens representant")
    SUBSTITUTE = "substitute", _("ersättare")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, day: datetime.date | None = None) -> MembershipQuerySet:
        return self.filter(active_on(day or timezone.localdate()))


class Membership(models.Model):
    """A person's seat in a group, for an organisation, in a role, from a date; ended, never deleted."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("grupp"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("representerar")
    )
    role = models.CharField(_("roll"), max_length=40, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField(_("från"))
    ended_on = models.DateField(_("till"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "organisation__name", "person__last_name"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.group} ({self.get_role_display()})"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


class ContactImportStatus(models.TextChoices):
    PREVIEW = "preview", _("förhandsgranskad")
    COMMITTED = "committed", _("genomförd")
    DISCARDED = "discarded", _("avbruten")


class ContactImport(models.Model):
    """An uploaded contact list between its preview and its one all-or-nothing commit."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("fil"), max_length=255)
    rows = models.JSONField(_("rader"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=ContactImportStatus.choices, default=ContactImportStatus.PREVIEW
    )
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import av kontakter")
        verbose_name_plural = _("importer av kontakter")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class ConfirmationBatchStatus(models.TextChoices):
    QUEUED = "queued", _("i kö")
    SENDING = "sending", _("skickas")
    DONE = "done", _("klar")


class ConfirmationBatch(models.Model):
    """One send-out of confirmation requests, sent by the background worker; shows progress."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    description = models.CharField(_("urval"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=ConfirmationBatchStatus.choices, default=ConfirmationBatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("utskick av bekräftelser")
        verbose_name_plural = _("utskick av bekräftelser")

    def __str__(self) -> str:
        return f"{self.description} ({self.sent}/{self.total})"

    @property
    def percent(self) -> int:
        return round(100 * (self.sent + self.failed) / self.total) if self.total else 100


class ConfirmationRequestQuerySet(models.QuerySet["ConfirmationRequest"]):
    def open(self) -> ConfirmationRequestQuerySet:
        """Sent, not answered, not expired, not replaced by a newer request."""
        return self.filter(used_at__isnull=True, superseded=False, expires_at__gt=timezone.now(), sent_at__isnull=False)


class ConfirmationRequest(models.Model):
    """A request to one person to confirm or correct their details through a signed link.

    The link works once, until `expires_at`, and only for this person.
    """

    batch = models.ForeignKey(ConfirmationBatch, on_delete=models.CASCADE, related_name="requests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="confirmation_requests")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    superseded = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)

    objects = ConfirmationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("begäran om bekräftelse")
        verbose_name_plural = _("begäran om bekräftelse")

    def __str__(self) -> str:
        return f"{self.person} ({self.created_at:%Y-%m-%d})"
