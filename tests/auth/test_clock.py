"""The clock setting: times shown as 24-hour (the default) or 12-hour, on every page that
shows a time of day; the sign-up takes the device's clock along; a shared report stays 24-hour."""

import re
from datetime import time

from tests.conftest import NOW, login, make_user
from tests.medications.factories import get_user
from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications import services as medications
from tracker.timeutils import clock_time, local_today


def test_clock_time_reads_as_each_clock_does():
    assert clock_time(time(8, 5)) == "08:05"
    assert clock_time(time(13, 30), "12") == "1:30 PM"
    assert clock_time(time(0, 15), "12") == "12:15 AM"
    assert clock_time(time(12, 0), "12") == "12:00 PM"


def _sertraline_at(app, uid, at: time) -> None:
    with app.app_context():
        user = get_user(uid)
        today = local_today(user.timezone, NOW)
        medications.create_medication(
            user,
            medications.MedicationFields(name="sertraline", started_on=today),
            doses=[(at, 50)],
            today=today,
            now=NOW,
        )
        db.session.commit()


def test_settings_switch_today_and_the_medication_to_a_12_hour_clock(app, client):
    uid = make_user(app, tz="Europe/Berlin")
    login(client)
    _sertraline_at(app, uid, time(20, 30))
    assert "20:30" in client.get("/today").text
    response = client.post(
        "/settings",
        data={"timezone": "Europe/Berlin", "on_time_window_minutes": "60", "clock": "12"},
    )
    assert response.status_code == 302
    today = client.get("/today").text
    shown = re.sub(r'value="[^"]*"', "", today)  # what is read, not the forms' machine values
    assert "8:30 PM" in shown and "20:30" not in shown
    assert "8:30 PM" in client.get("/medications").text
    settings = client.get("/settings").text
    assert re.search(r'<input[^>]*checked[^>]*value="12"|value="12"[^>]*checked', settings)


def test_a_clock_that_is_not_offered_is_refused_beside_its_field(app, client):
    uid = make_user(app)
    login(client)
    response = client.post(
        "/settings", data={"timezone": "UTC", "on_time_window_minutes": "60", "clock": "13"}
    )
    assert response.status_code == 422
    assert 'id="clock-error"' in response.text
    with app.app_context():
        assert db.session.get(User, uid).clock == "24"


def test_sign_up_keeps_the_devices_clock(app, client):
    response = client.post(
        "/signup",
        data={
            "email": "bea@example.org",
            "password": "a long passphrase",
            "confirm": "a long passphrase",
            "timezone": "America/New_York",
            "clock": "12",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "bea@example.org"))
        assert user.clock == "12"
