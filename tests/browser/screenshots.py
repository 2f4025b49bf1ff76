"""Screenshots of the main pages, on a phone (375 px) and on a desktop (1280 px), into docs/screenshots/.

Not part of the suite (the file name is not test_*): `make screenshots` runs it on the demo.
Each page must answer 200 and must not scroll sideways, so a stale or broken page fails here too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings as django_settings

SLUG = "miljosamverkan-vasterbotten"
OUT = Path(django_settings.BASE_DIR) / "docs" / "screenshots"
WIDTHS = {"375": (375, 740), "1280": (1280, 800)}
MAX_HEIGHT = 2400  # px of a full page kept in the picture; the rest is the same kind of rows


def pages(demo: Any) -> list[tuple[str, str | None, str]]:
    """(file name, demo user or None for the public, path)."""
    from samverkan.meetings.models import Meeting

    october = Meeting.objects.filter(group__collaboration__slug=SLUG, starts_at__month=10, starts_at__year=2026).first()
    s = f"/{SLUG}"
    meeting = f"{s}/moten/{october.pk}/" if october else f"{s}/moten/"
    return [
        ("public-overview", None, f"{s}/"),
        ("public-decisions", None, f"{s}/beslut/"),
        ("public-plans", None, f"{s}/planer/"),
        ("public-gender-statistics", None, f"{s}/statistik/kon/"),
        ("login", None, "/accounts/login/"),
        ("coordinator-meetings", "samordnare", f"{s}/moten/"),
        ("coordinator-meeting", "samordnare", meeting),
        ("coordinator-agreement-check", "samordnare", f"{s}/avtalsuppfoljning/"),
        ("coordinator-activity-form", "samordnare", f"{s}/aktiviteter/ny/"),
        ("coordinator-calendar", "samordnare", f"{s}/kalendarium/"),
        ("coordinator-status-report", "samordnare", f"{s}/ekonomi/lagesrapport/?datum=2026-06-30"),
        ("coordinator-contacts", "samordnare", f"{s}/kontaktlista/"),
        ("chair-minutes", "ordforande", f"{s}/protokoll/"),
        ("support-plans", "stod", f"{s}/planer/"),
        ("officer-home", "inspektor", "/"),
    ]


def test_screenshots(demo: Any, live_server: Any, browser: Any) -> None:
    from django.test import Client

    from samverkan.accounts.models import User

    OUT.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, username, path in pages(demo):
        cookies = []
        if username:
            client = Client()
            client.force_login(User.objects.get(username=username))
            session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
            cookies = [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
            context.add_cookies(cookies)
            page = context.new_page()
            response = page.goto(live_server.url + path)
            if response is None or response.status != 200:
                problems.append(f"{path}: HTTP {response and response.status}")
            full = page.evaluate("() => document.documentElement.scrollHeight")
            if page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth"):
                problems.append(f"{path} at {label} px scrolls sideways")
            page.screenshot(
                path=str(OUT / f"{name}-{label}.png"),
                clip={"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT)},
                full_page=True,
            )
            context.close()
    assert not problems, "\n".join(problems)
