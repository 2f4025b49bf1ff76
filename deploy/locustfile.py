"""The load test of the scale-out set-up (deploy/scaleout.py runs it; `make loadtest`).

Three kinds of simulated users, all through nginx on loopback:
- visitors read the public pages;
- members log in with a demo account, read their pages and answer the date poll (the
  "registering": an answer may be changed while the poll is open, so answering again is safe);
- coordinators log in, read the working pages and save a person and a group (the "editing": the
  form is sent back as the page filled it in, so every save is the same save).
Each user comes from an address of its own (X-Forwarded-For, which nginx passes on and the app
believes from its trusted proxy), as real users do: the login rate limit is per address.

The run's data comes from deploy/prepare.py in SCALEOUT_DATA (a JSON file); SCALEOUT_MAX_REQUESTS
stops the run after that many requests, whatever the time left.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from html.parser import HTMLParser

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

DATA = json.loads(open(os.environ["SCALEOUT_DATA"], encoding="utf-8").read())  # noqa: SIM115
SLUG = "/" + DATA["slug"] + "/"
MAX_REQUESTS = int(os.environ.get("SCALEOUT_MAX_REQUESTS", "20000"))
PASSWORD = "demo"  # the demo accounts' password (samverkan/agreement/demo.py)
MEMBERS = ["umea", "stod", "ordforande", "inspektor"]
addresses = (f"10.77.{n // 250}.{n % 250 + 1}" for n in itertools.count())
requests_made = itertools.count(1)


_environment: dict[str, Environment] = {}


@events.init.add_listener
def remember_environment(environment: Environment, **_kwargs: object) -> None:
    _environment["env"] = environment


@events.request.add_listener
def stop_at_the_request_bound(**_kwargs: object) -> None:
    if next(requests_made) == MAX_REQUESTS:
        runner = _environment["env"].runner
        if runner is not None:
            gevent.spawn(runner.quit)  # not from inside the request's own greenlet


class FormReader(HTMLParser):
    """The fields of the forms on a page, as a browser would send them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": []})
            return
        if not self.forms:
            return
        fields: list[tuple[str, str]] = self.forms[-1]["fields"]  # type: ignore[assignment]
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
            self._first_option: str | None = None
            self._chosen = False
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                fields.append((self._select, value))
                self._chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            fields.append((name, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            if not self._chosen and self._first_option is not None and self.forms:
                self.forms[-1]["fields"].append((self._select, self._first_option))  # type: ignore[union-attr]
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self.forms:
            fields: list[tuple[str, str]] = self.forms[-1]["fields"]  # type: ignore[assignment]
            name, value = fields[-1]
            fields[-1] = (name, value + data)


def post_form(user: HttpUser, path: str, name: str) -> None:
    """Open the edit page and save its form unchanged; a save answers with a redirect (302)."""
    page = user.client.get(path, name=f"{name} (form)")
    reader = FormReader()
    reader.feed(page.text)
    form = next((f for f in reader.forms if f["method"] == "post" and "csrfmiddlewaretoken" in dict(f["fields"])), None)  # type: ignore[arg-type]
    if form is None:
        page.failure("no form to save")  # type: ignore[attr-defined]
        return
    with user.client.post(
        form["action"] or path, data=form["fields"], name=f"{name} (save)", allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code != 302:
            response.failure(f"the save answered {response.status_code}, not a redirect")


class Visitor(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["X-Forwarded-For"] = next(addresses)

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(3)
    def collaboration(self) -> None:
        self.client.get(SLUG, name="/<slug>/")

    @task(2)
    def meetings(self) -> None:
        self.client.get(SLUG + "moten/", name="/<slug>/moten/")

    @task(2)
    def decisions(self) -> None:
        self.client.get(SLUG + "beslut/", name="/<slug>/beslut/")

    @task(1)
    def minutes(self) -> None:
        self.client.get(SLUG + "protokoll/", name="/<slug>/protokoll/")

    @task(1)
    def calendar(self) -> None:
        self.client.get(SLUG + "kalendarium/", name="/<slug>/kalendarium/")

    @task(1)
    def accessibility(self) -> None:
        self.client.get("/tillganglighet/", name="/tillganglighet/")


class LoggedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    usernames: list[str] = []

    def on_start(self) -> None:
        self.client.headers["X-Forwarded-For"] = next(addresses)
        page = self.client.get("/accounts/login/", name="/accounts/login/")
        token = page.cookies.get("csrftoken") or self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/accounts/login/",
            data={"login": random.choice(self.usernames), "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="/accounts/login/ (log in)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")

    @task(3)
    def desk(self) -> None:
        with self.client.get("/att-gora/", name="/att-gora/", allow_redirects=False, catch_response=True) as page:
            if page.status_code != 200:  # a lost session would redirect to the login
                page.failure(f"the desk answered {page.status_code}: not logged in on this web process?")

    @task(2)
    def collaboration(self) -> None:
        self.client.get(SLUG, name="/<slug>/")

    @task(2)
    def contact_list(self) -> None:
        self.client.get(SLUG + "kontaktlista/", name="/<slug>/kontaktlista/")

    @task(1)
    def meeting(self) -> None:
        if DATA["meeting"]:
            self.client.get(f"{SLUG}moten/{DATA['meeting']}/", name="/<slug>/moten/<pk>/")

    @task(1)
    def plans(self) -> None:
        self.client.get(SLUG + "planer/", name="/<slug>/planer/")

    @task(1)
    def assignments(self) -> None:
        self.client.get(SLUG + "uppdrag/", name="/<slug>/uppdrag/")


class Member(LoggedIn):
    weight = 2
    usernames = MEMBERS

    @task(2)
    def answer_the_date_poll(self) -> None:
        link = random.choice(DATA["poll_links"])
        self.client.get(link, name="/datum/<token>/")
        token = self.client.cookies.get("csrftoken", "")
        answers = {f"tid-{pk}": random.choice(["yes", "maybe", "no"]) for pk in DATA["poll_options"]}
        with self.client.post(
            link, data={**answers, "csrfmiddlewaretoken": token}, name="/datum/<token>/ (answer)", catch_response=True
        ) as response:
            if response.status_code != 200 or 'name="tid-' in response.text:  # the form again: refused
                response.failure("the answer was not saved")


class Coordinator(LoggedIn):
    weight = 1
    usernames = ["samordnare"]

    @task(2)
    def person_list(self) -> None:
        self.client.get(SLUG + "personer/", name="/<slug>/personer/")

    @task(1)
    def agreement_check(self) -> None:
        self.client.get(SLUG + "avtalsuppfoljning/", name="/<slug>/avtalsuppfoljning/")

    @task(2)
    def edit_person(self) -> None:
        post_form(self, f"{SLUG}personer/{DATA['person']}/andra/", "/<slug>/personer/<pk>/andra/")

    @task(1)
    def edit_group(self) -> None:
        post_form(self, f"{SLUG}grupper/{DATA['group']}/andra/", "/<slug>/grupper/<pk>/andra/")
