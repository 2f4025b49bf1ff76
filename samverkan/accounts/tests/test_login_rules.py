"""Who may log in, and the login rate limits behind a reverse proxy."""

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from samverkan.lib.client_address import client_address
from tests.factories import UserFactory

PASSWORD = "ett-langt-testlosenord"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_a_demo_account_outside_demo_mode_is_refused_on_the_login_form(client, db, settings):
    settings.DEMO_MODE = False
    UserFactory(username="samordnare", is_demo=True)
    response = client.post(reverse("account_login"), {"login": "samordnare", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [] and response.status_code == 200
    assert "Demokonton kan bara logga in när demoläget är på." in html
    assert "Du är inloggad" not in html and not [str(m) for m in get_messages(response.wsgi_request)]
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("api_tokens")).status_code == 302
    # a wrong password says nothing about the account being a demo account
    wrong = client.post(reverse("account_login"), {"login": "samordnare", "password": "fel-losenord"})
    assert "Demokonton" not in wrong.content.decode()


def test_the_refusal_reads_in_english_too(client, db, settings):
    settings.DEMO_MODE = False
    UserFactory(username="demo", is_demo=True)
    html = client.post(
        reverse("account_login"), {"login": "demo", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Demo accounts can only log in when demo mode is on." in html


def test_a_session_of_a_demo_account_ends_when_demo_mode_is_turned_off(client, db, settings):
    settings.DEMO_MODE = True
    user = UserFactory(username="demo", is_demo=True)
    client.force_login(user)
    assert client.get(reverse("api_tokens")).status_code == 200
    settings.DEMO_MODE = False
    assert client.get(reverse("api_tokens")).status_code == 302


# --- the client address ------------------------------------------------------------------------


def _request(remote, forwarded=None):
    from django.test import RequestFactory

    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),  # one trusted proxy
        ("10.0.0.2", "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the client wrote the left part
        ("10.0.0.2", "203.0.113.5, 10.0.0.7", "203.0.113.5"),  # two trusted proxies
        ("10.0.0.2", "10.0.0.9, 10.0.0.7", "10.0.0.9"),  # all trusted: the left-most
        ("10.0.0.2", "nonsense, 10.0.0.7", "10.0.0.7"),  # a hop no proxy wrote
        ("10.0.0.2", "203.0.113.5:4711", "203.0.113.5"),
        ("10.0.0.2", "[2001:db8::1]:443", "2001:db8::1"),
        ("10.0.0.2", None, "10.0.0.2"),
        ("198.51.100.9", "203.0.113.5", "198.51.100.9"),  # an untrusted peer's header is ignored
        ("::1", "203.0.113.5", "203.0.113.5"),
    ],
)
def test_the_client_address_is_read_from_x_forwarded_for_only_behind_a_trusted_proxy(
    settings, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "::1/128"]
    assert client_address(_request(remote, forwarded)) == expected


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("10.0.0.2", "203.0.113.5")) == "10.0.0.2"


def test_trusted_proxies_come_from_the_environment_and_a_bad_one_fails_loudly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from samverkan.lib.env import env_networks

    monkeypatch.setenv("SAMVERKAN_TRUSTED_PROXIES", "10.0.0.5, 192.168.0.0/16,::1")
    assert env_networks("SAMVERKAN_TRUSTED_PROXIES", []) == ["10.0.0.5/32", "192.168.0.0/16", "::1/128"]
    monkeypatch.setenv("SAMVERKAN_TRUSTED_PROXIES", "10.0.0.5, proxy.example.se")
    with pytest.raises(ImproperlyConfigured, match=r"proxy\.example\.se"):
        env_networks("SAMVERKAN_TRUSTED_PROXIES", [])


# --- rate limits -------------------------------------------------------------------------------


def _behind_proxy(address):
    return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=address)


def _fail(client, login, times):
    for _ in range(times):
        client.post(reverse("account_login"), {"login": login, "password": "fel-losenord"})


def _logs_in(client, login):
    client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
    return client.get(reverse("api_tokens")).status_code == 200


def test_behind_the_proxy_one_persons_failures_do_not_lock_out_the_others(db, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    UserFactory(username="anna", email="anna@example.se")
    UserFactory(username="bo", email="bo@example.se")
    _fail(_behind_proxy("203.0.113.5"), "anna", 20)
    assert _logs_in(_behind_proxy("203.0.113.6"), "bo")


def test_failures_count_per_account_whether_named_by_username_or_email(db):
    UserFactory(username="anna", email="anna@example.se")
    _fail(Client(REMOTE_ADDR="203.0.113.5"), "anna", 3)
    _fail(Client(REMOTE_ADDR="203.0.113.6"), "ANNA@example.se", 2)
    locked = Client(REMOTE_ADDR="203.0.113.7")
    response = locked.post(reverse("account_login"), {"login": "anna@example.se", "password": PASSWORD})
    assert "för många" in response.content.decode().lower()
    assert locked.get(reverse("api_tokens")).status_code == 302


def test_one_address_trying_many_accounts_is_stopped(db, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(6):
        UserFactory(username=f"konto{n}")
    attacker = _behind_proxy("203.0.113.66")
    for n in range(5):
        _fail(attacker, f"konto{n}", 4)  # 20 failures, none of the accounts at its limit
    assert not _logs_in(attacker, "konto5")
    assert _logs_in(_behind_proxy("203.0.113.67"), "konto5")


def test_a_forged_header_from_an_untrusted_peer_does_not_escape_the_address_limit(db, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(6):
        UserFactory(username=f"konto{n}")
    for n in range(5):
        forged = Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        _fail(forged, f"konto{n}", 4)
    assert not _logs_in(Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.99"), "konto5")


def test_the_audit_trail_keeps_the_client_address_behind_the_proxy(db, settings):
    from samverkan.audit.models import AuditEntry

    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    user = UserFactory(username="anna")
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    client.force_login(user)
    client.post(reverse("api_tokens"), {"name": "Rapportskript"})
    entry = AuditEntry.objects.get(action="create_api_token")
    assert entry.after["address"] == "203.0.113.5"
