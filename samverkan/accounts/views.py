from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.accounts.forms import ApiTokenForm
from samverkan.accounts.models import ApiToken
from samverkan.accounts.services import create_api_token, revoke_api_token
from samverkan.lib.client_address import client_address
from samverkan.lib.errors import DomainError


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    plain = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, plain = create_api_token(
                user=request.user,
                name=form.cleaned_data["name"],  # type: ignore[arg-type]
                actor=request.user,  # type: ignore[arg-type]
                address=client_address(request),
            )
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)  # type: ignore[misc]
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "plain": plain})


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # type: ignore[misc]
    try:
        revoke_api_token(token=token, actor=request.user, address=client_address(request))  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Nyckeln ”%(name)s” är återkallad.") % {"name": token.name})
    return redirect("api_tokens")
