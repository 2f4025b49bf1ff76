"""View helpers every app's pages share: the refusal page and the one edit flow."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from samverkan.collaborations.models import Collaboration
from samverkan.lib import stale
from samverkan.lib.errors import DomainError

if TYPE_CHECKING:
    from samverkan.accounts.permissions import Access


def deny(request: HttpRequest) -> HttpResponse:
    """Anonymous users are sent to log in; logged-in users without the right get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "403.html", status=403)


def _form_error(form: object, error: DomainError) -> None:
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)  # type: ignore[attr-defined]


def form_page(
    request: HttpRequest,
    *,
    collaboration: Collaboration,
    access: Access,
    form: forms.BaseForm,
    title: str,
    back: str,
    save: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    done: Callable[[Any], str],
    stored: Callable[[], Mapping[str, Any]] | None = None,
) -> HttpResponse:
    """The one edit flow: valid form → service → message → redirect; a refusal shows on the form.

    A form with a hidden version (`lib.stale`) passes `stored`: the object's saved values as the
    form's initial data, read again after a stale save is refused, to show next to the user's."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save({k: v for k, v in form.cleaned_data.items() if k != stale.FIELD})
        except stale.StaleEditError as error:
            conflict = stale.conflict(form, error, stored() if stored else {})
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, success(saved) if callable(success) else success)
            return redirect(done(saved))
    return render(
        request,
        "organisations/form.html",
        {
            "collaboration": collaboration,
            "access": access,
            "form": form,
            "title": title,
            "back": back,
            "conflict": conflict,
        },
    )
