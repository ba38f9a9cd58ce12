"""The report's side-effect parts as plain data: onsets, severity per dose period, and the
discontinuation symptoms around each dose reduction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SideEffectRow:
    name: str
    onset: date | None  # the latest onset found in the range
    since_change: tuple[tuple[str, int], ...]  # (medication, days from its last change to onset)
    before: float | None  # mean severity before the rise (0-10)
    reached: float | None  # mean severity the rise was held at
    current: float | None  # mean severity of the last 7 days with data (0-10)
    trend: str  # "rising", "easing", "steady" or "not enough data"
    days_above: int = 0  # days of the range with the symptom above 0
    peak: float | None = None  # the highest daily severity of the range


@dataclass(frozen=True)
class DosePeriod:
    """Days of one daily amount of one medication (clipped to the report's reach)."""

    label: str  # "100 mg a day", "not taken", "stopped"
    first: date
    last: date


@dataclass(frozen=True)
class PeriodCell:
    mean: float | None  # of the days with an entry
    peak: float | None
    days: int  # days with an entry
    # The mean of the period's last 7 days (3 of them with an entry at least): side effects
    # build and ease over weeks, so the end of a period shows where it settled.
    end: float | None = None


@dataclass(frozen=True)
class PeriodRow:
    symptom: str
    cells: tuple[PeriodCell, ...]  # one per period, in the table's order


@dataclass(frozen=True)
class DosePeriodTable:
    """Each followed symptom in each dose period of one medication changed within the range."""

    medication: str
    periods: tuple[DosePeriod, ...]
    rows: tuple[PeriodRow, ...]


@dataclass(frozen=True)
class WindowCount:
    days: int  # days with the symptom above 0
    logged: int  # days with an entry for it
    peak: float | None


@dataclass(frozen=True)
class DiscontinuationRow:
    symptom: str
    before: WindowCount  # the 14 days before the reduction
    after: WindowCount  # the reduction's day and the 14 days after it


@dataclass(frozen=True)
class TaperWindow:
    """A dose reduction or stop in or just before the range, with the discontinuation
    symptoms logged around it."""

    day: date
    label: str  # "sertraline taper step 100 → 75 mg"
    rows: tuple[DiscontinuationRow, ...]  # only symptoms with an entry in either window
