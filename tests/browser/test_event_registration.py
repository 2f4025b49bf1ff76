"""Issue 15's done-when in Chromium: an anonymous visitor registers for an open seminar, receives
the e-mail with the .ics on a real SMTP server on loopback, cancels by the personal link, and the
first on the waitlist is moved up and told. The public pages pass axe and do not scroll sideways
at 375 px."""

from __future__ import annotations

import datetime
import email
import re
import socket
from email.message import Message
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_reflow import scrolls_sideways
from tests.browser.test_walkthrough import SLUG, visit

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


class Inbox:
    """An SMTP server's handler that keeps every message it is given (aiosmtpd)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's name for it
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in str(m["To"])]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings: Any) -> Any:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


def run_worker(monkeypatch: Any) -> None:
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _calendar(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/calendar" and part.get_filename():
            return part.get_content() if isinstance(part.get_content(), str) else part.get_content().decode()
    raise AssertionError(f"no .ics attached to {message['Subject']}")


def test_an_anonymous_visitor_registers_gets_the_ics_cancels_and_the_waitlist_moves_up(
    page: Page, live_server: Any, demo: Any, axe: Any, smtp: Inbox, settings: Any, monkeypatch: Any
) -> None:
    from samverkan.events import services
    from samverkan.events.models import Registration
    from samverkan.plans import services as plans

    settings.SITE_URL = live_server.url
    activity = plans.create_activity(
        collaboration=demo,
        actor=None,
        year=timezone.localdate().year + 1,
        title="Seminarium om PFAS",
        area="kompetensutveckling",
        kind="seminar",
        for_municipalities=True,
        for_citizens=True,
    )
    seminar = services.create_event(
        activity=activity, actor=None, title="PFAS i dricksvattnet", public=True, capacity=2
    )
    start = (timezone.localtime() + datetime.timedelta(days=21)).replace(hour=9, minute=0, second=0, microsecond=0)
    services.add_session(
        event=seminar, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=3), place="Umeå stadshus"
    )
    services.publish_event(event=seminar, actor=None)
    services.register(seminar, name="Anna Först", email="anna@example.se", category="municipality")

    # 1. The visitor finds the seminar in the public list and opens it, without logging in.
    page.set_viewport_size({"width": 375, "height": 740})
    visit(page, live_server, f"/{SLUG}/evenemang/")
    axe(page)
    assert scrolls_sideways(page) is None
    page.get_by_role("link", name="PFAS i dricksvattnet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PFAS i dricksvattnet")
    expect(page.locator("dl.facts")).to_contain_text("1 plats kvar")
    axe(page)
    assert scrolls_sideways(page) is None

    # 2. Registers: name, e-mail, category, gender for the statistics.
    page.get_by_label("Namn").fill("Karin Berg")
    page.get_by_label("E-post").fill("karin.berg@example.se")
    page.get_by_label("Privatperson").check()
    page.get_by_label("Kvinna").check()
    page.get_by_role("button", name="Skicka anmälan").click()
    expect(page.locator(".messages")).to_contain_text("Du är anmäld")
    expect(page.locator("dl.facts")).to_contain_text("Du har en plats")
    # the seminar is full now: the next one waits
    services.register(seminar, name="Per Väntar", email="per@example.se", category="business")

    # 3. The confirmation arrives over SMTP with the personal link and the calendar invitation.
    run_worker(monkeypatch)
    (confirmation,) = smtp.to("karin.berg@example.se")
    assert confirmation["Subject"] == "Anmälan bekräftad: PFAS i dricksvattnet"
    ics = _calendar(confirmation)
    assert "METHOD:REQUEST" in ics and "SUMMARY:PFAS i dricksvattnet" in ics and "Umeå stadshus" in ics
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    link = re.search(rf"{re.escape(live_server.url)}/anmalan/[\w-]+/", text).group(0)
    (waiting_mail,) = smtp.to("per@example.se")
    assert waiting_mail["Subject"] == "Väntelista: PFAS i dricksvattnet"

    # 4. Cancels by the personal link; the first on the waitlist moves up and is told.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("PFAS i dricksvattnet")
    axe(page)
    assert scrolls_sideways(page) is None
    page.get_by_role("button", name="Avboka min plats").click()
    expect(page.locator(".messages")).to_contain_text("Din anmälan är avbokad")
    expect(page.locator("dl.facts")).to_contain_text("Avbokad")
    assert Registration.objects.get(email="per@example.se").status == "confirmed"
    run_worker(monkeypatch)
    cancelled = [m for m in smtp.to("karin.berg@example.se") if m["Subject"].startswith("Avbokad")]
    assert len(cancelled) == 1 and "METHOD:CANCEL" in _calendar(cancelled[0])
    moved = [m for m in smtp.to("per@example.se") if m["Subject"] == "Du har fått en plats: PFAS i dricksvattnet"]
    assert len(moved) == 1 and "METHOD:REQUEST" in _calendar(moved[0])

    # 5. At 1280 px with 200 % zoom (a 640 px layout) the event's page still reflows.
    page.set_viewport_size({"width": 640, "height": 400})
    visit(page, live_server, f"/{SLUG}/evenemang/{seminar.pk}/")
    assert scrolls_sideways(page) is None
