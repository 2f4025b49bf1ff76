from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from samverkan.lib.forms import MoneyField
from samverkan.organisations.forms import DateInput
from samverkan.plans import rules
from samverkan.plans.models import Activity, Assignment, AssignmentOwner, AssignmentStatus


def decision_label(decision: Any) -> str:
    item = decision.item
    return f"{item.group.name} § {item.number}/{item.year} {item.title}: {decision.text[:80]}"


class StartDocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Dokument"))
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].choices = types  # type: ignore[attr-defined]


# participants of one activity, as the fees form allows them
PARTICIPANTS_LIMIT = 100_000
# a plan section: some ten pages; the whole plan page stays well below a megabyte
SECTION_LIMIT = 50_000


class DraftForm(forms.Form):
    """One textarea per section of the document, and the areas for the operations plan (PL2)."""

    def __init__(self, *args: Any, sections: list[dict[str, str]], areas: list[tuple[str, str]] | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.section_count = len(sections)
        for index, section in enumerate(sections):
            self.fields[f"section_{index}"] = forms.CharField(
                label=section["title"],
                required=False,
                max_length=SECTION_LIMIT,
                widget=forms.Textarea(attrs={"rows": 8}),
                initial=section.get("text", ""),
                help_text=_("Markdown: **fet**, *kursiv*, listor med -, rubriker med #.") if index == 0 else "",
            )
        if areas is not None:
            self.fields["areas"] = forms.MultipleChoiceField(
                label=_("Samverkansområden som planen tar upp"),
                choices=areas,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=_("Aktiviteterna bygger på dessa områden."),
            )

    def texts(self) -> list[str]:
        return [self.cleaned_data[f"section_{i}"] for i in range(self.section_count)]


class SubmitForm(forms.Form):
    """Which of the deciding body's coming meetings takes the proposal; the next is chosen."""

    meeting = forms.TypedChoiceField(label=_("Till mötet"), coerce=int)

    def __init__(self, *args: Any, meetings: list[Any], group: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meetings = {m.pk: m for m in meetings}
        field = self.fields["meeting"]
        field.choices = [(m.pk, meeting_label(m)) for m in meetings]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = _("Välj ett av de kommande mötena i %(group)s.") % {"group": group}
        if meetings:
            field.initial = meetings[0].pk

    def chosen(self) -> Any:
        return self.meetings[self.cleaned_data["meeting"]]


def meeting_label(meeting: Any) -> str:
    if meeting.status == "called":
        return _("%(meeting)s (redan kallat: en tilläggskallelse skickas)") % {"meeting": meeting.display_title}
    return str(meeting.display_title)


class SendBackForm(forms.Form):
    comment = forms.CharField(label=_("Vad ska ändras?"), widget=forms.Textarea(attrs={"rows": 3}))


class ActivityForm(forms.ModelForm[Activity]):
    budget_ore = MoneyField(label=_("Budget (kr)"), required=False)
    fee_member_ore = MoneyField(
        label=_("Deltagaravgift, medlemskommuner (kr)"),
        required=False,
        help_text=_("För kostsamma aktiviteter. Tomt: ingen avgift."),
    )
    fee_other_ore = MoneyField(label=_("Deltagaravgift, övriga (kr)"), required=False)

    # the form is long: grouped as a planner thinks of an activity (rendered by templates/forms/form.html)
    fieldsets = [
        (_("Aktiviteten"), ["title", "description", "area", "kind", "supervision_area"]),
        (_("Målgrupper"), ["for_municipalities", "for_business", "for_citizens"]),
        (_("Ansvar och tid"), ["responsible_person", "responsible_group", "starts_on", "ends_on"]),
        (_("Ekonomi"), ["budget_ore", "fee_member_ore", "fee_other_ore"]),
        (_("Jämställdhet (4R)"), ["gender_representation", "gender_resources", "gender_norms", "gender_realisation"]),
        (
            _("Näringsliv och innovation"),
            ["business_relevance", "innovation", "innovation_procurement", "innovation_notes"],
        ),
    ]

    class Meta:
        model = Activity
        fields = [
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
            "gender_representation",
            "gender_resources",
            "gender_norms",
            "gender_realisation",
            "business_relevance",
            "innovation",
            "innovation_procurement",
            "innovation_notes",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "gender_representation": forms.Textarea(attrs={"rows": 2}),
            "gender_resources": forms.Textarea(attrs={"rows": 2}),
            "gender_norms": forms.Textarea(attrs={"rows": 2}),
            "gender_realisation": forms.Textarea(attrs={"rows": 2}),
            "business_relevance": forms.Textarea(attrs={"rows": 2}),
            "innovation_notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "gender_representation": _(
                "4R: hur fördelas kvinnor och män bland deltagare, föreläsare och beslutsfattare?"
            ),
            "gender_resources": _("4R: hur fördelas tid, pengar och utrymme mellan kvinnor och män?"),
            "gender_norms": _("4R: vilka normer och värderingar styr aktiviteten?"),
            "gender_realisation": _("4R: vad ska ändras, och hur?"),
            "business_relevance": _("Hur aktiviteten gör branschen attraktiv och nyttig för företag."),
            "innovation_notes": _("Dialog i delprojekt och innovationsupphandling."),
            "supervision_area": _("När aktiviteten gäller ett tillsynsområde."),
        }

    def __init__(self, *args: Any, collaboration: Any, people: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = collaboration.model
        self.fields["area"] = forms.ChoiceField(
            label=_("Samverkansområde"), choices=[(a.key, a.name) for a in model.collaboration_areas]
        )
        self.fields["supervision_area"] = forms.ChoiceField(
            label=_("Tillsynsområde"),
            required=False,
            choices=[("", "–"), *((a.key, a.name) for a in model.supervision_areas)],
            help_text=self.Meta.help_texts["supervision_area"],
        )
        self.fields["responsible_person"].queryset = people  # type: ignore[attr-defined]
        self.fields["responsible_group"].queryset = groups  # type: ignore[attr-defined]
        self.order_fields(self.Meta.fields)

    def clean(self) -> dict[str, Any]:
        # said on the field here, before the model's constraint would answer with its bare name
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Slutdatum kan inte ligga före startdatum."))
        return data


class FollowUpForm(forms.ModelForm[Activity]):
    class Meta:
        model = Activity
        fields = ["status", "done_on", "outcome", "participants_women", "participants_men", "participants_other"]
        widgets = {"done_on": DateInput(), "outcome": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("participants_women", "participants_men", "participants_other"):
            field: Any = self.fields[name]
            field.max_value = PARTICIPANTS_LIMIT
            field.widget.attrs["max"] = PARTICIPANTS_LIMIT
            field.validators.append(
                MaxValueValidator(PARTICIPANTS_LIMIT, message=_("En aktivitet kan ha högst 100 000 deltagare."))
            )


class AssignmentForm(forms.ModelForm[Assignment]):
    decision = forms.ModelChoiceField(
        queryset=Assignment.objects.none(),
        label=_("Beslut (§)"),
        help_text=_("Beslutet som ger uppdraget. Ett uppdrag finns bara genom ett beslut."),
    )

    class Meta:
        model = Assignment
        fields = ["title", "description", "owner_kind", "owner_group", "owner_person", "due_on"]
        widgets = {"due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "owner_group": _("När uppdraget ges till en arbetsgrupp."),
            "owner_person": _("När uppdraget ges till en person."),
        }

    def __init__(self, *args: Any, decisions: Any, groups: Any, people: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        decision_field: Any = self.fields["decision"]
        decision_field.queryset = decisions
        decision_field.label_from_instance = decision_label
        self.fields["owner_group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["owner_person"].queryset = people  # type: ignore[attr-defined]
        if editing:
            del self.fields["decision"]
        else:
            self.order_fields(["decision", *self.Meta.fields])

    def clean(self) -> dict[str, Any]:
        # one owner, said on the field, before the model's constraint would answer with its bare name
        data = super().clean() or {}
        kind = data.get("owner_kind")
        if kind == AssignmentOwner.PERSON:
            data["owner_group"] = None
            if data.get("owner_person") is None and "owner_person" not in self.errors:
                self.add_error("owner_person", _("Välj personen som får uppdraget."))
        elif kind == AssignmentOwner.WORKING_GROUP:
            data["owner_person"] = None
            if data.get("owner_group") is None and "owner_group" not in self.errors:
                self.add_error("owner_group", _("Välj arbetsgruppen som får uppdraget."))
        elif kind == AssignmentOwner.COORDINATOR:
            data["owner_group"] = data["owner_person"] = None
        return data


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Läget"), widget=forms.Textarea(attrs={"rows": 3}))
    percent_done = forms.IntegerField(label=_("Klart (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=AssignmentStatus.choices)
    outcome = forms.CharField(
        label=_("Resultat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när uppdraget är slutfört."),
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        """Offers only the statuses the assignment's workflow lets follow `current`."""
        super().__init__(*args, **kwargs)
        allowed = rules.ASSIGNMENT.next_states(current)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, label) for value, label in AssignmentStatus.choices if value in allowed]


class AdoptForm(forms.Form):
    """The planner's proposal as checkboxes: the coordinator keeps or drops each meeting."""

    def __init__(self, *args: Any, proposals: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meetings"] = forms.MultipleChoiceField(
            label=_("Möten att planera"),
            choices=proposals,
            widget=forms.CheckboxSelectMultiple,
            initial=[value for value, _label in proposals],
            required=False,
        )
