"""Side-effect onset: the first day of a sustained rise of a symptom above its baseline.

Daily self-ratings (0-10, one a day, days missing) are noisy, and the side effects of a dose
change often build over one to six weeks. So a rise is found in two steps:

1. Detection. A cumulative sum (CUSUM) adds up each day's excess over the baseline mean (the
   28 days before the sum started), in units of the smallest rise that counts, less an
   allowance; a day's part is capped, so one or two high days can never reach the alarm. The
   rise is confirmed on the first day the sum is over the alarm and the 7-day mean has been at
   least the smallest rise above the baseline on each of the last 7 days.
2. Dating. The first day of the rise is where a flat line followed by a straight climb (to a
   plateau, or at once: a step) fits the ratings best, by least squares over the 12 weeks
   before the confirmation and on to the episode's highest 7-day mean (at most 4 weeks after
   the confirmation), with days far off the first fit pulled in once (so a lone high day does
   not move the date). In simulations it dated gradual rises better than the day the sum last
   left 0 (the usual CUSUM change-point estimate), which noise often moves weeks early.

An episode lasts until the 7-day mean is back within half the smallest rise of the baseline;
only then can another start, and the days of earlier episodes are left out of later baselines.
The figures behind these settings are in the tests (tests/analysis/test_onset.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from math import fsum, sqrt
from typing import Any

from tracker.analysis.model import Measure, MedicationChange, Series, symptom_measure
from tracker.analysis.windows import values_between

GENERIC_SYMPTOM = symptom_measure("symptom", "Symptom")

METHOD = (
    "Onset: the first day of a rise in a symptom's daily rating that brought its 7-day average "
    "to at least 1.5 points (or 1.5 standard deviations of the earlier days, if more) above the "
    "average of the 28 days before the rise and kept it there for 7 days in a row; the first "
    "day is where a flat line followed by a steady climb fits the ratings best. One or two high "
    "days alone never count, a new onset needs the average back near its earlier level first, "
    "and days without a rating are left out, not counted as 0."
)
# The days a caller reads before a range so that a rise early in it has its 28-day baseline
# and the history its date is fitted on.
LOOKBACK_DAYS = 56
# The same rule in one line, for the prescriber report.
LINE = (
    "Onset: first day of a rise holding the 7-day mean ≥ 1.5 points (or 1.5 SD) above the 28 "
    "days before for 7 days; 1–2 high days never count."
)
# Means of tenths (2.1 + 1.5 vs 3.6) differ in the last bits; a level exactly at the threshold
# on paper must count as reaching it.
_EPSILON = 1e-9
_ROBUST_CUT = 2.5  # days further than this many robust sds from the first fit are pulled in
_MIN_SCALE = 0.5  # the robust sd's floor: integer ratings can fit a line almost exactly


@dataclass(frozen=True)
class Rules:
    """The onset rule's settings (the defaults are the ones `METHOD` describes)."""

    rise: float = 1.5  # the smallest rise that counts, in points ...
    spread: float = 1.5  # ... or this many baseline standard deviations, if more
    baseline_days: int = 28
    min_baseline_days: int = 14  # days with data among them
    level_days: int = 7  # the rolling mean's window
    min_level_days: int = 3  # days with data a rolling mean needs
    held_days: int = 7  # days (of the last `level_days`) the rolling mean must be high
    # The cumulative sum, in units of the smallest rise: each day adds its excess over the
    # baseline mean (capped at ±`cap`) less `allowance`; the alarm is at `alarm`.
    allowance: float = 0.25
    cap: float = 2.0
    alarm: float = 4.0
    max_gap_days: int = 7  # a longer gap without data restarts the sum
    fit_before_days: int = 84  # the dating fit's days before the confirmation ...
    fit_after_days: int = 28  # ... and after it (within the episode)

    def __post_init__(self) -> None:
        if self.rise <= 0 or self.spread < 0:
            raise ValueError("rise must be above 0 and spread at least 0")
        if not 1 <= self.min_baseline_days <= self.baseline_days:
            raise ValueError("min_baseline_days must be between 1 and baseline_days")
        if not 1 <= self.min_level_days <= self.level_days:
            raise ValueError("min_level_days must be between 1 and level_days")
        if not 1 <= self.held_days <= self.level_days:
            raise ValueError("held_days must be between 1 and level_days")
        if not 0 <= self.allowance < self.cap:
            raise ValueError("allowance must be at least 0 and below cap")
        # Two days at the cap must stay under the alarm, or a two-day spike would be an onset.
        if self.alarm <= 2 * (self.cap - self.allowance):
            raise ValueError("alarm must be above two capped days")
        if self.fit_before_days <= self.min_baseline_days or self.fit_after_days < 0:
            raise ValueError("fit_before_days must be above min_baseline_days")


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Onset:
    """A symptom's rise: its first day, the baseline before it, the level it reached, and the
    latest medication changes before it."""

    symptom: Measure
    day: date  # the estimated first day of the rise
    baseline_mean: float  # mean of the baseline: the `baseline_days` before `day` ...
    baseline_n: int  # ... days with data in it (days of earlier episodes left out)
    level_mean: float  # the highest `level_days`-day mean from `day` to the episode's end ...
    level_day: date  # ... the last day of that window ...
    level_n: int  # ... and its days with data
    confirmed_on: date  # the first day the rule's conditions were all met
    ended_on: date | None  # the day the level came back near the baseline; None if it has not
    # Days from the most recent change of each medication (on or before `day`) to `day`.
    days_since_change: dict[str, int] = field(hash=False)
    last_changes: tuple[MedicationChange, ...]  # that change per medication, newest first
    baseline_days: int = 28
    level_days: int = 7


