from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.lib.dates import iso_date
from samverkan.meetings.permissions import VIEW_CLOSED_ITEMS, VIEW_VIDEO_LINK

if TYPE_CHECKING:
    from samverkan.accounts.permissions import Access
    from samverkan.collaborations.desk import Seat
    from samverkan.organisations.models import Group

# What `Decision.working_group` reads: prefetch it on a list of decisions.
WORKING_GROUP_PREFETCH = ("appointed_groups", "closed_groups")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planerat")
    CALLED = "called", _("kallat")
    HELD = "held", _("hållet")
    APPROVED = "approved", _("protokoll justerat")
    CANCELLED = "cancelled", _("inställt")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def in_year(self, year: int) -> MeetingQuerySet:
        return self.filter(starts_at__year=year)

    def not_cancelled(self) -> MeetingQuerySet:
        return self.exclude(status=MeetingStatus.CANCELLED)

    def visible_to(self, access: Access) -> MeetingQuerySet:
        """The meetings the reader may see: every one (that a meeting is held is public; what of it
        is shown follows meetings.visibility and `video_link_for`)."""
        return self.all()


class Meeting(models.Model):
    """A meeting of one group. `uid` and `sequence` keep calendar invitations updating, not duplicating."""

    group = models.ForeignKey(
        "organisations.Group", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("grupp")
    )
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=300, blank=True)
    video_link = models.URLField(_("videolänk"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    holiday_confirmed = models.BooleanField(
        _("hålls trots helgdag"),
        default=False,
        help_text=_("Mötet ligger på en helgdag och det är bekräftat att det ändå ska hållas då."),
    )
    suggestions_until = models.DateField(
        _("förslag till dagordningen senast"),
        null=True,
        blank=True,
        help_text=_("Ledamöter kan föreslå punkter fram till och med den dagen (annars tills kallelsen skickas)."),
    )
    notice_sent_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or f"{self.group.name} {iso_date(self.starts_at)}"

    def video_link_for(self, access: Seat) -> str:
        """The video link as `access` may see it (the action `view_video_link`), else "". The one
        rule for the page, the API, the .ics, the PDFs, the archive and the calendar feed."""
        return self.video_link if self.video_link and access.can(VIEW_VIDEO_LINK, self) else ""


class DecisionKind(models.TextChoices):
    BUDGET = "budget", _("budget")
    OPERATIONS_PLAN = "operations_plan", _("verksamhetsplan")
    ACTIVITY_PLAN = "activity_plan", _("aktivitetsplan och kalendarium")
    ANNUAL_REPORT = "annual_report", _("verksamhetsberättelse")
    WORKING_GROUP = "working_group", _("arbetsgrupp")
    ASSIGNMENT = "assignment", pgettext_lazy("assignment", "uppdrag")
    CORRECTION = "correction", _("rättelse")
    OTHER = "other", _("övrigt")


class AgendaItemStatus(models.TextChoices):
    SUGGESTED = "suggested", _("föreslagen")
    ACCEPTED = "accepted", _("på dagordningen")


# An agenda item's estimated time: at most a working day.
MAX_ITEM_MINUTES = 480


class AgendaItem(models.Model):
    """A point on a meeting's agenda; a member's suggestion until an organiser accepts it (SG5)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("rubrik"), max_length=300)
    presenter = models.CharField(_("föredragande"), max_length=200, blank=True)
    minutes = models.PositiveIntegerField(_("beräknad tid (minuter)"), null=True, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    decision_proposed = models.BooleanField(_("förslag till beslut"), default=False)
    proposed_decision = models.TextField(_("beslutsförslag"), blank=True)
    # What a decision under this item will be about, so that the § links to it (a plan, a budget).
    decision_kind = models.CharField(max_length=30, choices=DecisionKind.choices, default=DecisionKind.OTHER)
    public = models.BooleanField(
        _("offentlig"), default=True, help_text=_("Ta bort krysset om punkten inte ska publiceras.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgendaItemStatus.choices, default=AgendaItemStatus.ACCEPTED
    )
    suggested_by = models.ForeignKey(
        "organisations.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("föreslagen av"),
    )
    # Raised by one on every save through the service; a form carries it to detect a stale edit (audit.stale).
    version = models.PositiveIntegerField(_("ändringsnummer"), default=0, editable=False)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("punkt på dagordningen")
        verbose_name_plural = _("punkter på dagordningen")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_proposed=False) | ~Q(proposed_decision=""),
                name="agendaitem_decision_has_wording",
            ),
        ]

    def __str__(self) -> str:
        return self.title


def agenda_document_path(instance: AgendaDocument, filename: str) -> str:
    return f"dagordning/{instance.item.meeting_id}/{uuid.uuid4().hex}/{filename}"


class AgendaDocument(models.Model):
    """A document attached to an agenda item (underlag). Stored outside the static files and served
    through a view that applies the item's publicity."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("rubrik"), max_length=200)
    file = models.FileField(_("fil"), upload_to=agenda_document_path, max_length=400)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "uploaded_at"]
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1]


