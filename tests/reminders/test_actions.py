"""Taken / Skip links: a GET only shows, the POST records once, a second tap says "already
logged", the link expires with the on-time window, a token naming another user's medication
is not found, and a changed token is not found."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import make_user
from tests.medications.factories import get_user, scheduled_med
from tracker.extensions import db
from tracker.medications.models import DoseEvent, Medication
from tracker.reminders import actions, messages
from tracker.reminders.models import Reminder

EIGHT = datetime(2026, 6, 10, 6, 0, tzinfo=UTC)  # 08:00 in Berlin


def _token(uid: int, med_id: int, action: str = "taken", expires: datetime | None = None) -> str:
    return actions.make_token(
        user_id=uid, medication_id=med_id, day=date(2026, 6, 10), at=time(8), action=action,
        expires=expires or EIGHT + timedelta(hours=1), secret_key="test-secret",
    )  # fmt: skip


@pytest.fixture
def med(app):
    uid = make_user(app)
    with app.app_context():
        med = scheduled_med(get_user(uid), started_on=date(2025, 1, 1))
        db.session.commit()
        return uid, med.id


def _events(app) -> list[DoseEvent]:
    with app.app_context():
        return list(db.session.scalars(select(DoseEvent)))


def _at(monkeypatch, now: datetime) -> None:
    monkeypatch.setattr("tracker.web.utcnow", lambda: now)


def test_a_get_only_shows_the_confirm_button(app, client, med, monkeypatch):
    _at(monkeypatch, EIGHT)
    page = client.get(f"/reminders/act/{_token(*med)}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Mark as taken?" in text and "Your medication at 08:00" in text
    assert "sertraline" not in text  # not named unless the user chose it
    assert page.headers["Cache-Control"] == "no-store"
    assert _events(app) == []


def test_taken_records_the_dose_once_and_a_second_tap_says_already_logged(
    app, client, med, monkeypatch
):
    _at(monkeypatch, EIGHT + timedelta(minutes=5))
    token = _token(*med)
    first = client.post("/reminders/act", data={"token": token})
    assert first.status_code == 200 and "Logged as taken" in first.get_data(as_text=True)
    (event,) = _events(app)
    assert (event.action, event.scheduled_date, event.scheduled_time) == (
        "taken", date(2026, 6, 10), time(8)
    )  # fmt: skip
    assert event.taken_at == EIGHT + timedelta(minutes=5)
    second = client.post("/reminders/act", data={"token": token})
    assert "Already logged" in second.get_data(as_text=True)
    skip = client.post("/reminders/act", data={"token": _token(*med, action="skipped")})
    assert "Already logged" in skip.get_data(as_text=True)
    assert len(_events(app)) == 1


def test_skip_records_a_skipped_dose(app, client, med, monkeypatch):
    _at(monkeypatch, EIGHT)
    response = client.post("/reminders/act", data={"token": _token(*med, action="skipped")})
    assert "Logged as skipped" in response.get_data(as_text=True)
    assert [e.action for e in _events(app)] == ["skipped"]


def test_the_link_expires_when_the_window_closes(app, client, med, monkeypatch):
    _at(monkeypatch, EIGHT + timedelta(hours=1, seconds=1))
    response = client.post("/reminders/act", data={"token": _token(*med)})
    assert "This link has expired" in response.get_data(as_text=True)
    assert _events(app) == []


def test_a_token_naming_another_users_medication_is_not_found(app, client, med, monkeypatch):
    _at(monkeypatch, EIGHT)
    other = make_user(app, "b@example.org")
    _, med_id = med
    assert client.get(f"/reminders/act/{_token(other, med_id)}").status_code == 404
    assert client.post("/reminders/act", data={"token": _token(other, med_id)}).status_code == 404
    assert _events(app) == []


def test_a_changed_token_is_not_found(app, client, med, monkeypatch):
    _at(monkeypatch, EIGHT)
    token = _token(*med)
    forged = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert client.post("/reminders/act", data={"token": forged}).status_code == 404
    assert client.get("/reminders/act/nonsense").status_code == 404


def test_the_reminders_links_open_the_confirm_page(app, client, med, monkeypatch):
    uid, med_id = med
    _at(monkeypatch, EIGHT)
    with app.app_context():
        user, medication = get_user(uid), db.session.get(Medication, med_id)
        row = Reminder(slot_day=date(2026, 6, 10), slot_time=time(8), due_at=EIGHT, repeat=0)
        message = messages.dose_message(
            row, medication, user, actions.preferences(user),
            public_url="https://tracker.example.org/", secret_key="test-secret",
        )  # fmt: skip
    (taken, link), (skip, _) = message.actions
    assert (taken, skip) == ("Taken", "Skip")
    assert link.startswith("https://tracker.example.org/reminders/act/")
    path = link.removeprefix("https://tracker.example.org")
    assert "Mark as taken?" in client.get(path).get_data(as_text=True)
