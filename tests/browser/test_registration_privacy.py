"""A registrant's own data by the personal link, in a browser: the confirmation page, the erasure
by its button, the done page and the dead link, on a phone and zoomed (axe and reflow clean)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tests.browser.test_reflow import VIEWPORTS, axe_violations, format_violations, scrolls_sideways


def test_a_registrant_deletes_their_data_by_the_link(
    transactional_db: None, world: Any, live_server: Any, browser: Any
) -> None:
    from samverkan.events import services
    from samverkan.events.models import Registration
    from samverkan.plans import services as plans

    activity = plans.create_activity(
        collaboration=world.collaboration, actor=None, year=timezone.localdate().year + 1, title="Seminarium",
        area="kompetensutveckling", kind="seminar", for_municipalities=True, for_citizens=True,
    )  # fmt: skip
    event = services.create_event(activity=activity, actor=None, title="Kemikalier i vardagen", public=True, capacity=1)
    start = timezone.now() + datetime.timedelta(days=20)
    services.add_session(event=event, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    services.publish_event(event=event, actor=None)
    failures: list[str] = []
    for label, (width, height, scale, run_axe) in VIEWPORTS.items():
        seated = services.register(event, name="Åsa Öhman", email=f"asa-{width}@example.se", category="citizen")
        waiting = services.register(event, name="Bo Ek", email=f"bo-{width}@example.se", category="citizen")
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale, locale="sv-SE", bypass_csp=True
        )
        page = context.new_page()

        def check(what: str, page: Any = page, label: str = label, run_axe: bool = run_axe) -> None:
            if overflow := scrolls_sideways(page):
                failures.append(f"{label} {what}: the page scrolls sideways, {overflow}")
            if run_axe and (violations := axe_violations(page)):
                failures.append(f"{label} " + format_violations(what, violations))

        link = f"{live_server.url}/anmalan/{seated.token}/ta-bort/"
        page.goto(link)
        assert "din plats går till den som står först på väntelistan" in page.content()
        check("the confirmation page")
        page.get_by_role("button", name="Ta bort mina uppgifter").click()
        page.wait_for_load_state()
        assert "Dina uppgifter är borttagna" in page.content()
        check("the done page")
        assert Registration.objects.get(pk=waiting.pk).status == "confirmed"  # moved up into the seat
        assert page.goto(link).status == 404 and "Länken fungerar inte" in page.content()
        check("the dead link")
        services.cancel(Registration.objects.get(pk=waiting.pk))
        context.close()
    assert not failures, "\n".join(failures)
