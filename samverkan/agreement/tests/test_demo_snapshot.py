"""The agreement check on the demo, compared in full with a stored copy.

The stored copies are the output as it was before the rules moved into their apps. A change
that alters a finding must update them in the same commit and say in its message which
findings changed and why. Regenerate with `SAMVERKAN_SNAPSHOT_UPDATE=1 pytest this file`.
"""

import datetime
import json
import os
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from samverkan.accounts.models import User
from samverkan.collaborations.models import Collaboration

DATA = Path(__file__).parent / "data"
UPDATE = os.environ.get("SAMVERKAN_SNAPSHOT_UPDATE") == "1"


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def compare(name: str, actual: object) -> None:
    path = DATA / name
    if UPDATE:
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert actual == json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def demo(django_db_reset_sequences, settings):
    """The demo as seen on 27 November 2026, as in test_commands. Its ids are in the stored links,
    so every table counts from 1 (PostgreSQL's sequences do not roll back with a test's transaction)."""
    settings.DEMO_MODE = True
    with time_machine.travel(datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC), tick=False):
        run("demo")
        yield


def test_agreement_check_json_on_the_demo_is_the_stored_copy(demo):
    compare("demo-check.json", json.loads(run("agreement-check", "--json")))


def test_agreement_check_in_english_on_the_demo_is_the_stored_copy(demo):
    compare("demo-check-en.json", json.loads(run("agreement-check", "--json", "--language", "en")))


def test_the_check_pages_link_each_finding_where_it_is_fixed_as_stored(demo, client):
    """Each finding's link on the check page (rule, subject, href), in every demo collaboration."""
    client.force_login(User.objects.create_superuser("snapshot", "snapshot@example.org", "x"))
    links = {}
    for collaboration in Collaboration.objects.order_by("slug"):
        response = client.get(f"/{collaboration.slug}/avtalsuppfoljning/")
        assert response.status_code == 200
        links[collaboration.slug] = [
            [finding.rule, finding.subject, url]
            for section in response.context["sections"]
            for finding, url in section["items"]
        ]
    compare("demo-check-links.json", links)


def test_the_demo_hashes_its_password_once_for_every_account(demo):
    """A password hash is slow by design: the demo's accounts share one hash of the demo password,
    and loading the demo again keeps it."""
    accounts = User.objects.filter(is_demo=True)
    hashes = set(accounts.values_list("password", flat=True))
    assert accounts.count() == 6 and len(hashes) == 1
    assert accounts.first().check_password("demo")
    run("demo")
    assert set(accounts.values_list("password", flat=True)) == hashes


def test_a_fresh_demo_hashes_the_password_once(db, settings, monkeypatch):
    """One hash for all six accounts, and none wasted: asking whether a new account's empty
    password is the demo password must not hash (Django hashes a random string then, to even
    out the time of a refused login)."""
    from django.contrib.auth.hashers import get_hasher

    from samverkan.agreement import demo as demo_module

    settings.DEMO_MODE = True
    demo_module._hash_with.cache_clear()  # earlier tests in this process hashed it already
    demo_module._is_demo_password.cache_clear()
    hasher = type(get_hasher())
    encoded: list[str] = []
    original = hasher.encode
    monkeypatch.setattr(
        hasher, "encode", lambda self, *args, **kwargs: encoded.append("") or original(self, *args, **kwargs)
    )
    with time_machine.travel(datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC), tick=False):
        run("demo")
    assert len(encoded) == 1
    assert User.objects.filter(is_demo=True).count() == 6
