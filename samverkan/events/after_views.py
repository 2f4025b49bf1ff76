"""After an event: the anonymous evaluation by its link and its results for the organiser, and the
certificates of attendance (one per person, all in one file, or one's own by the personal link)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from samverkan.accounts.permissions import collaboration_for
from samverkan.collaborations.views import deny
from samverkan.events import certificates, evaluation, rules
from samverkan.events.models import Event, Question, QuestionKind, Registration
from samverkan.events.permissions import MANAGE_EVENTS
from samverkan.lib.errors import DomainError
from samverkan.lib.http import download
from samverkan.lib.text import has_unsafe_characters

PDF = "application/pdf"

OVERALL = [
    (1, gettext_lazy("1 – mycket dåligt")),
    (2, gettext_lazy("2 – ganska dåligt")),
    (3, gettext_lazy("3 – varken bra eller dåligt")),
    (4, gettext_lazy("4 – ganska bra")),
    (5, gettext_lazy("5 – mycket bra")),
]
USEFULNESS = [
    (1, gettext_lazy("1 – inte alls")),
    (2, gettext_lazy("2 – lite")),
    (3, gettext_lazy("3 – till viss del")),
    (4, gettext_lazy("4 – ganska mycket")),
    (5, gettext_lazy("5 – mycket")),
]
SCORE_ERRORS = {
    "required": gettext_lazy("Välj ett betyg från 1 till 5."),
    "invalid_choice": gettext_lazy("Välj ett betyg från 1 till 5."),
}
CONTROL = gettext_lazy("Texten innehåller osynliga styrtecken som inte kan sparas. Skriv om den eller ta bort dem.")


class EvaluationForm(forms.Form):
    """The two scores as radio groups (each a fieldset with its legend), the free text, and the
    event's own evaluation questions."""

    overall = forms.TypedChoiceField(
        label=gettext_lazy("Vad tycker du om evenemanget som helhet?"),
        choices=OVERALL,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=SCORE_ERRORS,
    )
    usefulness = forms.TypedChoiceField(
        label=gettext_lazy("Hur användbart var det för dig och ditt arbete?"),
        choices=USEFULNESS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=SCORE_ERRORS,
    )
    comment = forms.CharField(
        label=gettext_lazy("Vill du säga något mer? Vad var bra, vad kan bli bättre?"),
        required=False,
        max_length=rules.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = ["comment"]
        for question in questions:
            name = f"question_{question.pk}"
            field: forms.Field
            if question.kind == QuestionKind.TEXT:
                field = forms.CharField(max_length=rules.ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 3}))
                self.texts.append(name)
            elif question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(choices=[("yes", _("Ja")), ("no", _("Nej"))], widget=forms.RadioSelect)
            else:
                field = forms.ChoiceField(choices=[(c, c) for c in question.choices], widget=forms.RadioSelect)
            field.label = question.text
            field.required = question.required
            self.fields[name] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.texts:  # every form field drops control characters; here they are refused
            raw = self.data.get(self.add_prefix(name), "")
            if isinstance(raw, str) and has_unsafe_characters(raw, multiline=True):
                self.add_error(name, CONTROL)
        return cleaned

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("question_"): str(value or "")
            for name, value in self.cleaned_data.items()
            if name.startswith("question_")
        }


@never_cache
def evaluation_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's anonymous evaluation, by the e-mailed link; no login."""
    try:
        registration = evaluation.registration_for(token)
    except DomainError as error:
        return render(request, "organisations/confirm_invalid.html", {"message": error.message}, status=400)
    event = registration.event
    refused = evaluation.refusal(registration)
    if refused:
        return render(request, "events/evaluation_closed.html", {"message": refused.message, "event": event})
    form = EvaluationForm(request.POST or None, questions=evaluation.evaluation_questions(event))
    if request.method == "POST" and form.is_valid():
        try:
            evaluation.submit(
                token=token,
                overall=form.cleaned_data["overall"],
                usefulness=form.cleaned_data["usefulness"],
                comment=form.cleaned_data["comment"],
                answers=form.answers(),
            )
        except DomainError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
            else:  # answered meanwhile (a second tab), or no longer open
                return render(request, "events/evaluation_closed.html", {"message": error.message, "event": event})
        else:
            return render(request, "events/evaluation_done.html", {"event": event})
    return render(request, "events/evaluation_answer.html", {"form": form, "event": event})


