"""Pages for date polls: create (organisers), results and choice (organisers), answer (signed link)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samverkan.accounts.permissions import collaboration_for
from samverkan.collaborations.views import deny, form_page
from samverkan.lib.dates import local_date
from samverkan.lib.errors import DomainError
from samverkan.lib.forms import posted_text
from samverkan.lib.http import object_id
from samverkan.meetings import polls
from samverkan.meetings.forms import POLL_ROWS, DatePollForm
from samverkan.meetings.models import DatePoll, DatePollStatus, PollAnswer, PollAnswerChoice
from samverkan.meetings.rules import holiday_name
from samverkan.meetings.views import organised_groups
from samverkan.organisations.models import Group


def poll_create(request: HttpRequest, slug: str) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    groups = organised_groups(collaboration, access)
    if not groups:
        return deny(request)
    form = DatePollForm(request.POST or None, groups=Group.objects.filter(pk__in=[g.pk for g in groups]))
    return form_page(
        request,
        collaboration=collaboration,
        access=access,
        form=form,
        title=_("Ny datumförfrågan"),
        back=reverse("meeting_list", args=[slug]),
        save=lambda data: polls.create_poll(
            group=data["group"], title=data["title"], options=data["options"], actor=request.user
        ),
        success=_("Förfrågan är skapad. Skicka den till gruppen när förslagen är klara."),
        done=lambda poll: reverse("poll_detail", args=[slug, poll.pk]),
    )


def poll_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collaboration, access = collaboration_for(request, slug)
    poll = get_object_or_404(
        DatePoll.objects.select_related("group", "meeting"), pk=pk, group__collaboration=collaboration
    )
    if not access.can("manage_meetings", poll.group):
        return deny(request)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "bjud-in":
                count = polls.invite(poll=poll, actor=request.user)
                messages.success(request, _("Förfrågan skickas nu till %(n)s personer.") % {"n": count})
            elif request.POST.get("action") == "valj":
                option = get_object_or_404(poll.options, pk=object_id(request.POST.get("tid")))
                meeting = polls.decide(
                    poll=poll,
                    option=option,
                    actor=request.user,
                    place=posted_text(request.POST.get("plats")),
                    holiday_confirmed=request.POST.get("helgdag") == "ja",
                )
                messages.success(request, _("Mötet är planerat. Skicka kallelsen när dagordningen är klar."))
                return redirect("meeting_detail", slug, meeting.pk)
            else:
                raise DomainError(_("Okänd åtgärd."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("poll_detail", slug, poll.pk)
    return render(
        request,
        "meetings/poll_detail.html",
        {
            "collaboration": collaboration,
            "access": access,
            "poll": poll,
            **polls.table(poll),
            "open": poll.status == DatePollStatus.OPEN,
            "labels": dict(PollAnswerChoice.choices),
        },
    )


@never_cache
def poll_answer(request: HttpRequest, token: str) -> HttpResponse:
    """A member answers each proposed time without logging in."""
    try:
        invitation = polls.invitation_for_token(token)
    except DomainError as error:
        return render(request, "organisations/confirm_invalid.html", {"message": error.message}, status=400)
    poll = invitation.poll
    options = list(poll.options.all())
    current = {a.option_id: a.answer for a in PollAnswer.objects.filter(invitation=invitation)}
    message = None
    if request.method == "POST":
        answers = {o.pk: request.POST.get(f"tid-{o.pk}", "") for o in options}
        try:
            polls.answer(token=token, answers=answers)
        except DomainError as refusal:
            message, current = refusal.message, answers
        else:
            return render(request, "meetings/poll_thanks.html", {"poll": poll, "name": invitation.person.first_name})
    rows = [
        {"option": o, "holiday": holiday_name(local_date(o.starts_at)), "answer": current.get(o.pk, "")}
        for o in options
    ]
    return render(
        request,
        "meetings/poll_answer.html",
        {
            "poll": poll,
            "rows": rows,
            "choices": PollAnswerChoice.choices,
            "error": message,
            "open": poll.status == DatePollStatus.OPEN,
            "name": invitation.person.first_name,
            "rows_max": POLL_ROWS,
        },
    )
