"""Lab results of a range as plain rows, read once for the snapshot (tracker/snapshot.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker.auth.models import User
from tracker.labs.services import label, labs_between


@dataclass(frozen=True)
class LabRow:
    at: datetime  # the draw
    day: date
    test: str | None  # the catalog's key; None: a test the user named
    label: str  # the test's name as shown
    value: float
    unit: str
    ref_low: float | None  # the lab's range as printed
    ref_high: float | None
    last_dose_at: datetime | None


@dataclass(frozen=True)
class Labs:
    rows: tuple[LabRow, ...]  # earliest first

    def between(self, first: date, last: date) -> list[LabRow]:
        """The results drawn on local days first..last."""
        return [r for r in self.rows if first <= r.day <= last]


def read(user: User, first: date, last: date) -> Labs:
    """The lab results kind's rows of local days first..last."""
    rows = labs_between(user, first, last)
    return Labs(
        tuple(
            LabRow(
                e.at,
                e.day,
                e.test,
                label(e),
                e.value,
                e.unit,
                e.ref_low,
                e.ref_high,
                e.last_dose_at,
            )
            for e in rows
        )
    )
