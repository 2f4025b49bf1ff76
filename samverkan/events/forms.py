"""The organiser's forms: an event, its sessions, questions and documents. They check the shape
of the input (dates and times joined into aware datetimes, numbers in range); the use cases in
services.py check the meaning."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from samverkan.events import services
from samverkan.events.models import Event, EventSession, QuestionKind, QuestionPurpose
from samverkan.events.rules import CAPACITY_MAX, REMINDER_DAYS_MAX
from samverkan.meetings.forms import TimeInput
from samverkan.organisations.forms import DateInput
from samverkan.organisations.models import Person
from samverkan.plans.models import Activity

CAPACITY_MESSAGES: dict[str, Any] = {
    "min_value": _("Antalet platser ska vara minst 1, eller tomt för obegränsat."),
    "max_value": _("Antalet platser kan vara högst %(limit_value)s."),
    "invalid": _("Skriv antalet platser som ett heltal, eller lämna tomt för obegränsat."),
}
REMINDER_RANGE = lazy(
    lambda: str(_("Påminnelsen kan skickas 0–%(max)s dagar före (0: ingen påminnelse).")) % {"max": REMINDER_DAYS_MAX},
    str,
)()
REMINDER_MESSAGES: dict[str, Any] = {
    "min_value": REMINDER_RANGE,
    "max_value": REMINDER_RANGE,
    "invalid": _("Skriv antalet dagar som ett heltal."),
}


class ActivityChoiceField(forms.ModelChoiceField[Activity]):
    def label_from_instance(self, obj: Activity) -> str:
        return f"{obj.year}: {obj.title}"


def _moment(day: datetime.date | None, time: datetime.time | None, default: datetime.time) -> datetime.datetime | None:
    if day is None:
        return None
    return datetime.datetime.combine(day, time or default, tzinfo=timezone.get_current_timezone())


class EventForm(forms.Form):
    """An event of an activity of the plan. The registration window is a day and (optionally) a
    time each: opening at midnight, closing a minute before the next day when no time is given."""

    activity = ActivityChoiceField(
        queryset=Activity.objects.none(),
        label=_("Aktivitet i aktivitetsplanen"),
        help_text=_("Evenemangets samverkansområde, slag och avgifter kommer från aktiviteten."),
    )
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    for_municipalities = forms.BooleanField(label=_("Kommunerna"), required=False)
    for_business = forms.BooleanField(label=_("Företag och verksamhetsutövare"), required=False)
    for_citizens = forms.BooleanField(label=_("Allmänheten"), required=False)
    capacity = forms.IntegerField(
        label=_("Antal platser"),
        required=False,
        min_value=1,
        max_value=CAPACITY_MAX,
        help_text=_("Tomt: obegränsat antal platser. När platserna är tagna hamnar nya anmälningar på väntelistan."),
        error_messages=CAPACITY_MESSAGES,
    )
    opens_day = forms.DateField(label=_("Anmälan öppnar, datum"), required=False, widget=DateInput())
    opens_time = forms.TimeField(
        label=_("Anmälan öppnar, klockan"), required=False, widget=TimeInput(), help_text=_("Tomt: 00:00.")
    )
    closes_day = forms.DateField(label=_("Anmälan stänger, datum"), required=False, widget=DateInput())
    closes_time = forms.TimeField(
        label=_("Anmälan stänger, klockan"), required=False, widget=TimeInput(), help_text=_("Tomt: 23:59.")
    )
    public = forms.BooleanField(
        label=_("Öppet för alla"),
        required=False,
        help_text=_("Annars bara för samverkanspartnernas medlemmar, som loggar in för att anmäla sig."),
    )
    contact_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=_("Kontaktperson"), required=False, empty_label="–"
    )
    consent_text = forms.CharField(
        label=_("Samtycke"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Det den som anmäler sig måste godkänna, t.ex. att bilder tas. Tomt: inget samtycke."),
    )
    reminder_days = forms.IntegerField(
        label=_("Påminnelse, dagar före"),
        min_value=0,
        max_value=REMINDER_DAYS_MAX,
        initial=2,
        help_text=_("0: ingen påminnelse."),
        error_messages=REMINDER_MESSAGES,
    )

    fieldsets = [
        (_("Evenemanget"), ["activity", "title", "description", "contact_person"]),
        (_("Målgrupper"), ["for_municipalities", "for_business", "for_citizens", "public"]),
        (_("Platser och anmälan"), ["capacity", "opens_day", "opens_time", "closes_day", "closes_time"]),
        (_("Samtycke och påminnelse"), ["consent_text", "reminder_days"]),
    ]

    def __init__(self, *args: Any, activities: Any, people: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["contact_person"].queryset = people  # type: ignore[attr-defined]
        if editing:
            del self.fields["activity"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix in ("opens", "closes"):
            if data.get(f"{prefix}_time") and not data.get(f"{prefix}_day"):
                self.add_error(f"{prefix}_day", _("Ange datumet till klockslaget."))
        data["registration_opens"] = _moment(data.get("opens_day"), data.get("opens_time"), datetime.time(0, 0))
        data["registration_closes"] = _moment(data.get("closes_day"), data.get("closes_time"), datetime.time(23, 59))
        opens, closes = data["registration_opens"], data["registration_closes"]
        if opens and closes and closes <= opens and not self.has_error("closes_day"):
            self.add_error("closes_day", _("Anmälan måste stänga efter att den öppnar."))
        if not any(data.get(n) for n in ("for_municipalities", "for_business", "for_citizens")):
            self.add_error("for_municipalities", _("Välj minst en målgrupp."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in services.EDITABLE_FIELDS}

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(event, name)
            for name in (
                "title",
                "description",
                "for_municipalities",
                "for_business",
                "for_citizens",
                "capacity",
                "public",
                "consent_text",
                "reminder_days",
            )
        }
        initial["contact_person"] = event.contact_person_id
        for prefix, moment in (("opens", event.registration_opens), ("closes", event.registration_closes)):
            if moment is not None:
                local = timezone.localtime(moment)
                initial[f"{prefix}_day"], initial[f"{prefix}_time"] = local.date(), local.time()
        return initial

    @staticmethod
    def initial_from_activity(activity: Activity) -> dict[str, Any]:
        return {
            "activity": activity.pk,
            "title": activity.title,
            "description": activity.description,
            "for_municipalities": activity.for_municipalities,
            "for_business": activity.for_business,
            "for_citizens": activity.for_citizens,
            "contact_person": activity.responsible_person_id,
            "reminder_days": 2,
        }


class SessionForm(forms.Form):
    """One occasion: a day, from and to (an end day when it goes on past midnight or over several
    days), and a place or a video link (or both)."""

    day = forms.DateField(label=_("Datum"), widget=DateInput())
    start = forms.TimeField(label=_("Börjar"), widget=TimeInput(), initial=datetime.time(9, 0))
    end = forms.TimeField(label=_("Slutar"), widget=TimeInput(), initial=datetime.time(12, 0))
    end_day = forms.DateField(label=_("Slutdatum"), required=False, widget=DateInput(), help_text=_("Tomt: samma dag."))
    place = forms.CharField(label=_("Plats"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Videolänk"), max_length=500, required=False, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("start") and data.get("end") and not self.has_error("end_day"):
            tz = timezone.get_current_timezone()
            data["starts_at"] = datetime.datetime.combine(data["day"], data["start"], tzinfo=tz)
            data["ends_at"] = datetime.datetime.combine(data.get("end_day") or data["day"], data["end"], tzinfo=tz)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("Tillfället måste sluta efter att det börjar."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("starts_at", "ends_at", "place", "video_link")}

    @staticmethod
    def initial_for(session: EventSession) -> dict[str, Any]:
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {
            "day": starts.date(),
            "start": starts.time(),
            "end": ends.time(),
            "end_day": ends.date() if ends.date() != starts.date() else None,
            "place": session.place,
            "video_link": session.video_link,
        }


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Fråga"), max_length=300)
    kind = forms.ChoiceField(label=_("Slags svar"), choices=QuestionKind.choices, initial=QuestionKind.TEXT)
    choices = forms.CharField(
        label=_("Svarsalternativ"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett alternativ per rad. Bara för frågor med val."),
    )
    required = forms.BooleanField(label=_("Obligatorisk"), required=False)
    purpose = forms.ChoiceField(
        label=_("Ställs"),
        choices=[
            (QuestionPurpose.REGISTRATION, _("vid anmälan")),
            (QuestionPurpose.EVALUATION, _("i utvärderingen efteråt")),
        ],
        initial=QuestionPurpose.REGISTRATION,
    )

    def clean_choices(self) -> list[str]:
        lines = [line.strip() for line in str(self.cleaned_data.get("choices") or "").splitlines()]
        kept = [line for line in lines if line]
        if any(len(line) > 200 for line in kept):
            raise forms.ValidationError(_("Ett svarsalternativ kan vara högst 200 tecken."))
        if len(kept) > 30:
            raise forms.ValidationError(_("En fråga kan ha högst 30 svarsalternativ."))
        return kept


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"), help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, text eller bild; högst 20 MB.")
    )
    title = forms.CharField(
        label=_("Rubrik"), max_length=200, required=False, help_text=_("Lämna tomt för filens namn.")
    )
