"""Playwright in Debian's Chromium against pytest-django's live server, with axe-core.

Playwright's own browser download does not work on our machines, so the tests launch the
system's `chromium` (Debian package). axe-core comes from `npm ci` (package-lock.json); nothing
else is downloaded at test time.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

# Playwright's sync API runs an event loop in the test thread; Django would then refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test, so `-m "not browser"` skips them all."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: apt-get install -y chromium")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # bypass_csp: the site allows only its own scripts with a nonce; axe is injected by the test.
    return {**browser_context_args, "locale": "sv-SE", "bypass_csp": True}


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> Any:
    """The demo collaboration, demo mode on (demo accounts may log in), plain static files."""
    settings.DEMO_MODE = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from samverkan.agreement.demo import load_demo

    return load_demo()


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def check_axe(page: Any) -> None:
    """Run axe-core on the current page and fail with a fixable list of WCAG A/AA violations."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    violations = result["violations"]
    assert not violations, format_violations(page.url, violations)


@pytest.fixture
def axe() -> Any:
    return check_axe
