"""Forms of the economy. Amounts are written in kronor and held in öre (lib.forms.MoneyField)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.finance.budget import BASE_PLUS, EQUAL, FIXED, POPULATION, BudgetLine, SharingKey, method_label
from samverkan.lib.forms import MoneyField, narrower_window
from samverkan.meetings.models import Meeting
from samverkan.organisations.forms import DateInput
from samverkan.organisations.models import Party
from samverkan.plans.models import Activity, Assignment


def _method_choices() -> list[tuple[str, str]]:
    return [(m, method_label(m)) for m in (EQUAL, POPULATION, BASE_PLUS, FIXED)]


class BudgetForm(forms.Form):
    """The budget's own lines (amount and note each), and the cost-sharing key of the split source."""

    method = forms.ChoiceField(label=_("Fördelningsnyckel"), choices=())
    population_year = forms.TypedChoiceField(label=_("Folkmängd per 31 december år"), coerce=int, required=False)
    base_ore = MoneyField(label=_("Grundavgift per part (kr)"), required=False)

    def __init__(
        self,
        *args: Any,
        budget_lines: list[BudgetLine],
        editable: list[str],
        parties: list[Any],
        population_years: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = _method_choices()  # type: ignore[attr-defined]
        self.fields["population_year"].choices = [(y, str(y)) for y in population_years]  # type: ignore[attr-defined]
        self.line_fields: list[tuple[BudgetLine, forms.BoundField | None, forms.BoundField | None]] = []
        for line in budget_lines:
            if line.key in editable:
                self.fields[f"amount:{line.key}"] = MoneyField(label=_("Belopp (kr)"), required=False)
                self.fields[f"note:{line.key}"] = forms.CharField(label=_("Kommentar"), required=False, max_length=500)
        self.parties = parties
        for party in parties:
            self.fields[f"fixed:{party.key}"] = MoneyField(label=party.organisation.name, required=False)
        for line in budget_lines:
            if line.key in editable:
                self.line_fields.append((line, self[f"amount:{line.key}"], self[f"note:{line.key}"]))
            else:
                self.line_fields.append((line, None, None))

    @property
    def fixed_fields(self) -> list[forms.BoundField]:
        return [self[f"fixed:{p.key}"] for p in self.parties]

    @staticmethod
    def initial_for(budget: dict[str, Any], editable: list[str], parties: list[Any]) -> dict[str, Any]:
        key = SharingKey.from_json(budget.get("key"))
        initial: dict[str, Any] = {
            "method": key.method,
            "population_year": key.population_year,
            "base_ore": key.base_ore or None,
        }
        for line_key in editable:
            initial[f"amount:{line_key}"] = budget.get("lines", {}).get(line_key)
            initial[f"note:{line_key}"] = budget.get("notes", {}).get(line_key, "")
        for party in parties:
            initial[f"fixed:{party.key}"] = key.fixed.get(party.key)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("method")
        if method in (POPULATION, BASE_PLUS) and not data.get("population_year"):
            self.add_error("population_year", _("Välj året vars folkmängd nyckeln bygger på."))
        if method == BASE_PLUS and not data.get("base_ore"):
            self.add_error("base_ore", _("Ange grundavgiften."))
        return data

    def amounts(self) -> dict[str, int]:
        return {
            name.split(":", 1)[1]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("amount:") and value
        }

    def notes(self) -> dict[str, str]:
        return {name.split(":", 1)[1]: value for name, value in self.cleaned_data.items() if name.startswith("note:")}

    def sharing_key(self) -> SharingKey:
        data = self.cleaned_data
        fixed = {p.key: data.get(f"fixed:{p.key}") or 0 for p in self.parties} if data["method"] == FIXED else {}
        return SharingKey(
            method=data["method"],
            population_year=data.get("population_year") or None,
            base_ore=data.get("base_ore") or 0,
            fixed=fixed,
        )


class CompareForm(forms.Form):
    total = MoneyField(label=_("Belopp att fördela (kr)"))
    population_year = forms.TypedChoiceField(label=_("Folkmängd per 31 december år"), coerce=int)
    base = MoneyField(label=_("Grundavgift per part (kr)"), required=False)

    def __init__(self, *args: Any, population_years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["population_year"].choices = [(y, str(y)) for y in population_years]  # type: ignore[attr-defined]


def _not_future(day: datetime.date, first_year: int) -> datetime.date:
    """A day that has been, in a year the economy pages show."""
    if day > timezone.localdate():
        raise ValidationError(_("Datumet har inte varit än."))
    if day.year < first_year:
        raise ValidationError(_("Datumet ligger före %(year)s.") % {"year": first_year})
    return day


class _DayForm(forms.Form):
    """A form with a `day` that must have been, and not before the first year shown."""

    def __init__(self, *args: Any, first_year: int = 2000, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first_year = first_year

    def clean_day(self) -> datetime.date:
        return _not_future(self.cleaned_data["day"], self.first_year)


class EntryForm(_DayForm):
    day = forms.DateField(label=_("Datum"), widget=DateInput())
    line_key = forms.ChoiceField(label=_("Budgetrad"), choices=())
    amount = MoneyField(
        label=_("Belopp (kr)"), allow_negative=True, help_text=_("Negativt belopp rättar en tidigare post.")
    )
    text = forms.CharField(label=_("Text"), max_length=300, required=False)
    account = forms.CharField(label=_("Konto"), max_length=10, required=False)

    def __init__(self, *args: Any, line_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line_key"].choices = [("", "–"), *line_choices]  # type: ignore[attr-defined]


class LedgerImportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    file = forms.FileField(
        label=_("Fil"),
        help_text=_(
            "Excel (.xlsx) eller CSV med rubrikraden Datum; Konto; Belopp; Text; Aktivitet. Aktivitet behövs "
            "bara för konton som bokförs per aktivitet."
        ),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]


class MappingForm(forms.Form):
    account = forms.CharField(label=_("Konto"), max_length=10)
    line_key = forms.ChoiceField(label=_("Budgetrad"), choices=())

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line_key"].choices = [("", "–"), *targets]  # type: ignore[attr-defined]


class ForecastForm(forms.Form):
    line_key = forms.CharField(widget=forms.HiddenInput)
    amount = MoneyField(label=_("Prognos helår (kr)"), required=False, help_text=_("Tomt: beräknad prognos."))
    comment = forms.CharField(label=_("Kommentar"), max_length=500, required=False)


class PresentForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Möte"), empty_label="–", queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = lambda m: f"{m.group.name} {m.starts_at:%Y-%m-%d}"  # type: ignore[attr-defined]


# the services refuse an invoice date outside the economy's years and a payment before the
# invoice or in the future, with messages that say so: those windows, not the general one
class InvoiceForm(forms.Form):
    invoiced_on = narrower_window(forms.DateField(label=_("Fakturadatum"), widget=DateInput()))


class ExtraContributionForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Part"), empty_label="–", queryset=Party.objects.none())
    amount = MoneyField(label=_("Belopp (kr)"))
    invoiced_on = narrower_window(forms.DateField(label=_("Fakturadatum"), widget=DateInput()))
    activity = forms.ModelChoiceField(
        label=_("Aktivitet"), empty_label="–", queryset=Activity.objects.none(), required=False
    )
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False)

    def __init__(self, *args: Any, parties: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["party"].label_from_instance = lambda p: p.organisation.name  # type: ignore[attr-defined]
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]


class PaidForm(forms.Form):
    paid_on = narrower_window(forms.DateField(label=_("Betald"), widget=DateInput(), required=False))


class HoursField(forms.CharField):
    """Hours as written ("2", "1,5", "0.75", "1:30") → whole minutes."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = str(value or "").strip().replace(",", ".")
        if not text:
            return None
        try:
            if ":" in text:
                hours, minutes = text.split(":", 1)
                total = int(hours) * 60 + int(minutes)
                if not 0 <= int(minutes) < 60:
                    raise ValueError
            else:
                exact = Decimal(text) * 60
                if not exact.is_finite():
                    raise ValueError
                if exact != exact.to_integral_value():
                    raise ValidationError(_("Ange tiden i hela minuter, t.ex. 1,5 eller 1:30."))
                total = int(exact)
        except (ValueError, InvalidOperation):
            raise ValidationError(_("Skriv tiden i timmar, t.ex. 2, 1,5 eller 1:30.")) from None
        if not 0 < total <= 24 * 60:
            raise ValidationError(_("Tiden ska vara mer än 0 och högst 24 timmar."))
        return total


class TimeForm(_DayForm):
    day = forms.DateField(label=_("Datum"), widget=DateInput())
    hours = HoursField(label=_("Tid (timmar)"), widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    assignment = forms.ModelChoiceField(
        label=_("Uppdrag"), empty_label="–", queryset=Assignment.objects.none(), required=False
    )
    activity = forms.ModelChoiceField(
        label=_("Aktivitet"), empty_label="–", queryset=Activity.objects.none(), required=False
    )
    meeting = forms.ModelChoiceField(label=_("Möte"), empty_label="–", queryset=Meeting.objects.none(), required=False)
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False)

    def __init__(self, *args: Any, assignments: Any, activities: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = assignments  # type: ignore[attr-defined]
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = lambda m: f"{m.group.name} {m.starts_at:%Y-%m-%d}"  # type: ignore[attr-defined]


class FeesForm(_DayForm):
    members = forms.IntegerField(
        label=_("Betalande deltagare från medlemskommuner"), min_value=0, max_value=100_000, initial=0
    )
    others = forms.IntegerField(label=_("Betalande övriga deltagare"), min_value=0, max_value=100_000, initial=0)
    day = forms.DateField(label=_("Datum"), widget=DateInput())