def _managed_event(request: HttpRequest, slug: str, pk: int) -> tuple[Any, Any, Event] | HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    if not access.can(MANAGE_EVENTS):
        return deny(request)
    event = get_object_or_404(
        Event.objects.filter(collaboration=collaboration)
        .visible_to(access)
        .select_related("collaboration", "contact_person__organisation"),
        pk=pk,
    )
    return collaboration, access, event


def event_evaluation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The organiser's results: how many answered, the averages, the distribution, the texts."""
    found = _managed_event(request, slug, pk)
    if isinstance(found, HttpResponse):
        return found
    collaboration, access, event = found
    results = evaluation.results(event)
    return render(
        request,
        "events/event_evaluation.html",
        {
            "collaboration": collaboration,
            "access": access,
            "event": event,
            "results": results,
            "scores": [(score, results.overall[score], results.usefulness[score]) for score in reversed(rules.SCORES)],
        },
    )


def _refused(request: HttpRequest, event: Event, message: str, *, back: str) -> HttpResponse:
    """A certificate that cannot be made yet: why, with the way back (409: not in this state)."""
    return render(
        request, "events/certificate_refused.html", {"event": event, "message": message, "back": back}, status=409
    )


def registration_certificate(request: HttpRequest, slug: str, pk: int, registration_pk: int) -> HttpResponse:
    found = _managed_event(request, slug, pk)
    if isinstance(found, HttpResponse):
        return found
    _collaboration, _access, event = found
    registration = get_object_or_404(event.registrations.select_related("organisation"), pk=registration_pk)
    if refused := certificates.refusal(registration):
        return _refused(request, event, refused.message, back=reverse("event_evaluation", args=[slug, pk]))
    pdf = certificates.certificates_pdf(event, [registration])
    return download(pdf, PDF, certificates.file_name(event, registration))


def event_certificates(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = _managed_event(request, slug, pk)
    if isinstance(found, HttpResponse):
        return found
    _collaboration, _access, event = found
    present = certificates.attended(event)
    if not present:
        message = _("Ingen är markerad som närvarande än. Markera närvaron först, så blir det ett intyg per person.")
        return _refused(request, event, message, back=reverse("event_evaluation", args=[slug, pk]))
    return download(certificates.certificates_pdf(event, present), PDF, certificates.file_name(event))


def registration_own_certificate(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's own certificate, by their personal link."""
    registration = get_object_or_404(
        Registration.objects.select_related("event__collaboration", "event__contact_person__organisation"),
        token=token,
        anonymised_at__isnull=True,
    )
    event = registration.event
    if registration.attended is not True:
        message = _("Intyget finns när arrangören har markerat att du var med på evenemanget.")
        return _refused(request, event, message, back=reverse("registration_manage", args=[token]))
    pdf = certificates.certificates_pdf(event, [registration])
    return download(pdf, PDF, certificates.file_name(event, registration))


patterns = [
    path("evenemang/<int:pk>/utvardering/", event_evaluation, name="event_evaluation"),
    path("evenemang/<int:pk>/intyg.pdf", event_certificates, name="event_certificates"),
    path(
        "evenemang/<int:pk>/intyg/<int:registration_pk>.pdf", registration_certificate, name="registration_certificate"
    ),
]

link_patterns = [
    path("utvardering/<str:token>/", evaluation_answer, name="evaluation_answer"),
    path("anmalan/<str:token>/intyg.pdf", registration_own_certificate, name="registration_own_certificate"),
]
