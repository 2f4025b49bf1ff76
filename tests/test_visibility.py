"""The page, the documents (Word, .ics, downloads) and the API show every persona the same items.

For each resource (meetings, agenda items and their documents, minutes including a draft, the
decision register, plan versions including a draft) and each persona, the set of items a channel
shows is computed from what that channel returns, and the channels must agree in both directions:
nothing one shows is missing from another. The expected sets pin the policy itself
(meetings.visibility, plans.visibility): closed items for participants, draft minutes for the
organisers and the signatories, drafts of plans for participants.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import docx
import icalendar
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from samverkan.agreement.services import load_collaboration_model
from samverkan.finance import services as finance
from samverkan.finance.tests.test_services import _budget
from samverkan.meetings import minutes as minutes_service
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AttendanceStatus, Meeting, MeetingStatus, Minutes
from samverkan.organisations.models import Party
from samverkan.plans.models import PlanDocument, PlanStatus, PlanVersion
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

SLUG = "miljosamverkan-vasterbotten"
API = f"/api/v1/collaborations/{SLUG}"
MODEL_B = Path(django_settings.BASE_DIR) / "agreements" / "example-avfallssamverkan.toml"

PERSONAS = ["anonymous", "other", "officer", "support", "adjuster", "chair", "coordinator", "admin"]
OUTSIDE = {"anonymous", "other"}  # not part of Västerbotten
ORGANISERS = {"chair", "coordinator", "admin"}  # chair of the collaboration group; the coordinator

OPEN_ITEM, CLOSED_ITEM = "Budget 2027 för länet", "Personalärende på dagordningen"
OPEN_PARA, CLOSED_PARA = "Verksamhetsplan fastställs", "Personalärende i protokollet"
OPEN_DECISION, CLOSED_DECISION = "Planen fastställs.", "Hemligt beslut."
DRAFT_PARA = "Utkast till paragraf"


def _day(days_ago: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone())


def _held(world, days_ago: int, agenda: tuple[tuple[str, bool], ...] = ()) -> Meeting:
    start = _day(days_ago)
    meeting = Meeting.objects.create(
        group=world.sg, starts_at=start, ends_at=start + datetime.timedelta(hours=2), place="Umeå"
    )
    for title, public in agenda:  # each item with a document
        item = meetings.add_agenda_item(meeting=meeting, actor=None, title=title, public=public)
        upload = SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4 underlag", content_type="application/pdf")
        meetings.attach_document(item=item, upload=upload, title=f"Underlag {title}", actor=None)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    return meeting


def _minutes(world, meeting: Meeting, items: list[tuple[str, bool, str]]) -> Minutes:
    minutes = minutes_service.start_minutes(meeting=meeting, actor=None)
    members = set(world.sg.memberships.values_list("person_id", flat=True))
    minutes_service.record_attendance(
        minutes=minutes, statuses={pk: (AttendanceStatus.PRESENT, "") for pk in members}, guests=[], actor=None
    )
    for title, public, decision in items:
        minutes_service.add_minute_item(minutes=minutes, title=title, actor=None, public=public, decision=decision)
    minutes_service.set_adjusters(minutes=minutes, people=[world.people["umea"]], actor=None)
    return minutes


@pytest.fixture
def scene(world, personas, settings):
    """A held meeting with an open and a closed agenda item (each with a document) and approved
    minutes with an open and a closed §; a later meeting with draft minutes whose adjuster is
    Umeå's member; an operations plan with a decided and a draft version."""
    settings.DEMO_MODE = True
    meeting = _held(world, 20, agenda=((OPEN_ITEM, True), (CLOSED_ITEM, False)))
    approved = _minutes(world, meeting, [(OPEN_PARA, True, OPEN_DECISION), (CLOSED_PARA, False, CLOSED_DECISION)])
    Minutes.objects.filter(pk=approved.pk).update(status="approved", approved_at=timezone.now())
    draft = _minutes(world, _held(world, 3), [(DRAFT_PARA, True, "Utkast till beslut.")])

    document = PlanDocument.objects.create(
        collaboration=world.collaboration, doc_type="operations_plan", year=2027, title="Verksamhetsplan 2027"
    )
    decision = approved.items.get(title=OPEN_PARA).decision
    PlanVersion.objects.create(
        document=document, number=1, status=PlanStatus.DECIDED, decision=decision, decided_at=timezone.now()
    )
    PlanVersion.objects.create(document=document, number=2, status=PlanStatus.DRAFT)

    # a member of another collaboration only: a consultancy's person in the waste collaboration's steering group
    b = load_collaboration_model(path=MODEL_B, actor=None, today=datetime.date(2026, 1, 1)).collaboration
    other = PersonFactory(organisation=OrganisationFactory(name="Avfallskonsult AB"))
    MembershipFactory(group=b.groups.get(key="styrgruppen"), person=other, started_on=datetime.date(2026, 1, 1))
    other.user = UserFactory(username="annan")
    other.save(update_fields=["user"])
    users = {
        "anonymous": None,
        "other": other.user,
        "officer": personas["officer"],  # works for Vännäs, a party, in no group
        "support": personas["support"],  # Lycksele: the support group, not the collaboration group
        "adjuster": personas["member"],  # Umeå: the collaboration group, adjuster of both minutes
        "chair": personas["chair"],
        "coordinator": personas["coordinator"],
        "admin": personas["admin"],
    }
    return {"meeting": meeting, "approved": approved, "draft": draft, "plan": document, "users": users}


