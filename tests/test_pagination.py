"""Lists that can grow are shown fifty rows a page, with page links that keep the filters
(lib.pagination, templates/cotton/pagination.html)."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.factories import PersonFactory
from tests.test_list_queries import SLUG, _approved_decision


def _links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="pagination" aria-label="Sidor">(.*?)</nav>', html, re.S)
    assert nav, "no page links"
    return {
        text: href.replace("&amp;", "&") for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav[1])
    }


def test_the_decision_register_shows_fifty_decisions_a_page_and_keeps_the_filter(world, client_for):
    for n in range(55):
        _approved_decision(world, n)
    client = client_for("coordinator")
    url = reverse("decision_register", args=[SLUG])
    html = client.get(url, {"q": "Beslut"}).content.decode()
    assert html.count('<th scope="row"><a href=') == 50
    assert "55 beslut" in html and "Sida 1 av 2" in html
    second = _links(html)["Nästa sida"]
    assert "q=Beslut" in second and "sida=2" in second
    html = client.get(url + second).content.decode()
    assert html.count('<th scope="row"><a href=') == 5 and "Sida 2 av 2" in html
    assert "Föregående sida" in _links(html)


def test_a_short_list_has_no_page_links(world, client_for):
    html = client_for("coordinator").get(reverse("person_list", args=[SLUG])).content.decode()
    assert 'class="pagination"' not in html


def test_the_person_and_contact_lists_are_paged_and_the_export_takes_every_row(world, client_for):
    umea = world.org("umea")
    for n in range(60):
        PersonFactory(organisation=umea, last_name=f"Sidad {n:02}").registered_in.add(world.collaboration)
    client = client_for("coordinator")
    total = 60 + len(world.people)
    html = client.get(reverse("person_list", args=[SLUG]), {"sida": 2}).content.decode()
    assert html.count('<th scope="row">') == total - 50 and "Sida 2 av 2" in html
    html = client.get(reverse("contact_list", args=[SLUG]), {"q": "Sidad", "sida": 2}).content.decode()
    assert "60 personer" in html and html.count('<th scope="row">') == 10
    assert "q=Sidad" in _links(html)["Föregående sida"]
    export = re.search(r'href="([^"]*export\.csv[^"]*)"', html)[1].replace("&amp;", "&")
    assert "sida" not in export
    assert client.get(export).content.decode("utf-8-sig").count("Sidad") == 60


def test_an_api_list_answers_a_window_and_says_how_many_there_are(world, client_for):
    for n in range(5):
        _approved_decision(world, n)
    client = client_for("coordinator")
    url = f"/api/v1/collaborations/{SLUG}/decisions"
    everything = client.get(url).json()
    assert isinstance(everything, list) and len(everything) == 5  # the body is still the list
    response = client.get(url, {"q": "Beslut", "limit": 2, "offset": 2})
    assert response.json() == everything[2:4]
    assert response["X-Total-Count"] == "5"
    links = response["Link"]
    assert 'rel="next"' in links and 'rel="prev"' in links and "offset=4" in links and "q=Beslut" in links
    last = client.get(url, {"limit": 2, "offset": 4})
    assert len(last.json()) == 1 and 'rel="next"' not in last["Link"]
    assert client.get(url, {"limit": 501}).status_code == 422


def test_every_growing_api_list_is_windowed(world, client_for):
    client = client_for("coordinator")
    for path in ("meetings", "decisions", "people", "memberships", "contacts", "activities", "assignments"):
        response = client.get(f"/api/v1/collaborations/{SLUG}/{path}", {"limit": 1})
        assert response.status_code == 200, path
        assert len(response.json()) <= 1 and "X-Total-Count" in response, path
