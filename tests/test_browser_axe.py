"""Accessibility: axe-core's default rules report nothing on the pages used every day, on a
phone (390 px) and on a desktop (1280 px), over the demo account's 120 days.

axe-core is vendored (tests/vendor/axe-core, from the npm registry, MPL-2.0) and injected by
the test only: the app never serves it. The page's CSP forbids inline scripts, so the test's
browser context bypasses CSP to inject it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask

from tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT,
    _unavailable,
    live_server,  # noqa: F401 - the fixture
)
from tracker.cli.demo import EMAIL, PASSWORD, build_demo
from tracker.extensions import db
from tracker.timeutils import utcnow

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = (
    "/today",
    "/timeline",
    "/medications",
    "{medication}",
    "/trends",
    "/trends/overview",
    "/report",
    "/settings",
    "/settings/reminders",
    "/appointments",
    "/symptoms",
    "/sleep",
    "/questionnaires",
    "/activity/settings",  # the listed practices and the demo's own one
)
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => `${v.id} (${v.impact}): ` +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.mark.browser
def test_axe_finds_no_violation_on_the_everyday_pages_at_phone_and_desktop_width(
    app: Flask,
    live_server: str,  # noqa: F811
) -> None:
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with app.app_context():
        user = build_demo(days=120, timezone="Europe/Berlin", now=utcnow())
        db.session.commit()
        medication = f"/medications/{_first_medication(user)}"
    script = AXE.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width, height in ((390, 844), (1280, 800)):
                context = browser.new_context(
                    viewport={"width": width, "height": height}, bypass_csp=True
                )
                page = context.new_page()
                page.set_default_timeout(TIMEOUT)
                page.goto(f"{live_server}/login")
                page.get_by_label("Email").fill(EMAIL)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.wait_for_url(f"{live_server}/today")
                for path in PAGES:
                    url = path.format(medication=medication)
                    page.goto(f"{live_server}{url}")
                    page.add_script_tag(content=script)
                    violations = page.evaluate(RUN)
                    if violations:
                        found[f"{width} px {url}"] = violations
                context.close()
        finally:
            browser.close()
    assert found == {}


def _first_medication(user) -> int:  # noqa: ANN001
    from tracker.medications.services import list_medications

    return min(m.id for m in list_medications(user) if not m.as_needed)
