"""Plain factory functions for symptom tests (call inside an app context)."""

from __future__ import annotations

from datetime import date, datetime, time

from tests.conftest import NOW
from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications import services as medications
from tracker.medications.models import Medication
from tracker.symptoms import services
from tracker.symptoms.models import SymptomEntry
from tracker.timeutils import localize

TZ = "Europe/Berlin"


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def medication(user: User, name: str = "sertraline") -> Medication:
    return medications.create_medication(
        user,
        medications.MedicationFields(name=name, started_on=date(2025, 1, 1)),
        doses=[(time(8), 50)],
        today=date(2025, 1, 1),
        now=NOW,
    )


def at(day: date, hh: int, mm: int = 0, tz: str = TZ) -> datetime:
    return localize(day, time(hh, mm), tz)


def log(
    user: User,
    symptom: str,
    severity: int,
    when: datetime | None = None,
    *,
    now: datetime = NOW,
    **extra: object,
) -> SymptomEntry:
    return services.log_symptom(
        user,
        services.EntryFields(symptom=symptom, severity=severity, at=when, **extra),
        now=now,
    )
