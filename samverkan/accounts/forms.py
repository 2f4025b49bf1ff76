from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.services import login_refusal


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Namn på nyckeln"),
        max_length=100,
        help_text=_("T.ex. ”Rapportskript” – så att du vet vad den används till."),
    )


class LoginForm(AllauthLoginForm):
    """allauth's login form, saying what it accepts (ACCOUNT_LOGIN_METHODS: e-mail or username)
    in its label, and with no placeholders, which only repeated the labels."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-postadress eller användarnamn")
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)

    def clean(self) -> dict[str, Any]:
        """A right password for an account that may not log in now (a demo account outside demo
        mode, a closed account) is refused here with the reason, before anything logs it in."""
        cleaned: dict[str, Any] = super().clean()
        user = getattr(self, "user", None)
        refusal = login_refusal(user) if user is not None else None
        if refusal is not None:
            self.user = None
            raise forms.ValidationError(refusal, code="login_refused")
        return cleaned
