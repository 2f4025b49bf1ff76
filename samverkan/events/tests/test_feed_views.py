"""The public feeds (Atom, .ics), the embeddable list and its help page."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samverkan.events import notices, services

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def events(make_event, world):
    """A public seminar with two sessions (one online), a members-only course, a draft, and a
    public event that is over."""
    seminar = make_event(title="Seminarium om PFAS", description="Om PFAS.\n\nFika <finns>.")
    start = timezone.now() + datetime.timedelta(days=31)
    services.add_session(
        event=seminar,
        actor=None,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        video_link="https://video.example.se/hemligt-rum",
    )
    members = make_event(title="Kurs för inspektörer", public=False)
    draft = services.create_event(activity=seminar.activity, actor=None, title="Utkastet", public=True)
    past = make_event(title="Förra årets seminarium")
    past.sessions.update(
        starts_at=timezone.now() - datetime.timedelta(days=3), ends_at=timezone.now() - datetime.timedelta(days=2)
    )
    return {"seminar": seminar, "members": members, "draft": draft, "past": past}


def _url(world, name, **query):
    url = reverse(name, args=[world.collaboration.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_atom_feed_is_valid_atom_with_the_coming_public_events_only(events, world, client_for):
    response = client_for("member").get(_url(world, "event_feed_atom"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287: a feed and each entry have an id, a title and an updated time; entries an author
    # here from the feed
    for element in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{element}") is not None, element
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Seminarium om PFAS"]  # a member asks: still public only
    entry = entries[0]
    for element in ("id", "title", "updated"):
        assert entry.findtext(f"{ATOM}{element}"), element
    link = entry.find(f"{ATOM}link")
    assert link is not None and link.get("href") == notices.event_url(events["seminar"])
    summary = entry.findtext(f"{ATOM}summary")
    assert "Digitalt" in summary and "Umeå" in summary
    assert "&lt;finns&gt;" in summary  # the description is text, escaped into the HTML summary
    assert "hemligt-rum" not in response.content.decode()


def test_the_ics_feed_has_every_session_of_the_public_events(events, world, client):
    response = client.get(_url(world, "event_feed_ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["method"] == "PUBLISH"
    vevents = calendar.walk("VEVENT")
    seminar = events["seminar"]
    assert sorted(str(v["uid"]) for v in vevents) == sorted(
        f"{notices.session_uid(s)}@samverkan" for s in seminar.sessions.all()
    )
    assert {str(v["summary"]) for v in vevents} == {"Seminarium om PFAS"}
    assert {str(v["location"]) for v in vevents} == {"Umeå", "Digitalt"}  # no video link for the public
    assert all("organizer" not in v for v in vevents)


def test_the_embedded_list_may_be_framed_and_loads_nothing_else(events, world, client):
    response = client.get(_url(world, "event_embed"))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "default-src 'none'" in policy
    body = response.content.decode()
    assert "<script" not in body and "<iframe" not in body and "<form" not in body
    assert f'href="{notices.event_url(events["seminar"])}" target="_top"' in body
    assert "Kurs för inspektörer" not in body and "Utkastet" not in body and "Förra årets" not in body
    nonce = body.split('<style nonce="', 1)[1].split('"', 1)[0]
    assert f"'nonce-{nonce}'" in policy  # the page's own styles, and nothing else


def test_every_other_page_still_refuses_to_be_framed(events, world, client):
    response = client.get(reverse("event_list", args=[world.collaboration.slug]))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("antal", "shown"),
    [("1", 1), ("3", 3), ("50", 12), ("0", 10), ("51", 10), ("-2", 10), ("tre", 10), ("9" * 40, 10), ("", 10)],
)
def test_the_embedded_list_shows_as_many_as_asked_within_bounds(make_event, world, client, antal, shown):
    for number in range(12):
        make_event(title=f"Evenemang {number:02}")
    response = client.get(_url(world, "event_embed", antal=antal))
    assert response.status_code == 200
    assert response.content.decode().count('target="_top">Evenemang ') == shown


def test_an_empty_embedded_list_says_so(world, client):
    response = client.get(_url(world, "event_embed"))
    assert "Inga kommande evenemang just nu." in response.content.decode()


def test_the_help_page_gives_the_code_and_the_feeds(world, client):
    response = client.get(_url(world, "event_embed_help"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bädda in på er webbplats" in body
    assert "&lt;iframe src=&quot;http" in body  # the code to copy, shown as text
    assert reverse("event_feed_atom", args=[world.collaboration.slug]) in body
    assert reverse("event_feed_ics", args=[world.collaboration.slug]) in body


def test_the_feeds_read_a_constant_number_of_queries(make_event, world, client):
    def count(name):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(world, name)).status_code == 200
        return len(queries)

    make_event(title="Ett")
    few = {name: count(name) for name in ("event_feed_atom", "event_feed_ics", "event_embed")}
    for number in range(6):
        make_event(title=f"Fler {number}")
    assert {name: count(name) for name in few} == few
