"""End to end in real headless Chromium, with CSRF on: upload a Daylio export, map its custom
mood, import it, see it in the history and on the timeline, undo it. A worker thread runs the
jobs, as `tracker worker` beside the server does; the pages follow them (live with JavaScript,
by refreshing themselves without)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.conftest import PASSWORD, config, make_user
from tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT,
    ZONE,
    _unavailable,
    live_server,  # noqa: F401 - the fixture
)
from tracker.app import create_app
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.jobs import worker

EMAIL = "ada@example.org"
DAYLIO = Path(__file__).parent / "imports" / "fixtures" / "flow" / "daylio_short.csv"


@contextmanager
def _worker(database_url: str, served: Path) -> Iterator[None]:
    """A worker beside the server (its database and instance folder) for the test's length."""
    app = create_app(config(database_url, str(served)))
    done = threading.Event()

    def run() -> None:
        with app.app_context():
            worker.work(burst=False, poll=0.1, stop=done.is_set)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=30)
        with app.app_context():
            db.engine.dispose()


def _moods(app: Flask) -> list[int]:
    with app.app_context():
        return sorted(db.session.scalars(select(MoodCheckin.mood)))


@pytest.mark.browser
def test_upload_preview_map_import_and_undo_a_daylio_export(
    app: Flask,
    live_server: str,  # noqa: F811
    database_url: str,
    tmp_path: Path,
) -> None:
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    make_user(app, EMAIL, tz=ZONE)
    base = live_server
    requested: list[str] = []
    with sync_playwright() as p, _worker(database_url, tmp_path / "served"):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            page.set_default_timeout(TIMEOUT)
            page.on("request", lambda request: requested.append(request.url))
            page.goto(f"{base}/login")
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(f"{base}/today")

            page.get_by_role("link", name="Settings").click()
            page.get_by_role("link", name="Import your history").click()
            page.get_by_label("Where the file comes from").select_option("daylio")
            page.get_by_label("File", exact=True).set_input_files(str(DAYLIO))
            page.get_by_role("button", name="Upload and preview").click()
            page.wait_for_url(re.compile(re.escape(base) + r"/imports/\d+$"))
            expect(page.get_by_role("heading", level=1)).to_have_text("Preview: daylio_short.csv")
            depressed = page.get_by_label("“Depressed”")
            expect(depressed).to_have_attribute("aria-invalid", "true")
            assert _moods(app) == []  # the preview adds nothing

            depressed.select_option("2")
            page.get_by_role("button", name="Update the preview").click()
            expect(page.get_by_label("“Depressed”")).to_have_value("2")
            expect(page.get_by_role("region", name="What will be added")).to_contain_text(
                "3 mood check-ins"
            )
            page.get_by_role("button", name=re.compile(r"^Import \d+ entries$")).click()
            page.wait_for_url(re.compile(re.escape(base) + r"/imports/jobs/\d+$"))
            expect(page.get_by_text("Imported 3 mood check-ins")).to_be_visible()
            assert _moods(app) == [2, 7, 9]
            page.get_by_role("link", name="Back to Import").click()

            page.get_by_role(
                "button", name=re.compile("^Undo the import of daylio_short.csv")
            ).click()
            page.wait_for_url(f"{base}/imports")
            expect(page.get_by_text("Undone")).to_be_visible()
            assert _moods(app) == []
        finally:
            browser.close()
    offsite = [url for url in requested if not url.startswith(base + "/")]
    assert requested and offsite == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MoodCheckin)) == 0


@pytest.mark.browser
def test_without_javascript_the_pages_reload_themselves_until_the_job_is_done(
    app: Flask,
    live_server: str,  # noqa: F811
    database_url: str,
    tmp_path: Path,
) -> None:
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    make_user(app, EMAIL, tz=ZONE)
    base = live_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(java_script_enabled=False)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT)
            page.goto(f"{base}/login")
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.goto(f"{base}/imports")
            page.get_by_label("Where the file comes from").select_option("daylio")
            page.get_by_label("File", exact=True).set_input_files(str(DAYLIO))
            page.get_by_role("button", name="Upload and preview").click()
            page.wait_for_url(re.compile(re.escape(base) + r"/imports/\d+$"))
            expect(page.locator("progress")).to_be_visible()  # queued: no worker yet
            with _worker(database_url, tmp_path / "served"):
                # the page's own refresh (every 3 s) brings the preview once the job is done
                expect(page.get_by_label("“Depressed”")).to_be_visible(timeout=15_000)
        finally:
            browser.close()
