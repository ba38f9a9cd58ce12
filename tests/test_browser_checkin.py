"""End to end on a 390 px phone: a whole day's check-in in ten taps or fewer, little scrolling,
44 px targets, and nothing chosen lost when another part is saved (with and without JavaScript).

Doses, mood, last night's sleep and the two followed side effects, for a user who logged
yesterday (so last night's form is filled in from the night before)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, time, timedelta

import pytest
from flask import Flask

from tests.conftest import NOW, PASSWORD, make_user
from tests.medications.factories import get_user
from tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT,
    ZONE,
    _unavailable,
    dose_time,
    live_server,  # noqa: F401 - the fixture
)
from tracker import web
from tracker.activity.models import SubstanceEntry
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.medications import services as medications
from tracker.medications.models import DoseEvent
from tracker.sleep.models import SleepEntry
from tracker.symptoms.models import SymptomEntry
from tracker.timeutils import local_today, localize

EMAIL = "ada@example.org"


def _yesterday_logged(app: Flask, now: datetime) -> str:
    """A user with a medication due 30 minutes ago and last night's sleep from the night before."""
    uid = make_user(app, EMAIL, tz=ZONE)
    at = dose_time(now)
    with app.app_context():
        user = get_user(uid)
        today = local_today(ZONE, now)
        medications.create_medication(
            user,
            medications.MedicationFields(name="sertraline", started_on=today),
            doses=[(at, 50)],
            today=today,
            now=NOW,
        )
        yesterday = today - timedelta(days=1)
        bed = localize(yesterday - timedelta(days=1), time(23), ZONE)
        db.session.add(
            SleepEntry(
                user_id=uid,
                at=bed,
                tz=ZONE,
                day=yesterday,
                created_at=NOW,
                tried_to_sleep_at=bed + timedelta(minutes=10),
                sol_minutes=15,
                awakenings=1,
                waso_minutes=20,
                final_awakening_at=localize(yesterday, time(7), ZONE),
                out_of_bed_at=localize(yesterday, time(7, 10), ZONE),
                quality=4,
            )
        )
        db.session.commit()
    return at.strftime("%H:%M")


PHONE = {"width": 390, "height": 844}


def _browser(p):  # noqa: ANN001, ANN202
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _log_in(browser, base: str, *, javascript: bool = True, viewport=PHONE):  # noqa: ANN001, ANN202
    page = browser.new_context(viewport=viewport, java_script_enabled=javascript).new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/today")
    return page


def _in_view(page, selector: str) -> bool:  # noqa: ANN001
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


@pytest.fixture
def nine_thirty(app, monkeypatch):  # noqa: ANN001, ANN201
    """The served app's clock reads 09:30 in Berlin today, so last night is over at any hour."""
    now = localize(local_today(ZONE, datetime.now(UTC)), time(9, 30), ZONE)
    monkeypatch.setattr(web, "now", lambda: now)
    return now


