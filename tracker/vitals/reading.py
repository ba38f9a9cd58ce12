"""Vitals of a range as plain rows, read once for the snapshot (tracker/snapshot.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker.auth.models import User
from tracker.vitals.services import vitals_between


@dataclass(frozen=True)
class VitalRow:
    at: datetime
    day: date
    weight: float | None  # as entered, in weight_unit
    weight_unit: str | None
    systolic: int | None
    diastolic: int | None
    pulse: int | None
    heart_rate: int | None


@dataclass(frozen=True)
class Vitals:
    rows: tuple[VitalRow, ...]  # earliest first

    def between(self, first: date, last: date) -> list[VitalRow]:
        """The entries of local days first..last."""
        return [r for r in self.rows if first <= r.day <= last]


def read(user: User, first: date, last: date) -> Vitals:
    """The vitals kind's rows of local days first..last."""
    return Vitals(
        tuple(
            VitalRow(
                e.at, e.day, e.weight, e.weight_unit, e.systolic, e.diastolic, e.pulse, e.heart_rate
            )
            for e in vitals_between(user, first, last)
        )
    )
