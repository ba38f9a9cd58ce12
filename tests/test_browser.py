"""End to end in real headless Chromium: sign up, add a medication, take a dose, see it in history.

Skipped when /usr/bin/chromium is missing, unless TRACKER_REQUIRE_BROWSER=1 (CI), which fails
instead. Never downloads a browser.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import config
from tracker.app import create_app
from tracker.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT = 15_000  # ms, for every wait: generous, but nothing sleeps
ZONE = "Europe/Berlin"
EMAIL = "browser@example.org"
PASSWORD = "correct horse battery staple"


def _unavailable(reason: str) -> None:
    if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (TRACKER_REQUIRE_BROWSER=1 requires the browser test to run)")
    pytest.skip(reason)


@pytest.fixture
def live_server(app: Flask, database_url: str, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """The app with CSRF on, served over real HTTP on a free port; yields the base URL.

    Requests `app` so that its teardown empties the shared database after this one stops."""
    served = create_app(config(database_url, str(tmp_path / "served"), WTF_CSRF_ENABLED=True))
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with served.app_context():
            db.session.remove()
            db.engine.dispose()


def dose_time(now: datetime) -> time:
    """A time of day 30 minutes before `now` in Berlin, on Berlin's current date."""
    local = now.astimezone(ZoneInfo(ZONE))
    if local.time() < time(0, 40):
        return time(0, 5)
    return (local - timedelta(minutes=30)).time().replace(second=0, microsecond=0)


@pytest.mark.browser
def test_sign_up_add_medication_take_dose_and_see_it_in_history(live_server: str) -> None:
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")

    base = live_server
    at = dose_time(datetime.now(UTC)).strftime("%H:%M")
    requested: list[str] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # A device on a 24-hour clock (the sign-up takes it along): times read 08:00.
            context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
            page = context.new_page()
            page.set_default_timeout(TIMEOUT)
            page.on("request", lambda request: requested.append(request.url))

            # Sign up.
            page.goto(f"{base}/signup")
            expect(page.get_by_role("heading", name="Create an account")).to_be_visible(
                timeout=TIMEOUT
            )
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_label("Password again").fill(PASSWORD)
            page.get_by_label("Time zone").select_option(ZONE)
            page.get_by_role("button", name="Create account").click()
            page.wait_for_url(f"{base}/medications/new", timeout=TIMEOUT)
            expect(page.get_by_role("heading", level=1)).to_have_text(
                "Add a medication", timeout=TIMEOUT
            )

            # Add Zoloft on a schedule: one dose row, earlier today in Berlin.
            page.get_by_label("Name", exact=True).fill("Zoloft")
            page.get_by_label("On a schedule").check()
            rows = page.get_by_role("group", name="Times of day and amounts")
            rows.get_by_label("Time", exact=True).first.fill(at)
            rows.get_by_label("Amount", exact=True).first.fill("50")
            page.get_by_role("button", name="Add medication").click()
            page.wait_for_url(re.compile(re.escape(base) + r"/medications/\d+$"), timeout=TIMEOUT)
            expect(page.get_by_role("heading", level=1)).to_have_text("sertraline", timeout=TIMEOUT)
            med_url = page.url

            # Take the dose from Today.
            page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
            page.wait_for_url(f"{base}/today", timeout=TIMEOUT)
            page.get_by_role("button", name=f"Taken now sertraline {at}", exact=True).click()
            # Saved in place: the message is read out from the page's status region.
            expect(page.locator("#today-status")).to_contain_text(
                f"sertraline {at} marked taken", timeout=TIMEOUT
            )
            slot = page.get_by_role("listitem").filter(
                has=page.get_by_text("sertraline", exact=True)
            )
            expect(slot).to_have_count(1, timeout=TIMEOUT)
            expect(slot).to_contain_text(at)
            expect(slot.locator(".status")).to_have_text("Taken on time", timeout=TIMEOUT)
            expect(page.get_by_role("button", name=f"Taken now sertraline {at}")).to_have_count(0)

            # The dose history lists it.
            page.goto(med_url)
            page.get_by_role("link", name="Dose history").click()
            page.wait_for_url(f"{med_url}/history", timeout=TIMEOUT)
            expect(page.get_by_role("heading", level=1)).to_have_text(
                "sertraline: dose history", timeout=TIMEOUT
            )
            row = page.get_by_role("row").filter(has_text=at)
            expect(row).to_have_count(1, timeout=TIMEOUT)
            cells = row.get_by_role("cell")
            expect(cells.nth(1)).to_have_text(at)  # Due
            expect(row.locator(".status")).to_have_text("Taken on time")

            context.close()
        finally:
            browser.close()

    assert requested, "the browser made no requests at all"
    offsite = [url for url in requested if not url.startswith(base + "/")]
    assert offsite == [], f"requests left the origin {base}: {offsite}"
