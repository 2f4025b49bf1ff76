"""Certificates of attendance as PDF: one per person or all in one file, for those who attended
only, for the organiser and, by the personal link, for the registrant (issue 15, part 6)."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from samverkan.events import services
from samverkan.events.models import Event, EventSession, Registration


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text().replace("\xa0", " ") for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def course(make_event, world):
    """A held course of two sessions (3 h and 1.5 h) with the coordinator as contact person; Anna
    and Bo came, Cecilia did not, David was not marked."""
    event = make_event()
    Event.objects.filter(pk=event.pk).update(contact_person=world.people["coordinator"])
    first = event.sessions.get()
    start = first.starts_at + datetime.timedelta(days=1)
    EventSession.objects.create(
        event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=1, minutes=30), place="Skellefteå"
    )
    people = {}
    for name in ("Bo Berg", "Anna Ek", "Cecilia Ås", "David Öst"):
        people[name.split()[0]] = services.register(
            event,
            name=name,
            email=f"{name.split()[0].lower()}@example.se",
            category="municipality",
            organisation=world.municipality("2480"),
        )
    Registration.objects.filter(pk__in=[people["Anna"].pk, people["Bo"].pk]).update(attended=True)
    Registration.objects.filter(pk=people["Cecilia"].pk).update(attended=False)
    event.refresh_from_db()
    return event, people


def _base(event) -> str:
    return f"/{event.collaboration.slug}/evenemang/{event.pk}"


@pytest.mark.django_db
def test_the_organiser_gets_one_certificate_per_person_who_attended_in_one_file(client_for, course, world):
    event, _people = course
    response = client_for("coordinator").get(f"{_base(event)}/intyg.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Intyg" in response["Content-Disposition"]
    pages = _pages(response.content)
    assert len(pages) == 2  # Anna and Bo, by name; not Cecilia (absent) nor David (not marked)
    assert "Anna Ek" in pages[0] and "Bo Berg" in pages[1]
    page = pages[0]
    assert "Intyg om deltagande" in page and "Förorenade områden i praktiken" in page
    assert "4,5 timmar" in page  # 3 h + 1,5 h
    assert "Umeå" in page and "Skellefteå" in page
    assert world.collaboration.name in page
    coordinator = world.people["coordinator"]
    assert coordinator.full_name in page and coordinator.organisation.name in page
    assert world.municipality("2480").name in page


@pytest.mark.django_db
def test_one_persons_certificate_and_a_refusal_for_someone_who_did_not_attend(client_for, course):
    event, people = course
    client = client_for("coordinator")
    one = client.get(f"{_base(event)}/intyg/{people['Bo'].pk}.pdf")
    assert one.status_code == 200
    assert _pages(one.content) == [_pages(one.content)[0]] and "Bo Berg" in _pages(one.content)[0]
    for name in ("Cecilia", "David"):
        refused = client.get(f"{_base(event)}/intyg/{people[name].pk}.pdf")
        assert refused.status_code == 409
        assert "Intyg ges bara till den som har närvarat" in refused.content.decode()
    assert client.get(f"{_base(event)}/intyg/999999.pdf").status_code == 404


@pytest.mark.django_db
def test_with_nobody_marked_present_the_file_is_refused_with_a_message(client_for, make_event):
    event = make_event()
    services.register(event, name="Anna Ek", email="anna@example.se", category="citizen")
    response = client_for("coordinator").get(f"{_base(event)}/intyg.pdf")
    assert response.status_code == 409
    assert "Ingen är markerad som närvarande än" in response.content.decode()


@pytest.mark.django_db
def test_only_the_organiser_downloads_them(client_for, course):
    event, people = course
    for persona, status in (("member", 403), ("chair", 403), ("admin", 200)):
        assert client_for(persona).get(f"{_base(event)}/intyg.pdf").status_code == status
        assert client_for(persona).get(f"{_base(event)}/intyg/{people['Anna'].pk}.pdf").status_code == status


@pytest.mark.django_db
def test_a_registrant_downloads_their_own_by_the_personal_link(client, course):
    _event, people = course
    own = client.get(f"/anmalan/{people['Anna'].token}/intyg.pdf")
    assert own.status_code == 200
    assert "Anna Ek" in _pages(own.content)[0] and len(_pages(own.content)) == 1
    refused = client.get(f"/anmalan/{people['David'].token}/intyg.pdf")
    assert refused.status_code == 409
    assert "Intyget finns när arrangören har markerat att du var med" in refused.content.decode()
    assert client.get("/anmalan/inte-en-giltig-lank/intyg.pdf").status_code == 404


@pytest.mark.django_db
def test_the_certificates_open_with_hostile_text_already_stored(client_for, course):
    """Stored before input was cleaned: control characters, CR/LF and quotes in the names."""
    event, people = course
    Event.objects.filter(pk=event.pk).update(title='Kurs\x1b[31m "tillsyn"; filename=evil.exe\r\n../../x')
    Registration.objects.filter(pk=people["Anna"].pk).update(name="Anna\x07 Ek\u202e\r\nX-Injected: 1")
    client = client_for("coordinator")
    for url in (f"{_base(event)}/intyg.pdf", f"{_base(event)}/intyg/{people['Anna'].pk}.pdf"):
        response = client.get(url)
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        assert "\r" not in disposition and "\n" not in disposition and 'evil.exe"' not in disposition
        text = "\n".join(_pages(response.content))
        assert "\x1b" not in text and "\x07" not in text
        assert "Anna" in text and "tillsyn" in text
