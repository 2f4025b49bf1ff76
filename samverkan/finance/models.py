"""The joint economy's records: the ledger (utfall) and its imports, account mapping, entered
forecasts, invoices per party, presented status reports and logged time (EC1–EC4, CO1, CO2, CM3).

The budget itself lives on the budget plan document's versions (plans.PlanVersion.budget), so it is
drafted, decided, locked and versioned like every plan (PL4).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AccountMapping(models.Model):
    """Which budget line an account of the host's accounting books against."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    account = models.CharField(_("konto"), max_length=10)
    line_key = models.CharField(_("budgetrad"), max_length=120)

    class Meta:
        ordering = ["account"]
        verbose_name = _("kontokoppling")
        verbose_name_plural = _("kontokopplingar")
        constraints = [models.UniqueConstraint(fields=["collaboration", "account"], name="accountmapping_unique")]

    def __str__(self) -> str:
        return f"{self.account} → {self.line_key}"


class LedgerImportStatus(models.TextChoices):
    PREVIEW = "preview", _("förhandsgranskad")
    COMMITTED = "committed", _("genomförd")
    DISCARDED = "discarded", _("avbruten")


class LedgerImport(models.Model):
    """An uploaded accounting export, kept between preview and commit (all or nothing)."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    filename = models.CharField(_("fil"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    rows = models.JSONField(_("rader"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=LedgerImportStatus.choices, default=LedgerImportStatus.PREVIEW
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    entry_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import av utfall")
        verbose_name_plural = _("importer av utfall")

    def __str__(self) -> str:
        return self.filename


class LedgerSource(models.TextChoices):
    MANUAL = "manual", _("inmatad")
    IMPORT = "import", _("importerad")
    FEES = "fees", _("deltagaravgifter")


class LedgerEntry(models.Model):
    """One actual cost (positive) or income (positive) booked against a budget line; negative
    amounts correct earlier ones."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("datum"))
    account = models.CharField(_("konto"), max_length=10, blank=True)
    amount_ore = models.BigIntegerField(_("belopp (öre)"))
    text = models.CharField(_("text"), max_length=300, blank=True)
    line_key = models.CharField(_("budgetrad"), max_length=120)
    activity = models.ForeignKey(
        "plans.Activity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("aktivitet"),
    )
    source = models.CharField(_("källa"), max_length=20, choices=LedgerSource.choices, default=LedgerSource.MANUAL)
    ledger_import = models.ForeignKey(
        LedgerImport, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    fingerprint = models.CharField(max_length=400, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("utfallspost")
        verbose_name_plural = _("utfall")
        constraints = [models.CheckConstraint(condition=~Q(amount_ore=0), name="ledgerentry_not_zero")]
        indexes = [models.Index(fields=["collaboration", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.account} {self.amount_ore}"


class Forecast(models.Model):
    """A forecast for a budget line's year, entered by the coordinator, with a comment."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    line_key = models.CharField(_("budgetrad"), max_length=120)
    amount_ore = models.BigIntegerField(_("prognos (öre)"))
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("prognos")
        verbose_name_plural = _("prognoser")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "year", "line_key"], name="forecast_once_per_line")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.line_key}"


class InvoiceKind(models.TextChoices):
    COFINANCING = "cofinancing", _("medfinansiering")
    EXTRA = "extra", _("extra bidrag")


class Invoice(models.Model):
    """What a party has been invoiced and has paid: its co-financing, or an extra contribution to a
    costly activity (EC3)."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    party = models.ForeignKey(
        "organisations.Party", on_delete=models.PROTECT, related_name="invoices", verbose_name=_("part")
    )
    kind = models.CharField(_("slag"), max_length=20, choices=InvoiceKind.choices, default=InvoiceKind.COFINANCING)
    activity = models.ForeignKey(
        "plans.Activity", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("aktivitet")
    )
    amount_ore = models.BigIntegerField(_("belopp (öre)"))
    invoiced_on = models.DateField(_("fakturerad"))
    paid_on = models.DateField(_("betald"), null=True, blank=True)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "party__organisation__name", "invoiced_on"]
        verbose_name = _("faktura")
        verbose_name_plural = _("fakturor")
        constraints = [
            models.CheckConstraint(condition=Q(amount_ore__gt=0), name="invoice_positive"),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(paid_on__gte=models.F("invoiced_on")), name="invoice_paid_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.year} {self.amount_ore}"


class StatusReport(models.Model):
    """A financial status report as presented to a meeting (CO2, CM3): the numbers are kept as they
    stood, and the PDF lies among the agenda item's documents."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField(_("per datum"))
    data = models.JSONField(default=dict)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="status_reports"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-created_at"]
        verbose_name = _("ekonomisk lägesrapport")
        verbose_name_plural = _("ekonomiska lägesrapporter")

    def __str__(self) -> str:
        return f"{self.collaboration} {self.as_of}"


class TimeKind(models.TextChoices):
    COORDINATOR = "coordinator", _("samordnarens tid")
    IN_KIND = "in_kind", _("egen insats")


class TimeEntry(models.Model):
    """Hours worked: the coordinator's, counted against the collaboration's share (CO1), or a
    representative's own time as an in-kind contribution, never in the joint budget (EC2)."""

    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "organisations.Person", on_delete=models.PROTECT, related_name="time_entries", verbose_name=_("person")
    )
    kind = models.CharField(_("slag"), max_length=20, choices=TimeKind.choices)
    day = models.DateField(_("datum"))
    minutes = models.PositiveIntegerField(_("tid (minuter)"))
    assignment = models.ForeignKey(
        "plans.Assignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uppdrag"),
    )
    activity = models.ForeignKey(
        "plans.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("aktivitet"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("möte")
    )
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("tidrapport")
        verbose_name_plural = _("tidrapporter")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0) & Q(minutes__lte=24 * 60), name="timeentry_minutes")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.day} {self.minutes}"
