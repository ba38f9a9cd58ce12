"""Plain helpers for API tests: a token for a user, its headers, counts read back, and one
record of every journal kind."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask

from tests.conftest import NOW
from tracker.api.tokens import create_token
from tracker.auth.models import User
from tracker.extensions import db


def token(app: Flask, user_id: int, scope: str = "write", name: str = "script") -> str:
    """A new token of the user, made through the service; returns its raw value."""
    with app.app_context():
        made = create_token(db.session.get(User, user_id), name=name, scope=scope, now=NOW)
        db.session.commit()
        return made.secret


def bearer(secret: str, **extra: str) -> dict[str, str]:
    """The headers of an authenticated API request."""
    return {"Authorization": f"Bearer {secret}", **extra}


def count(app: Flask, model: type) -> int:
    """How many rows of `model` there are, read in a fresh app context."""
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def journal(user: User, text: str | None = None) -> dict[str, int]:
    """One record of every journal kind the API serves, made through the services (inside an
    app context), `text` in every free-text field; returns their ids by path argument."""
    from tracker.activity import own as own_practices
    from tracker.activity import services as activity
    from tracker.appointments import questions
    from tracker.appointments import services as appointments
    from tracker.checkins import services as checkins
    from tracker.labs import services as labs
    from tracker.questionnaires import services as questionnaires
    from tracker.sleep import naps
    from tracker.sleep import services as sleep
    from tracker.sleep.measures import NightTimes
    from tracker.symptoms import following
    from tracker.symptoms import services as symptoms
    from tracker.therapy import services as therapy
    from tracker.vitals import services as vitals

    at = NOW - timedelta(hours=3)
    own = following.add_symptom(user, text or "Jaw clenching")
    entry = symptoms.log_symptom(
        user, symptoms.EntryFields(following.ref_of(own), 4, note=text, at=at), now=NOW
    )
    times = NightTimes(*(NOW - timedelta(hours=h) for h in (11, 10.75, 3.5, 3.25)))
    night = sleep.record_night(user, sleep.Night(times, 10, 1, 15, 3, text), now=NOW)
    visit = appointments.AppointmentFields(date(2025, 5, 20), "prescriber", None, text, text)
    question = questions.add_question(user, text or "Is the fog the dose?", now=NOW)
    ids = {
        "symptom_entry_id": entry.id,
        "checkin_id": checkins.record_checkin(
            user, ratings={"mood": 5}, note=text, at=at, now=NOW
        ).id,
        "night_id": night.id,
        "nap_id": naps.record_nap(user, start=at, minutes=20, note=text, now=NOW).id,
        "activity_id": activity.record_activity(
            user, kind="walking", minutes=30, note=text, at=at, now=NOW
        ).id,
        "practice_id": activity.record_practice(
            user, practice="mindfulness", minutes=10, note=text, at=at, now=NOW
        ).id,
        # No entries: its DELETE in the walk of one's own records succeeds.
        "own_practice_id": own_practices.add_own_practice(
            user, name=text or "Prayer", mode="yes_no", hint=text, now=NOW
        ).id,
        "substance_id": activity.record_substance(
            user, substance="caffeine", amount=1, note=text, at=at, now=NOW
        ).id,
        "session_id": therapy.record_session(
            user,
            therapy.SessionFields(
                "cbt", at, text, 50, text, text, text or "thought record", None, 3, 5, text
            ),
            now=NOW,
        ).id,
        "appointment_id": appointments.record_appointment(user, visit, now=NOW).id,
        "question_id": question.id,
        "response_id": questionnaires.record_answers(
            user, "phq9", [1] * 8 + [0], note=text, now=NOW
        ).id,
        "score_id": questionnaires.record_other(
            user, name=text or "ODQ", total=40, taken_on=date(2025, 6, 1), note=text, now=NOW
        ).id,
        "vital_id": vitals.record_vitals(
            user, vitals.VitalFields(at=at, weight=82.4, heart_rate=64, note=text), now=NOW
        ).id,
        "lab_id": labs.record_lab(
            user, labs.LabFields("lithium", 0.72, name=None, at=at, note=text), now=NOW
        ).id,
    }
    db.session.flush()
    return ids