@pytest.mark.browser
def test_a_full_day_is_logged_in_ten_taps_on_a_phone(app, live_server, nine_thirty):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    now = nine_thirty
    at = _yesterday_logged(app, now)
    taps, scrolled = 0, 0.0

    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = _log_in(browser, live_server)

            def tap(locator) -> None:  # noqa: ANN001
                # The distance the user scrolls to reach each tap: what a phone makes them do.
                nonlocal taps, scrolled
                before = page.evaluate("scrollY")
                locator.scroll_into_view_if_needed()
                scrolled += abs(page.evaluate("scrollY") - before)
                locator.click()
                taps += 1

            tap(page.get_by_role("button", name=f"Taken now sertraline {at}", exact=True))
            expect(page.get_by_text("marked taken")).to_be_visible()
            address = page.url

            tap(page.get_by_role("group", name="Mood").get_by_text("6", exact=True))
            tap(page.get_by_role("group", name="Anxiety").get_by_text("3", exact=True))
            before = page.evaluate("scrollY")
            tap(page.get_by_role("button", name="Save check-in"))
            expect(page.locator("#checkin")).not_to_have_attribute("open", "")
            # Saved in place: no reload to the top; the folded part and the next one are in view.
            after = page.evaluate("scrollY")
            print(f"Save check-in: scrollY {before} -> {after}")
            assert after > 0 and _in_view(page, "#checkin") and _in_view(page, "#sleep-heading")
            expect(page.locator("#checkin > summary")).to_contain_text("Mood 6 · Anxiety 3")

            tap(page.get_by_role("button", name="Save night"))
            expect(page.locator("#sleep")).not_to_have_attribute("open", "")

            tap(page.get_by_role("group", name="Emotional numbness").get_by_text("2", exact=True))
            tap(page.get_by_role("group", name="Brain fog").get_by_text("3", exact=True))
            tap(page.get_by_role("button", name="Save side effects"))
            expect(page.locator("#side-effects")).not_to_have_attribute("open", "")
            expect(page.locator("#today-progress")).to_contain_text("Done for today")
            assert page.url == address  # saved in place: no page load since the dose

            page.goto(f"{live_server}/timeline")
            for text in (
                "sertraline 50 mg taken",
                "Mood 6",
                "Emotional numbness 2/10",
                "Brain fog 3/10",
                "Slept",
            ):
                expect(page.get_by_text(text).first).to_be_visible()
        finally:
            browser.close()

    screens = scrolled / PHONE["height"]
    print(f"Typical day: {taps} taps, {scrolled:.0f} px scrolled ({screens:.2f} screen heights)")
    assert taps <= 10
    assert screens < 3  # goal: under 2; a generous bound, as layouts move a little
    with app.app_context():
        today = local_today(ZONE, now)
        assert db.session.scalar(db.select(db.func.count(DoseEvent.id))) == 1
        mood = db.session.scalars(db.select(MoodCheckin)).one()
        assert (mood.mood, mood.anxiety, mood.day) == (6, 3, today)
        assert (
            db.session.scalar(
                db.select(db.func.count(SleepEntry.id)).where(SleepEntry.day == today)
            )
            == 1
        )
        severities = sorted(e.severity for e in db.session.scalars(db.select(SymptomEntry)))
        assert severities == [2, 3]


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_saving_side_effects_never_loses_the_mood_just_chosen(
    app,
    live_server,  # noqa: F811
    nine_thirty,
    javascript,
):
    from playwright.sync_api import expect, sync_playwright

    _yesterday_logged(app, nine_thirty)
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = _log_in(browser, live_server, javascript=javascript)
            # Without JavaScript the page says which buttons do not carry these choices along.
            notice = page.locator("#checkin-noscript")
            if javascript:
                expect(notice).to_have_count(0)
            else:
                expect(notice).to_be_visible()
            page.get_by_role("group", name="Mood").get_by_text("7", exact=True).click()
            page.get_by_role("group", name="Anxiety").get_by_text("3", exact=True).click()
            page.get_by_role("group", name="Emotional numbness").get_by_text(
                "2", exact=True
            ).click()
            page.get_by_role("group", name="Brain fog").get_by_text("4", exact=True).click()
            page.get_by_role("button", name="Save side effects").click()
            expect(page.locator("#side-effects")).not_to_have_attribute("open", "")
            if not javascript:
                assert (
                    page.url
                    == f"{live_server}/today?day={local_today(ZONE, nine_thirty)}#side-effects"
                )
            # Not saved yet, and still chosen: one tap on Save check-in keeps them.
            expect(page.locator("#checkin input[name=checkin-mood][value='7']")).to_be_checked()
            expect(page.locator("#checkin input[name=checkin-anxiety][value='3']")).to_be_checked()
            page.get_by_role("button", name="Save check-in").click()
            expect(page.locator("#checkin > summary")).to_contain_text("Mood 7 · Anxiety 3")
        finally:
            browser.close()
    with app.app_context():
        mood = db.session.scalars(db.select(MoodCheckin)).one()
        assert (mood.mood, mood.anxiety) == (7, 3)
        assert sorted(db.session.scalars(db.select(SymptomEntry.severity))) == [2, 4]