@pytest.fixture
def as_(client, scene):
    def login(persona: str):
        client.logout()
        if scene["users"][persona] is not None:
            client.force_login(scene["users"][persona])
        return client

    return login


def _shown(text: str, *candidates: str) -> set[str]:
    return {c for c in candidates if c in text}


def _ics_description(content: bytes) -> str:
    calendar = icalendar.Calendar.from_ical(content)
    return "\n".join(str(event.get("description", "")) for event in calendar.walk("VEVENT"))


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


@pytest.mark.parametrize("persona", PERSONAS)
def test_meetings_are_the_same_on_the_page_and_in_the_api(as_, scene, world, persona):
    client = as_(persona)
    year = timezone.localdate().year
    page = client.get(reverse("meeting_list", args=[SLUG]), {"ar": year}).content.decode()
    on_page = {
        m.pk for m in Meeting.objects.filter(group__collaboration=world.collaboration) if f"/moten/{m.pk}/" in page
    }
    in_api = {m["id"] for m in client.get(f"{API}/meetings", {"year": year}).json()}
    in_year = set(
        Meeting.objects.filter(group__collaboration=world.collaboration, starts_at__year=year).values_list(
            "pk", flat=True
        )
    )
    assert on_page == in_api == in_year  # that a meeting is held is public


@pytest.mark.parametrize("persona", PERSONAS)
def test_agenda_items_and_their_documents_are_the_same_everywhere(as_, scene, persona):
    client = as_(persona)
    meeting = scene["meeting"]
    expected = {OPEN_ITEM} if persona in OUTSIDE else {OPEN_ITEM, CLOSED_ITEM}
    page = client.get(reverse("meeting_detail", args=[SLUG, meeting.pk])).content.decode()
    api = " ".join(row["title"] for row in client.get(f"{API}/meetings/{meeting.pk}/agenda").json())
    ics = _ics_description(client.get(reverse("meeting_ics", args=[SLUG, meeting.pk])).content)
    agenda_pdf = _pdf_text(client.get(reverse("agenda_pdf", args=[SLUG, meeting.pk])).content)
    notice_pdf = _pdf_text(client.get(reverse("notice_pdf", args=[SLUG, meeting.pk])).content)
    assert _shown(page, OPEN_ITEM, CLOSED_ITEM) == expected
    assert _shown(agenda_pdf, OPEN_ITEM, CLOSED_ITEM) == expected
    assert _shown(notice_pdf, OPEN_ITEM, CLOSED_ITEM) == expected
    assert _shown(api, OPEN_ITEM, CLOSED_ITEM) == expected
    assert _shown(ics, OPEN_ITEM, CLOSED_ITEM) == expected
    downloadable = set()
    for document in (
        meeting.agenda_items.get(title=CLOSED_ITEM).documents.all()
        | meeting.agenda_items.get(title=OPEN_ITEM).documents.all()
    ):
        url = reverse("document_download", args=[SLUG, meeting.pk, document.pk])
        status = client.get(url).status_code
        assert status in (200, 404)
        assert (url in page) == (status == 200), document.title  # linked exactly when it can be read
        if status == 200:
            downloadable.add(document.item.title)
    assert downloadable == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_approved_minutes_show_the_same_paragraphs_on_the_page_in_word_and_in_the_api(as_, scene, persona):
    client = as_(persona)
    pk = scene["approved"].meeting_id
    expected = {OPEN_PARA} if persona in OUTSIDE else {OPEN_PARA, CLOSED_PARA}
    page = client.get(reverse("minutes_detail", args=[SLUG, pk])).content.decode()
    word = _docx_text(client.get(reverse("minutes_document", args=[SLUG, pk, "docx"])).content)
    pdf = _pdf_text(client.get(reverse("minutes_document", args=[SLUG, pk, "pdf"])).content)
    api = " ".join(item["title"] for item in client.get(f"{API}/minutes/{pk}").json()["items"])
    assert _shown(page, OPEN_PARA, CLOSED_PARA) == expected
    assert _shown(pdf, OPEN_PARA, CLOSED_PARA) == expected
    assert _shown(word, OPEN_PARA, CLOSED_PARA) == expected
    assert _shown(api, OPEN_PARA, CLOSED_PARA) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_draft_minutes_are_readable_on_the_page_in_the_documents_and_in_the_api_alike(as_, scene, persona):
    client = as_(persona)
    pk = scene["draft"].meeting_id
    readable = persona in ORGANISERS | {"adjuster"}  # the secretary's side and the signatories
    page = client.get(reverse("minutes_detail", args=[SLUG, pk]))
    pdf = client.get(reverse("minutes_document", args=[SLUG, pk, "pdf"]))
    word = client.get(reverse("minutes_document", args=[SLUG, pk, "docx"]))
    api = client.get(f"{API}/minutes/{pk}")
    assert {page.status_code, pdf.status_code, word.status_code, api.status_code} == ({200} if readable else {404})
    if readable:
        assert DRAFT_PARA in page.content.decode() and DRAFT_PARA in _docx_text(word.content)
        assert [item["title"] for item in api.json()["items"]] == [DRAFT_PARA]
        assert api.json()["status"] != "approved"


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_decision_register_is_the_same_on_the_page_and_in_the_api(as_, scene, persona):
    client = as_(persona)
    expected = {OPEN_DECISION} if persona in OUTSIDE else {OPEN_DECISION, CLOSED_DECISION}
    page = client.get(reverse("decision_register", args=[SLUG])).content.decode()
    api = {d["text"] for d in client.get(f"{API}/decisions").json()}
    assert _shown(page, OPEN_DECISION, CLOSED_DECISION, "Utkast till beslut.") == expected
    assert api == expected  # draft minutes' decisions are in neither


