"""Second factors in real headless Chromium: set up the authenticator from Settings →
Security (the key read off the page, as a person types it into an app), keep the recovery
codes, sign out, and sign in again through the second step.

Skipped like tests/test_browser.py when Chromium is missing (fails under TRACKER_REQUIRE_BROWSER=1).
Set TRACKER_SCREENSHOTS=folder to keep the pages at 390 px and 1280 px.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pyotp
import pytest

from tests.conftest import PASSWORD, make_user
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT, _unavailable, live_server
from tests.test_browser_axe import AXE, RUN

__all__ = ["live_server"]  # the fixture, imported to be used here
EMAIL = "ada@example.org"
TODAY = re.compile(r".*/today/?$")
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def _look(page, name: str, found: dict) -> None:  # noqa: ANN001
    """Run axe on the page (violations into `found`) and keep a screenshot when asked."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    if violations := page.evaluate(RUN):
        found[name] = violations
    folder = os.environ.get("TRACKER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("size", list(SIZES))
def test_set_up_the_authenticator_and_sign_in_with_its_code(app, live_server, size) -> None:
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    make_user(app, EMAIL)
    base, requested, found = live_server, [], {}

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # bypass_csp: axe is injected by the test (the app serves only its own scripts).
            page = browser.new_context(viewport=SIZES[size], bypass_csp=True).new_page()
            page.set_default_timeout(TIMEOUT)
            page.on("request", lambda request: requested.append(request.url))
            page.goto(f"{base}/login")
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(TODAY)

            page.goto(f"{base}/settings")
            page.get_by_role("link", name="Sign-in security").click()
            _look(page, f"security-off-{size}", found)
            page.get_by_role("link", name="Set up an authenticator app").click()
            expect(page.locator("svg.qr")).to_be_visible()
            _look(page, f"enrol-{size}", found)
            secret = page.locator(".secret").inner_text().replace(" ", "")
            app_totp = pyotp.TOTP(secret)
            page.get_by_label("The 6-digit code the app shows").fill(app_totp.now())
            page.get_by_label("Your password").fill(PASSWORD)
            page.get_by_role("button", name="Turn on").click()
            expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
            assert page.locator("ol.codes li").count() == 10
            _look(page, f"recovery-codes-{size}", found)
            page.get_by_role("link", name="I have kept them").click()
            expect(page.get_by_text("10 of 10 left.")).to_be_visible()
            _look(page, f"security-on-{size}", found)

            page.goto(f"{base}/settings")
            page.get_by_role("button", name="Log out of this device").click()
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            expect(page.get_by_role("heading", name="One more step")).to_be_visible()
            _look(page, f"second-step-{size}", found)
            # The code of the next step: the one of this step was used to set it up.
            page.get_by_label("Code").first.fill(app_totp.at(time.time() + 30))
            page.get_by_role("button", name="Continue").click()
            page.wait_for_url(TODAY)
        finally:
            browser.close()

    assert all(url.startswith(base) for url in requested)  # nothing leaves the origin
    assert found == {}
