"""Today's dose slots over HTTP and in a phone-sized browser: a fair status, one-tap
"Taken at 08:00", the other-time form, and the as-needed warning that defaults to not logging."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from flask import Flask

from tests.conftest import PASSWORD, login, make_user
from tests.medications.factories import get_user
from tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT,
    _unavailable,
    live_server,  # noqa: F401 - the fixture
)
from tracker import web
from tracker.extensions import db
from tracker.medications import services
from tracker.medications.models import DoseEvent
from tracker.timeutils import localize

TZ = "Europe/Berlin"
DAY = date(2025, 6, 2)
EMAIL = "ada@example.org"


def at(hh: int, mm: int = 0, day: date = DAY) -> datetime:
    return localize(day, time(hh, mm), TZ)


def _clock(monkeypatch: pytest.MonkeyPatch, now: datetime) -> None:
    monkeypatch.setattr(web, "now", lambda: now)


def _sertraline(app: Flask, uid: int, *, started_on: date, created: datetime) -> int:
    """Sertraline 50 mg at 08:00 and 20:00, entered into the app at `created`."""
    with app.app_context():
        med = services.create_medication(
            get_user(uid),
            services.MedicationFields(name="sertraline", started_on=started_on),
            doses=[(time(8), 50), (time(20), 50)],
            today=started_on,
            now=created,
        )
        db.session.commit()
        return med.id


@pytest.fixture
def uid(app: Flask, client) -> int:  # noqa: ANN001
    user_id = make_user(app, EMAIL, tz=TZ)
    login(client)
    return user_id


def _slot_html(page: str, hhmm: str) -> str:
    """The <li> of one slot on the Today page."""
    for item in re.findall(r'<li class="slot status-.*?</li>', page, re.S):
        if f'<p class="slot-time">{hhmm}' in item:
            return item
    raise AssertionError(f"no slot at {hhmm}")


def test_a_medication_added_today_at_ten_shows_no_missed_eight_oclock_dose(
    app, client, uid, monkeypatch
):
    _clock(monkeypatch, at(11))
    _sertraline(app, uid, started_on=DAY, created=at(10))
    page = client.get("/today").get_data(as_text=True)
    assert 'class="slot-time">08:00' not in page
    assert "Missed" not in page
    assert "Due later" in _slot_html(page, "20:00")


def test_a_dose_whose_window_has_not_opened_reads_due_later_on_today_and_in_history(
    app, client, uid, monkeypatch
):
    _clock(monkeypatch, at(6, 30))
    med_id = _sertraline(app, uid, started_on=DAY - timedelta(days=5), created=at(0, day=DAY))
    assert "Due later" in _slot_html(client.get("/today").get_data(as_text=True), "08:00")
    history = client.get(f"/medications/{med_id}/history?start={DAY}&end={DAY}")
    rows = re.findall(r"<tr.*?</tr>", history.get_data(as_text=True), re.S)
    eight = [r for r in rows if "08:00" in r]
    assert eight and "Due later" in eight[0] and "Missed" not in eight[0]


def test_taken_at_eight_tapped_at_eleven_records_eight_and_counts_on_time(
    app, client, uid, monkeypatch
):
    _clock(monkeypatch, at(11))
    med_id = _sertraline(app, uid, started_on=DAY - timedelta(days=5), created=at(0))
    slot = _slot_html(client.get("/today").get_data(as_text=True), "08:00")
    assert 'action="/doses/take-at-scheduled"' in slot
    assert "Taken at 08:00" in slot
    response = client.post(
        "/doses/take-at-scheduled",
        data={"medication_id": med_id, "day": DAY.isoformat(), "at": "08:00", "request_key": "k1"},
    )
    assert response.headers["Location"] == f"/today?day={DAY.isoformat()}"
    with app.app_context():
        event = db.session.scalars(db.select(DoseEvent)).one()
        assert event.taken_at == at(8)
    page = client.get(f"/today?day={DAY.isoformat()}").get_data(as_text=True)
    assert "sertraline 08:00 marked taken at 08:00." in page
    assert "Taken on time" in _slot_html(page, "08:00")


def test_taken_at_its_time_is_not_offered_before_it_and_refused_with_a_message(
    app, client, uid, monkeypatch
):
    _clock(monkeypatch, at(11))
    med_id = _sertraline(app, uid, started_on=DAY - timedelta(days=5), created=at(0))
    evening = _slot_html(client.get("/today").get_data(as_text=True), "20:00")
    assert "take-at-scheduled" not in evening and "Taken at 20:00" not in evening
    client.post(
        "/doses/take-at-scheduled",
        data={"medication_id": med_id, "day": DAY.isoformat(), "at": "20:00", "request_key": "k2"},
    )
    page = client.get("/today").get_data(as_text=True)
    assert "It is not 20:00 yet" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(DoseEvent.id))) == 0


def test_the_other_time_form_starts_at_the_scheduled_time(app, client, uid, monkeypatch):
    _clock(monkeypatch, at(11))
    _sertraline(app, uid, started_on=DAY - timedelta(days=5), created=at(0))
    page = client.get("/today").get_data(as_text=True)
    morning = _slot_html(page, "08:00")
    assert re.search(r'id="taken-\d+-2025-06-02-0800"[^>]*value="2025-06-02T08:00"', morning)
    evening = _slot_html(page, "20:00")  # not come yet: empty means now
    assert re.search(r'id="taken-\d+-2025-06-02-2000"[^>]*value=""', evening)
    assert "Leave it empty for now." in evening


class _Buttons(HTMLParser):
    """The buttons and button-styled links inside <main>, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict] = []
        self._open: dict | None = None
        self._in_main = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "main":
            self._in_main = True
        classes = (a.get("class") or "").split()
        if "hidden" in a:  # the warning's disabled default button: never shown
            return
        if self._in_main and (tag == "button" or (tag == "a" and "button" in classes)):
            self._open = {"tag": tag, "classes": classes, "href": a.get("href"), "text": ""}
            self.found.append(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("button", "a"):
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data


def test_the_as_needed_warning_offers_dont_log_first_and_primary(app, client, uid):
    with app.app_context():
        med = services.create_medication(
            get_user(uid),
            services.MedicationFields(
                name="lorazepam",
                as_needed=True,
                started_on=DAY,
                default_amount=1,
                max_per_24h=2,
                min_interval_minutes=240,
            ),
            today=DAY,
            now=at(9),
        )
        db.session.commit()
        med_id = med.id
    form = {"medication_id": med_id, "amount": "1", "reason": "panic"}
    assert client.post("/doses/as-needed", data={**form, "request_key": "p1"}).status_code == 302
    ask = client.post("/doses/as-needed", data={**form, "request_key": "p2"})
    assert ask.status_code == 409
    parser = _Buttons()
    parser.feed(ask.get_data(as_text=True))
    first, second = parser.found[0], parser.found[1]
    assert first["text"].strip() == "Don't log" and "primary" in first["classes"]
    assert first["tag"] == "a" and first["href"] == "/today"
    assert second["text"].strip().startswith("Log it anyway")
    assert "primary" not in second["classes"]
    client.get(first["href"])
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(DoseEvent.id))) == 1


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(390, 844)])
def test_slot_buttons_are_tall_enough_and_the_time_field_full_width_on_a_phone(
    app,
    live_server,  # noqa: F811
    monkeypatch,
    width,
    height,
):
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    now = at(11)
    _clock(monkeypatch, now)
    uid = make_user(app, EMAIL, tz=TZ)
    _sertraline(app, uid, started_on=DAY - timedelta(days=5), created=at(0))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            page.set_default_timeout(TIMEOUT)
            page.goto(f"{live_server}/login")
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(f"{live_server}/today")
            slots = page.locator("li.slot").filter(has=page.locator(".slot-actions"))
            assert slots.count() == 2
            for n in range(slots.count()):
                slots.nth(n).locator("summary").click()
            field = page.locator("li.slot").first.locator("input[name=taken_at]:visible")
            assert field.input_value() == "2025-06-02T08:00"
            box = field.bounding_box()
            container = field.locator("xpath=ancestor::form[1]").bounding_box()
            assert box is not None and container is not None
            assert abs(box["width"] - container["width"]) <= 1
            assert box["width"] >= 0.75 * width
            label = page.locator("li.slot").first.get_by_text("Taken at", exact=True)
            label_box = label.bounding_box()
            assert label_box is not None and label_box["y"] + label_box["height"] <= box["y"]
            buttons = page.locator("li.slot button:visible, li.slot summary")
            heights = [buttons.nth(i).bounding_box()["height"] for i in range(buttons.count())]
            assert len(heights) >= 8
            assert min(heights) >= 44, heights
        finally:
            browser.close()


@pytest.mark.browser
def test_enter_in_a_field_of_the_as_needed_warning_logs_nothing(
    app,
    live_server,  # noqa: F811
    monkeypatch,
):
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    _clock(monkeypatch, at(11))
    uid = make_user(app, EMAIL, tz=TZ)
    with app.app_context():
        services.create_medication(
            get_user(uid),
            services.MedicationFields(
                name="lorazepam",
                as_needed=True,
                started_on=DAY - timedelta(days=3),
                default_amount=1,
                max_per_24h=1,
                min_interval_minutes=240,
            ),
            today=DAY,
            now=at(8),
        )
        db.session.commit()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            page.set_default_timeout(TIMEOUT)
            page.goto(f"{live_server}/login")
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(f"{live_server}/today")
            for _ in range(2):  # the second one is past the maximum: the warning
                page.goto(f"{live_server}/today")
                page.locator("li.slot summary", has_text="Log a dose").click()
                page.get_by_role("button", name="Log dose").click()
            page.get_by_role("link", name="Don't log").wait_for()
            page.locator("input[name=amount]").press("Enter")
            page.wait_for_timeout(500)
            assert page.get_by_role("link", name="Don't log").is_visible()
        finally:
            browser.close()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(DoseEvent.id))) == 1
