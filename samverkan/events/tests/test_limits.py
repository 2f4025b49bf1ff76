"""The limit on registrations without an account: a network (one IPv4 address, an IPv6 /64)
registers at most `EVENT_REGISTRATIONS_PER_HOUR` times an hour; the next one is told why in
Swedish (the API: 429), and nothing is written. A form sent back with a mistake does not count,
another network is not limited, and a logged-in member (session or API token) is not limited."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from samverkan.accounts.services import create_api_token
from samverkan.events import services
from samverkan.events.models import Registration
from samverkan.lib.throttle import network
from samverkan.plans import services as plans
from tests.shared_world import two  # noqa: F401  (fixture)

SLUG = "miljosamverkan-vasterbotten"
LIMITED = "Många anmälningar har kommit från ert nätverk den senaste timmen."
ASK_CONTACT = "annars hör av dig till evenemangets kontaktperson."


@pytest.fixture(autouse=True)
def _two_an_hour(settings):
    settings.EVENT_REGISTRATIONS_PER_HOUR = 2


def _form(n: int, **fields) -> dict[str, str]:
    return {"name": f"Person {n}", "email": f"p{n}@example.se", "category": "citizen", **fields}


def _page(event) -> str:
    return f"/{SLUG}/evenemang/{event.pk}/"


def test_the_third_registration_from_one_address_in_an_hour_is_refused_and_writes_nothing(client, make_event):
    event, other = make_event(), make_event(title="Ett annat seminarium")
    assert client.post(_page(event), _form(1)).status_code == 302
    assert client.post(_page(other), _form(2)).status_code == 302  # counted across the events
    refused = client.post(_page(event), _form(3))
    assert refused.status_code == 200 and LIMITED in refused.content.decode()
    assert ASK_CONTACT in refused.content.decode()
    assert Registration.objects.count() == 2 and not Registration.objects.filter(email="p3@example.se").exists()
    # another address is not limited
    assert client.post(_page(event), _form(4), REMOTE_ADDR="198.51.100.7").status_code == 302


def test_a_form_with_a_mistake_does_not_count(client, make_event):
    event = make_event()
    for _ in range(5):
        assert client.post(_page(event), _form(1, email="inte-en-adress")).status_code == 200
    assert client.post(_page(event), _form(1)).status_code == 302
    assert client.post(_page(event), _form(2)).status_code == 302


def test_a_logged_in_member_is_not_limited(client_for, make_event):
    event = make_event()
    member = client_for("member")
    for n in range(4):  # registering colleagues
        assert member.post(_page(event), _form(n)).status_code == 302


def test_addresses_of_one_ipv6_network_count_together(client, make_event):
    event = make_event()
    assert network("2001:db8:1:2::5") == network("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert network("203.0.113.5") == "203.0.113.5" and network("") == ""
    for n, address in enumerate(("2001:db8:1:2::5", "2001:db8:1:2::6")):
        assert client.post(_page(event), _form(n), REMOTE_ADDR=address).status_code == 302
    refused = client.post(_page(event), _form(3), REMOTE_ADDR="2001:db8:1:2:abcd::9")
    assert LIMITED in refused.content.decode()
    assert client.post(_page(event), _form(4), REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_no_limit_when_set_to_zero(client, make_event, settings):
    settings.EVENT_REGISTRATIONS_PER_HOUR = 0
    event = make_event()
    for n in range(4):
        assert client.post(_page(event), _form(n)).status_code == 302


def _api(client, event, n: int, **headers):
    url = f"/api/v1/collaborations/{SLUG}/events/{event.pk}/registrations"
    return client.post(url, data=json.dumps(_form(n)), content_type="application/json", **headers)


def test_the_api_answers_429_in_swedish_and_a_token_is_not_limited(client, make_event, personas):
    event = make_event()
    assert [_api(client, event, n).status_code for n in range(2)] == [201, 201]
    refused = _api(client, event, 3)
    assert refused.status_code == 429 and refused.json()["detail"].startswith(LIMITED)
    assert Registration.objects.count() == 2
    token = create_api_token(user=personas["officer"], name="test", actor=None)[1]
    assert _api(client, event, 4, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 201


def test_a_refused_registration_gives_its_claim_back(client, make_event):
    event = make_event()
    assert client.post(_page(event), _form(1)).status_code == 302
    for _ in range(3):  # the same address again: refused by the use case, and not counted
        assert "redan anmäld" in client.post(_page(event), _form(1)).content.decode()
    assert client.post(_page(event), _form(2)).status_code == 302


def test_claims_at_the_same_moment_cannot_all_pass_one_check(rf, settings):
    """The count goes up before it is judged: of five claims with one left, one passes (as five
    requests arriving together would meet it; Redis's increment is atomic)."""
    from django.contrib.auth.models import AnonymousUser

    from samverkan.lib import throttle

    limit = throttle.Limit("test", 1)
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    request.user = AnonymousUser()
    assert [throttle.claim(limit, request) for _ in range(5)] == [True, False, False, False, False]
    throttle.release(limit, request)
    assert throttle.claim(limit, request)


def test_each_collaboration_has_its_own_count(client, make_event, two):  # noqa: F811
    event = make_event()
    for n in range(2):
        assert client.post(_page(event), _form(n)).status_code == 302
    assert LIMITED in client.post(_page(event), _form(3)).content.decode()
    activity = plans.create_activity(
        collaboration=two.b,
        actor=None,
        year=timezone.localdate().year + 1,
        title="Kurs i B",
        kind="training",
        area="information",
        for_citizens=True,
    )
    other = services.create_event(activity=activity, actor=None, title="Kurs i B", public=True)
    start = timezone.now() + datetime.timedelta(days=20)
    services.add_session(event=other, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    services.publish_event(event=other, actor=None)
    assert client.post(f"/{two.b.slug}/evenemang/{other.pk}/", _form(4)).status_code == 302
