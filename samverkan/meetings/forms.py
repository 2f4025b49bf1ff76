from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.meetings.models import AgendaItem
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
    day = forms.DateField(label=_("Datum"), widget=DateInput())
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
        if data.get("day") and data.get("start") and data.get("end"):
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
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "minutes", "description", "decision_proposed", "proposed_decision", "public"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "proposed_decision": forms.Textarea(attrs={"rows": 3}),
        }


class SuggestionForm(forms.ModelForm[AgendaItem]):
    class Meta:
        model = AgendaItem
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"title": _("Föreslagen punkt"), "description": _("Varför och vad vill du ta upp?")}
