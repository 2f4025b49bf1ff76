"""The rows of the organiser's two long tables, written out in Python as Django's admin writes its
change list (`admin_list.items_for_result`): through the template engine, fifty rows of a dozen
cells each were most of these pages' time (docs/performance.md, "Events, third round").

Every value goes through `format_html`, which escapes it; the cells' texts are made by the views
(`_list_rows`, `listed_registrations`). The tables around the rows stay in the templates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samverkan.lib.http import url_for_each

register = template.Library()

EVENT_ROW = (
    '<tr>\n    <th scope="row"><a href="{}">{}</a><br><span class="muted">{}</span></th>\n'
    "    <td>{}</td>\n"
    '    <td><span class="tag tag-{}">{}</span></td>\n'
    "    <td>{}</td>\n"
    "    <td>{}</td>\n  </tr>"
)


@register.simple_tag(takes_context=True)
def managed_event_rows(context: template.Context, events: Iterable[Any]) -> SafeString:
    """The organiser's list of events: title (a link to the event), activity, first session,
    status, seats taken and the waitlist."""
    manage = url_for_each("event_manage", context["collaboration"].slug)
    none_yet = format_html('<span class="muted">{}</span>', _("inget tillfälle än"))
    return format_html_join(
        "",
        EVENT_ROW,
        (
            (
                manage(event.pk),
                event.title,
                event.activity.title,
                event.first_text if event.first_start else none_yet,
                event.status_tag,
                event.status_label,
                event.seats_text,
                event.waitlisted_text,
            )
            for event in events
        ),
    )


REGISTRATION_ROW = (
    '<tr id="r-{}">\n  {}<th scope="row">{}<br><a href="mailto:{}" class="muted">{}</a></th>\n'
    "  <td>{}</td>\n  <td>{}</td>\n  <td>{}</td>\n  <td>{}</td>\n  {}\n</tr>\n"
)
ACTIONS = (
    '<td><form method="post" action="{}" class="inline">{}\n    {}'
    '<button type="submit" class="btn btn-quiet" name="action" value="avboka">{}'
    '<span class="visually-hidden">: {}</span></button>\n  </form></td>'
)
MOVE_UP = (
    '<button type="submit" class="btn btn-secondary" name="action" value="upp">{}'
    '<span class="visually-hidden">: {}</span></button>\n    '
)


def _answers(lines: list[tuple[str, str]]) -> SafeString:
    """ "Question: answer" per line (an answer's own line breaks kept), or "–" for none."""
    if not lines:
        return mark_safe("–")
    return mark_safe(  # noqa: S308 - each part is escaped by format_html or linebreaksbr
        "<br>".join(
            format_html("{}: {}", question, linebreaksbr(answer, autoescape=True)) for question, answer in lines
        )
    )


@register.simple_tag(takes_context=True)
def registration_rows(
    context: template.Context, rows: Iterable[Any], waiting: bool = False, editable: bool = False
) -> SafeString:
    """The confirmed or the waitlisted registrations of an event: (place in the queue,) name and
    e-mail, organisation, category, answers, when registered, and (while the event is not
    cancelled) the buttons to give a seat and to cancel."""
    act = url_for_each("event_registration_action", context["collaboration"].slug, context["event"].pk)
    # as `{% csrf_token %}` writes it (nothing where no token is provided)
    token = context.get("csrf_token")
    csrf = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        if token and token != "NOTPROVIDED"
        else ""
    )
    move_up, cancel = _("Ge plats"), _("Avboka")
    parts = []
    for r in rows:
        place = format_html("<td>{}</td>\n  ", r.place) if waiting else ""
        organisation = r.organisation.name if r.organisation else (r.organisation_text or "–")
        actions = ""
        if editable:
            up = format_html(MOVE_UP, move_up, r.name) if waiting else ""
            actions = format_html(ACTIONS, act(r.pk), csrf, up, cancel, r.name)
        parts.append(
            format_html(
                REGISTRATION_ROW,
                r.pk,
                place,
                r.name,
                r.email,
                r.email,
                organisation,
                r.category_label,
                _answers(r.answer_lines),
                r.created_text,
                actions,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every row is made by format_html
