"""Login by username or e-mail, rate limits, demo accounts, two-factor, password hashing, API tokens."""

import datetime

import pytest
import time_machine
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.accounts.models import ApiToken, hash_token
from samverkan.accounts.services import create_api_token, revoke_api_token, user_for_token
from tests.factories import UserFactory

PASSWORD = "ett-langt-testlosenord"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.mark.parametrize("login", ["anna", "anna@example.se"])
def test_login_by_username_or_email(client, db, login):
    UserFactory(username="anna", email="anna@example.se")
    response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("api_tokens")).status_code == 200


def test_passwords_are_hashed_with_argon2(db, settings):
    from samverkan import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = UserFactory(username="argon")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_repeated_failed_logins_are_rate_limited(client, db):
    UserFactory(username="anna")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "anna", "password": "fel"})
    response = client.post(reverse("account_login"), {"login": "anna", "password": PASSWORD})
    assert response.status_code == 429 or "för många" in response.content.decode().lower()
    assert client.get(reverse("api_tokens")).status_code == 302  # still not logged in


def test_demo_accounts_log_in_only_in_demo_mode(client, db, settings):
    user = UserFactory(username="samordnare", is_demo=True)
    user.set_password("demo")
    user.save()
    settings.DEMO_MODE = False
    client.post(reverse("account_login"), {"login": "samordnare", "password": "demo"})
    assert client.get(reverse("api_tokens")).status_code == 302
    settings.DEMO_MODE = True
    client = Client()
    response = client.post(reverse("account_login"), {"login": "samordnare", "password": "demo"})
    assert response.status_code == 302
    assert client.get(reverse("api_tokens")).status_code == 200


def test_password_reset_sends_an_email(client, db):
    UserFactory(username="anna", email="anna@example.se")
    client.post(reverse("account_reset_password"), {"email": "anna@example.se"})
    assert len(mail.outbox) == 1 and "anna@example.se" in mail.outbox[0].to


def test_nobody_can_sign_themselves_up(client, db):
    response = client.get(reverse("account_signup"))
    assert "Konton skapas av samordnaren" in response.content.decode() or response.status_code != 200
    assert 'name="password1"' not in response.content.decode()


def test_a_coordinator_without_two_factor_is_sent_to_set_it_up_outside_demo_mode(client_for, settings):
    client = client_for("coordinator")
    settings.DEMO_MODE = False
    response = client.get("/miljosamverkan-vasterbotten/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    setup = client.get(reverse("mfa_activate_totp"), follow=True)  # allauth may ask for the password first
    assert setup.status_code == 200
    # a member who is not coordinator is not forced
    assert client_for("member").get("/miljosamverkan-vasterbotten/").status_code == 200


def test_a_coordinators_seats_are_read_once_for_the_two_factor_check_and_the_page(client_for, personas, settings):
    from allauth.mfa.models import Authenticator

    settings.DEMO_MODE = False
    Authenticator.objects.create(user=personas["coordinator"], type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = client_for("coordinator")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/miljosamverkan-vasterbotten/evenemang/hantera/")
    assert response.status_code == 200  # past the two-factor check, and a coordinator's page
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "organisations_membership"' in q["sql"]]
    assert len(reads) == 1, reads


def test_api_tokens_are_stored_hashed_and_can_be_revoked(db):
    user = UserFactory()
    token, plain = create_api_token(user=user, name="Skript", actor=user)
    assert plain not in (token.digest, token.prefix) and token.digest == hash_token(plain)
    assert user_for_token(plain) == user
    revoke_api_token(token=token, actor=user)
    assert user_for_token(plain) is None


def test_a_token_in_use_records_its_last_use_at_most_every_five_minutes(db):
    user = UserFactory()
    token, plain = create_api_token(user=user, name="Skript", actor=user)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert user_for_token(plain) == user
        with CaptureQueriesContext(connection) as again:
            assert user_for_token(plain) == user
        assert not [q for q in again.captured_queries if q["sql"].startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 4, 59, tzinfo=datetime.UTC), tick=False):
        user_for_token(plain)
    token.refresh_from_db()
    assert token.last_used_at == datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 5, tzinfo=datetime.UTC), tick=False):
        user_for_token(plain)
    token.refresh_from_db()
    assert token.last_used_at == datetime.datetime(2026, 3, 2, 9, 5, tzinfo=datetime.UTC)


def test_the_token_page_shows_a_new_token_once(client, db):
    user = UserFactory()
    client.force_login(user)
    html = client.post(reverse("api_tokens"), {"name": "Rapportskript"}).content.decode()
    token = ApiToken.objects.get(user=user)
    assert "svk_" in html and "visas inte igen" in html
    assert "svk_" not in client.get(reverse("api_tokens")).content.decode().replace(token.prefix, "")


def test_the_swedish_login_page_offers_no_sign_up_and_names_what_it_accepts(client, db):
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert reverse("account_signup") not in html and "Har du redan ett konto" not in html
    label = html.split('for="id_login"')[1].split("</label>")[0]
    assert "E-postadress eller användarnamn" in label and "Logga in" not in label
    field = html.split('name="login"')[1].split(">")[0]
    assert "placeholder" not in field and 'autocomplete="username"' in field
    assert "epost" not in html.lower()


def test_the_account_pages_in_swedish_say_tvastegsverifiering_and_e_post(client, db):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(username="bo", email="bo@example.se")
    pages = [client.get(url, HTTP_ACCEPT_LANGUAGE="sv") for url in ("/accounts/password/reset/", "/accounts/signup/")]
    pages.append(client.get("/accounts/password/reset/key/1-abc/", follow=True))
    client.post(reverse("account_login"), {"login": "bo", "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    pages += [client.get(reverse(name)) for name in ("mfa_index", "mfa_activate_totp", "account_logout")]
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    pages += [client.get(reverse(name)) for name in ("mfa_index", "mfa_view_recovery_codes")]
    client.logout()
    pages.append(client.post(reverse("account_login"), {"login": "bo", "password": PASSWORD}, follow=True))
    text = " ".join(page.content.decode() for page in pages)
    assert text.count("Tvåstegsverifiering") >= 3  # the MFA pages and the login step
    for wrong in ("Tvåfaktor", "tvåfaktor", "epost", "Epost", "Vänligen", "Anmälan", " mail "):
        assert wrong not in text, wrong
    assert "E-postadress" in text and "Är du säker på att du vill logga ut?" in text
