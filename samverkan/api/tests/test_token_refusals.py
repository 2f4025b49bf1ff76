"""API tokens follow the same rule as logging in: a token of an account that may not log in is
refused like a bad token, and an account that must use two-factor gets tokens only with TOTP."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import ApiToken
from samverkan.accounts.services import create_api_token
from samverkan.finance.tests.test_services import _budget
from samverkan.lib.errors import DomainError

BASE = "/api/v1/collaborations/miljosamverkan-vasterbotten"


def _get(client, path, plain):
    return client.get(f"{BASE}{path}", headers={"Authorization": f"Bearer {plain}"})


def test_a_demo_accounts_token_reads_nothing_outside_demo_mode(client, world, personas, settings):
    demo = personas["member"]
    demo.is_demo = True
    demo.save(update_fields=["is_demo"])
    year = timezone.localdate().year
    _budget(world, year)
    _token, plain = create_api_token(user=demo, name="demo", actor=None)  # demo mode: allowed
    assert "umea@example.se" in {p["email"] for p in _get(client, "/people", plain).json()}
    assert _get(client, f"/budget/{year}", plain).status_code == 200

    settings.DEMO_MODE = False
    bad = _get(client, "/people", "svk_nonsense")
    for path in ("/people", "/contacts", f"/budget/{year}"):
        refused = _get(client, path, plain)
        assert refused.status_code == 401, path
        assert refused.json() == bad.json(), path
        assert "umea@example.se" not in refused.content.decode()


def test_an_inactive_users_token_is_refused_like_a_bad_one(client, world, personas):
    _token, plain = create_api_token(user=personas["officer"], name="t", actor=None)
    personas["officer"].is_active = False
    personas["officer"].save(update_fields=["is_active"])
    refused = _get(client, "/people", plain)
    assert refused.status_code == 401 and refused.json() == _get(client, "/people", "svk_x").json()


def test_a_coordinator_without_totp_can_neither_create_nor_use_a_token(client, world, personas, settings):
    coordinator = personas["coordinator"]
    _token, plain = create_api_token(user=coordinator, name="från demoläget", actor=None)
    settings.DEMO_MODE = False
    refused = _get(client, "/contacts", plain)
    assert refused.status_code == 401 and "@example.se" not in refused.content.decode()
    with pytest.raises(DomainError, match="tvåstegsverifiering"):
        create_api_token(user=coordinator, name="ny", actor=None)
    assert ApiToken.objects.filter(user=coordinator).count() == 1

    TOTP.activate(coordinator, generate_totp_secret())
    assert _get(client, "/contacts", plain).status_code == 200
    _token, second = create_api_token(user=coordinator, name="ny", actor=None)
    assert _get(client, "/contacts", second).status_code == 200


def test_the_token_page_refuses_a_new_token_to_an_admin_without_totp(client, world, personas, settings):
    admin = personas["admin"]
    settings.DEMO_MODE = False
    TOTP.activate(admin, generate_totp_secret())  # past the middleware: it has TOTP …
    from allauth.mfa.models import Authenticator

    client.force_login(admin)
    assert client.get(reverse("api_tokens")).status_code == 200
    Authenticator.objects.filter(user=admin).delete()  # … until it is removed
    response = client.post(reverse("api_tokens"), {"name": "Skript"})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert not ApiToken.objects.filter(user=admin).exists()
