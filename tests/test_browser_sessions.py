"""Settings → Sessions in real headless Chromium: three browsers signed in (a Firefox on
Android, a Safari on iPhone, a Chrome on Windows, told apart by their user agents), each listed
with its device, this one marked; signing out the Android one from the desktop sends its next
page to the login page. With TRACKER_SHOTS=<folder> it saves the section at 390 px and on a
desktop there.

Skipped like tests/test_browser.py when Chromium is missing (fails under TRACKER_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import update

from tests.auth.test_devices import UAS
from tests.conftest import PASSWORD, make_user
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT, _unavailable, live_server
from tracker.auth.models import UserSession
from tracker.extensions import db

__all__ = ["live_server"]  # the fixture, imported to be used here
EMAIL = "ada@example.org"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _sign_in(browser, base: str, user_agent: str, viewport: dict):  # noqa: ANN001, ANN202
    page = browser.new_context(user_agent=user_agent, viewport=viewport).new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/today")
    return page


def _age(app: Flask, device: str, *, used: timedelta, signed_in: timedelta) -> None:
    """Make a session older, as if kept signed in ("keep me signed in": no idle limit)."""
    now = datetime.now(UTC)
    with app.app_context():
        db.session.execute(
            update(UserSession)
            .where(UserSession.device == device)
            .values(last_seen_at=now - used, created_at=now - signed_in, remember=True)
        )
        db.session.commit()


def _shoot(page, name: str) -> None:  # noqa: ANN001
    folder = os.environ.get("TRACKER_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        section = page.locator("section[aria-labelledby=sessions]")
        section.screenshot(path=str(Path(folder) / f"{name}.png"))


@pytest.mark.browser
def test_three_sessions_listed_and_one_signed_out_from_another(app, live_server: str) -> None:
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    make_user(app, EMAIL)
    base = live_server

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            android = _sign_in(browser, base, UAS["Firefox on Android"], PHONE)
            iphone = _sign_in(browser, base, UAS["Safari on iPhone"], PHONE)
            desktop = _sign_in(browser, base, UAS["Chrome on Windows"], DESKTOP)

            _age(app, "Firefox on Android", used=timedelta(days=3), signed_in=timedelta(days=9))
            _age(app, "Safari on iPhone", used=timedelta(hours=2), signed_in=timedelta(days=1))

            desktop.goto(f"{base}/settings#sessions")
            items = desktop.locator("ul.sessions > li")
            expect(items).to_have_count(3)
            expect(items.nth(1)).to_contain_text("Safari on iPhone")
            expect(items.nth(1)).to_contain_text("2 hours ago")
            expect(items.nth(2)).to_contain_text("3 days ago")
            expect(items.first).to_contain_text("Chrome on Windows")
            expect(items.first).to_contain_text("This device")
            expect(items.first).to_contain_text("active now")
            expect(desktop.locator("ul.sessions .tag")).to_have_count(1)
            _shoot(desktop, "sessions-desktop")

            iphone.goto(f"{base}/settings#sessions")
            mine = iphone.locator("ul.sessions > li").first  # this request is its newest use
            expect(mine).to_contain_text("Safari on iPhone")
            expect(mine).to_contain_text("This device")
            wide = iphone.evaluate("document.documentElement.scrollWidth")
            assert wide <= PHONE["width"], "the page scrolls sideways on a phone"
            _shoot(iphone, "sessions-390")

            desktop.get_by_role("button", name="Sign out Firefox on Android", exact=False).click()
            desktop.wait_for_url(f"{base}/settings#sessions")
            expect(desktop.locator("ul.sessions > li")).to_have_count(2)

            android.goto(f"{base}/today")
            assert android.url.startswith(f"{base}/login")
            iphone.goto(f"{base}/today")
            assert iphone.url == f"{base}/today"
        finally:
            browser.close()
