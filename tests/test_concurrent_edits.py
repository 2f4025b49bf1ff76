"""Lost updates: two people edit the same thing from pages loaded at the same time.

For each object (plan draft, budget, agenda item, minute item, a person's contact details) the
second save from a stale form is refused with a message naming who saved and when; the first
person's change is kept; the second person's input is still in the form and shown next to what
is saved; saving again (the form now carries the new version) replaces it on purpose.
"""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.audit import stale
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem, Decision, MinuteItem
from samverkan.organisations.models import Person
from samverkan.plans import services as plans
from samverkan.plans.models import PlanVersion

SLUG = "miljosamverkan-vasterbotten"
STALE = "sparade ändringar här"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(client: Client, url: str) -> dict[str, str]:
    """The page's form as the browser would post it unchanged: every named input, textarea and
    selected option (enough for these forms)."""
    page = client.get(url)
    assert page.status_code == 200, url
    text = page.content.decode()
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", text):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) == "checkbox" and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', text, re.S):
        data[name] = html.unescape(value).lstrip("\n")
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', text, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    return data


def _refused(response, *, first: str, mine: str, who: str) -> str:
    """The second save: refused, telling who saved, showing theirs next to mine, mine kept."""
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert STALE in page and who in page
    assert "Det du skrev är inte sparat men finns kvar i formuläret" in page
    assert "Någon annan har sparat under tiden" in page
    table = page[page.index('id="sparat-under-tiden"') :]
    table = table[: table.index("</table>")]
    assert first in table and mine in table  # theirs next to mine
    form = page[page.index("<form") :]
    assert mine in form  # my input is still in the form
    return page


def _version(page: str) -> str:
    match = re.search(r'name="version" value="(\d+)"', page) or re.search(r'value="(\d+)" name="version"', page)
    assert match
    return match.group(1)


@pytest.fixture
def two(personas):
    return _client(personas["coordinator"]), _client(personas["support"])


def test_a_stale_plan_draft_is_refused_and_nothing_is_lost(world, personas, two):
    coordinator, support = two
    document = plans.start_document(
        collaboration=world.collaboration, doc_type="activity_plan", year=timezone.localdate().year + 1, actor=None
    )
    url = reverse("plan_edit", args=[SLUG, document.pk])
    mine, theirs = _form(coordinator, url), _form(support, url)
    mine["section_0"] = "Samordnarens inledning."
    assert coordinator.post(url, mine).status_code == 302
    theirs["section_1"] = "Stödgruppens mål."
    theirs["section_0"] = "Stödgruppens inledning."
    response = support.post(url, theirs)
    page = _refused(
        response,
        first="Samordnarens inledning.",
        mine="Stödgruppens inledning.",
        who=world.people["coordinator"].full_name,
    )
    assert "Stödgruppens mål." in page
    sections = PlanVersion.objects.get(document=document).sections
    assert sections[0]["text"] == "Samordnarens inledning." and sections[1]["text"] == ""
    # Having seen both, saving again replaces it on purpose.
    theirs["version"] = _version(page)
    theirs["section_0"] = "Samordnarens inledning. Stödgruppens inledning."
    assert support.post(url, theirs).status_code == 302
    sections = PlanVersion.objects.get(document=document).sections
    assert sections[0]["text"] == "Samordnarens inledning. Stödgruppens inledning."
    assert sections[1]["text"] == "Stödgruppens mål."


def test_a_stale_budget_form_does_not_revert_another_users_figure(world, personas, two):
    coordinator, support = two
    document = plans.start_document(
        collaboration=world.collaboration, doc_type="budget", year=timezone.localdate().year + 1, actor=None
    )
    url = reverse("budget_edit", args=[SLUG, document.pk])
    mine, theirs = _form(coordinator, url), _form(support, url)
    mine.update({"amount:cost:samordnare": "150 000", "method": "equal"})
    assert coordinator.post(url, mine).status_code == 302
    theirs.update({"amount:income:kommunerna": "90 000", "method": "equal"})
    response = support.post(url, theirs)
    page = _refused(response, first="150\xa0000,00\xa0kr", mine="0,00\xa0kr", who=world.people["coordinator"].full_name)
    assert 'value="90 000"' in page  # their income figure is still in the form
    budget = PlanVersion.objects.get(document=document).budget
    assert budget["lines"] == {"cost:samordnare": 15_000_000}


