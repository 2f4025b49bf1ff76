"""Every write route of the project, posted by every persona, with the status each must get; and a
refused post changes nothing in the database.

The GET matrix (tests/test_authorization_matrix.py) checks that a write route answers a GET; here the
same routes are posted to, with the valid data of the hostile-input corpus (tests/test_hostile_input.py,
whose `test_every_post_route_has_a_corpus_entry` keeps its list complete), by each persona. Someone
who may write gets 200 (a form, shown again or with its result) or 302; anonymous is sent to log
in (302); a logged-in person without the right gets 403, or 404 where the object is not theirs to
know of. After every refusal the whole database (every table but the sessions) is as before. Each
request runs in a savepoint rolled back afterwards, so every persona posts to the same state.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.shortcuts import resolve_url

from tests.test_authorization_matrix import PERSONAS, concrete, project_routes
from tests.test_hostile_input import READ_ONLY, WRITES, _resolve, corpus_world, difference, snapshot, upload

__all__ = ["corpus_world"]  # the module-scoped world of the corpus, built once here too

OK = (200, 302)  # may write: the form again (with its errors or result) or a redirect
POST_ROUTES = sorted(route for route, write in WRITES.items() if write.method == "post")
LOGIN = "login"  # anonymous: a 302 to the login page, nothing done
MANAGERS = (LOGIN, 403, 403, 403, 403, 403, OK, OK)  # the coordinator (and the admin)
ORGANISERS = (LOGIN, 403, 403, 403, 403, OK, OK, OK)  # the chair organises the collaboration group's meetings
DRAFTERS = (LOGIN, 403, 403, OK, OK, 403, OK, OK)  # the support group (umea and lycksele sit in it) drafts
GROUP_MEMBERS = (LOGIN, 403, 403, OK, OK, OK, OK, OK)  # members of the group suggest, organisers add
LOGGED_IN = (LOGIN,) + (OK,) * 7
WITH_THE_LINK = (OK,) * 8  # a signed link is the right: whoever holds it, logged in or not

#                route                                                   anon  outs offi memb supp chai coor admi
POST_MATRIX: dict[str, tuple[Any, ...]] = {
    "i18n/setlang/": (302,) * 8,  # only the language cookie
    "konto/api-nycklar/": LOGGED_IN,
    # the token is the coordinator's own: nobody else learns that it exists
    "konto/api-nycklar/<int:pk>/aterkalla/": (LOGIN, 404, 404, 404, 404, 404, OK, 404),
    "konto/kalender/": LOGGED_IN,
    "att-gora/": LOGGED_IN,  # one's own weekly mail on or off
    "att-gora/avsluta/<str:token>/": WITH_THE_LINK,
    "bekrafta/<str:token>/": WITH_THE_LINK,
    "datum/<str:token>/": WITH_THE_LINK,
    "justera/<str:token>/": WITH_THE_LINK,
    "<slug:slug>/evenemang/<int:pk>/": (OK,) * 8,  # a public event: anyone registers
    "anmalan/<str:token>/": WITH_THE_LINK,
    "anmalan/<str:token>/avboka/": WITH_THE_LINK,
    "utvardering/<str:token>/": WITH_THE_LINK,  # the anonymous evaluation: the link is the right
    # the coordinator fills an activity's follow-up from its events' attendance
    "<slug:slug>/evenemang/<int:pk>/rackvidd/fyll-i-uppfoljningen/": MANAGERS,
    "anmalan/<str:token>/ta-bort/": WITH_THE_LINK,  # a registrant deletes their own data
    "<slug:slug>/huvudman/": MANAGERS,
    "<slug:slug>/moten/nytt/": ORGANISERS,
    "<slug:slug>/moten/datumforfragan/ny/": ORGANISERS,
    "<slug:slug>/moten/datumforfragan/<int:pk>/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/andra/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/stall-in/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/kalla/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/protokoll/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/protokoll/ny-paragraf/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/protokoll/paragraf/<int:item_pk>/": ORGANISERS,
    # only a signatory approves, in their own step: the chair is one, the coordinator and admin are not
    "<slug:slug>/moten/<int:pk>/protokoll/justera/": (LOGIN, 403, 403, 403, 403, OK, 403, 403),
    "<slug:slug>/moten/<int:pk>/dagordning/ny/": GROUP_MEMBERS,
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/andra/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/ny-handling/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/atgard/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/dagordning/<int:item_pk>/ta-bort/": ORGANISERS,
    "<slug:slug>/moten/<int:pk>/handling/<int:doc_pk>/ta-bort/": ORGANISERS,
    "<slug:slug>/planer/ny/": DRAFTERS,
    "<slug:slug>/planer/<int:pk>/andra/": DRAFTERS,
    "<slug:slug>/planer/<int:pk>/atgard/": DRAFTERS,
    "<slug:slug>/planer/<int:pk>/budget/": DRAFTERS,
    "<slug:slug>/aktiviteter/ny/": DRAFTERS,
    "<slug:slug>/aktiviteter/<int:pk>/andra/": DRAFTERS,
    "<slug:slug>/aktiviteter/<int:pk>/uppfoljning/": DRAFTERS,
    "<slug:slug>/aktiviteter/<int:pk>/avgifter/": MANAGERS,
    "<slug:slug>/uppdrag/nytt/": MANAGERS,
    "<slug:slug>/uppdrag/<int:pk>/": MANAGERS,  # progress by the owner: the assignment is the coordinator's
    "<slug:slug>/uppdrag/<int:pk>/andra/": MANAGERS,
    "<slug:slug>/arshjul/": MANAGERS,
    "<slug:slug>/ekonomi/utfall/": MANAGERS,
    "<slug:slug>/ekonomi/utfall/<int:pk>/ta-bort/": MANAGERS,
    "<slug:slug>/ekonomi/utfall/import/": MANAGERS,
    "<slug:slug>/ekonomi/utfall/import/<int:pk>/": MANAGERS,
    "<slug:slug>/ekonomi/konton/": MANAGERS,
    "<slug:slug>/ekonomi/konton/<int:pk>/ta-bort/": MANAGERS,
    "<slug:slug>/ekonomi/lagesrapport/": MANAGERS,
    "<slug:slug>/ekonomi/fakturor/": MANAGERS,
    "<slug:slug>/ekonomi/fakturor/<int:pk>/betald/": MANAGERS,
    # the groups' members log their own (in-kind) hours; the admin is no person of the collaboration
    "<slug:slug>/ekonomi/tid/": (LOGIN, 403, 403, OK, OK, OK, OK, 403),
    "<slug:slug>/ekonomi/tid/<int:pk>/ta-bort/": MANAGERS,
    "<slug:slug>/evenemang/nytt/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/andra/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/publicera/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/stall-in/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/tillfallen/nytt/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/tillfallen/<int:session_pk>/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/tillfallen/<int:session_pk>/ta-bort/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/fragor/ny/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/fragor/<int:question_pk>/ta-bort/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/handlingar/ny/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/handlingar/<int:doc_pk>/ta-bort/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/anmalningar/<int:registration_pk>/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/narvaro/": MANAGERS,
    "<slug:slug>/evenemang/<int:pk>/fakturaunderlag/bokfor/": MANAGERS,
    "<slug:slug>/organisationer/<int:pk>/andra/": MANAGERS,
    "<slug:slug>/grupper/ny-arbetsgrupp/": MANAGERS,
    "<slug:slug>/grupper/<int:pk>/andra/": MANAGERS,
    "<slug:slug>/grupper/<int:pk>/ny-medlem/": MANAGERS,
    "<slug:slug>/medlemskap/<int:pk>/avsluta/": MANAGERS,
    "<slug:slug>/kontaktlista/import/": MANAGERS,
    "<slug:slug>/kontaktlista/import/<int:pk>/": MANAGERS,
    "<slug:slug>/kontaktlista/bekraftelser/": MANAGERS,
    "<slug:slug>/personer/ny/": MANAGERS,
    "<slug:slug>/personer/<int:pk>/ta-bort/": MANAGERS,
    # the person is the support-group member's own record: they may edit it
    "<slug:slug>/personer/<int:pk>/andra/": (LOGIN, 403, 403, 403, OK, 403, OK, OK),
}


def test_every_write_route_has_a_post_row():
    get_forms = {route for route, write in WRITES.items() if write.method == "get"}
    writes = {route for route in project_routes() if not route.startswith("api/")} - READ_ONLY - get_forms
    assert sorted(writes - set(POST_MATRIX)) == [], "add these write routes to POST_MATRIX"
    assert sorted(set(POST_MATRIX) - writes) == [], "these rows name routes that no longer take a POST"
    assert set(POST_ROUTES) == set(POST_MATRIX)


def _matches(expected: Any, response: Any, login_url: str) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(login_url)
    if expected == OK:
        return response.status_code in OK
    return response.status_code == expected


@pytest.mark.parametrize("route", POST_ROUTES)
def test_each_persona_posting_gets_the_expected_status_and_a_refusal_changes_nothing(
    route, corpus_world, db, client, settings, mailoutbox
):
    world, personas = corpus_world
    settings.DEMO_MODE = True
    write = WRITES[route]
    if write.setup:
        write.setup(world)
    client.raise_request_exception = False
    url = write.url(world) if write.url else concrete(route, world)
    data = {key: value for key, value in _resolve(world, write.data).items()}
    failures = []
    for persona, expected in zip(PERSONAS, POST_MATRIX[route], strict=True):
        client.logout()
        if personas[persona] is not None:
            client.force_login(personas[persona])
        before = snapshot()
        savepoint = transaction.savepoint_create()
        try:
            response = client.post(url, {key: upload(value) for key, value in data.items()})
            changed = difference(before, snapshot())
        finally:
            transaction.savepoint_rollback(savepoint)
        if not _matches(expected, response, resolve_url(settings.LOGIN_URL)):
            failures.append(f"{persona}: {response.status_code} {response.get('Location', '')}, expected {expected}")
        elif expected != OK and changed:
            failures.append(f"{persona}: refused ({response.status_code}) but changed {changed}")
    assert not failures, f"{url}\n" + "\n".join(failures)
