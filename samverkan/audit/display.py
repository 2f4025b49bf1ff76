"""The change history as its readers know it: an action as a Swedish phrase, each field by the
label of the audited model's field, each value as the pages show it (a choice's label, a local
date and time in prose, an amount in kronor, yes/no). Generic: labels and choices come from the
model of the audited object; a code no model knows still reads as words."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.lib import dates
from samverkan.lib.money import format_money

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from samverkan.audit.models import AuditEntry

ACTIONS: dict[str, StrOrPromise] = {
    "add_extra_contribution": gettext_lazy("Lade till ett extra bidrag"),
    "deliver_supplementary_notice": gettext_lazy("Tilläggskallelsen skickades"),
    "remind_signatory": gettext_lazy("Påminde om justering"),
    "remove_person_from_collaboration": gettext_lazy("Tog bort personen ur samverkan"),
    "send_for_approval": gettext_lazy("Skickade protokollet för justering"),
    "send_supplementary_notice": gettext_lazy("Skickade tilläggskallelse"),
    "withdraw_approvals": gettext_lazy("Tog bort justeringarna efter en ändring"),
    "add_ledger_entry": gettext_lazy("Bokade en post i utfallet"),
    "add_membership": gettext_lazy("Lade till en ledamot"),
    "add_minute_item": gettext_lazy("Lade till en paragraf"),
    "add_party": gettext_lazy("Lade till en part"),
    "adopt_year_plan": gettext_lazy("Fastställde årshjulet"),
    "answer_date_poll": gettext_lazy("Svarade på tidsförfrågan"),
    "appoint_working_group": gettext_lazy("Tillsatte en arbetsgrupp"),
    "approve_minutes": gettext_lazy("Justerade protokollet"),
    "attach_document": gettext_lazy("Bifogade en handling"),
    "call_meeting": gettext_lazy("Kallade till mötet"),
    "cancel_meeting": gettext_lazy("Ställde in mötet"),
    "clear_forecast": gettext_lazy("Tog bort prognosen"),
    "commit_contact_import": gettext_lazy("Importerade kontakter"),
    "commit_ledger_import": gettext_lazy("Importerade huvudboken"),
    "confirm_details": gettext_lazy("Bekräftade sina uppgifter"),
    "create_activity": gettext_lazy("Lade till aktiviteten"),
    "create_api_token": gettext_lazy("Skapade en API-nyckel"),
    "create_assignment": gettext_lazy("Gav uppdraget"),
    "create_collaboration": gettext_lazy("Skapade samverkan"),
    "create_date_poll": gettext_lazy("Skapade en tidsförfrågan"),
    "create_group": gettext_lazy("Skapade gruppen"),
    "create_organisation": gettext_lazy("Lade till organisationen"),
    "create_person": gettext_lazy("Lade till personen"),
    "decide_date_poll": gettext_lazy("Valde tid för mötet"),
    "decide_plan": gettext_lazy("Beslutade planen"),
    "discard_contact_import": gettext_lazy("Avbröt en import av kontakter"),
    "discard_ledger_import": gettext_lazy("Avbröt en import av huvudboken"),
    "end_host": gettext_lazy("Avslutade värdskapet"),
    "end_membership": gettext_lazy("Avslutade ett uppdrag i gruppen"),
    "end_party": gettext_lazy("Avslutade parten"),
    "erase_person": gettext_lazy("Raderade personuppgifterna"),
    "follow_up_activity": gettext_lazy("Följde upp aktiviteten"),
    "invite_date_poll": gettext_lazy("Skickade tidsförfrågan"),
    "invoice_cofinancing": gettext_lazy("Fakturerade medfinansieringen"),
    "log_time": gettext_lazy("Rapporterade tid"),
    "mark_invoice_paid": gettext_lazy("Markerade fakturan som betald"),
    "minutes_approved": gettext_lazy("Protokollet blev justerat"),
    "move_agenda_item": gettext_lazy("Flyttade en punkt på dagordningen"),
    "new_plan_version": gettext_lazy("Påbörjade en ny version"),
    "plan_meeting": gettext_lazy("Planerade mötet"),
    "plan_not_decided": gettext_lazy("Planen beslutades inte"),
    "present_status_report": gettext_lazy("Lade lägesrapporten på dagordningen"),
    "preview_contact_import": gettext_lazy("Läste in en kontaktlista att granska"),
    "preview_ledger_import": gettext_lazy("Läste in en huvudbok att granska"),
    "record_attendance": gettext_lazy("Förde in närvaron"),
    "remove_account_mapping": gettext_lazy("Tog bort en kontokoppling"),
    "remove_agenda_item": gettext_lazy("Tog bort en punkt från dagordningen"),
    "remove_document": gettext_lazy("Tog bort en handling"),
    "remove_ledger_entry": gettext_lazy("Tog bort en post i utfallet"),
    "remove_minute_item": gettext_lazy("Tog bort en paragraf"),
    "remove_time": gettext_lazy("Tog bort en tidrapport"),
    "report_assignment": gettext_lazy("Rapporterade om uppdraget"),
    "request_confirmations": gettext_lazy("Bad om bekräftelse av kontaktuppgifter"),
    "reset_calendar_feed": gettext_lazy("Bytte kalenderadress"),
    "revoke_api_token": gettext_lazy("Återkallade en API-nyckel"),
    "self_correct_details": gettext_lazy("Rättade sina uppgifter"),
    "send_back_plan": gettext_lazy("Skickade tillbaka förslaget"),
    "send_cancellation": gettext_lazy("Skickade besked om inställt möte"),
    "send_notice": gettext_lazy("Skickade kallelsen"),
    "set_account_mapping": gettext_lazy("Kopplade ett konto till en budgetrad"),
    "set_adjusters": gettext_lazy("Valde justerare"),
    "set_forecast": gettext_lazy("Angav prognos"),
    "set_host": gettext_lazy("Utsåg värd"),
    "set_population": gettext_lazy("Angav folkmängd"),
    "set_supervision_unit": gettext_lazy("Angav tillsynsenhet"),
    "start_minutes": gettext_lazy("Påbörjade protokollet"),
    "start_plan_document": gettext_lazy("Påbörjade dokumentet"),
    "submit_plan": gettext_lazy("Lämnade förslaget till beslut"),
    "suggest_agenda_item": gettext_lazy("Föreslog en punkt till dagordningen"),
    "update_activity": gettext_lazy("Ändrade aktiviteten"),
    "update_agenda_item": gettext_lazy("Ändrade en punkt på dagordningen"),
    "update_assignment": gettext_lazy("Ändrade uppdraget"),
    "update_budget": gettext_lazy("Ändrade budgeten"),
    "update_collaboration_model": gettext_lazy("Läste in en ny modellfil"),
    "update_decision": gettext_lazy("Ändrade beslutet"),
    "update_group": gettext_lazy("Ändrade gruppen"),
    "update_meeting": gettext_lazy("Ändrade mötet"),
    "update_minute_item": gettext_lazy("Ändrade en paragraf"),
    "update_organisation": gettext_lazy("Ändrade organisationen"),
    "update_party": gettext_lazy("Ändrade parten"),
    "update_person": gettext_lazy("Ändrade personen"),
    "update_plan_draft": gettext_lazy("Ändrade utkastet"),
}

# An action no one has named yet reads by its verb and the object's name: "Ändrade möte".
VERBS: dict[str, StrOrPromise] = {
    "add": gettext_lazy("Lade till"),
    "create": gettext_lazy("Skapade"),
    "update": gettext_lazy("Ändrade"),
    "set": gettext_lazy("Ändrade"),
    "remove": gettext_lazy("Tog bort"),
    "delete": gettext_lazy("Tog bort"),
    "end": gettext_lazy("Avslutade"),
    "send": gettext_lazy("Skickade"),
    "approve": gettext_lazy("Godkände"),
    "withdraw": gettext_lazy("Drog tillbaka"),
}

# Keys that services write besides the model's own fields.
FIELDS: dict[str, StrOrPromise] = {
    "address": gettext_lazy("klientadress"),
    "adjusters": gettext_lazy("justerare"),
    "agenda_item": gettext_lazy("punkt på dagordningen"),
    "amount_ore": gettext_lazy("belopp"),
    "at": gettext_lazy("tidpunkt"),
    "count": gettext_lazy("antal"),
    "created": gettext_lazy("nya"),
    "decision": gettext_lazy("beslut"),
    "erased": gettext_lazy("raderad"),
    "from": gettext_lazy("från"),
    "invited": gettext_lazy("inbjudna"),
    "invoices": gettext_lazy("fakturor"),
    "lines": gettext_lazy("budgetrader"),
    "meeting": gettext_lazy("möte"),
    "memberships_ended": gettext_lazy("avslutade uppdrag i grupper"),
    "minutes": gettext_lazy("protokoll"),
    "name": gettext_lazy("namn"),
    "present": gettext_lazy("närvarande"),
    "recipients": gettext_lazy("mottagare"),
    "role": gettext_lazy("roll"),
    "sequence": gettext_lazy("ändring nummer"),
    "signatory": gettext_lazy("justerare"),
    "title": gettext_lazy("rubrik"),
    "total": gettext_lazy("totalt"),
    "total_ore": gettext_lazy("summa"),
    "user": gettext_lazy("användare"),
    "version": gettext_lazy("version"),
    "year": gettext_lazy("år"),
}

_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def register_actions(phrases: dict[str, StrOrPromise]) -> None:
    """An app names its own audited actions (in its `AppConfig.ready()`), so that a new app needs
    no change here; a code already named keeps its phrase."""
    for action, phrase in phrases.items():
        ACTIONS.setdefault(action, phrase)


def _model(entry: AuditEntry) -> type[models.Model] | None:
    try:
        return apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        return None


def action_label(entry: AuditEntry) -> str:
    """ "Planerade mötet" for plan_meeting; an unknown code by its verb and the object's name."""
    known = ACTIONS.get(entry.action)
    if known is not None:
        return str(known)
    verb, _sep, _rest = entry.action.partition("_")
    model = _model(entry)
    noun = str(model._meta.verbose_name) if model is not None else ""
    if verb in VERBS and noun:
        return f"{VERBS[verb]} {noun}"
    return capfirst(entry.action.replace("_", " ")) or ""


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def field_label(model: type[models.Model] | None, key: str) -> str:
    field = _field(model, key)
    if field is not None and hasattr(field, "verbose_name") and str(field.verbose_name) != key.replace("_", " "):
        return capfirst(str(field.verbose_name))
    if key in FIELDS:
        return capfirst(str(FIELDS[key]))
    return capfirst(key.replace("_", " "))


def _moment(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def value_text(model: type[models.Model] | None, key: str, value: Any) -> str:
    """A stored value as the pages show it."""
    if value is None or value == "":
        return ""
    field = _field(model, key)
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey) and isinstance(value, int):
        related = field.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(related) if related is not None else str(value)
    if key.endswith("_ore") and isinstance(value, int):
        return format_money(value, in_ore=True)
    if isinstance(value, list):
        return ", ".join(value_text(None, "", v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text(None, '', v)}" for k, v in value.items())
    if isinstance(value, str):
        if _DAY.match(value):
            return dates.prose_date(value)
        if _MOMENT.match(value) and (moment := _moment(value)) is not None:
            return dates.prose_datetime(moment)
    return str(value)


def changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(label, before, after) for each field that differs, in the words of the pages."""
    model = _model(entry)
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model is not None else {}
    ordered = sorted(entry.changes(), key=lambda change: order.get(change[0], len(order)))  # as the form shows them
    rows = [
        (field_label(model, key), value_text(model, key, before), value_text(model, key, after))
        for key, before, after in ordered
    ]
    return [row for row in rows if row[1] != row[2]]  # None and "" both read as nothing
