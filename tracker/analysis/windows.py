"""Each measure in the days before and after each medication change (pure, plain Python)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from math import fsum

from tracker.analysis.model import Measure, MedicationChange, Series

DEFAULT_DAYS = 14
DEFAULT_MIN_DAYS = 5


def values_between(series: Series, first: date, last: date) -> list[float]:
    """The values of the days first … last (both included) that have data, in day order."""
    count = (last - first).days + 1
    days = (first + timedelta(days=n) for n in range(max(count, 0)))
    return [series[day] for day in days if day in series]


def mean(values: Iterable[float]) -> float | None:
    """The arithmetic mean, or None for no values (never 0: no data is not a zero)."""
    items = list(values)
    return fsum(items) / len(items) if items else None


@dataclass(frozen=True)
class WindowComparison:
    """One measure in the N days before a change and the N days from it on."""

    before_mean: float | None
    before_n: int  # days with data, out of `days`
    after_mean: float | None
    after_n: int
    difference: float | None  # after − before, unrounded; None when a side has no data
    enough: bool  # both sides have at least min_days days with data
    days: int = DEFAULT_DAYS


def compare_windows(
    series: Series,
    change: MedicationChange,
    days: int = DEFAULT_DAYS,
    min_days: int = DEFAULT_MIN_DAYS,
) -> WindowComparison:
    """Mean and days with data of day−N … day−1 against day … day+N−1, N = `days`.

    The change day belongs to "after": from that day on the new dose is taken.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    if not 1 <= min_days <= days:
        raise ValueError("min_days must be between 1 and days")
    one = timedelta(days=1)
    before = values_between(series, change.day - days * one, change.day - one)
    after = values_between(series, change.day, change.day + (days - 1) * one)
    before_mean, after_mean = mean(before), mean(after)
    difference = None
    if before_mean is not None and after_mean is not None:
        difference = after_mean - before_mean
    enough = len(before) >= min_days and len(after) >= min_days
    return WindowComparison(
        before_mean, len(before), after_mean, len(after), difference, enough, days
    )


@dataclass(frozen=True)
class ChangeRow:
    """One row of the change table: a change, a measure and how the measure compared."""

    change: MedicationChange
    measure: Measure
    comparison: WindowComparison
    # Other changes inside the same 2N days: the two windows then mix more than one change.
    overlapping: tuple[MedicationChange, ...] = ()


def overlapping_changes(
    change: MedicationChange, changes: Iterable[MedicationChange], days: int
) -> tuple[MedicationChange, ...]:
    """The other changes dated within day−N … day+N−1 of `change`, in day order."""
    first = change.day - timedelta(days=days)
    last = change.day + timedelta(days=days - 1)
    others = (c for c in changes if c != change and first <= c.day <= last)
    return tuple(sorted(others, key=lambda c: c.day))


def change_table(
    measures: Mapping[Measure, Series],
    changes: Iterable[MedicationChange],
    days: int = DEFAULT_DAYS,
    min_days: int = DEFAULT_MIN_DAYS,
) -> list[ChangeRow]:
    """Every change (in day order) × every measure (in the order given)."""
    ordered = sorted(changes, key=lambda c: c.day)
    return [
        ChangeRow(
            change,
            measure,
            compare_windows(series, change, days, min_days),
            overlapping_changes(change, ordered, days),
        )
        for change in ordered
        for measure, series in measures.items()
    ]
