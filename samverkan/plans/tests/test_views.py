"""The pages of the yearly cycle as each kind of user meets them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from samverkan.meetings.models import Meeting
from samverkan.plans import services
from samverkan.plans.models import Activity, Assignment, PlanDocument, PlanStatus

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def decided_plan(world, sg_decision):
    """An operations plan whose version 1 is decided and version 2 is a draft with a secret in it."""
    document = services.start_document(
        collaboration=world.collaboration, doc_type="operations_plan", year=NEXT_YEAR, actor=None
    )
    version = services.latest_version(document)
    services.update_draft(version=version, actor=None, texts=["Beslutad text", "", "", "", ""])
    type(version).objects.filter(pk=version.pk).update(status=PlanStatus.DECIDED, decision=sg_decision)
    draft = services.new_version(document=document, actor=None)
    services.update_draft(version=draft, actor=None, texts=["Hemligt utkast", "", "", "", ""])
    return document


def test_the_public_reads_the_decided_version_and_never_a_draft(client, decided_plan, sg_decision):
    page = client.get(f"/miljosamverkan-vasterbotten/planer/{decided_plan.pk}/").content.decode()
    assert "Beslutad text" in page and "Hemligt utkast" not in page
    assert f"Beslutad § {sg_decision.item.number}/{sg_decision.item.year}" in page
    assert client.get(f"/miljosamverkan-vasterbotten/planer/{decided_plan.pk}/?version=2").status_code == 404
    history = client.get(f"/miljosamverkan-vasterbotten/planer/{decided_plan.pk}/historik/").content.decode()
    assert "Hemligt utkast" not in history
    listing = client.get(f"/miljosamverkan-vasterbotten/planer/?ar={NEXT_YEAR}").content.decode()
    assert decided_plan.title in listing and "Inte påbörjad" not in listing


def test_participants_see_the_draft_and_the_history_shows_what_changed(client_for, decided_plan):
    client = client_for("member")
    page = client.get(f"/miljosamverkan-vasterbotten/planer/{decided_plan.pk}/").content.decode()
    assert "Hemligt utkast" in page
    history = client.get(f"/miljosamverkan-vasterbotten/planer/{decided_plan.pk}/historik/").content.decode()
    assert "<ins>" in history and "Hemligt utkast" in history
    assert "<del>" in history and "Beslutad text" in history


def test_the_support_group_edits_and_submits_a_draft_through_the_pages(client_for, world):
    start = timezone.now() + datetime.timedelta(days=30)
    meeting = Meeting.objects.create(group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    client = client_for("support")
    response = client.post("/miljosamverkan-vasterbotten/planer/ny/", {"doc_type": "budget", "year": NEXT_YEAR})
    document = PlanDocument.objects.get(doc_type="budget", year=NEXT_YEAR)
    assert response.url == f"/miljosamverkan-vasterbotten/planer/{document.pk}/"
    response = client.post(
        f"/miljosamverkan-vasterbotten/planer/{document.pk}/andra/",
        {"section_0": "**Kostnader** och intäkter", "section_1": "<script>alert(1)</script>", "section_2": ""},
    )
    assert response.status_code == 302
    page = client.get(f"/miljosamverkan-vasterbotten/planer/{document.pk}/").content.decode()
    assert "<strong>Kostnader</strong>" in page and "<script>alert(1)" not in page
    response = client.post(
        f"/miljosamverkan-vasterbotten/planer/{document.pk}/atgard/", {"action": "submit"}, follow=True
    )
    assert "Budgeten har inga belopp ännu" in response.content.decode()  # a budget needs its lines too
    client.post(
        f"/miljosamverkan-vasterbotten/planer/{document.pk}/budget/",
        {"amount:cost:samordnare": "150 000", "amount:income:kommunerna": "150 000", "method": "equal"},
    )
    client.post(f"/miljosamverkan-vasterbotten/planer/{document.pk}/atgard/", {"action": "submit"})
    assert meeting.agenda_items.get().title == f"Budget {NEXT_YEAR}, version 1"
    # the chair may send it back, the support group may not
    assert (
        client.post(
            f"/miljosamverkan-vasterbotten/planer/{document.pk}/atgard/", {"action": "send_back", "comment": "x"}
        ).status_code
        == 403
    )
    client_for("chair").post(
        f"/miljosamverkan-vasterbotten/planer/{document.pk}/atgard/",
        {"action": "send_back", "comment": "Räkna om."},
    )
    assert services.latest_version(document).status == PlanStatus.RETURNED


def test_a_year_that_is_not_a_number_is_a_message_and_nothing_is_created(client_for, world):
    response = client_for("support").post(
        "/miljosamverkan-vasterbotten/planer/ny/", {"doc_type": "budget", "year": "nästa år"}, follow=True
    )
    assert "Ange ett år med fyra siffror." in response.content.decode()
    assert not PlanDocument.objects.exists()


def test_a_plan_comes_as_pdf_and_word(client, decided_plan):
    response = client.get(f"/miljosamverkan-vasterbotten/planer/{decided_plan.pk}/dokument.pdf")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert response["Content-Type"] == "application/pdf" and "Beslutad text" in text
    response = client.get(f"/miljosamverkan-vasterbotten/planer/{decided_plan.pk}/dokument.docx")
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert decided_plan.title in paragraphs and "Beslutad text" in paragraphs


def test_an_activity_is_created_in_kronor_and_stored_in_ore(client_for, world):
    response = client_for("support").post(
        f"/miljosamverkan-vasterbotten/aktiviteter/ny/?ar={NEXT_YEAR}",
        {
            "title": "Kurs i tillsyn",
            "area": "kompetensutveckling",
            "kind": "training",
            "for_municipalities": "on",
            "budget_ore": "12 500,50",
            "status": "planned",
            "starts_on": f"{NEXT_YEAR}-03-10",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.budget_ore == 1_250_050 and activity.year == NEXT_YEAR
    response = client_for("support").post(
        f"/miljosamverkan-vasterbotten/aktiviteter/{activity.pk}/andra/",
        {
            "title": "Kurs",
            "area": "kompetensutveckling",
            "kind": "training",
            "budget_ore": "12,505",
            "status": "planned",
        },
    )
    assert "högst två decimaler" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Kurs i tillsyn"


def test_the_calendar_shows_meetings_activities_and_deadlines_and_exports_them(client_for, world):
    year = timezone.localdate().year
    services.create_activity(
        collaboration=world.collaboration,
        actor=None,
        year=year,
        title="Seminarium om buller",
        area="kompetensutveckling",
        kind="seminar",
        for_municipalities=True,
        starts_on=datetime.date(year, 5, 6),
    )
    client = client_for("officer")
    month = client.get(f"/miljosamverkan-vasterbotten/kalendarium/?ar={year}&manad=5").content.decode()
    assert "Seminarium om buller" in month and "Samverkansgruppen" in month
    listing = client.get(f"/miljosamverkan-vasterbotten/kalendarium/?ar={year}&vy=lista").content.decode()
    assert f"Sista dag för beslut: Verksamhetsplan {year + 1}" in listing
    ics = Calendar.from_ical(client.get(f"/miljosamverkan-vasterbotten/kalendarium/{year}.ics").content)
    summaries = {str(e["SUMMARY"]) for e in ics.walk("VEVENT")}
    assert "Seminarium om buller" in summaries and f"Sista dag för beslut: Verksamhetsplan {year + 1}" in summaries
    pdf = client.get(f"/miljosamverkan-vasterbotten/kalendarium/{year}.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Seminarium om buller" in text


def test_the_coordinator_adopts_the_planner_proposal_without_the_meetings_unticked(client_for, world):
    year = NEXT_YEAR + 1
    client = client_for("coordinator")
    page = client.get(f"/miljosamverkan-vasterbotten/arshjul/?ar={year}").content.decode()
    proposal = services.propose_year(world.collaboration, year)
    values = [f"{m.group_key}:{m.day.isoformat()}" for m in proposal.meetings if not m.existing]
    assert all(value in page for value in values)
    response = client.post(f"/miljosamverkan-vasterbotten/arshjul/?ar={year}", {"meetings": values[1:]})
    assert response.status_code == 302
    assert Meeting.objects.filter(starts_at__year=year).count() == len(values) - 1
    response = client.post(f"/miljosamverkan-vasterbotten/arshjul/?ar={year}", {"meetings": ["stodgruppen:1999-01-01"]})
    assert response.status_code == 200 and Meeting.objects.filter(starts_at__year=year).count() == len(values) - 1


def test_the_owner_reports_progress_on_an_assignment_and_others_may_not(client_for, world, give_assignment):
    assignment = give_assignment(owner_person=world.people["umea"])  # the persona "member"
    url = f"/miljosamverkan-vasterbotten/uppdrag/{assignment.pk}/"
    assert client_for("officer").post(url, {"text": "x", "percent_done": 5, "status": "in_progress"}).status_code == 403
    response = client_for("member").post(url, {"text": "Halvvägs", "percent_done": 50, "status": "in_progress"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.percent_done == 50 and assignment.notes.get().text == "Halvvägs"
    assert Assignment.objects.count() == 1


def test_the_progress_form_offers_only_the_statuses_that_may_follow(client_for, world, give_assignment):
    assignment = give_assignment(owner_person=world.people["umea"])
    url = f"/miljosamverkan-vasterbotten/uppdrag/{assignment.pk}/"
    member = client_for("member")
    assert 'value="cancelled"' in member.get(url).content.decode()
    done = {"text": "Klar", "percent_done": 100, "status": "done", "outcome": "Checklistan finns"}
    assert member.post(url, done).status_code == 302
    page = member.get(url).content.decode()
    assert 'value="done"' in page and 'value="in_progress"' in page
    assert 'value="cancelled"' not in page  # a finished assignment is reopened, not cancelled
    response = member.post(url, {**done, "status": "cancelled"})
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == "done"


def test_the_api_gives_the_public_decided_plans_and_participants_the_rest(client, client_for, decided_plan, world):
    url = "/api/v1/collaborations/miljosamverkan-vasterbotten"
    (plan,) = client.get(f"{url}/plans").json()
    assert [v["number"] for v in plan["versions"]] == [1]
    assert plan["versions"][0]["sections"][0]["text"] == "Beslutad text"
    assert client.get(f"{url}/activities").status_code == 403
    member = client_for("member")
    (plan,) = member.get(f"{url}/plans?year={NEXT_YEAR}").json()
    assert [v["status"] for v in plan["versions"]] == ["draft", "decided"]
    services.create_activity(
        collaboration=world.collaboration,
        actor=None,
        year=NEXT_YEAR,
        title="Kampanj",
        area="information",
        kind="campaign",
        for_municipalities=False,
        for_citizens=True,
        budget_ore=500_000,
    )
    (activity,) = member.get(f"{url}/activities?year={NEXT_YEAR}").json()
    assert activity["target_groups"] == ["citizens"] and activity["budget_ore"] == 500_000
    assert member.get(f"{url}/assignments").json() == []


def test_the_calendar_marks_the_support_group_meeting_that_finishes_each_proposal(client_for, world):
    year = timezone.localdate().year
    listing = client_for("member").get(f"/miljosamverkan-vasterbotten/kalendarium/?ar={year}&vy=lista").content.decode()
    # the world's support group meets 12 September, three weeks or more before the 12 October decision
    assert f"Förslag klart: Verksamhetsplan {year + 1}" in listing


def test_the_follow_up_on_a_meeting_page_is_for_participants_only(client, client_for, world, give_assignment):
    give_assignment(
        title="Sammanställ tillsynsbehoven",
        owner_person=world.people["umea"],
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    start = timezone.now() + datetime.timedelta(days=5)
    meeting = Meeting.objects.create(group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    url = f"/miljosamverkan-vasterbotten/moten/{meeting.pk}/"
    assert "Sammanställ tillsynsbehoven" not in client.get(url).content.decode()
    assert "Sammanställ tillsynsbehoven" in client_for("officer").get(url).content.decode()


def test_the_year_planner_page_places_the_autumn_meeting_beside_february_and_april(client_for, world):
    tz = timezone.get_current_timezone()
    for month, day in ((2, 17), (4, 21)):
        start = datetime.datetime(2027, month, day, 9, 30, tzinfo=tz)
        Meeting.objects.create(group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    page = client_for("coordinator").get("/miljosamverkan-vasterbotten/arshjul/?ar=2027").content.decode()
    assert "Samverkansgruppen får inget möte" not in page
    assert "Möte i avtalets period (september–oktober)" in page


def test_the_month_view_shows_a_long_activity_once_as_a_span(client_for, world):
    year = timezone.localdate().year
    for title, starts_on, ends_on in (
        ("Tillsynskampanj om cisterner", datetime.date(year, 3, 1), datetime.date(year, 3, 30)),
        ("Enkät om förorenade områden", datetime.date(year, 2, 20), datetime.date(year, 4, 10)),
    ):
        services.create_activity(
            collaboration=world.collaboration,
            actor=None,
            year=year,
            title=title,
            area="kompetensutveckling",
            kind="campaign",
            for_municipalities=True,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    page = client_for("officer").get(f"/miljosamverkan-vasterbotten/kalendarium/?ar={year}&manad=3").content.decode()
    table = page.split('<table class="month">')[1].split("</table>")[0]
    assert table.count("Tillsynskampanj om cisterner") == 1 and "1–30 mars" in table
    assert table.count("Enkät om förorenade områden") == 1 and "20 februari–10 april" in table
    first = table.split('<span class="day">1</span>')[1].split("</td>")[0]
    assert "Tillsynskampanj om cisterner" in first and "Enkät om förorenade områden" in first
    assert not any(code in table for code in ("PL1", "PL3", "ST2"))


def test_a_one_day_activity_shows_one_date(client_for, world):
    activity = services.create_activity(
        collaboration=world.collaboration,
        actor=None,
        year=2026,
        title="Tillsynsdag",
        area="kompetensutveckling",
        kind="seminar",
        for_municipalities=True,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 1),
    )
    client = client_for("coordinator")
    page = client.get(f"/miljosamverkan-vasterbotten/aktiviteter/{activity.pk}/").content.decode()
    period = page.split("Period")[1].split("</dd>")[0]
    assert "1 mars 2026" in period and period.count("2026") == 1
    listing = client.get("/miljosamverkan-vasterbotten/aktiviteter/?ar=2026").content.decode()
    row = listing.split("Tillsynsdag")[1].split("</tr>")[0]
    assert "2026-03-01" in row and row.count("2026-03-01") == 1


def test_a_one_day_activity_has_one_date_in_the_plan_pdf_and_word(client, decided_plan):
    from docx import Document

    activity = {"title": "Tillsynsdag", "area": "", "kind": "seminar", "kind_label": "seminarium"}
    activity |= {"starts_on": "2026-03-01", "ends_on": "2026-03-01", "target_groups": [], "responsible": ""}
    decided_plan.versions.filter(number=1).update(activities=[activity])
    pdf = client.get(f"/miljosamverkan-vasterbotten/planer/{decided_plan.pk}/dokument.pdf").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "1 mars 2026" in text and "2026-03-01" not in text
    word = Document(
        io.BytesIO(client.get(f"/miljosamverkan-vasterbotten/planer/{decided_plan.pk}/dokument.docx").content)
    )
    periods = [row.cells[2].text for table in word.tables for row in table.rows[1:]]
    assert periods == ["1 mars 2026"]


def test_an_activity_ending_before_it_starts_gets_a_field_error_not_a_constraint(client_for, world):
    response = client_for("coordinator").post(
        f"/miljosamverkan-vasterbotten/aktiviteter/ny/?ar={NEXT_YEAR}",
        {
            "title": "Kurs i tillsyn",
            "area": "kompetensutveckling",
            "kind": "training",
            "for_municipalities": "on",
            "status": "planned",
            "starts_on": f"{NEXT_YEAR}-12-31",
            "ends_on": f"{NEXT_YEAR}-01-01",
        },
    )
    assert response.status_code == 200 and not Activity.objects.exists()
    form = response.context["form"]
    assert form.errors["ends_on"] == ["Slutdatum kan inte ligga före startdatum."]
    assert not form.non_field_errors()
    assert "activity_ends_after_start" not in response.content.decode()


def test_an_assignment_to_a_person_without_a_person_gets_a_field_error(client_for, world, approved_decision):
    response = client_for("coordinator").post(
        "/miljosamverkan-vasterbotten/uppdrag/nytt/",
        {
            "decision": approved_decision.pk,
            "title": "Checklista",
            "owner_kind": "person",
            "due_on": f"{NEXT_YEAR}-02-01",
        },
    )
    assert response.status_code == 200 and not Assignment.objects.exists()
    form = response.context["form"]
    assert "owner_person" in form.errors and not form.non_field_errors()
    assert "assignment_one_owner" not in response.content.decode()
