"""Plain factory functions for medication tests (call inside an app context)."""

from __future__ import annotations

from datetime import date, time

from tests.conftest import NOW
from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications import services
from tracker.medications.models import Medication


def scheduled_med(
    user: User,
    *,
    name: str = "sertraline",
    started_on: date = date(2025, 1, 1),
    doses: tuple = ((time(8), 50),),
    today: date | None = None,
) -> Medication:
    return services.create_medication(
        user,
        services.MedicationFields(name=name, started_on=started_on),
        doses=list(doses),
        today=today or started_on,
        now=NOW,
    )


def prn_med(
    user: User,
    *,
    name: str = "lorazepam",
    max_per_24h: float | None = 2,
    min_interval_minutes: int | None = 240,
) -> Medication:
    return services.create_medication(
        user,
        services.MedicationFields(
            name=name,
            as_needed=True,
            started_on=date(2025, 1, 1),
            default_amount=0.5,
            max_per_24h=max_per_24h,
            min_interval_minutes=min_interval_minutes,
        ),
        today=date(2025, 1, 1),
        now=NOW,
    )


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)