@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_versions_are_the_same_on_the_page_and_in_the_api(as_, scene, persona):
    client = as_(persona)
    plan = scene["plan"]
    expected = {1} if persona in OUTSIDE else {1, 2}
    url = reverse("plan_detail", args=[SLUG, plan.pk])
    on_page = {n for n in (1, 2) if client.get(url, {"version": n}).status_code == 200}
    word = {
        n
        for n in (1, 2)
        if client.get(reverse("plan_document", args=[SLUG, plan.pk, "docx"]), {"version": n}).status_code == 200
    }
    in_api = {v["number"] for p in client.get(f"{API}/plans", {"year": 2027}).json() for v in p["versions"]}
    assert on_page == word == in_api == expected


INVOICED = {"umea": (111_100, "1 111,00"), "lycksele": (222_200, "2 222,00"), "vindeln": (333_300, "3 333,00")}
# the economy is for the groups' members (view_finance); each party's figures for the collaboration
# group and the coordinator, and a party's own representatives (view_party_finance)
PARTY_FIGURES = {
    "support": set(
        INVOICED
    ),  # Lycksele sits in the collaboration group too (see test_party_finance for own-party-only)
    "adjuster": set(INVOICED),
    "chair": set(INVOICED),
    "coordinator": set(INVOICED),
    "admin": set(INVOICED),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_party_figures_are_the_same_on_the_status_page_in_its_pdf_and_in_the_api(as_, scene, world, persona):
    _budget(world, 2026)
    for key, (amount, _shown_as) in INVOICED.items():
        finance.add_extra_contribution(
            collaboration=world.collaboration,
            party=Party.objects.get(collaboration=world.collaboration, key=key),
            amount_ore=amount,
            invoiced_on=datetime.date(2026, 3, 2),
            actor=None,
        )
    client = as_(persona)
    day = {"datum": "2026-06-30"}
    page = client.get(reverse("status_report", args=[SLUG]), day)
    pdf = client.get(reverse("status_export", args=[SLUG, "pdf"]), day)
    api = client.get(f"{API}/finance/status", {"date": "2026-06-30"})
    if persona not in PARTY_FIGURES:
        assert page.status_code in (302, 403) and pdf.status_code in (302, 403) and api.status_code == 403
        return

    def parties(text: str) -> set[str]:
        text = text.replace("\xa0", " ").replace("\u202f", " ")
        text = text[text.index("Per part") :]
        return {key for key, (_amount, shown_as) in INVOICED.items() if shown_as in text}

    in_api = {p["party"] for p in api.json()["parties"] if p["invoiced_ore"]}
    assert parties(page.content.decode()) == parties(_pdf_text(pdf.content)) == in_api == PARTY_FIGURES[persona]
