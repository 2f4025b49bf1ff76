"""Nobody learns whether a hidden object exists from how a request for it is refused: a draft
answers like a missing object in the API, and an anonymous write to a collaboration's page is
sent to log in before anything is looked up."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, resolve, reverse

from samverkan import urls
from samverkan.accounts.services import create_api_token
from samverkan.finance.models import TimeEntry, TimeKind
from samverkan.meetings.models import Meeting

SLUG = "miljosamverkan-vasterbotten"
API = f"/api/v1/collaborations/{SLUG}"


def _same(a, b):
    return (a.status_code, a.content) == (b.status_code, b.content)


@pytest.mark.parametrize("persona", ["anonymous", "member", "officer"])
def test_draft_minutes_answer_like_missing_minutes_in_the_api(client, personas, sg_decision, persona):
    headers = {}
    if personas[persona] is not None:
        _token, plain = create_api_token(user=personas[persona], name="t", actor=None)
        headers = {"Authorization": f"Bearer {plain}"}
    draft = client.get(f"{API}/minutes/{sg_decision.item.minutes.meeting_id}", headers=headers)
    without = Meeting.objects.filter(minutes__isnull=True, group__collaboration__slug=SLUG).first()
    assert without is not None
    no_minutes = client.get(f"{API}/minutes/{without.pk}", headers=headers)
    no_meeting = client.get(f"{API}/minutes/987654", headers=headers)
    assert draft.status_code == 404
    assert _same(draft, no_minutes) and _same(draft, no_meeting), (draft.content, no_meeting.content)


def test_the_organiser_still_reads_the_draft(client, personas, sg_decision):
    _token, plain = create_api_token(user=personas["coordinator"], name="t", actor=None)
    response = client.get(
        f"{API}/minutes/{sg_decision.item.minutes.meeting_id}", headers={"Authorization": f"Bearer {plain}"}
    )
    assert response.status_code == 200 and response.json()["status"] == "draft"


def test_an_anonymous_post_to_a_time_entry_answers_the_same_whether_it_exists_or_not(client, world):
    entry = TimeEntry.objects.create(
        collaboration=world.collaboration,
        person=world.people["umea"],
        kind=TimeKind.IN_KIND,
        day=datetime.date(2026, 1, 1),
        minutes=30,
    )
    existing = client.post(reverse("time_remove", args=[SLUG, entry.pk]))
    missing = client.post(reverse("time_remove", args=[SLUG, entry.pk + 1000]))
    login = reverse("account_login")
    assert existing.status_code == missing.status_code == 302
    assert existing["Location"].startswith(f"{login}?next=") and missing["Location"].startswith(f"{login}?next=")
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


def _collaboration_urls():
    """Every URL under a collaboration, with ids that exist nowhere."""
    resolver = next(p for p in urls.urlpatterns if isinstance(p, URLResolver) and str(p.pattern) == "<slug:slug>/")
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {"slug": SLUG}
        for name, converter in pattern.pattern.converters.items():
            kwargs[name] = 987654 if type(converter).__name__ == "IntConverter" else "x"
        if "fmt" in kwargs:
            kwargs["fmt"] = "pdf"
        yield pattern.name, kwargs


@pytest.mark.parametrize(("name", "kwargs"), list(_collaboration_urls()))
def test_every_anonymous_write_to_a_collaboration_page_is_sent_to_log_in_first(client, world, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    if getattr(resolve(url).func, "takes_anonymous_writes", False):
        # a public form (an event's registration): what the visitor may not see is not found,
        # whether it exists or not, and so is a collaboration that does not exist
        assert client.post(url, {"a": "b"}).status_code == 404, url
        assert client.post(reverse(name, kwargs={**kwargs, "slug": "finns-inte"})).status_code == 404, url
        return
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(url, {"a": "b"} if method == "post" else None)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("account_login") + "?next="), (method, url)
    # and for a collaboration that does not exist
    other = client.post(reverse(name, kwargs={**kwargs, "slug": "finns-inte"}))
    assert other.status_code == 302, url