class CalendarFeed(models.Model):
    """A secret URL with all of a user's meetings, for Outlook or another calendar to subscribe to."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")

    def __str__(self) -> str:
        return f"{self.user} ({self.token[:6]}…)"


class LockedMinutesError(Exception):
    """Raised on any attempt to change a record of approved minutes (admin, shell, API alike)."""


class LockedByApprovedMinutes(models.Model):
    """Rows that belong to minutes; once the minutes are approved they can be neither saved nor deleted.

    The services refuse first, with a message for the user; this guard holds for every other path.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and self._minutes_approved():
            raise LockedMinutesError(f"{self._meta.label} {self.pk} belongs to approved minutes")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._minutes_approved():
            raise LockedMinutesError(f"{self._meta.label} {self.pk} belongs to approved minutes")
        return super().delete(*args, **kwargs)

    def _minutes_approved(self) -> bool:
        raise NotImplementedError


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("närvarande")
    ABSENT = "absent", _("frånvarande")
    SUBSTITUTE = "substitute", _("ersättare tjänstgör")


class Attendance(LockedByApprovedMinutes):
    """Who was there. Names are copied when recorded: the minutes are a public record and must stay
    readable even if the person is later erased from the contact list."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("namn"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("roll"), max_length=100, blank=True)
    status = models.CharField(
        _("närvaro"), max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    note = models.CharField(_("anteckning"), max_length=200, blank=True, help_text=_("T.ex. vem ersättaren ersätter."))

    class Meta:
        ordering = ["meeting", "organisation", "name"]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def _minutes_approved(self) -> bool:
        return Minutes.objects.filter(meeting_id=self.meeting_id, status=MinutesStatus.APPROVED).exists()


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("utkast")
    APPROVED = "approved", _("justerat")


class Minutes(models.Model):
    """The minutes of one meeting, kept by the secretary; locked once the chair and adjusters approve."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    status = models.CharField(_("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    secretary_name = models.CharField(_("sekreterare"), max_length=200, blank=True)
    approved_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    sent_for_approval_at = models.DateTimeField(_("skickat för justering"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")

    def __str__(self) -> str:
        return _("Protokoll %(meeting)s") % {"meeting": self.meeting}

    @property
    def locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class ParagraphCounter(models.Model):
    """The last § number used by a body in a calendar year; every new § increments it in the same
    transaction, so numbers never repeat and never skip."""

    group = models.ForeignKey("organisations.Group", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "year"], name="paragraphcounter_unique_year")]

    def __str__(self) -> str:
        return f"{self.group} {self.year}: § {self.last}"


