"""The organiser's pages as the coordinator uses them: the list of all events, creating and
changing one, sessions, questions and documents, the registrations and the waitlist, the
participant list and badges, attendance at the door, the invoicing list and booking the fees once.
Hostile input gets a Swedish message and changes nothing."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.audit.models import AuditEntry
from samverkan.events import services
from samverkan.events.models import Event, EventDocument, EventSession, Question, Registration, RegistrationStatus
from samverkan.finance.models import LedgerEntry
from samverkan.lib.uploads import DOCUMENT_MAX_BYTES
from samverkan.plans.models import Activity
from tests.factories import OrganisationFactory

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def coordinator(client_for):
    return client_for("coordinator")


def _url(world, tail: str) -> str:
    return f"/{world.collaboration.slug}/evenemang/{tail}"


def _register(event, n, **extra):
    fields = {"name": f"Deltagare {n}", "email": f"d{n}@example.se", "category": "municipality"}
    return services.register(event, **{**fields, **extra})


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _event_form(chosen, **overrides):
    data = {
        "activity": chosen.pk,
        "title": "Kurs i tillsyn av förorenade områden",
        "description": "En dag om provtagning.",
        "for_municipalities": "on",
        "capacity": "20",
        "opens_day": f"{NEXT_YEAR}-01-10",
        "closes_day": f"{NEXT_YEAR}-02-20",
        "public": "on",
        "consent_text": "Vi tar bilder under dagen.",
        "reminder_days": "3",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_drafts_and_cancelled_events_with_their_seats_and_waitlist(
    world, coordinator, make_event, activity
):
    full = make_event(title="Fullt seminarium", capacity=2)
    for n in range(3):
        _register(full, n)
    services.create_event(activity=activity, actor=None, title="Utkastet")
    cancelled = make_event(title="Det inställda")
    services.cancel_event(event=cancelled, actor=None)

    page = coordinator.get(_url(world, "hantera/"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Fullt seminarium" in html and "Utkastet" in html and "Det inställda" in html
    assert "2 av 2" in html  # confirmed of the capacity
    assert "0 (obegränsat)" in html  # the draft, without a capacity
    assert '<span class="tag tag-ok">Publicerat</span>' in html and '<span class="tag tag-breach">Inställt' in html
    assert "Utkast" in html and "Inställt" in html and "inget tillfälle än" in html
    rows = {e.title: e for e in page.context["events"]}
    assert (rows["Fullt seminarium"].confirmed, rows["Fullt seminarium"].waitlisted) == (2, 1)


def test_the_list_reads_as_many_queries_for_thirty_events_as_for_two(world, coordinator, make_event):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert coordinator.get(_url(world, "hantera/")).status_code == 200
        return len(queries)

    for n in range(2):
        _register(make_event(title=f"Evenemang {n}"), n)
    two = count()
    for n in range(2, 30):
        _register(make_event(title=f"Evenemang {n}"), n)
    assert count() == two


def test_the_list_is_shown_fifty_to_a_page(world, coordinator, activity):
    for n in range(51):
        Event.objects.create(collaboration=world.collaboration, activity=activity, title=f"E{n}")
    page = coordinator.get(_url(world, "hantera/"))
    assert len(page.context["events"]) == 50
    assert len(coordinator.get(_url(world, "hantera/") + "?sida=2").context["events"]) == 1


# --- creating and changing --------------------------------------------------------------------


def test_the_form_takes_the_target_groups_and_title_from_the_chosen_activity(world, coordinator, activity):
    page = coordinator.get(_url(world, f"nytt/?aktivitet={activity.pk}"))
    form = page.context["form"]
    assert form.initial["title"] == activity.title
    assert form.initial["for_municipalities"] and form.initial["for_business"]
    assert not form.initial["for_citizens"]


def test_the_coordinator_creates_a_draft_event_of_an_activity(world, coordinator, activity):
    response = coordinator.post(_url(world, "nytt/"), _event_form(activity))
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(world, f"{event.pk}/hantera/")
    assert event.status == "draft" and event.collaboration == world.collaboration
    assert event.capacity == 20 and event.reminder_days == 3 and event.consent_text == "Vi tar bilder under dagen."
    assert timezone.localtime(event.registration_closes).time() == datetime.time(23, 59)
    page = coordinator.get(response["Location"])
    assert "Lägg till minst ett tillfälle" in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"capacity": "0"}, "Antalet platser ska vara minst 1, eller tomt för obegränsat."),
        ({"capacity": "-5"}, "Antalet platser ska vara minst 1, eller tomt för obegränsat."),
        ({"capacity": str(10**23)}, "Antalet platser kan vara högst 100000."),
        ({"capacity": "tjugo"}, "Skriv antalet platser som ett heltal, eller lämna tomt för obegränsat."),
        ({"closes_day": f"{NEXT_YEAR}-01-05"}, "Anmälan måste stänga efter att den öppnar."),
        ({"title": "x" * 201}, "Texten kan vara högst 200 tecken lång (den är 201)."),
        ({"title": "\x07\x1b  "}, "Detta fält måste fyllas i."),
        ({"for_municipalities": None}, "Välj minst en målgrupp."),
        ({"reminder_days": "400"}, "Påminnelsen kan skickas 0–60 dagar före (0: ingen påminnelse)."),
        ({"opens_day": "9999-12-31"}, "Ange ett datum mellan 1990-01-01 och 2100-12-31."),
    ],
)
def test_hostile_event_input_gets_a_swedish_message_and_changes_nothing(
    world, coordinator, activity, overrides, message
):
    before = AuditEntry.objects.count()
    page = coordinator.post(_url(world, "nytt/"), _event_form(activity, **overrides))
    assert page.status_code == 200
    errors = [e for errs in page.context["form"].errors.values() for e in errs]
    assert message in errors, errors
    assert not Event.objects.exists() and AuditEntry.objects.count() == before


def test_control_characters_are_taken_out_of_a_title(world, coordinator, activity):
    coordinator.post(_url(world, "nytt/"), _event_form(activity, title="Kurs\x07 i\x1b tillsyn\u202e"))
    assert Event.objects.get().title == "Kurs i tillsyn"


def test_an_activity_of_another_collaboration_cannot_be_chosen(world, coordinator, activity):
    from samverkan.collaborations.models import Collaboration

    other = Collaboration.objects.create(name="Annan samverkan", slug="annan")
    foreign = Activity.objects.create(collaboration=other, year=NEXT_YEAR, title="Deras", area="x", kind="seminar")
    page = coordinator.post(_url(world, "nytt/"), _event_form(activity, activity=str(foreign.pk)))
    assert page.status_code == 200 and "activity" in page.context["form"].errors
    assert coordinator.get(_url(world, f"nytt/?aktivitet={foreign.pk}")).status_code == 404
    assert not Event.objects.exists()


def test_an_event_of_another_collaboration_is_not_found(world, coordinator):
    from samverkan.collaborations.models import Collaboration

    other = Collaboration.objects.create(name="Annan samverkan", slug="annan")
    foreign_activity = Activity.objects.create(
        collaboration=other, year=NEXT_YEAR, title="Deras", area="x", kind="seminar"
    )
    foreign = services.create_event(activity=foreign_activity, actor=None, title="Deras evenemang")
    for tail in ("hantera/", "andra/", "anmalningar/", "narvaro/", "deltagarlista.pdf", "fakturaunderlag/"):
        assert coordinator.get(_url(world, f"{foreign.pk}/{tail}")).status_code == 404, tail
    assert coordinator.post(_url(world, f"{foreign.pk}/publicera/")).status_code == 404
    assert coordinator.post(_url(world, f"{foreign.pk}/stall-in/")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "draft"


def test_more_seats_move_the_waitlist_up_and_say_so(world, coordinator, make_event, activity):
    event = make_event(capacity=1)
    first, second, third = (_register(event, n) for n in range(3))
    data = _event_form(activity, activity=None, capacity="2", title=event.title)
    response = coordinator.post(_url(world, f"{event.pk}/andra/"), data, follow=True)
    assert "1 på väntelistan fick en plats" in " ".join(_messages(response))
    statuses = {r.pk: r.status for r in Registration.objects.all()}
    assert statuses == {first.pk: "confirmed", second.pk: "confirmed", third.pk: "waitlisted"}


def test_publishing_needs_a_session_then_the_event_is_published(world, coordinator, activity):
    event = services.create_event(activity=activity, actor=None, title="Utkastet")
    response = coordinator.post(_url(world, f"{event.pk}/publicera/"), follow=True)
    assert "Lägg till minst ett tillfälle" in " ".join(_messages(response))
    coordinator.post(
        _url(world, f"{event.pk}/tillfallen/nytt/"),
        {"day": f"{NEXT_YEAR}-03-10", "start": "09:00", "end": "12:00", "place": "Umeå"},
    )
    coordinator.post(_url(world, f"{event.pk}/publicera/"))
    event.refresh_from_db()
    assert event.status == "published"


def test_cancelling_asks_first_then_cancels(world, coordinator, make_event):
    event = make_event()
    _register(event, 1)
    page = coordinator.get(_url(world, f"{event.pk}/stall-in/"))
    assert "1 person är anmäld" in page.content.decode()
    event.refresh_from_db()
    assert event.status == "published"
    coordinator.post(_url(world, f"{event.pk}/stall-in/"))
    event.refresh_from_db()
    assert event.status == "cancelled"


# --- sessions, questions, documents -----------------------------------------------------------


def test_a_session_ending_before_it_starts_is_refused(world, coordinator, make_event):
    event = make_event()
    page = coordinator.post(
        _url(world, f"{event.pk}/tillfallen/nytt/"), {"day": f"{NEXT_YEAR}-03-10", "start": "12:00", "end": "09:00"}
    )
    assert "Tillfället måste sluta efter att det börjar." in page.context["form"].errors["end"]
    assert event.sessions.count() == 1


def test_moving_a_session_raises_the_calendar_version_and_the_last_one_stays(world, coordinator, make_event):
    event = make_event()
    session = event.sessions.get()
    coordinator.post(
        _url(world, f"{event.pk}/tillfallen/{session.pk}/"),
        {"day": f"{NEXT_YEAR}-04-01", "start": "13:00", "end": "16:00", "place": "Skellefteå"},
    )
    session.refresh_from_db()
    event.refresh_from_db()
    assert timezone.localtime(session.starts_at).date() == datetime.date(NEXT_YEAR, 4, 1)
    assert session.place == "Skellefteå" and event.sequence == 1
    response = coordinator.post(_url(world, f"{event.pk}/tillfallen/{session.pk}/ta-bort/"), follow=True)
    assert "behöver minst ett tillfälle" in " ".join(_messages(response))
    assert EventSession.objects.filter(pk=session.pk).exists()


def test_a_choice_question_takes_one_alternative_a_line(world, coordinator, make_event):
    event = make_event()
    coordinator.post(
        _url(world, f"{event.pk}/fragor/ny/"),
        {"text": "Kost", "kind": "choice", "choices": "Vegetarisk\r\n\r\nVegansk\r\n", "purpose": "registration"},
    )
    question = Question.objects.get()
    assert question.choices == ["Vegetarisk", "Vegansk"] and question.purpose == "registration"
    page = coordinator.post(
        _url(world, f"{event.pk}/fragor/ny/"), {"text": "Kost", "kind": "choice", "choices": "En", "purpose": "x"}
    )
    assert page.status_code == 200 and page.context["form"].errors
    coordinator.post(_url(world, f"{event.pk}/fragor/{question.pk}/ta-bort/"))
    assert not Question.objects.exists()


def test_an_answered_question_cannot_be_removed(world, coordinator, make_event):
    event = make_event()
    question = services.add_question(event=event, actor=None, text="Allergier")
    _register(event, 1, answers={question.pk: "Nötter"})
    response = coordinator.post(_url(world, f"{event.pk}/fragor/{question.pk}/ta-bort/"), follow=True)
    assert "Frågan har redan besvarats" in " ".join(_messages(response))
    assert Question.objects.filter(pk=question.pk).exists()


def test_documents_are_uploaded_read_as_the_event_is_seen_and_removed(world, coordinator, client_for, activity):
    draft = services.create_event(activity=activity, actor=None, title="Utkastet", public=True)
    coordinator.post(
        _url(world, f"{draft.pk}/handlingar/ny/"),
        {"file": SimpleUploadedFile("program.pdf", b"%PDF-1.4 program"), "title": "Program"},
    )
    document = EventDocument.objects.get()
    link = _url(world, f"{draft.pk}/handling/{document.pk}/")  # the public pages' download
    assert b"".join(client_for("coordinator").get(link).streaming_content) == b"%PDF-1.4 program"
    assert client_for("anonymous").get(link).status_code == 404  # a draft is the organisers'
    start = timezone.now() + datetime.timedelta(days=10)
    services.add_session(event=draft, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    services.publish_event(event=draft, actor=None)
    assert client_for("anonymous").get(link).status_code == 200  # published and public: everyone
    client_for("coordinator").post(_url(world, f"{draft.pk}/handlingar/{document.pk}/ta-bort/"))
    assert not EventDocument.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ"), "Filtypen stöds inte."),
        (SimpleUploadedFile("tom.pdf", b""), "Den skickade filen är tom."),
        (SimpleUploadedFile("stor.pdf", b"x" * (DOCUMENT_MAX_BYTES + 1)), "Filen är för stor (högst 20 MB)."),
    ],
)
def test_a_document_of_the_wrong_kind_or_size_is_refused(world, coordinator, make_event, upload, message):
    event = make_event()
    page = coordinator.post(_url(world, f"{event.pk}/handlingar/ny/"), {"file": upload})
    assert any(message in e for e in page.context["form"].errors.get("file", [])), page.context["form"].errors
    assert not EventDocument.objects.exists()


# --- registrations, lists, badges, attendance -------------------------------------------------


def test_the_organiser_sees_the_waitlist_in_order_moves_one_up_and_cancels_another(world, coordinator, make_event):
    event = make_event(capacity=1)
    question = services.add_question(event=event, actor=None, text="Kost")
    seated = _register(event, 0, answers={question.pk: "Vegansk"}, organisation_text="Miljökontoret")
    waiting = [_register(event, n) for n in (1, 2, 3)]
    page = coordinator.get(_url(world, f"{event.pk}/anmalningar/"))
    html = page.content.decode()
    assert [r.pk for r in page.context["waitlist"]] == [r.pk for r in waiting]
    assert "Kost: Vegansk" in html and "Miljökontoret" in html

    # the buttons post where each row's form says (the rows are written by event_tables.py)
    coordinator.post(_action(html, waiting[1]), {"action": "upp"})
    assert Registration.objects.get(pk=waiting[1].pk).status == "confirmed"  # out of turn, above capacity
    response = coordinator.post(_action(html, seated), {"action": "avboka"}, follow=True)
    assert Registration.objects.get(pk=seated.pk).status == "cancelled"
    # two confirmed on one seat (the one moved up by hand): nobody more moves up
    assert Registration.objects.get(pk=waiting[0].pk).status == "waitlisted"
    assert "Deltagare 0 är avbokad." in " ".join(_messages(response))
    assert AuditEntry.objects.filter(action="cancel_registration", actor__username="samordnare").exists()


def _action(html: str, registration) -> str:
    start = html.index(f'<tr id="r-{registration.pk}">')
    return re.search(r'<form method="post" action="([^"]+)"', html[start:]).group(1)


def _row(html: str, registration) -> str:
    start = html.index(f'<tr id="r-{registration.pk}">')
    return " ".join(re.sub(r"<[^>]+>", " ", html[start : html.index("</tr>", start)]).split())


def test_each_row_shows_who_from_where_the_category_the_answers_and_when(world, coordinator, make_event):
    event = make_event(capacity=1)
    diet = services.add_question(event=event, actor=None, text="Kost")
    lunch = services.add_question(event=event, actor=None, text="Lunch", kind="yes_no")
    seated = _register(
        event, 0, category="citizen", organisation_text="", answers={diet.pk: "Vegansk\nutan nötter", lunch.pk: "yes"}
    )
    waiting = _register(event, 1, organisation=world.org("umea"), answers={lunch.pk: "no"})
    last = _register(event, 2)
    _register(event, 3, name='<b>Ola</b> & "Co"', organisation_text="<i>AB</i>", answers={diet.pk: "<script>"})
    html = coordinator.get(_url(world, f"{event.pk}/anmalningar/")).content.decode()
    assert "<b>Ola" not in html and "<i>AB" not in html and "Kost: <script>" not in html
    assert "&lt;b&gt;Ola&lt;/b&gt; &amp; &quot;Co&quot;" in html and "Kost: &lt;script&gt;" in html

    when = timezone.localtime(seated.created_at)
    assert _row(html, seated) == (
        f"Deltagare 0 d0@example.se – Privatperson Kost: Vegansk utan nötter Lunch: ja {when:%Y-%m-%d %H:%M} "
        "Avboka : Deltagare 0"
    )
    assert "Vegansk<br>utan nötter" in html  # the answer's lines kept
    assert _row(html, waiting).startswith("1 Deltagare 1 d1@example.se Umeå Kommun Lunch: nej ")
    assert _row(html, waiting).endswith("Ge plats : Deltagare 1 Avboka : Deltagare 1")
    assert _row(html, last).startswith("2 Deltagare 2 d2@example.se – Kommun – ")

    coordinator.cookies["django_language"] = "en"
    english = coordinator.get(_url(world, f"{event.pk}/anmalningar/")).content.decode()
    assert "Lunch: yes" in _row(english, seated) and "Citizen" in _row(english, seated)


def test_participant_list_and_badges_are_pdfs_with_eight_badges_a_page(world, coordinator, make_event):
    from pypdf import PdfReader

    event = make_event()
    for n in range(9):
        _register(event, n, organisation=world.org("umea"))
    listing = coordinator.get(_url(world, f"{event.pk}/deltagarlista.pdf"))
    badges = coordinator.get(_url(world, f"{event.pk}/namnbrickor.pdf"))
    assert listing["Content-Type"] == badges["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(listing.content)).pages[0].extract_text()
    assert "Deltagare 8" in text and "Umeå" in text and "Namnteckning" in text
    pages = PdfReader(io.BytesIO(badges.content)).pages
    assert len(pages) == 2  # 9 badges: 8 on the first sheet, 1 on the second
    assert "Deltagare 8" in pages[1].extract_text()


def test_attendance_is_marked_per_person_counted_and_audited(world, coordinator, make_event):
    event = make_event(capacity=2)
    came, stayed, waiting = (_register(event, n) for n in range(3))
    url = _url(world, f"{event.pk}/narvaro/")
    response = coordinator.post(url, {"registration": came.pk, "attended": "kom"})
    assert response.status_code == 302 and response["Location"].endswith(f"#r-{came.pk}")
    coordinator.post(url, {"registration": stayed.pk, "attended": "kom-inte"})
    assert [r.attended for r in Registration.objects.order_by("pk")] == [True, False, None]
    html = coordinator.get(url).content.decode()
    assert "1 av 2 har kommit." in html and "1 kom inte." in html
    assert AuditEntry.objects.filter(action="set_attendance").count() == 2
    refused = coordinator.post(url, {"registration": waiting.pk, "attended": "kom"}, follow=True)
    assert "Bara den som har en plats" in " ".join(_messages(refused))
    assert coordinator.post(url, {"registration": "abc", "attended": "kom"}).status_code == 404
    assert Registration.objects.get(pk=waiting.pk).attended is None


# --- fees -------------------------------------------------------------------------------------


def _paid_event(world, make_event):
    """Fees 500 kr for members, 1 500 kr for others (the fixture's activity): two from Umeå (a
    party), a consultant, a citizen and one who did not come."""
    event = make_event()
    _register(event, 1, organisation=world.org("umea"))
    _register(event, 2, organisation=world.org("umea"))
    _register(event, 3, organisation=OrganisationFactory(name="Konsult AB"), category="business")
    _register(event, 4, category="citizen", name="Åsa Privat")
    absent = _register(event, 5, organisation_text="Frånvarande AB", category="business")
    services.set_attendance(registration=absent, attended=False, actor=None)
    return event


def test_the_invoicing_list_groups_fees_per_organisation_and_says_there_is_no_card_payment(
    world, coordinator, make_event
):
    event = _paid_event(world, make_event)
    page = coordinator.get(_url(world, f"{event.pk}/fakturaunderlag/"))
    html = page.content.decode()
    listed = page.context["invoicing"]
    assert {p.name: p.total_ore for p in listed.payers} == {
        world.org("umea").name: 100_000,  # two at the members' fee
        "Konsult AB": 150_000,
        "Åsa Privat": 150_000,  # a citizen is invoiced by name
    }
    assert listed.total_ore == 400_000 and "Frånvarande AB" not in html
    assert "Det finns ingen kortbetalning" in html
    xlsx = coordinator.get(_url(world, f"{event.pk}/fakturaunderlag.xlsx"))
    pdf = coordinator.get(_url(world, f"{event.pk}/fakturaunderlag.pdf"))
    assert xlsx.status_code == pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert coordinator.get(_url(world, f"{event.pk}/fakturaunderlag.exe")).status_code == 404


def test_the_fees_are_booked_to_the_ledger_once(world, coordinator, make_event):
    event = _paid_event(world, make_event)
    url = _url(world, f"{event.pk}/fakturaunderlag/bokfor/")
    first = coordinator.post(url, follow=True)
    second = coordinator.post(url, follow=True)
    assert "Avgifterna är bokförda" in " ".join(_messages(first))
    assert "redan bokförda" in " ".join(_messages(second))
    entry = LedgerEntry.objects.get()  # one row after two posts
    assert entry.amount_ore == 2 * 50_000 + 2 * 150_000 and entry.activity == event.activity
    event.refresh_from_db()
    assert event.fees_entry == entry
    assert "De bokförs bara en gång." in coordinator.get(_url(world, f"{event.pk}/fakturaunderlag/")).content.decode()


def test_no_fees_nothing_to_book(world, coordinator, make_event, activity):
    activity.fee_member_ore = activity.fee_other_ore = None
    activity.save()
    event = make_event()
    _register(event, 1)
    response = coordinator.post(_url(world, f"{event.pk}/fakturaunderlag/bokfor/"), follow=True)
    assert "inga avgifter att bokföra" in " ".join(_messages(response))
    assert not LedgerEntry.objects.exists()


def test_others_cannot_reach_the_organisers_pages(world, client_for, make_event):
    event = make_event()
    _register(event, 1)
    for persona in ("member", "chair", "support"):
        client = client_for(persona)
        assert client.get(_url(world, f"{event.pk}/anmalningar/")).status_code == 403
        assert client.post(_url(world, f"{event.pk}/fakturaunderlag/bokfor/")).status_code == 403
    assert not LedgerEntry.objects.exists()
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_write_the_pdfs_for_a_look(world, coordinator, make_event, tmp_path, settings):
    """Not an assertion of looks: writes the PDFs to EVENTS_PDF_DIR when set, to render and read."""
    import os

    target = os.environ.get("EVENTS_PDF_DIR")
    if not target:
        pytest.skip("EVENTS_PDF_DIR not set")
    event = _paid_event(world, make_event)
    for n in range(6, 12):
        _register(event, n, name=f"Maria-Louise Andersson Lindqvist {n}", organisation=world.org("vannas"))
    for name, tail in (("list", "deltagarlista.pdf"), ("badges", "namnbrickor.pdf"), ("fees", "fakturaunderlag.pdf")):
        with open(f"{target}/{name}.pdf", "wb") as f:
            f.write(coordinator.get(_url(world, f"{event.pk}/{tail}")).content)


def test_the_registrations_page_reads_as_many_queries_for_twenty_as_for_two(world, coordinator, make_event):
    event = make_event(capacity=1)  # one confirmed and one waiting, then one confirmed and 19 waiting
    question = services.add_question(event=event, actor=None, text="Kost")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert coordinator.get(_url(world, f"{event.pk}/anmalningar/")).status_code == 200
        return len(queries)

    for n in range(2):
        _register(event, n, answers={question.pk: "Vegansk"}, organisation=world.org("umea"))
    two = count()
    for n in range(2, 20):
        _register(event, n, answers={question.pk: "Vegansk"}, organisation=world.org("umea"))
    assert count() == two


def test_the_menu_leads_the_organiser_to_the_events_they_manage(world, client_for):
    manage = _url(world, "hantera/")
    assert manage in client_for("coordinator").get(_url(world, "")).content.decode()
    assert manage not in client_for("member").get(_url(world, "")).content.decode()


def test_a_session_question_or_registration_of_another_event_is_not_found(world, coordinator, make_event):
    mine, other = make_event(title="Mitt"), make_event(title="Annat")
    session = other.sessions.get()
    question = services.add_question(event=other, actor=None, text="Kost")
    registration = _register(other, 1)
    assert coordinator.get(_url(world, f"{mine.pk}/tillfallen/{session.pk}/")).status_code == 404
    assert coordinator.post(_url(world, f"{mine.pk}/tillfallen/{session.pk}/ta-bort/")).status_code == 404
    assert coordinator.post(_url(world, f"{mine.pk}/fragor/{question.pk}/ta-bort/")).status_code == 404
    url = _url(world, f"{mine.pk}/anmalningar/{registration.pk}/")
    assert coordinator.post(url, {"action": "avboka"}).status_code == 404
    narvaro = _url(world, f"{mine.pk}/narvaro/")
    assert coordinator.post(narvaro, {"registration": registration.pk, "attended": "kom"}).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed" and registration.attended is None
    assert EventSession.objects.filter(pk=session.pk).exists() and Question.objects.filter(pk=question.pk).exists()


def test_a_session_past_midnight_has_an_end_day_and_can_be_edited(world, coordinator, make_event):
    event = make_event()
    url = _url(world, f"{event.pk}/tillfallen/nytt/")
    day = f"{NEXT_YEAR}-03-10"
    coordinator.post(url, {"day": day, "start": "22:00", "end": "01:00", "end_day": f"{NEXT_YEAR}-03-11"})
    session = event.sessions.order_by("-pk").first()
    assert session.ends_at - session.starts_at == datetime.timedelta(hours=3)
    form = coordinator.get(_url(world, f"{event.pk}/tillfallen/{session.pk}/")).context["form"]
    assert form.initial["end_day"] == datetime.date(NEXT_YEAR, 3, 11)
