"""Side effects of a range as plain rows, read once for the snapshot (tracker/snapshot.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from tracker.auth.models import User
from tracker.extensions import db
from tracker.symptoms.following import SymptomView, all_symptoms, display_name
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.symptoms.services import max_per_day


@dataclass(frozen=True)
class SymptomLog:
    entries: tuple[tuple[str, date, int], ...]  # (shown name, local day, severity 0-10)
    symptoms: tuple[SymptomView, ...]  # every catalog symptom and the user's own, followed first

    def daily_severity(self, first: date, last: date) -> dict[str, list[tuple[date, int]]]:
        """Each symptom's highest severity per local day of first..last, followed ones first
        (as services.daily_severity)."""
        inside = (row for row in self.entries if first <= row[1] <= last)
        return max_per_day(inside, [v.name for v in self.symptoms])


def read(user: User, first: date, last: date) -> SymptomLog:
    """The symptoms kind's rows of local days first..last, and the user's symptom list."""
    rows = db.session.execute(
        select(SymptomEntry.day, SymptomEntry.severity, Symptom)
        .join(Symptom, Symptom.id == SymptomEntry.symptom_id)
        .where(SymptomEntry.user_id == user.id, SymptomEntry.day.between(first, last))
    )
    entries = tuple((display_name(s), day, severity) for day, severity, s in rows)
    return SymptomLog(entries, tuple(all_symptoms(user)))