def test_a_stale_agenda_item_is_refused(world, personas):
    meeting = world.sg.meetings.order_by("starts_at").first()
    item = meetings.add_agenda_item(meeting=meeting, actor=None, title="Budget 2027")
    coordinator, chair = _client(personas["coordinator"]), _client(personas["chair"])
    url = reverse("agenda_item_edit", args=[SLUG, meeting.pk, item.pk])
    mine, theirs = _form(coordinator, url), _form(chair, url)
    mine["presenter"] = "Samordnaren"
    assert coordinator.post(url, mine).status_code == 302
    theirs["description"] = "Ordförandens bakgrund."
    response = chair.post(url, theirs)
    page = _refused(response, first="Samordnaren", mine="–", who=world.people["coordinator"].full_name)
    assert "Ordförandens bakgrund." in page[page.index("<form") :]
    item.refresh_from_db()
    assert item.presenter == "Samordnaren" and item.description == ""


def test_a_stale_minute_item_is_refused(world, personas, sg_decision):
    item = sg_decision.item
    coordinator, chair = _client(personas["coordinator"]), _client(personas["chair"])
    url = reverse("minute_item_edit", args=[SLUG, item.minutes.meeting_id, item.pk])
    mine, theirs = _form(coordinator, url), _form(chair, url)
    mine["decision"] = "Samverkansgruppen tillsätter arbetsgruppen dagvatten till 2027."
    assert coordinator.post(url, mine).status_code == 302
    theirs["text"] = "Ordföranden redogjorde för bakgrunden."
    response = chair.post(url, theirs)
    _refused(
        response,
        first="Samverkansgruppen tillsätter arbetsgruppen dagvatten till 2027.",
        mine="Samverkansgruppen tillsätter en arbetsgrupp för dagvatten.",
        who=world.people["coordinator"].full_name,
    )
    item = MinuteItem.objects.get(pk=item.pk)
    assert item.text == ""
    assert Decision.objects.get(item=item).text == "Samverkansgruppen tillsätter arbetsgruppen dagvatten till 2027."


def test_stale_contact_details_are_refused(world, personas):
    person = world.people["umea"]
    coordinator, themselves = _client(personas["coordinator"]), _client(personas["member"])
    url = reverse("person_edit", args=[SLUG, person.pk])
    mine, theirs = _form(coordinator, url), _form(themselves, url)
    mine["phone"] = "090-16 10 00"
    assert coordinator.post(url, mine).status_code == 302
    theirs["title"] = "Enhetschef miljö"
    response = themselves.post(url, theirs)
    page = _refused(response, first="090-16 10 00", mine=person.phone, who=world.people["coordinator"].full_name)
    assert 'value="Enhetschef miljö"' in page
    person = Person.objects.get(pk=person.pk)
    assert person.phone == "090-16 10 00" and person.title != "Enhetschef miljö"


def test_the_message_says_when_the_trail_has_no_author(world):
    """Saved by a command or import (no user): still refused, with a message that says so."""
    meeting = world.sg.meetings.order_by("starts_at").first()
    item = meetings.add_agenda_item(meeting=meeting, actor=None, title="Budget 2027")
    meetings.update_agenda_item(item=item, actor=None, loaded_version=0, presenter="A")
    assert AgendaItem.objects.get(pk=item.pk).version == 1
    with pytest.raises(stale.StaleEditError) as refused:
        meetings.update_agenda_item(item=item, actor=None, loaded_version=0, presenter="B")
    assert "Systemet sparade ändringar här" in refused.value.message
    assert AgendaItem.objects.get(pk=item.pk).presenter == "A"


def test_a_save_that_changes_nothing_keeps_the_version(world):
    meeting = world.sg.meetings.order_by("starts_at").first()
    item = meetings.add_agenda_item(meeting=meeting, actor=None, title="Budget 2027")
    meetings.update_agenda_item(item=item, actor=None, loaded_version=0, title="Budget 2027")
    assert AgendaItem.objects.get(pk=item.pk).version == 0
    # the version only moves with a change, so a form loaded at 0 still saves
    meetings.update_agenda_item(item=item, actor=None, loaded_version=0, title="Budget 2028")
    assert AgendaItem.objects.get(pk=item.pk).version == 1


def test_the_api_answers_a_stale_write_with_409(world, rf):
    """The API has no writes yet; any that passes a client's stale version on is answered 409."""
    import json

    from samverkan.api.api import api

    meeting = world.sg.meetings.order_by("starts_at").first()
    item = meetings.add_agenda_item(meeting=meeting, actor=None, title="Budget 2027")
    meetings.update_agenda_item(item=item, actor=None, loaded_version=0, presenter="A")
    with pytest.raises(stale.StaleEditError) as refused:
        meetings.update_agenda_item(item=item, actor=None, loaded_version=0, presenter="B")
    response = api.on_exception(rf.put("/api/v1/"), refused.value)
    assert response.status_code == 409
    body = json.loads(response.content)
    assert body["version"] == 1 and "sparade ändringar här" in body["detail"]
    assert AgendaItem.objects.get(pk=item.pk).presenter == "A"
