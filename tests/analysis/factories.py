"""Small builders for the analysis tests: days, series with gaps, medication changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from tracker.analysis.model import MedicationChange, Series, symptom_measure

FOG = symptom_measure("brain_fog", "Brain fog")
NUMBNESS = symptom_measure("emotional_numbness", "Emotional numbness")


def days_from(start: date, n: int) -> date:
    """`start` plus n days (n may be negative)."""
    return start + timedelta(days=n)


def series(start: date, values: Sequence[float | None]) -> Series:
    """One value per day from `start`; None leaves the day out (no data, not zero)."""
    return {days_from(start, i): v for i, v in enumerate(values) if v is not None}


def constant(start: date, n: int, value: float) -> Series:
    """n consecutive days from `start` with the same value."""
    return series(start, [value] * n)


def sertraline(day: date, before: float | None = 50, after: float | None = 100) -> MedicationChange:
    """A sertraline dose change (50 → 100 mg unless told)."""
    return MedicationChange(day, "sertraline", "change", before, after, "mg")
