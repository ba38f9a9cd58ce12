"""Inputs of the change analysis: measures, daily series and medication changes (plain data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

# One value per local day. A day without data is absent, never 0: a missing check-in is not a
# mood of 0, and treating it as one would drag every mean down. Whether a day without a logged
# drink counts as 0 drinks is the caller's decision (it knows whether the user checked in).
Series = dict[date, float]

HigherIs = Literal["better", "worse", "neutral"]
ChangeKind = Literal["start", "change", "taper", "stop"]

# Keys of the measures the standard associations pair up; callers build their series under these.
MOOD = "mood"
ANXIETY = "anxiety"
SLEEP_TOTAL = "sleep_total"  # minutes, filed under the morning the user woke up
ACTIVITY = "activity_minutes"
ALCOHOL = "alcohol_units"  # standard units of 10 g, filed under the day (evening) drunk
CAFFEINE = "caffeine_drinks"


@dataclass(frozen=True)
class Measure:
    """A daily measure: its key, label, unit and (for rating scales) the top of the scale."""

    key: str
    label: str
    unit: str  # "" for a rating scale; "min" shows as hours and minutes
    scale_max: float | None  # 10 for the 0-10 scales; None for amounts such as minutes
    higher_is: HigherIs = "neutral"
    # Side effects get "Discuss with your prescriber." when they move by 2 points or more.
    side_effect: bool = False
    per: str = ""  # shown after an average, e.g. "a day" for "31 min a day"

    def __post_init__(self) -> None:
        if self.higher_is not in get_args(HigherIs):
            raise ValueError(f"higher_is must be one of {get_args(HigherIs)}")


def symptom_measure(key: str, label: str) -> Measure:
    """A 0-10 side effect or symptom, where higher is worse."""
    return Measure(key, label, "", 10, "worse", side_effect=True)


MOOD_MEASURE = Measure(MOOD, "Mood", "", 10, "better")
ANXIETY_MEASURE = Measure(ANXIETY, "Anxiety", "", 10, "worse")
SLEEP_MEASURE = Measure(SLEEP_TOTAL, "Total sleep", "min", None, "neutral")
ACTIVITY_MEASURE = Measure(ACTIVITY, "Activity", "min", None, "better", per="a day")
ALCOHOL_MEASURE = Measure(ALCOHOL, "Alcohol", "units", None, "neutral", per="a day")
CAFFEINE_MEASURE = Measure(CAFFEINE, "Caffeine", "drinks", None, "neutral", per="a day")


def format_amount(value: float, unit: str) -> str:
    """A dose such as "100 mg" or "37.5 mg" (no trailing ".0")."""
    return f"{value:g} {unit}".rstrip()


@dataclass(frozen=True)
class MedicationChange:
    """A start, dose change, taper step or stop of one medication on one local day."""

    day: date
    medication: str
    kind: ChangeKind
    before: float | None  # the daily amount before the change; None at a start
    after: float | None  # the daily amount from the change on; None at a stop
    unit: str

    def __post_init__(self) -> None:
        if self.kind not in get_args(ChangeKind):
            raise ValueError(f"kind must be one of {get_args(ChangeKind)}")

    @property
    def label(self) -> str:
        """Short name of the change: "sertraline 50 → 100 mg", "sertraline stopped"."""
        name = self.medication
        if self.kind == "stop":
            return f"{name} stopped"
        if self.kind == "start":
            if self.after is None:
                return f"{name} started"
            return f"{name} started at {format_amount(self.after, self.unit)}"
        prefix = f"{name} taper step" if self.kind == "taper" else name
        if self.after is None:
            return prefix if self.kind == "taper" else f"{name} dose changed"
        if self.before is None:
            return f"{prefix} to {format_amount(self.after, self.unit)}"
        return f"{prefix} {self.before:g} → {format_amount(self.after, self.unit)}"
