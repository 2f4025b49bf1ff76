"""Plan documents as PDF and Word, and the year's calendar as PDF."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt

from samverkan.lib import dates
from samverkan.lib.documents_text import one_line, printable
from samverkan.lib.money import format_money
from samverkan.meetings.documents import html_to_pdf
from samverkan.plans import kinds, rules
from samverkan.plans.calendar import Entry
from samverkan.plans.models import PlanStatus, PlanVersion

if TYPE_CHECKING:
    from samverkan.collaborations.models import Collaboration


def _status_line(version: PlanVersion) -> str:
    if version.status == PlanStatus.DECIDED and version.decision is not None:
        item = version.decision.item
        return _("Version %(n)s, beslutad av %(group)s § %(number)s/%(year)s") % {
            "n": version.number,
            "group": item.group.name,
            "number": item.number,
            "year": item.year,
        }
    return _("Version %(n)s, %(status)s – inte beslutad") % {
        "n": version.number,
        "status": version.get_status_display(),
    }


def plan_context(version: PlanVersion) -> dict[str, Any]:
    document = version.document
    model = document.collaboration.model
    names = {a.key: a.name for a in model.collaboration_areas}
    return {
        "collaboration": document.collaboration,
        "document": document,
        "version": version,
        "status_line": _status_line(version),
        "areas": [names.get(key, key) for key in version.areas],
        "areas_at": rules.areas_section(s["title"] for s in version.sections),
        "activities": version.activities,
        "area_names": names,
        "budget": kinds.summary(version),
    }


def plan_pdf(version: PlanVersion) -> bytes:
    """A decided version is PDF/A for the archive; any other is an ordinary PDF marked as such."""
    return html_to_pdf("plans/pdf/plan.html", plan_context(version), archive=version.status == PlanStatus.DECIDED)


_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def _add_markdown_paragraph(document: Any, text: str, style: str | None = None) -> None:
    """Markdown's bold and italics as Word runs; the rest as plain text."""
    paragraph = document.add_paragraph(style=style)
    text = printable(text)  # Word's XML cannot hold control characters
    position = 0
    for match in _INLINE.finditer(text):
        paragraph.add_run(text[position : match.start()])
        if match.group(1) is not None:
            paragraph.add_run(match.group(1)).bold = True
        else:
            paragraph.add_run(match.group(2)).italic = True
        position = match.end()
    paragraph.add_run(text[position:])


def plan_docx(version: PlanVersion) -> bytes:
    """The plan as a Word document, for those who continue the work in Word."""
    context = plan_context(version)
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = one_line(version.document.title)
    document.core_properties.language = translation.get_language() or "sv"
    document.add_heading(one_line(version.document.title), level=0)
    document.add_paragraph(one_line(f"{version.document.collaboration.name}. {context['status_line']}"))
    for index, section in enumerate(version.sections):
        document.add_heading(one_line(section["title"]), level=1)
        for line in printable(section.get("text")).splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith("|---"):
                continue
            if stripped.startswith("#"):
                document.add_heading(one_line(stripped.lstrip("#")), level=2)
            elif stripped.startswith(("- ", "* ")):
                _add_markdown_paragraph(document, stripped[2:], style="List Bullet")
            else:
                _add_markdown_paragraph(document, stripped.strip("|").replace(" | ", "\t"))
        if index == context["areas_at"]:  # the areas in their own section, not under a second heading
            _add_areas(document, context["areas"])
    if context["areas_at"] is None and context["areas"]:
        document.add_heading(_("Samverkansområden"), level=1)
        _add_areas(document, context["areas"])
    if version.activities:
        document.add_heading(_("Aktiviteter"), level=1)
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        headings = (_("Aktivitet"), _("Samverkansområde"), _("Period"), _("Målgrupp"), _("Ansvarig"))
        for cell, text in zip(table.rows[0].cells, headings, strict=True):
            cell.text = text
        for activity in version.activities:
            row = table.add_row().cells
            row[0].text = one_line(activity.get("title", ""))
            row[1].text = one_line(context["area_names"].get(activity.get("area", ""), ""))
            row[2].text = dates.date_span(activity.get("starts_on"), activity.get("ends_on"))
            row[3].text = one_line(", ".join(activity.get("target_groups", [])))
            row[4].text = one_line(activity.get("responsible", ""))
    if context["budget"]:
        _add_budget_table(document, context["budget"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_areas(document: Any, areas: list[str]) -> None:
    for name in areas:
        document.add_paragraph(one_line(name), style="List Bullet")


def _add_budget_table(document: Any, budget: dict[str, Any]) -> None:
    document.add_heading(_("Budgetrader"), level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, (_("Kostnadsslag eller källa"), _("Budgetrad"), _("Belopp")), strict=True
    ):
        cell.text = text
    totals = budget["totals"]
    for kind, label, total in (
        ("cost", _("Summa kostnader"), totals.costs_ore),
        ("income", _("Summa intäkter"), totals.income_ore),
    ):
        for line in budget["lines"]:
            if line.kind == kind:
                row = table.add_row().cells
                row[0].text = one_line(line.category_name) if kind == "cost" else _("Intäkt")
                row[1].text = one_line(line.name)
                row[2].text = format_money(line.amount_ore, in_ore=True)
        row = table.add_row().cells
        row[1].text = label
        row[2].text = format_money(total, in_ore=True)


def calendar_pdf(collaboration: Collaboration, year: int, entries: list[Entry]) -> bytes:
    return html_to_pdf("plans/pdf/calendar.html", {"collaboration": collaboration, "year": year, "entries": entries})
