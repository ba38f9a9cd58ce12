"""End to end on a 390 px phone: a whole day's check-in in ten taps or fewer.

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


@pytest.mark.browser
def test_a_full_day_is_logged_in_ten_taps_on_a_phone(app, live_server, monkeypatch):  # noqa: F811
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is not installed")
    from playwright.sync_api import expect, sync_playwright

    # The served app's clock reads 09:30 in Berlin today, so last night is over at any hour.
    now = localize(local_today(ZONE, datetime.now(UTC)), time(9, 30), ZONE)
    monkeypatch.setattr(web, "now", lambda: now)
    at = _yesterday_logged(app, now)
    taps = 0

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

            def tap(locator) -> None:  # noqa: ANN001
                nonlocal taps
                locator.click()
                taps += 1

            tap(page.get_by_role("button", name=f"Taken sertraline {at}", exact=True))
            expect(page.get_by_text("marked taken")).to_be_visible()

            tap(page.get_by_role("group", name="Mood").get_by_text("6", exact=True))
            tap(page.get_by_role("group", name="Anxiety").get_by_text("3", exact=True))
            with page.expect_navigation():
                tap(page.get_by_role("button", name="Save check-in"))
            assert page.url.startswith(f"{live_server}/today"), page.url

            with page.expect_navigation():
                tap(page.get_by_role("button", name="Save night"))
            assert page.url.startswith(f"{live_server}/today"), page.url

            tap(page.get_by_role("group", name="Emotional numbness").get_by_text("2", exact=True))
            tap(page.get_by_role("group", name="Brain fog").get_by_text("3", exact=True))
            with page.expect_navigation():
                tap(page.get_by_role("button", name="Save side effects"))
            assert page.url.startswith(f"{live_server}/today"), page.url

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

    assert taps <= 10
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
