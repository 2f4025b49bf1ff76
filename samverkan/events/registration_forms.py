"""The registration form of an event's public page (and of the personal link's change form):
who, from where, which category, gender for the statistics, the event's own questions and the
consent. The use case validates again (the API calls it without a form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samverkan.events.models import Category, Event, QuestionKind, QuestionPurpose, Registration, RegistrationGender
from samverkan.organisations.models import Organisation, Party

OTHER_ORGANISATION = ""


def party_organisations(event: Event) -> list[Organisation]:
    """The collaboration's parties today, by name: the list a registrant picks from."""
    ids = Party.objects.current().filter(collaboration_id=event.collaboration_id).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name", "pk"))


def question_field(question: Any) -> forms.Field:
    label = question.text
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            label=label,
            required=question.required,
            choices=[("yes", _("Ja")), ("no", _("Nej"))],
            widget=forms.RadioSelect,
        )
    if question.kind == QuestionKind.CHOICE:
        choices = [(c, c) for c in question.choices]
        return forms.ChoiceField(
            label=label,
            required=question.required,
            choices=choices if question.required else [("", _("Inget svar")), *choices],
            widget=forms.RadioSelect,
        )
    return forms.CharField(
        label=label, required=question.required, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_("Bekräftelsen och din personliga länk skickas hit."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    organisation_text = forms.CharField(
        label=_("Annan organisation"),
        max_length=200,
        required=False,
        help_text=_("Om din organisation inte finns i listan. Lämna tomt som privatperson."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    category = forms.ChoiceField(
        label=_("Jag anmäler mig som"),
        choices=[(value, capfirst(label)) for value, label in Category.choices],
        widget=forms.RadioSelect,
    )
    gender = forms.ChoiceField(
        label=_("Kön (frivilligt)"),
        choices=[(value, capfirst(label)) for value, label in RegistrationGender.choices],
        initial=RegistrationGender.NOT_STATED,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Bara för statistiken över vilka vi når. Den visas aldrig så att någon enskild kan pekas ut."),
    )

    def __init__(
        self, *args: Any, event: Event, with_email: bool = True, keep: Organisation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.organisations = {str(o.pk): o for o in party_organisations(event)}
        # editing: the organisation chosen when registering stays a choice, even if no longer a party
        if keep is not None:
            self.organisations.setdefault(str(keep.pk), keep)
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            (OTHER_ORGANISATION, _("Annan, eller ingen")),
            *((key, o.name) for key, o in self.organisations.items()),
        ]
        if not with_email:
            del self.fields["email"]
        self.question_keys: dict[str, int] = {}
        for question in event.questions.filter(purpose=QuestionPurpose.REGISTRATION):
            key = f"fraga_{question.pk}"
            self.fields[key] = question_field(question)
            self.question_keys[key] = question.pk
        if event.consent_text.strip():
            self.fields["consent"] = forms.BooleanField(label=event.consent_text, required=True)

    def clean_gender(self) -> str:
        return self.cleaned_data.get("gender") or RegistrationGender.NOT_STATED

    def chosen_organisation(self) -> Organisation | None:
        return self.organisations.get(self.cleaned_data.get("organisation") or "")

    def answers(self) -> dict[int | str, str]:
        return {pk: self.cleaned_data.get(key) or "" for key, pk in self.question_keys.items()}

    @classmethod
    def initial_of(cls, registration: Registration) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": registration.name,
            "organisation": str(registration.organisation_id or ""),
            "organisation_text": registration.organisation_text,
            "category": registration.category,
            "gender": registration.gender,
        }
        for answer in registration.answers.all():
            initial[f"fraga_{answer.question_id}"] = answer.value
        return initial