@pytest.mark.browser
def test_a_coffee_or_a_dose_saved_in_place_keeps_the_check_in_just_chosen(
    app,
    live_server,  # noqa: F811
    nine_thirty,
):
    """The forms outside the check-in (a dose, a coffee) save in place too: the mood chosen but
    not saved yet is still chosen, the page did not load again, and both saves are kept."""
    from playwright.sync_api import expect, sync_playwright

    at = _yesterday_logged(app, nine_thirty)
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = _log_in(browser, live_server)
            page.evaluate("window.sameDocument = true")
            page.get_by_role("group", name="Mood").get_by_text("7", exact=True).click()
            page.get_by_role("button", name="+1 coffee/tea").click()
            expect(page.locator("#part-activity")).to_contain_text("1 drink with caffeine")
            page.get_by_role("button", name=f"Taken now sertraline {at}", exact=True).click()
            expect(page.locator("#part-doses")).to_contain_text("Taken")
            expect(page.locator("#today-status")).to_contain_text("marked taken")
            assert page.evaluate("window.sameDocument") is True  # no page load
            expect(page.locator("#checkin input[name=checkin-mood][value='7']")).to_be_checked()
        finally:
            browser.close()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(DoseEvent.id))) == 1
        assert db.session.scalar(db.select(db.func.count(SubstanceEntry.id))) == 1
        assert db.session.scalar(db.select(db.func.count(MoodCheckin.id))) == 0


@pytest.mark.browser
def test_every_scale_button_is_at_least_44_px_on_a_phone(app, live_server, nine_thirty):  # noqa: F811
    from playwright.sync_api import sync_playwright

    _yesterday_logged(app, nine_thirty)
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = _log_in(browser, live_server)
            targets = page.locator(
                ".scale-row label, .scale label.radio, .sleep-quality label.radio"
            )
            boxes = [targets.nth(i).bounding_box() for i in range(targets.count())]
        finally:
            browser.close()
    assert len(boxes) >= 5 * 11 + 2 * 11 + 5
    small = [b for b in boxes if b["width"] < 44 or b["height"] < 44]
    assert not small, small


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_first_night_is_saved_with_bed_time_wake_time_and_quality_only(
    app,
    live_server,  # noqa: F811
    nine_thirty,
    javascript,
):
    """A new account: the counts wait, empty, inside a closed "More detail"; left so, the night
    saves with them not known."""
    from playwright.sync_api import expect, sync_playwright

    make_user(app, EMAIL, tz=ZONE)
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = _log_in(browser, live_server, javascript=javascript)
            detail = page.locator("#sleep-detail")
            expect(detail).not_to_have_attribute("open", "")
            expect(detail.locator("summary")).to_have_text(
                "More detail: minutes to fall asleep, awakenings, minutes awake, …"
            )
            for name in ("sol_minutes", "awakenings", "waso_minutes"):
                count = detail.locator(f"#sleep-{name}")
                expect(count).to_have_value("")
                expect(count).to_be_hidden()  # inside the closed details
            page.get_by_label("Into bed").fill("23:10")
            page.get_by_label("Final awakening").fill("07:00")
            page.get_by_role("group", name="How well did you sleep?").get_by_text(
                "Good", exact=True
            ).click()
            page.get_by_role("button", name="Save night").click()
            expect(page.locator("#sleep")).not_to_have_attribute("open", "")
            expect(page.locator("#sleep-summary")).to_contain_text(
                "Slept up to 7 h 50 min · quality good"
            )
        finally:
            browser.close()
    with app.app_context():
        night = db.session.scalars(db.select(SleepEntry)).one()
        assert (night.sol_minutes, night.awakenings, night.waso_minutes) == (None, None, None)
        assert night.day == local_today(ZONE, nine_thirty)