def last_changes(changes: Iterable[MedicationChange], day: date) -> tuple[MedicationChange, ...]:
    """The most recent change of each medication on or before `day`, newest first."""
    latest: dict[str, MedicationChange] = {}
    for change in sorted(changes, key=lambda c: c.day):
        if change.day <= day:
            latest[change.medication] = change
    return tuple(sorted(latest.values(), key=lambda c: c.day, reverse=True))


@dataclass(frozen=True)
class _Baseline:
    mean: float
    n: int
    rise: float  # the smallest rise that counts against it


@dataclass(frozen=True)
class _Episode:
    started: date  # where the sum left 0
    baseline: _Baseline  # the 28 days before `started`, which the rise is detected against
    confirmed_on: date
    ended_on: date | None = None
    peak: tuple[float, int, date] | None = None  # the highest rolling mean, its n, last day
    day: date = date.min  # the first day, as the dating fit puts it ...
    before: _Baseline | None = None  # ... and the baseline before that day


def _average(values: list[float]) -> float:
    return fsum(values) / len(values)


def _sd(values: list[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = _average(values)
    return sqrt(fsum((v - mean) ** 2 for v in values) / (len(values) - 1))


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _baseline(
    series: Series, day: date, excluded: list[tuple[date, date]], rules: Rules, minimum: int
) -> _Baseline | None:
    """The `baseline_days` before `day`, without the days of earlier episodes."""
    days = _days(day - timedelta(days=rules.baseline_days), day - timedelta(days=1))
    values = [series[d] for d in days if d in series and not any(a <= d <= b for a, b in excluded)]
    if len(values) < max(minimum, 1):
        return None
    return _Baseline(_average(values), len(values), max(rules.rise, rules.spread * _sd(values)))


def _level(series: Series, day: date, rules: Rules) -> tuple[float, int] | None:
    """The rolling mean of the `level_days` ending on `day` and its n, if it has enough data."""
    values = values_between(series, day - timedelta(days=rules.level_days - 1), day)
    if len(values) < rules.min_level_days:
        return None
    return _average(values), len(values)


def _held(series: Series, day: date, base: _Baseline, rules: Rules) -> bool:
    """Whether the rolling mean was at least the smallest rise above the baseline on at least
    `held_days` of the `level_days` ending on `day`."""
    high = 0
    for back in range(rules.level_days):
        level = _level(series, day - timedelta(days=back), rules)
        if level is not None and level[0] - base.mean >= base.rise - _EPSILON:
            high += 1
    return high >= rules.held_days


def _back_near(series: Series, day: date, base: _Baseline, rules: Rules) -> bool:
    level = _level(series, day, rules)
    return level is not None and level[0] - base.mean < base.rise / 2


def _episodes(series: Series, rules: Rules) -> list[_Episode]:
    """Each episode, dated, in day order."""
    found: list[_Episode] = []
    excluded: list[tuple[date, date]] = []  # earlier episodes, left out of later baselines
    total, started, base, previous = 0.0, date.min, None, None
    episode: _Episode | None = None
    for day in sorted(series):
        gap = previous is not None and (day - previous).days > rules.max_gap_days
        previous = day
        if episode is not None:
            if _back_near(series, day, episode.baseline, rules):
                found.append(_dated(series, replace(episode, ended_on=day), excluded, rules))
                excluded.append((min(found[-1].day, episode.started), day))
                episode, total = None, 0.0
            continue
        if gap or total == 0.0:
            total, started = 0.0, day
            base = _baseline(series, day, excluded, rules, rules.min_baseline_days)
        if base is None:
            continue
        excess = (series[day] - base.mean) / base.rise
        total = max(0.0, total + max(-rules.cap, min(excess, rules.cap)) - rules.allowance)
        if total >= rules.alarm and _held(series, day, base, rules):
            episode = _Episode(started, base, day)
    if episode is not None:
        found.append(_dated(series, episode, excluded, rules))
    return found


def _dated(
    series: Series, episode: _Episode, excluded: list[tuple[date, date]], rules: Rules
) -> _Episode:
    episode = replace(episode, peak=_peak(series, episode, rules))
    day = _first_day(series, episode, excluded, rules)
    before = _baseline(series, day, excluded, rules, 1) or episode.baseline
    return replace(episode, day=day, before=before)


def _peak(series: Series, episode: _Episode, rules: Rules) -> tuple[float, int, date]:
    """The episode's highest rolling mean (the first, if several), its n and last day."""
    first = min(episode.started + timedelta(days=rules.level_days - 1), episode.confirmed_on)
    days = _days(first, episode.ended_on or max(series))
    levels = [(*level, end) for end in days if (level := _level(series, end, rules))]
    return max(levels, key=lambda level: level[0])


def onsets(
    series: Series,
    changes: Iterable[MedicationChange],
    *,
    symptom: Measure = GENERIC_SYMPTOM,
    rules: Rules = DEFAULT_RULES,
) -> list[Onset]:
    """Every sustained rise of `series` above its baseline, as `METHOD` describes, in day order.

    Give the whole history when you can: a rise needs `baseline_days` before it (at least
    `min_baseline_days` with data), and one that started before the series is not seen. The
    date of a recent rise can still move as the next four weeks' ratings come in.
    """
    changes = list(changes)
    return [_onset(symptom, series, e, changes, rules) for e in _episodes(series, rules)]


def _onset(
    measure: Measure,
    series: Series,
    episode: _Episode,
    changes: list[MedicationChange],
    rules: Rules,
) -> Onset:
    day, base = episode.day, episode.before or episode.baseline
    recent = last_changes(changes, day)
    assert episode.peak is not None  # noqa: S101 - set by _dated
    mean, n, level_day = episode.peak
    return Onset(
        symptom=measure,
        day=day,
        baseline_mean=base.mean,
        baseline_n=base.n,
        level_mean=mean,
        level_day=level_day,
        level_n=n,
        confirmed_on=episode.confirmed_on,
        ended_on=episode.ended_on,
        days_since_change={c.medication: (day - c.day).days for c in recent},
        last_changes=recent,
        baseline_days=rules.baseline_days,
        level_days=rules.level_days,
    )


# --- Dating: a flat line, then a straight climb to a plateau, fitted by least squares ---------


def _first_day(
    series: Series, episode: _Episode, excluded: list[tuple[date, date]], rules: Rules
) -> date:
    """The first day of the climb that fits the ratings around the episode best (after the
    episodes before it)."""
    first = episode.confirmed_on - timedelta(days=rules.fit_before_days)
    if excluded:
        first = max(first, excluded[-1][1] + timedelta(days=1))
    # Up to the highest rolling mean at most: the model has no way down after it.
    last = episode.confirmed_on + timedelta(days=rules.fit_after_days)
    if episode.peak is not None:
        last = min(last, max(episode.peak[2], episode.confirmed_on))
    points = [((d - first).days, series[d]) for d in _days(first, last) if d in series]
    best = _best_climb(points, rules.min_baseline_days)
    if best is not None:
        # Once more with the days far off that fit pulled in to it: a lone high day just before
        # a rise should not decide where the rise starts.
        fitted = [best.at(t) for t, _ in points]
        residuals = sorted(abs(y - f) for (_, y), f in zip(points, fitted, strict=True))
        scale = max(_MIN_SCALE, 1.4826 * residuals[len(residuals) // 2]) * _ROBUST_CUT
        points = [
            (t, min(max(y, f - scale), f + scale)) for (t, y), f in zip(points, fitted, strict=True)
        ]
        best = _best_climb(points, rules.min_baseline_days) or best
    if best is None:  # too few days before the confirmation to fit: where the sum left 0
        return episode.started
    return min(first + timedelta(days=best.start), episode.confirmed_on)


@dataclass(frozen=True)
class _Climb:
    """level + slope × min(max(t - start + 1, 0), length): flat, a climb of `length` days from
    `start` (1 is a step), then flat again."""

    sse: float
    start: int
    length: int
    level: float
    slope: float

    def at(self, t: int) -> float:
        return self.level + self.slope * min(max(t - self.start + 1, 0), self.length)


class _Sums:
    """Prefix sums of 1, t, t², y and t·y over the points, for O(1) sums over any run."""

    def __init__(self, points: list[tuple[int, float]]) -> None:
        self.n, self.t, self.tt, self.y, self.ty = [0.0], [0.0], [0.0], [0.0], [0.0]
        for t, y in points:
            self.n.append(self.n[-1] + 1)
            self.t.append(self.t[-1] + t)
            self.tt.append(self.tt[-1] + t * t)
            self.y.append(self.y[-1] + y)
            self.ty.append(self.ty[-1] + t * y)

    def ramp(self, i: int, j: int, shift: int) -> tuple[float, float, float]:
        """Σr, Σr² and Σr·y over points i … j-1 with r = t - shift."""
        n, t, tt = self.n[j] - self.n[i], self.t[j] - self.t[i], self.tt[j] - self.tt[i]
        y, ty = self.y[j] - self.y[i], self.ty[j] - self.ty[i]
        return t - shift * n, tt - 2 * shift * t + shift * shift * n, ty - shift * y


def _best_climb(points: list[tuple[int, float]], min_before: int) -> _Climb | None:
    """The least-squares climb (a rise: slope above 0) with at least `min_before` points before
    it and 3 from its start on; None if no such climb exists."""
    count = len(points)
    if count < min_before + 3:
        return None
    sums = _Sums(points)
    total_y = sums.y[-1]
    total_yy = fsum(y * y for _, y in points)
    times = [t for t, _ in points]
    best: _Climb | None = None
    for i in range(min_before, count - 2):
        start, j = times[i], i
        for length in range(1, times[-1] - start + 2):
            while j < count and times[j] < start + length:
                j += 1  # points i … j-1 climb, j … on are on the plateau
            sr, srr, sry = sums.ramp(i, j, start - 1)
            plateau = count - j
            sr, srr = sr + length * plateau, srr + length * length * plateau
            sry += length * (total_y - sums.y[j])
            det = count * srr - sr * sr
            if det <= _EPSILON:
                continue
            slope = (count * sry - sr * total_y) / det
            level = (total_y - slope * sr) / count
            sse = total_yy - level * total_y - slope * sry
            if slope > 0 and (best is None or sse < best.sse - _EPSILON):
                best = _Climb(sse, start, length, level, slope)
    return best


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
