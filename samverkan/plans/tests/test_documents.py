"""The operations plan as page, PDF and Word: each heading once, and the Word activity table has
the PDF's columns."""

from __future__ import annotations

import io

import docx
from django.utils import timezone
from pypdf import PdfReader

from samverkan.plans import demo, documents, services
from samverkan.plans.models import PlanStatus

NEXT_YEAR = timezone.localdate().year + 1
SLUG = "miljosamverkan-vasterbotten"


def _operations_plan(world):
    document = services.start_document(
        collaboration=world.collaboration, doc_type="operations_plan", year=NEXT_YEAR, actor=None
    )
    version = services.latest_version(document)
    services.update_draft(
        version=version,
        actor=None,
        texts=demo.SECTIONS["operations_plan"],
        areas=["kompetensutveckling", "tillsynsprojekt"],
    )
    return document


def test_the_areas_heading_appears_once_with_the_areas_in_their_section(client_for, world):
    document = _operations_plan(world)
    page = client_for("member").get(f"/{SLUG}/planer/{document.pk}/").content.decode()
    assert page.count("<h2>Samverkansområden</h2>") == 1
    section = page.split("<h2>Samverkansområden</h2>")[1].split("</section>")[0]
    assert "samverkansområden" in section and "Kompetensutveckling" in section
    pdf = client_for("member").get(f"/{SLUG}/planer/{document.pk}/dokument.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert text.count("Samverkansområden") == 1
    word = docx.Document(io.BytesIO(documents.plan_docx(services.latest_version(document))))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings.count("Samverkansområden") == 1


def test_the_word_activity_table_has_the_responsible_column(world):
    document = services.start_document(
        collaboration=world.collaboration, doc_type="activity_plan", year=NEXT_YEAR, actor=None
    )
    version = services.latest_version(document)
    version.activities = [
        {
            "title": "Kurs i miljösanktionsavgifter",
            "area": "kompetensutveckling",
            "kind_label": "utbildning",
            "starts_on": f"{NEXT_YEAR}-03-10",
            "ends_on": f"{NEXT_YEAR}-03-10",
            "target_groups": ["kommunerna"],
            "responsible": "Stina Ström",
        }
    ]
    version.status = PlanStatus.PROPOSAL
    version.save()
    (table,) = docx.Document(io.BytesIO(documents.plan_docx(version))).tables
    header = [c.text for c in table.rows[0].cells]
    assert header[-1] == "Ansvarig" and len(header) == 5
    assert table.rows[1].cells[4].text == "Stina Ström"
