"""Every page of the authorization matrix, as every persona who may open it, on a phone and zoomed.

WCAG 1.4.10 (reflow): at 375 px and at 1280 px with 200 % zoom (a 640 px wide layout) no page
may scroll sideways, and axe-core's WCAG 2.1 A/AA rules must pass; at 320 px no page may scroll
sideways either. A wide table scrolls inside
its own region or turns into cards; the page itself never does. Failures are collected over all
pages of a persona, so one run lists everything to mend.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.browser.conftest import WCAG_TAGS, format_violations
from tests.test_authorization_matrix import MATRIX, PERSONAS, concrete

# (width, height, device scale, run axe): a phone, a 1280 px screen at 200 % zoom, and the
# narrowest width WCAG 1.4.10 names (320 px), where only the reflow is checked again
VIEWPORTS = {"375 px": (375, 740, 1, True), "1280 px at 200 %": (640, 400, 2, True), "320 px": (320, 640, 1, False)}


def html_page(route: str) -> bool:
    """Pages a browser shows; files (PDF, Excel, .ics, downloads), the API and signed links are not."""
    if route.startswith("api/") or "." in route or route in {"healthz", "i18n/setlang/"}:
        return False
    return not any(part in route for part in ("/handling/<int:doc_pk>/", "/vcard/", "<str:token>"))


def pages_for(persona: str) -> list[str]:
    index = PERSONAS.index(persona)
    return sorted(route for route, expected in MATRIX.items() if expected[index] == 200 and html_page(route))


def test_the_matrix_has_pages_for_every_persona() -> None:
    # so the test below can never pass by visiting nothing
    assert all(len(pages_for(persona)) >= 10 for persona in PERSONAS)


def scrolls_sideways(page: Any) -> str | None:
    """None, or how wide the page is and the elements that stick out (so a failure says what to mend)."""
    return page.evaluate(
        """() => {
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth) return null;
            const out = [];
            document.querySelectorAll("body *").forEach((e) => {
                const r = e.getBoundingClientRect();
                if (r.right > root.clientWidth + 1 && r.width > 0 && out.length < 5)
                    out.push(`${e.tagName.toLowerCase()}.${e.className} (${Math.round(r.right)} px)`);
            });
            return `${root.scrollWidth} px wide in ${root.clientWidth} px: ${out.join(", ")}`;
        }"""
    )


def axe_violations(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(django_settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_scrolls_sideways_or_fails_axe(
    persona: str, transactional_db: None, world: Any, personas: Any, live_server: Any, browser: Any
) -> None:
    routes = pages_for(persona)
    urls = [concrete(route, world) for route in routes]  # builds the matrix's objects before the browser starts
    cookies = []
    user = personas[persona]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        cookies = [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    failures: list[str] = []
    for label, (width, height, scale, run_axe) in VIEWPORTS.items():
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale, locale="sv-SE", bypass_csp=True
        )
        context.add_cookies(cookies)
        page = context.new_page()
        for url in urls:
            response = page.goto(live_server.url + url)
            if response is None or response.status != 200:
                failures.append(f"{label} {url}: HTTP {response and response.status}")
                continue
            if overflow := scrolls_sideways(page):
                failures.append(f"{label} {url}: the page scrolls sideways, {overflow}")
            if run_axe and (violations := axe_violations(page)):
                failures.append(f"{label} " + format_violations(url, violations))
        context.close()
    assert not failures, f"{persona}: {len(failures)} problem(s)\n" + "\n".join(failures)
