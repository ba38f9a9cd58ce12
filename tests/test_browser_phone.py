"""On a 390 × 844 phone in real headless Chromium: no table is cut off without a focusable,
named scroll region; the page never scrolls sideways; sign-up preselects the browser's zone;
a new share link's Copy button copies the whole address.

Skipped like tests/test_browser.py when Chromium is missing (fails under TRACKER_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest

from tests.conftest import PASSWORD, make_user
from tests.reports.factories import get_user, history
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT, _unavailable, live_server
from tracker.extensions import db
from tracker.timeutils import local_today, utcnow

__all__ = ["live_server"]  # the fixture, imported to be used here
PHONE = {"width": 390, "height": 844}
EMAIL = "ada@example.org"

# For each visible table: the nearest box that scrolls sideways, and whether the table is cut
# off (wider than that box, or than the viewport when nothing scrolls). A cut-off table must be
# in a region a keyboard can focus and a screen reader can name (axe: scrollable-region-focusable).
CLIPPED = """() => {
  const vw = document.documentElement.clientWidth;
  const found = {clipped: [], regions: 0, pageWidth: document.documentElement.scrollWidth, vw};
  const scrollsX = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  for (const table of document.querySelectorAll("table")) {
    if (!table.getClientRects().length) continue;
    let box = table.parentElement;
    while (box && box !== document.body && !scrollsX(box)) box = box.parentElement;
    const scrolls = box && box !== document.body;
    const wide = scrolls
      ? box.scrollWidth > box.clientWidth
      : table.getBoundingClientRect().right > vw;
    if (!wide) continue;
    const by = scrolls && box.getAttribute("aria-labelledby");
    const label = scrolls && box.getAttribute("aria-label");
    const named = label || (by && document.getElementById(by));
    const focusable = scrolls && box.getAttribute("tabindex") === "0";
    if (focusable && box.getAttribute("role") === "region" && named) {
      found.regions += 1;
    } else {
      found.clipped.push((table.querySelector("caption") || table).textContent.trim().slice(0, 60));
    }
  }
  return found;
}"""


def _browser(p):  # noqa: ANN001, ANN202
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _playwright():  # noqa: ANN202
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    return sync_playwright()


def expect(locator):  # noqa: ANN001, ANN201
    from playwright.sync_api import expect as _expect

    return _expect(locator)


def _log_in(page, base: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(base) + r"/today"), timeout=TIMEOUT)


@pytest.mark.browser
def test_on_a_phone_no_table_is_cut_off_outside_a_focusable_named_region(app, live_server):
    uid = make_user(app, EMAIL)
    with app.app_context():
        history(get_user(uid), now=utcnow())
        db.session.commit()
    with _playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_context(viewport=PHONE).new_page()
            page.set_default_timeout(TIMEOUT)
            _log_in(page, live_server)
            page.goto(f"{live_server}/medications")
            med = page.locator("ul.cards a").first.get_attribute("href")
            pages = [
                med,
                f"{med}/history",
                "/report?range=30&appendix=1",
                "/trends/changes?range=90",
                "/settings",
                "/appointments",
            ]
            regions = 0
            for path in pages:
                page.goto(live_server + path)
                found = page.evaluate(CLIPPED)
                assert found["clipped"] == [], f"{path}: tables cut off: {found['clipped']}"
                assert found["pageWidth"] <= found["vw"], f"{path} scrolls sideways"
                regions += found["regions"]
            assert regions > 0, "no table was wide enough to need its scroll region"
        finally:
            browser.close()


@pytest.mark.browser
def test_sign_up_preselects_the_browsers_zone(live_server):
    with _playwright() as p:
        browser = _browser(p)
        try:
            context = browser.new_context(viewport=PHONE, timezone_id="Asia/Tokyo", locale="en-US")
            page = context.new_page()
            page.set_default_timeout(TIMEOUT)
            page.goto(f"{live_server}/signup")
            assert page.get_by_label("Time zone").input_value() == "Asia/Tokyo"
            assert page.locator(".brand").is_visible()  # the app's name, logged out
            # The device's clock goes along: 12-hour in the US, 24-hour in Britain.
            assert page.locator("input[name=clock]").input_value() == "12"
            british = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
            british.goto(f"{live_server}/signup")
            assert british.locator("input[name=clock]").input_value() == "24"
        finally:
            browser.close()


@pytest.mark.browser
def test_the_copy_button_copies_the_whole_share_address(app, live_server):
    make_user(app, EMAIL)
    today = local_today("Europe/Berlin", utcnow())
    with _playwright() as p:
        browser = _browser(p)
        try:
            context = browser.new_context(viewport=PHONE)
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT)
            _log_in(page, live_server)
            page.goto(f"{live_server}/shares")
            page.get_by_label("Name of the link").fill("Dr Okafor")
            page.get_by_label("Report from").fill((today - timedelta(days=29)).isoformat())
            page.get_by_label("Report to").fill(today.isoformat())
            page.get_by_role("button", name="Make the link").click()
            field = page.get_by_label("Address")
            address = field.input_value()
            assert re.fullmatch(re.escape(live_server) + r"/s/[A-Za-z0-9_-]+", address)
            box = field.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            assert field.evaluate("f => f.scrollHeight <= f.clientHeight")  # nothing hidden
            page.get_by_role("button", name="Copy address").click()
            expect(page.locator("#share-url-status")).to_have_text("Copied.", timeout=TIMEOUT)
            assert page.evaluate("navigator.clipboard.readText()") == address
        finally:
            browser.close()
