"""A small constructed history with known answers (call inside an app context)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from tests.conftest import NOW
from tracker.auth.models import User
from tracker.checkins import services as checkins
from tracker.extensions import db
from tracker.medications import services as meds
from tracker.medications.models import Medication
from tracker.symptoms import services as symptoms
from tracker.timeutils import localize

TZ = "Europe/Berlin"
START = date(2025, 3, 1)
INCREASE = date(2025, 4, 15)  # sertraline 50 -> 100 mg


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def at(day: date, hh: int = 12, mm: int = 0):  # noqa: ANN201
    return localize(day, time(hh, mm), TZ)


def sertraline(user: User, *, increase: bool = True) -> Medication:
    """Sertraline 50 mg from 1 Mar, 100 mg from 15 Apr, the time moved on 1 May (same total)."""
    med = meds.create_medication(
        user,
        meds.MedicationFields(name="sertraline", started_on=START),
        doses=[(time(8), 50)],
        today=START,
        now=NOW,
    )
    if increase:
        for day, when, amount in ((INCREASE, time(8), 100), (date(2025, 5, 1), time(9), 100)):
            meds.change_schedule(
                user, med, effective_from=day, doses=[(when, amount)], note=None, today=day, now=NOW
            )
    return med


def fog(user: User, first: date, values: list[int], *, now: datetime = NOW) -> None:
    """Brain fog, one rating a day from `first`."""
    for n, value in enumerate(values):
        day = first + timedelta(days=n)
        symptoms.log_symptom(user, symptoms.EntryFields("brain_fog", value, at=at(day)), now=now)


def mood(user: User, day: date, *ratings: tuple[int, int]) -> None:
    """Check-ins of (mood, anxiety) on one day, an hour apart."""
    for n, (m, a) in enumerate(ratings):
        checkins.record_checkin(user, ratings={"mood": m, "anxiety": a}, at=at(day, 9 + n), now=NOW)
