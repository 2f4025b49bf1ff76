from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samverkan.desk import services
from samverkan.lib.errors import DomainError


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """Att göra: what the person has to do now in every collaboration they sit in, most urgent first;
    the form turns the weekly e-mail of the same on or off."""
    user = request.user
    if request.method == "POST":
        on = request.POST.get("weekly_todo_mail") == "on"
        services.set_weekly_mail(user=user, on=on, actor=user)  # type: ignore[arg-type]
        messages.success(
            request, _("Du får veckobrevet med att göra.") if on else _("Du får inte längre veckobrevet med att göra.")
        )
        return redirect("desk")
    today = timezone.localdate()
    todos = services.todos_of(user, today)  # type: ignore[arg-type]
    return render(
        request,
        "desk/desk.html",
        {"todos": [(todo, todo.overdue(today)) for todo in todos], "today": today},
    )


@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The weekly mail's own link: no login; one button (POST) ends the mail."""
    try:
        user = services.user_for_unsubscribe(token)
    except DomainError as error:
        return render(request, "organisations/confirm_invalid.html", {"message": error.message}, status=400)
    done = request.method == "POST"
    if done:
        services.set_weekly_mail(user=user, on=False, actor=None)
    return render(request, "desk/unsubscribe.html", {"done": done, "subscribed": user.weekly_todo_mail})
