"""Repeats until a dose is logged, appointments (the evening before and an hour before) and a
questionnaire on the day it falls due, each received by a real local HTTP endpoint."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import login
from tests.medications.factories import get_user
from tests.reminders.factories import reminded_user, rows, run_pass
from tests.reminders.receiver import Receiver
from tracker.appointments.services import AppointmentFields, record_appointment
from tracker.extensions import db
from tracker.medications import doses, supply
from tracker.medications.models import Medication
from tracker.questionnaires.services import record_answers
from tracker.reminders import channels
from tracker.reminders.models import ReminderRepeat

EIGHT = datetime(2026, 6, 10, 6, 0, tzinfo=UTC)  # 08:00 in Berlin


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r


def _texts(receiver) -> list[str]:
    return [m["message"].split("\n")[0] for m in receiver.messages]


def test_a_reminder_repeats_until_the_dose_is_logged(app, receiver):
    uid = reminded_user(app, receiver.url)
    with app.app_context():
        user = get_user(uid)
        med = db.session.scalars(select(Medication)).one()
        channels.set_repeat(user, med, every_minutes=15, times=6)
        db.session.commit()
    run_pass(app, EIGHT)
    # Within the 60-minute window: 08:15, 08:30, 08:45, 09:00 (09:15 is past it).
    assert sorted(r.repeat for r in rows(app) if r.due_at == EIGHT) == [0, 1, 2, 3, 4]
    run_pass(app, EIGHT + timedelta(minutes=15))
    assert _texts(receiver) == [
        "Time for your 08:00 medication",
        "Time for your 08:00 medication (still not logged)",
    ]
    with app.app_context():
        user, med = get_user(uid), db.session.scalars(select(Medication)).one()
        doses.record_scheduled(
            user, med, day=date(2026, 6, 10), at=time(8), action="taken",
            taken_at=EIGHT + timedelta(minutes=20), now=EIGHT + timedelta(minutes=20),
        )  # fmt: skip
        db.session.commit()
    run_pass(app, EIGHT + timedelta(minutes=30))
    assert len(receiver.messages) == 2


def test_repeats_are_set_per_medication_in_settings(app, client, receiver):
    reminded_user(app, receiver.url)
    login(client)
    with app.app_context():
        med_id = db.session.scalars(select(Medication.id)).one()
    page = client.get("/settings/reminders").get_data(as_text=True)
    assert "Repeat until logged" in page and "sertraline" in page
    refused = client.post(
        f"/settings/reminders/repeat/{med_id}",
        data={f"m{med_id}-every_minutes": "15", f"m{med_id}-times": "9"},
    )
    assert refused.status_code == 422
    saved = client.post(
        f"/settings/reminders/repeat/{med_id}",
        data={f"m{med_id}-every_minutes": "30", f"m{med_id}-times": "2"},
    )
    assert saved.status_code == 302
    with app.app_context():
        (repeat,) = db.session.scalars(select(ReminderRepeat))
        assert (repeat.every_minutes, repeat.times) == (30, 2)
    client.post(f"/settings/reminders/repeat/{med_id}", data={f"m{med_id}-times": "2"})
    with app.app_context():
        assert db.session.scalars(select(ReminderRepeat)).all() == []


def test_an_appointment_is_reminded_the_evening_before_and_an_hour_before(app, receiver):
    uid = reminded_user(app, receiver.url, names=())
    with app.app_context():
        fields = AppointmentFields(
            day=date(2026, 6, 11), kind="therapist", start_time=time(10), provider="Dr Okafor"
        )
        record_appointment(get_user(uid), fields, now=EIGHT)
        db.session.commit()
    evening = datetime(2026, 6, 10, 17, 0, tzinfo=UTC)  # 19:00 in Berlin
    run_pass(app, evening - timedelta(minutes=1))
    run_pass(app, evening)
    run_pass(app, datetime(2026, 6, 11, 7, 0, tzinfo=UTC))  # 09:00, an hour before
    assert _texts(receiver) == ["Appointment tomorrow at 10:00", "Appointment today at 10:00"]
    assert "Okafor" not in str(receiver.messages)


def test_a_questionnaire_is_reminded_on_the_day_it_falls_due(app, receiver):
    uid = reminded_user(app, receiver.url, names=())
    with app.app_context():
        record_answers(get_user(uid), "phq9", [0] * 9, now=datetime(2026, 5, 27, 8, tzinfo=UTC))
        record_answers(get_user(uid), "gad7", [0] * 7, now=datetime(2026, 6, 9, 8, tzinfo=UTC))
        db.session.commit()
    due_evening = datetime(2026, 6, 10, 17, 0, tzinfo=UTC)  # 14 days after the PHQ-9, 19:00
    run_pass(app, due_evening - timedelta(hours=2))
    run_pass(app, due_evening)
    assert _texts(receiver) == ["Your check-in questionnaire is due today"]
    run_pass(app, due_evening + timedelta(days=1))  # not again the next day
    assert len(receiver.messages) == 1


def _supply(app, uid: int, tablets: float, now: datetime) -> None:
    """Sertraline 50 mg once a day in 50 mg tablets, `tablets` on hand at `now`."""
    with app.app_context():
        user, med = get_user(uid), db.session.scalars(select(Medication)).one()
        fields = supply.SupplyFields("tablet", 50, "mg")
        supply.set_supply(user, med, fields, units_on_hand=tablets, now=now)
        db.session.commit()


def test_a_refill_reminder_goes_once_at_ten_when_the_supply_runs_short(app, receiver):
    uid = reminded_user(app, receiver.url)
    _supply(app, uid, 12, EIGHT - timedelta(hours=1))  # 12 days: not yet within the 7
    ten = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)  # 10:00 in Berlin
    run_pass(app, ten)
    assert not [r for r in rows(app) if r.kind == "refill"]
    with app.app_context():  # counted again: 5 tablets (today's 08:00 window has closed)
        user, med = get_user(uid), db.session.scalars(select(Medication)).one()
        supply.add_event(user, med, kind="count", units=5, now=ten)
        db.session.commit()
    run_pass(app, ten + timedelta(minutes=5))
    refills = [m for m in _texts(receiver) if "runs out" in m]
    assert refills == ["A medication runs out in about 6 days (around Tue 16 Jun)"]
    run_pass(app, ten + timedelta(minutes=30))  # planned again: the sent row stands
    run_pass(app, ten + timedelta(days=1))  # no dose logged: the date moved, still one
    assert len([m for m in _texts(receiver) if "runs out" in m]) == 1
    with app.app_context():  # a refill of 1 still leaves it short: warned anew
        user, med = get_user(uid), db.session.scalars(select(Medication)).one()
        supply.add_event(user, med, kind="refill", units=1, now=ten + timedelta(days=1, hours=1))
        db.session.commit()
    run_pass(app, ten + timedelta(days=2))
    assert len([m for m in _texts(receiver) if "runs out" in m]) == 2


def test_a_refill_before_ten_ends_the_warning_unsent(app, receiver):
    uid = reminded_user(app, receiver.url)
    _supply(app, uid, 4, EIGHT - timedelta(hours=1))
    run_pass(app, EIGHT + timedelta(minutes=5))  # planned for 10:00
    (planned,) = [r for r in rows(app) if r.kind == "refill"]
    assert planned.status == "pending"
    with app.app_context():
        user, med = get_user(uid), db.session.scalars(select(Medication)).one()
        supply.add_event(user, med, kind="refill", units=30, now=EIGHT + timedelta(minutes=30))
        db.session.commit()
    run_pass(app, datetime(2026, 6, 10, 8, 0, tzinfo=UTC))
    assert not [m for m in _texts(receiver) if "runs out" in m]
