"""Side-effect onset: the first day a symptom's short mean rises well above its baseline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import fsum
from typing import Any

from tracker.analysis.model import Measure, MedicationChange, Series, symptom_measure
from tracker.analysis.windows import values_between

GENERIC_SYMPTOM = symptom_measure("symptom", "Symptom")
# Means of tenths (2.1 + 3.0 vs 5.1) differ in the last bits; a rise exactly at the
# threshold on paper must count as reaching it.
_EPSILON = 1e-9


@dataclass(frozen=True)
class Onset:
    """A symptom's rise: the day, the short mean, the baseline, and the latest changes."""

    symptom: Measure
    day: date
    three_day_mean: float  # mean of the `window` days ending on `day` (days with data only)
    baseline_mean: float  # mean of the `baseline_days` days before that window
    # Days from the most recent change of each medication (on or before `day`) to `day`.
    days_since_change: dict[str, int] = field(hash=False)
    last_changes: tuple[MedicationChange, ...]  # that change per medication, newest first
    window_n: int  # days with data in the short window
    baseline_n: int  # days with data in the baseline
    window: int = 3
    baseline_days: int = 14


def last_changes(changes: Iterable[MedicationChange], day: date) -> tuple[MedicationChange, ...]:
    """The most recent change of each medication on or before `day`, newest first."""
    latest: dict[str, MedicationChange] = {}
    for change in sorted(changes, key=lambda c: c.day):
        if change.day <= day:
            latest[change.medication] = change
    return tuple(sorted(latest.values(), key=lambda c: c.day, reverse=True))


@dataclass(frozen=True)
class _Rules:
    rise: float
    window: int
    baseline_days: int
    min_baseline_days: int
    min_window_days: int


def _average(values: list[float]) -> float:
    return fsum(values) / len(values)


def _short_window(series: Series, day: date, rules: _Rules) -> list[float] | None:
    first = day - timedelta(days=rules.window - 1)
    values = values_between(series, first, day)
    return values if len(values) >= rules.min_window_days else None


def _baseline(series: Series, day: date, rules: _Rules) -> list[float] | None:
    # The baseline ends the day before the short window starts, so the rise is not in it.
    last = day - timedelta(days=rules.window)
    first = last - timedelta(days=rules.baseline_days - 1)
    values = values_between(series, first, last)
    return values if len(values) >= rules.min_baseline_days else None


def _check(rise: float, window: int, baseline_days: int, min_base: int, min_win: int) -> None:
    if rise <= 0:
        raise ValueError("rise must be above 0")
    if not 1 <= min_win <= window:
        raise ValueError("min_window_days must be between 1 and window")
    if not 1 <= min_base <= baseline_days:
        raise ValueError("min_baseline_days must be between 1 and baseline_days")


def onsets(
    series: Series,
    changes: Iterable[MedicationChange],
    *,
    symptom: Measure = GENERIC_SYMPTOM,
    rise: float = 3.0,
    window: int = 3,
    baseline_days: int = 14,
    min_baseline_days: int = 7,
    min_window_days: int | None = None,
) -> list[Onset]:
    """Each episode's first day whose `window`-day mean is ≥ baseline + `rise`.

    Only days with a value can be an onset day. The short window needs `min_window_days` days
    with data (default: all but one, so 2 of 3: one missed check-in does not hide a rise,
    a single high day alone is not enough). An episode lasts until the short mean falls back
    below the threshold it crossed (baseline at onset + rise); only then can a new one start.
    A short window with too few days of data neither starts nor ends an episode.
    """
    min_win = max(window - 1, 1) if min_window_days is None else min_window_days
    _check(rise, window, baseline_days, min_baseline_days, min_win)
    rules = _Rules(rise, window, baseline_days, min_baseline_days, min_win)
    changes = list(changes)
    found: list[Onset] = []
    threshold: float | None = None  # set while inside an episode
    for day in sorted(series):
        short = _short_window(series, day, rules)
        if short is None:
            continue
        level = _average(short)
        if threshold is not None:
            if level >= threshold - _EPSILON:
                continue
            threshold = None
        base = _baseline(series, day, rules)
        if base is None or level - _average(base) < rise - _EPSILON:
            continue
        onset = _onset(symptom, day, short, base, changes, rules)
        found.append(onset)
        threshold = onset.baseline_mean + rise
    return found


def _onset(
    measure: Measure,
    day: date,
    short: list[float],
    base: list[float],
    changes: list[MedicationChange],
    rules: _Rules,
) -> Onset:
    recent = last_changes(changes, day)
    return Onset(
        symptom=measure,
        day=day,
        three_day_mean=_average(short),
        baseline_mean=_average(base),
        days_since_change={c.medication: (day - c.day).days for c in recent},
        last_changes=recent,
        window_n=len(short),
        baseline_n=len(base),
        window=rules.window,
        baseline_days=rules.baseline_days,
    )


def symptom_onsets(
    measures: Mapping[Measure, Series], changes: Iterable[MedicationChange], **options: Any
) -> list[Onset]:
    """Onsets of every symptom given, in day order (options as for `onsets`)."""
    changes = list(changes)
    found = [
        onset
        for measure, series in measures.items()
        for onset in onsets(series, changes, symptom=measure, **options)
    ]
    return sorted(found, key=lambda o: (o.day, o.symptom.label))
