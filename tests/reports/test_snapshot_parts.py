"""Report parts are pure functions of a snapshot: built here by hand, with no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from tracker.medications.models import DoseEvent, Medication
from tracker.medications.reading import DoseLog, MedicationPlan
from tracker.reports import life
from tracker.reports import medication_parts as parts
from tracker.snapshot import Snapshot
from tracker.therapy.reading import TherapyLog
from tracker.therapy.services import Session

FIRST, LAST = date(2025, 5, 1), date(2025, 5, 14)
NOW = datetime(2025, 5, 20, 12, 0, tzinfo=UTC)
USER = SimpleNamespace(
    timezone="Europe/Berlin", followed_practices=None, on_time_window_minutes=60, display_name=None
)


def snapshot(plan: MedicationPlan | None = None, **rows: object) -> Snapshot:
    reach = FIRST - timedelta(days=28)
    return Snapshot(USER, FIRST, LAST, reach, NOW, plan or MedicationPlan(()), rows)


def session(n: int, day: date, modality: str, homework: str | None, done: bool | None) -> Session:
    at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=15)
    return Session(
        n, at, day, modality, modality.upper(), None, 50, None, None, homework, done, 4, 6, 1, False
    )


def test_therapy_counts_sessions_by_modality_and_homework_inside_the_range_only():
    log = TherapyLog(
        (
            session(1, date(2025, 4, 30), "cbt", "diary", True),  # the day before the range
            session(2, date(2025, 5, 2), "dbt", None, None),
            session(3, date(2025, 5, 6), "cbt", "thought record", True),
            session(4, date(2025, 5, 13), "cbt", "exposure", False),
            session(5, date(2025, 5, 14), "somatic", None, None),  # not in the modality list
        )
    )
    summary = life.therapy_summary(snapshot(therapy=log))
    assert summary.sessions == 4
    assert summary.by_modality == (("CBT", 2), ("DBT", 1), ("somatic", 1))
    assert (summary.homework_given, summary.homework_done) == (2, 1)


def _taken(n: int, at: datetime, amount: float, helped: int | None = None) -> DoseEvent:
    return DoseEvent(
        id=n,
        medication_id=7,
        action="taken",
        taken_at=at,
        tz="Europe/Berlin",
        amount=amount,
        helped=helped,
        over_limit="over the maximum" if n == 4 else None,
    )


def test_as_needed_use_is_counted_from_the_snapshots_dose_log():
    lorazepam = Medication(
        id=7, name="lorazepam", unit="mg", as_needed=True, max_per_24h=2.0, started_on=FIRST
    )
    log = DoseLog(
        (
            _taken(1, datetime(2025, 4, 30, 8, 0, tzinfo=UTC), 1.0),  # before the range
            _taken(2, datetime(2025, 5, 2, 8, 0, tzinfo=UTC), 1.0, helped=5),
            _taken(3, datetime(2025, 5, 2, 20, 0, tzinfo=UTC), 1.0),
            _taken(4, datetime(2025, 5, 10, 9, 0, tzinfo=UTC), 0.5, helped=8),
        )
    )
    (row,) = parts.as_needed(snapshot(MedicationPlan((lorazepam,)), doses=log), [lorazepam])
    assert (row.name, row.doses, row.per_week) == ("lorazepam", 3, 1.5)
    # 1 + 1 mg within 24 h: the most in any 24 h, and the second dose reached 75 % of 2 mg.
    assert (row.highest_24h, row.near_limit, row.over_limit) == (2.0, 1, 1)
    assert row.weekly == (2, 1)
    assert (row.helped, row.helped_n) == (6.5, 2)
