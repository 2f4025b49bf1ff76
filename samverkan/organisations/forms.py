from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.organisations.models import Group, Organisation, Person, Role

# more than any Swedish municipality, region or county has (Sweden: 10.6 million), far below what
# the database column holds (2^31 − 1)
POPULATION_LIMIT = 11_000_000  # services.MAX_POPULATION: more than all of Sweden


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PersonForm(forms.ModelForm[Person]):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "title", "organisation", "email", "phone", "gender"]
        help_texts = {"gender": _("Används bara i sammanställningar; visas aldrig för en enskild person.")}


class WorkingGroupForm(forms.ModelForm[Group]):
    """A working group, appointed or changed by a decision (§) of the body the model file names (AG1)."""

    decision = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        label=_("Beslut (§)"),
        help_text=_("Beslutet som tillsätter, ändrar eller avslutar gruppen."),
    )

    class Meta:
        model = Group
        fields = ["name", "purpose", "mandate", "goal", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}
        help_texts = {"goal": _("Om möjligt.")}

    def __init__(self, *args: Any, decisions: Any, body: str = "", **kwargs: Any) -> None:
        """`body`: the name of the group whose decisions appoint working groups, if the model names one."""
        super().__init__(*args, **kwargs)
        if body:
            self.fields["decision"].help_text = _(
                "Beslutet av %(body)s som tillsätter, ändrar eller avslutar gruppen."
            ) % {"body": body}
        self.fields["purpose"].required = True
        self.fields["mandate"].required = True
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
        decision_field: Any = self.fields["decision"]
        decision_field.label_from_instance = lambda d: f"§ {d.item.number}/{d.item.year} {d.item.title}: {d.text[:80]}"
        self.order_fields(["decision", *self.Meta.fields])


class StandingGroupForm(forms.ModelForm[Group]):
    class Meta:
        model = Group
        fields = ["name", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Person"))
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Representerar"),
        required=False,
        help_text=_("Lämna tomt för personens egen organisation."),
    )
    role = forms.ChoiceField(choices=Role.choices, label=_("Roll"), initial=Role.MEMBER)
    started_on = forms.DateField(label=_("Från"), widget=DateInput())
    ended_on = forms.DateField(label=_("Till"), widget=DateInput(), required=False)

    def __init__(self, *args: object, people: object, organisations: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class EndMembershipForm(forms.Form):
    ended_on = forms.DateField(label=_("Sista dag"), widget=DateInput())


class HostForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Ny huvudman"))
    started_on = forms.DateField(label=_("Från"), widget=DateInput())

    def __init__(self, *args: object, organisations: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    municipality_code = forms.CharField(
        label=_("Kommunkod"), max_length=4, required=False, help_text=_("Fyra siffror, t.ex. 2480 för Umeå.")
    )
    supervision_unit = forms.CharField(
        label=_("Tillsynsenhet"),
        max_length=200,
        required=False,
        help_text=_("Miljökontoret eller nämnden. Kommuner som delar en enhet anger samma namn."),
    )
    population_year = forms.IntegerField(label=_("År för folkmängd"), required=False, min_value=1900, max_value=2100)
    population = forms.IntegerField(
        label=_("Folkmängd den 31 december det året"),
        required=False,
        min_value=0,
        max_value=POPULATION_LIMIT,
        error_messages={"max_value": _("Folkmängden kan vara högst 11 000 000, fler än i hela Sverige.")},
        help_text=_("Enligt SCB. Gäller i alla samverkan där organisationen är part."),
    )


class ContactFilterForm(forms.Form):
    """The contact list's search and filters; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation"), required=False, empty_label=_("Alla")
    )
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(), label=_("Grupp"), required=False, empty_label=_("Alla")
    )
    role = forms.ChoiceField(label=_("Roll"), required=False, choices=[("", _("Alla")), *Role.choices])
    sort = forms.ChoiceField(
        required=False,
        choices=[("namn", "namn"), ("organisation", "organisation"), ("bekraftad", "bekraftad")],
        widget=forms.HiddenInput,
    )
    riktning = forms.ChoiceField(required=False, choices=[("", ""), ("fallande", "fallande")], widget=forms.HiddenInput)

    def __init__(self, *args: object, organisations: object, groups: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


class ContactImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med kontakter"),
        help_text=_(
            "Excel (.xlsx) eller CSV. Första raden är rubriker, t.ex. Förnamn, Efternamn, Organisation, E-post, "
            "Telefon, Titel. Personer med samma e-postadress som någon i listan uppdateras."
        ),
    )


class SelfDetailsForm(forms.ModelForm[Person]):
    """What a person may confirm or correct about themselves through their link."""

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "title", "email", "phone"]


class ConfirmationScopeForm(forms.Form):
    SCOPES = [
        ("stale", _("Alla som inte har bekräftat sina uppgifter på länge")),
        ("group", _("Alla i en grupp")),
        ("person", _("En person")),
    ]
    scope = forms.ChoiceField(
        label=_("Vilka ska få en förfrågan?"), choices=SCOPES, widget=forms.RadioSelect, initial="stale"
    )
    group = forms.ModelChoiceField(queryset=Group.objects.none(), label=_("Grupp"), required=False)
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Person"), required=False)

    def __init__(self, *args: object, groups: object, people: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("scope") == "group" and not data.get("group"):
            self.add_error("group", _("Välj en grupp."))
        if data.get("scope") == "person" and not data.get("person"):
            self.add_error("person", _("Välj en person."))
        return data
