"""The other lists that grow without bound are shown a page at a time too (lib.pagination, the
`<c-pagination>` component): the approved minutes (public), the assignments, the time log's rows,
the unanswered requests for confirmation of contact details (fifty a page) and the home page's collaborations (24 a page, with a search). Each keeps its
filters in the page links, orders its rows with the primary key last so that no row is shown on
two pages or on none, and asks the database as often for sixty rows as for two. The API's
collaboration and plan lists answer `limit`/`offset` windows like the other lists."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.collaborations.models import Collaboration
from samverkan.finance.models import TimeEntry
from samverkan.meetings.models import Meeting, Minutes
from samverkan.organisations.models import ConfirmationBatch, ConfirmationRequest
from tests.factories import PersonFactory
from tests.test_list_queries import SLUG, YEAR, _approved_decision, assignments, plans, time_entries
from tests.test_pagination import _links

MINUTES_LINK = re.compile(rf'href="/{SLUG}/protokoll/(\d+)/"')
NAV_LABELS = {"Första sidan", "Föregående sida", "Nästa sida", "Sista sidan"}


def _cards(html: str) -> list[str]:
    """The slugs of the collaborations on the home page, in order."""
    cards = re.search(r'<ul class="cards">(.*?)</ul>', html, re.S)
    return re.findall(r'<li><a href="/([^/"]+)/">', cards[1]) if cards else []


def _collaboration(n: int, name: str | None = None) -> None:
    Collaboration.objects.create(
        slug=f"samverkan-{n:02}", name=name or f"Samverkan {n:02}", sector="miljö", county="Norrbottens län"
    )


def _time(world: Any, n: int, day: datetime.date | None = None) -> None:
    TimeEntry.objects.create(
        collaboration=world.collaboration,
        person=world.people["coordinator"],
        kind="coordinator",
        day=day or datetime.date(YEAR, 1, 1) + datetime.timedelta(days=n),
        minutes=60,
        note=f"Tidrad {n:02}",
    )


def _open_request(world: Any, n: int) -> str:
    batch = ConfirmationBatch.objects.filter(collaboration=world.collaboration).first()
    if batch is None:
        batch = ConfirmationBatch.objects.create(collaboration=world.collaboration, description="Alla")
    person = PersonFactory(organisation=world.org("umea"), first_name="Anna", last_name=f"Obesvarad {n:02}")
    person.registered_in.add(world.collaboration)
    now = timezone.now()
    ConfirmationRequest.objects.create(
        batch=batch, person=person, sent_at=now, expires_at=now + datetime.timedelta(days=30)
    )
    return f"Obesvarad {n:02}"


# --- what a reader sees -----------------------------------------------------------------------


def test_the_public_minutes_list_shows_fifty_minutes_a_page_newest_first(world, client_for):
    for n in range(55):
        _approved_decision(world, n)
    client = client_for("anonymous")
    url = reverse("minutes_list", args=[SLUG])
    html = client.get(url).content.decode()
    first = MINUTES_LINK.findall(html)
    assert len(first) == 50 and "Sida 1 av 2" in html
    assert set(_links(html)) == {"Nästa sida", "Sista sidan"}
    newest = Meeting.objects.filter(title="Sammanträde 54").get()
    assert first[0] == str(newest.pk)
    html = client.get(url + _links(html)["Nästa sida"]).content.decode()
    second = MINUTES_LINK.findall(html)
    assert len(second) == 5 and "Sida 2 av 2" in html and not set(first) & set(second)
    assert second[-1] == str(Meeting.objects.get(title="Sammanträde 0").pk)  # the oldest last
    assert set(_links(html)) == {"Första sidan", "Föregående sida"}


def test_a_page_number_out_of_range_shows_the_last_page_and_one_that_is_not_a_number_the_first(world, client_for):
    for n in range(55):
        _approved_decision(world, n)
    client = client_for("anonymous")
    url = reverse("minutes_list", args=[SLUG])
    for sida, shown in (("99", "Sida 2 av 2"), ("-1", "Sida 2 av 2"), ("två", "Sida 1 av 2"), ("", "Sida 1 av 2")):
        response = client.get(url, {"sida": sida})
        assert response.status_code == 200 and shown in response.content.decode(), sida


def test_minutes_of_meetings_at_the_same_time_are_each_on_exactly_one_page(world, client_for):
    start = datetime.datetime(YEAR, 3, 1, 9, tzinfo=datetime.UTC)
    for n in range(60):
        meeting = Meeting.objects.create(
            group=world.sg, title=f"Samma tid {n}", starts_at=start, ends_at=start + datetime.timedelta(hours=1)
        )
        Minutes.objects.create(meeting=meeting, status="approved", approved_at=start)
    client = client_for("anonymous")
    url = reverse("minutes_list", args=[SLUG])
    shown = MINUTES_LINK.findall(client.get(url).content.decode())
    shown += MINUTES_LINK.findall(client.get(url, {"sida": 2}).content.decode())
    assert len(shown) == 60 and len(set(shown)) == 60


def test_the_assignment_list_shows_fifty_a_page_and_keeps_the_choice_of_all(world, client_for):
    for n in range(55):
        assignments(world, n)
    client = client_for("coordinator")
    url = reverse("assignment_list", args=[SLUG])
    html = client.get(url, {"visa": "alla"}).content.decode()
    rows = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)
    assert len(rows) == 50 and "Sida 1 av 2" in html
    following = _links(html)["Nästa sida"]
    assert "visa=alla" in following and "sida=2" in following
    html = client.get(url + following).content.decode()
    more = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)
    assert len(more) == 5 and "Sida 2 av 2" in html and not set(rows) & set(more)
    assert {*rows, *more} == {f"Uppdrag {n}" for n in range(55)}


def test_the_time_log_shows_fifty_rows_a_page_of_the_chosen_year_with_the_summary_on_every_page(world, client_for):
    for n in range(55):
        _time(world, n)
    _time(world, 99, datetime.date(YEAR - 1, 6, 1))  # another year: not on the list
    client = client_for("coordinator")
    url = reverse("time_log", args=[SLUG])
    html = client.get(url, {"ar": YEAR}).content.decode()
    notes = re.findall(r"Tidrad (\d\d)", html)
    assert len(notes) == 50 and notes[0] == "54" and "Sida 1 av 2" in html  # newest first
    following = _links(html)["Nästa sida"]
    assert f"ar={YEAR}" in following
    html = client.get(url + following).content.decode()
    assert re.findall(r"Tidrad (\d\d)", html) == [f"{n:02}" for n in range(4, -1, -1)]
    assert "Egen insats per organisation" in html and "Sida 2 av 2" in html


def test_the_unanswered_confirmation_requests_are_shown_fifty_a_page_by_name(world, client_for):
    for n in range(55):
        _open_request(world, n)
    client = client_for("coordinator")
    url = reverse("confirmation_overview", args=[SLUG])
    html = client.get(url).content.decode()
    names = re.findall(r'<th scope="row"><a href="[^"]+">Anna Obesvarad (\d\d)</a>', html)
    assert names == [f"{n:02}" for n in range(50)] and "Sida 1 av 2" in html
    html = client.get(url + _links(html)["Nästa sida"]).content.decode()
    assert re.findall(r'<th scope="row"><a href="[^"]+">Anna Obesvarad (\d\d)</a>', html) == [
        f"{n:02}" for n in range(50, 55)
    ]
    assert "Sida 2 av 2" in html and "Skicka förfrågan" in html  # the form on every page


def test_the_home_page_shows_24_collaborations_a_page_and_finds_them_by_county(world, client_for):
    for n in range(40):
        _collaboration(n)
    client = client_for("anonymous")
    html = client.get("/").content.decode()
    assert len(_cards(html)) == 24 and "41 samverkansområden." in html and "Sida 1 av 2" in html
    assert 'aria-label="Sidor"' in html and '<label for="id_q">Sök på namn, län eller sektor</label>' in html
    second = client.get("/" + _links(html)["Nästa sida"]).content.decode()
    assert len(_cards(second)) == 17 and not set(_cards(html)) & set(_cards(second))
    found = client.get("/", {"q": "norrbotten"}).content.decode()
    assert "40 samverkansområden." in found and SLUG not in _cards(found)
    assert "q=norrbotten" in _links(found)["Nästa sida"]
    assert "Ingen samverkan matchar sökningen." in client.get("/", {"q": "Gotland"}).content.decode()


def test_a_search_of_two_thousand_words_on_the_home_page_is_cut_and_answers(world, client_for):
    """Each word is a condition: a search of a thousand words made a WHERE deeper than SQLite
    allows (a 500 for anyone). The search is cut to its first words and characters."""
    client = client_for("anonymous")
    response = client.get("/", {"q": " ".join(["västerbotten"] * 2000)})
    assert response.status_code == 200
    assert SLUG in _cards(response.content.decode())
    hostile = client.get("/", {"q": "väster\u202ebotten\x07"})
    assert hostile.status_code == 200 and "\u202e" not in hostile.content.decode()


def test_collaborations_of_the_same_name_are_each_on_exactly_one_home_page(world, client_for):
    for n in range(30):
        _collaboration(n, name="Samverkan")
    client = client_for("anonymous")
    shown = _cards(client.get("/").content.decode()) + _cards(client.get("/", {"sida": 2}).content.decode())
    assert len(shown) == 31 and len(set(shown)) == 31


def test_a_home_page_with_few_collaborations_has_neither_search_nor_page_links(world, client_for):
    html = client_for("anonymous").get("/").content.decode()
    assert _cards(html) == [SLUG] and 'class="pagination"' not in html and 'name="q"' not in html


def test_the_api_collaboration_and_plan_lists_are_windowed(world, client_for):
    for n in range(5):
        _collaboration(n)
    client = client_for("anonymous")
    response = client.get("/api/v1/collaborations", {"limit": 2, "offset": 2})
    assert [c["slug"] for c in response.json()] == ["samverkan-01", "samverkan-02"]  # by name, after Miljö…
    assert response["X-Total-Count"] == "6" and 'rel="next"' in response["Link"] and 'rel="prev"' in response["Link"]
    assert len(client.get("/api/v1/collaborations").json()) == 6
    for n in range(3):
        plans(world, n)
    url = f"/api/v1/collaborations/{SLUG}/plans"
    every = client.get(url).json()
    assert len(every) == 3
    window = client.get(url, {"limit": 1, "offset": 1})
    assert window.json() == every[1:2] and window["X-Total-Count"] == "3"


# --- two sizes: as many queries for sixty rows as for two -------------------------------------

PAGED: dict[str, tuple[str, Callable[[], str], dict[str, str], Callable[[Any, int], object]]] = {
    "minutes list": ("anonymous", lambda: reverse("minutes_list", args=[SLUG]), {}, _approved_decision),
    "assignment list": ("coordinator", lambda: reverse("assignment_list", args=[SLUG]), {"visa": "alla"}, assignments),
    "time log": ("coordinator", lambda: reverse("time_log", args=[SLUG]), {"ar": str(YEAR)}, time_entries),
    "confirmation requests": (
        "coordinator",
        lambda: reverse("confirmation_overview", args=[SLUG]),
        {},
        _open_request,
    ),
    "home page": ("anonymous", lambda: "/", {}, lambda _world, n: _collaboration(n)),
}


@pytest.mark.parametrize("label", list(PAGED))
def test_a_paged_list_asks_the_database_as_often_for_sixty_rows_as_for_two(
    label, world, client_for, django_assert_num_queries
):
    persona, url_of, query, add = PAGED[label]
    client = client_for(persona)
    url = url_of()
    for n in range(2):
        add(world, n)
    client.get(url, query)  # sessions, caches and the like settle on the first request
    with CaptureQueriesContext(connection) as two:
        assert client.get(url, query).status_code == 200
    for n in range(2, 60):
        add(world, n)
    with django_assert_num_queries(len(two.captured_queries)):
        first = client.get(url, query)
    assert "Sida 1 av" in first.content.decode(), "sixty rows fit on one page: the test would prove nothing"
    with django_assert_num_queries(len(two.captured_queries)):
        last = client.get(url, {**query, "sida": "2"})
    assert "Sida 2 av" in last.content.decode()