class MinuteItem(LockedByApprovedMinutes):
    """A numbered item (§) of the minutes, usually from an agenda item."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    group = models.ForeignKey("organisations.Group", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField(_("§"))
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("protokollstext"), blank=True)
    public = models.BooleanField(_("offentlig"), default=True)
    # Raised by one on every save through the service; a form carries it to detect a stale edit (audit.stale).
    version = models.PositiveIntegerField(_("ändringsnummer"), default=0, editable=False)

    class Meta:
        ordering = ["year", "number"]
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        constraints = [
            models.UniqueConstraint(fields=["group", "year", "number"], name="minuteitem_unique_number"),
        ]

    def __str__(self) -> str:
        return f"§ {self.number}/{self.year} {self.title}"

    def _minutes_approved(self) -> bool:
        return Minutes.objects.filter(pk=self.minutes_id, status=MinutesStatus.APPROVED).exists()


class DecisionQuerySet(models.QuerySet["Decision"]):
    def published(self) -> DecisionQuerySet:
        """Decisions of approved minutes: only those are in the register."""
        return self.filter(item__minutes__status=MinutesStatus.APPROVED)

    def visible_to(self, access: Access) -> DecisionQuerySet:
        """The published decisions the reader may see: closed ones (§ not public) for participants."""
        shown = self.published()
        return shown if access.can(VIEW_CLOSED_ITEMS) else shown.filter(item__public=True)


class Decision(LockedByApprovedMinutes):
    """What a body decided under a §: a structured record that later plans, assignments and budgets link to."""

    item = models.OneToOneField(MinuteItem, on_delete=models.PROTECT, related_name="decision")
    kind = models.CharField(_("gäller"), max_length=30, choices=DecisionKind.choices, default=DecisionKind.OTHER)
    text = models.TextField(_("beslut"))
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("rättar beslut"),
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-item__year", "-item__number"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self) -> str:
        return f"{self.item.group.name} § {self.item.number}/{self.item.year}"

    @property
    def working_group(self) -> Group | None:
        """The working group this decision appointed, else the one it closed.

        The group holds the link (`Group.appointed_by`, `Group.closed_by`, set by the services that
        appoint and close it), so the group page and the decision register cannot disagree. Prefetch
        `WORKING_GROUP_PREFETCH` on a list to read it without a query per decision.
        """
        for groups in (self.appointed_groups.all(), self.closed_groups.all()):
            first = min(groups, key=lambda g: g.pk, default=None)
            if first is not None:
                return first
        return None

    @property
    def working_group_id(self) -> int | None:
        group = self.working_group
        return group.pk if group is not None else None

    def _minutes_approved(self) -> bool:
        return Minutes.objects.filter(items__pk=self.item_id, status=MinutesStatus.APPROVED).exists()


class Signatory(models.Model):
    """The chair or an adjuster (justerare), each approving the minutes in their own step."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("ordförande")
        ADJUSTER = "adjuster", _("justerare")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="signatories")
    person = models.ForeignKey("organisations.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    approved_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    # When the signatory was last asked to approve by e-mail, and whether that ask has been reminded.
    asked_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["minutes", "role", "name"]
        verbose_name = _("justerare")
        verbose_name_plural = _("justerare")
        constraints = [models.UniqueConstraint(fields=["minutes", "person"], name="signatory_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ApprovalLink(models.Model):
    """One signed e-mail link with which a signatory approves without logging in.

    The token carries the link's id and its random nonce; the link works once (`used_at`), until
    `expires_at`, and not after a newer link to the same signatory replaced it (`superseded`).
    """

    class Kind(models.TextChoices):
        REQUEST = "request", _("begäran om justering")
        REMINDER = "reminder", _("påminnelse")
        RENEWED = "renewed", _("ny justering efter ändring")

    signatory = models.ForeignKey(Signatory, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REQUEST)
    nonce = models.CharField(max_length=64, unique=True)
    # What changed, for a renewed request after the minutes were changed under an approval.
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    superseded = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("justeringslänk")
        verbose_name_plural = _("justeringslänkar")

    def __str__(self) -> str:
        return f"{self.signatory} ({self.get_kind_display()})"


class DatePollStatus(models.TextChoices):
    OPEN = "open", _("öppen")
    DECIDED = "decided", _("avgjord")


class DatePoll(models.Model):
    """Before a meeting is fixed: the convener proposes dates and the members answer through links."""

    group = models.ForeignKey(
        "organisations.Group", on_delete=models.CASCADE, related_name="date_polls", verbose_name=_("grupp")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=DatePollStatus.choices, default=DatePollStatus.OPEN)
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="date_poll")
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("datumförfrågan")
        verbose_name_plural = _("datumförfrågningar")

    def __str__(self) -> str:
        return self.title


class PollOption(models.Model):
    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="options")
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("datumförslag")
        verbose_name_plural = _("datumförslag")

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class PollInvitation(models.Model):
    """One member's signed link to answer the poll without logging in."""

    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="pollinvitation_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.poll})"


class PollAnswerChoice(models.TextChoices):
    YES = "yes", _("ja")
    IF_NEED_BE = "maybe", _("om det behövs")
    NO = "no", _("nej")


class PollAnswer(models.Model):
    invitation = models.ForeignKey(PollInvitation, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(max_length=10, choices=PollAnswerChoice.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["invitation", "option"], name="pollanswer_once")]

    def __str__(self) -> str:
        return f"{self.invitation.name}: {self.option} {self.answer}"
