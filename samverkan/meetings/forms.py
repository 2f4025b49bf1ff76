from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.lib.forms import narrower_window
from samverkan.meetings.models import MAX_ITEM_MINUTES, AgendaItem, Decision, DecisionKind
from samverkan.meetings.rules import year_refusal
from samverkan.organisations.forms import DateInput
from samverkan.organisations.models import Group


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class MeetingForm(forms.Form):
    """Date and times as people enter them; the form joins them into aware datetimes."""

    group = forms.ModelChoiceField(queryset=Group.objects.none(), label=_("Grupp"))
    title = forms.CharField(
        label=_("Rubrik"), max_length=200, required=False, help_text=_("Lämna tomt för gruppens namn och datum.")
    )
    day = narrower_window(forms.DateField(label=_("Datum"), widget=DateInput()))  # year_refusal in clean()
    start = forms.TimeField(label=_("Börjar"), widget=TimeInput(), initial=datetime.time(9, 0))
    end = forms.TimeField(label=_("Slutar"), widget=TimeInput(), initial=datetime.time(12, 0))
    place = forms.CharField(label=_("Plats"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Videolänk"), required=False, assume_scheme="https")
    holiday_confirmed = forms.BooleanField(label=_("Mötet ska hållas även om dagen är en helgdag"), required=False)

    def __init__(self, *args: Any, groups: Any, fixed_group: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        if fixed_group:
            del self.fields["group"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refusal = year_refusal(data["day"], timezone.localdate()) if data.get("day") else None
        if refusal:
            self.add_error("day", refusal)
        elif data.get("day") and data.get("start") and data.get("end"):
            tz = timezone.get_current_timezone()
            data["starts_at"] = datetime.datetime.combine(data["day"], data["start"], tzinfo=tz)
            data["ends_at"] = datetime.datetime.combine(data["day"], data["end"], tzinfo=tz)
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ("title", "starts_at", "ends_at", "place", "video_link", "holiday_confirmed")}

    @staticmethod
    def initial_for(meeting: Any) -> dict[str, Any]:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "day": starts.date(),
            "start": starts.time(),
            "end": ends.time(),
            "place": meeting.place,
            "video_link": meeting.video_link,
            "holiday_confirmed": meeting.holiday_confirmed,
        }


class AgendaItemForm(forms.ModelForm[AgendaItem]):
    minutes = forms.IntegerField(
        label=_("Beräknad tid (minuter)"),
        required=False,
        min_value=0,
        max_value=MAX_ITEM_MINUTES,
        error_messages={"max_value": _("En punkt kan ta högst 480 minuter (8 timmar).")},
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "minutes", "description", "decision_proposed", "proposed_decision", "public"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "proposed_decision": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        # said on the field here, before the model's constraint would answer with its bare name
        data = super().clean() or {}
        if data.get("decision_proposed") and not str(data.get("proposed_decision") or "").strip():
            self.add_error("proposed_decision", _("Skriv beslutsförslaget när punkten har ett förslag till beslut."))
        return data


def supplement_field() -> forms.BooleanField:
    """Offered when the item goes on a meeting whose notice has already gone out."""
    return forms.BooleanField(
        label=_("Skicka tilläggskallelse"),
        required=False,
        initial=True,
        help_text=_(
            "Kallelsen har redan skickats. Alla kallade får punkten och den uppdaterade dagordningen med e-post."
        ),
    )


class SuggestionForm(forms.ModelForm[AgendaItem]):
    class Meta:
        model = AgendaItem
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"title": _("Föreslagen punkt"), "description": _("Varför och vad vill du ta upp?")}


class MinuteItemForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    text = forms.CharField(
        label=_("Protokollstext"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad som sades och redovisades."),
    )
    decision = forms.CharField(
        label=_("Beslut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lämna tomt om punkten inte ledde till något beslut."),
    )
    decision_kind = forms.ChoiceField(
        label=_("Beslutet gäller"), choices=DecisionKind.choices, initial=DecisionKind.OTHER
    )
    corrects = forms.ModelChoiceField(
        queryset=Decision.objects.none(),
        label=_("Rättar beslut"),
        required=False,
        help_text=_("Välj det justerade beslut som det här beslutet rättar."),
    )
    public = forms.BooleanField(
        label=_("Offentlig"),
        required=False,
        initial=True,
        help_text=_("Ta bort krysset om paragrafen inte ska publiceras."),
    )

    def __init__(self, *args: Any, collaboration: Any, group: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("decision_kind", "corrects"):
                del self.fields[name]
            return
        self.fields["corrects"].queryset = Decision.objects.filter(  # type: ignore[attr-defined]
            item__group=group, item__minutes__status="approved"
        ).select_related("item__group")  # each choice's label names its body (Decision.__str__)


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(), label=_("Organ"), required=False, empty_label=_("Alla")
    )
    year = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Gäller"), required=False, choices=[("", _("Alla")), *DecisionKind.choices])

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


POLL_ROWS = 5


class DatePollForm(forms.Form):
    """A title and up to five proposed times; blank rows are ignored."""

    group = forms.ModelChoiceField(queryset=Group.objects.none(), label=_("Grupp"))
    title = forms.CharField(label=_("Rubrik"), max_length=200, help_text=_("T.ex. ”Samverkansgruppen, våren 2027”."))

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        for i in range(1, POLL_ROWS + 1):
            self.fields[f"day_{i}"] = narrower_window(  # year_refusal in clean()
                forms.DateField(label=_("Förslag %(n)s: datum") % {"n": i}, required=False, widget=DateInput())
            )
            self.fields[f"start_{i}"] = forms.TimeField(
                label=_("Förslag %(n)s: börjar") % {"n": i}, required=False, widget=TimeInput()
            )
            self.fields[f"end_{i}"] = forms.TimeField(
                label=_("Förslag %(n)s: slutar") % {"n": i}, required=False, widget=TimeInput()
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tz = timezone.get_current_timezone()
        options = []
        for i in range(1, POLL_ROWS + 1):
            day, start, end = data.get(f"day_{i}"), data.get(f"start_{i}"), data.get(f"end_{i}")
            if day is None and start is None and end is None:
                continue
            if day is None or start is None or end is None:
                self.add_error(f"day_{i}", _("Fyll i datum, start och slut för förslaget."))
                continue
            refusal = year_refusal(day, timezone.localdate())
            if refusal:
                self.add_error(f"day_{i}", refusal)
                continue
            options.append(
                (datetime.datetime.combine(day, start, tzinfo=tz), datetime.datetime.combine(day, end, tzinfo=tz))
            )
        data["options"] = options
        return data


class AgendaDocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"), help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, text eller bild; högst 20 MB.")
    )
    title = forms.CharField(
        label=_("Rubrik"), max_length=200, required=False, help_text=_("Lämna tomt för filens namn.")
    )
