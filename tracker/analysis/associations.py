"""Associations between daily series, with a lag: Spearman rank correlation in plain Python."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from math import fsum, sqrt
from typing import Literal

from tracker.analysis.model import ACTIVITY, ALCOHOL, CAFFEINE, MOOD, SLEEP_TOTAL, Series

DEFAULT_MIN_PAIRS = 14


class ConstantSeries(ValueError):
    """One side has the same value everywhere, so a correlation is undefined."""


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = (start + end) / 2 + 1  # mean of the 1-based ranks start+1 … end+1
        for i in order[start : end + 1]:
            out[i] = shared
        start = end + 1
    return out


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson correlation; raises ConstantSeries when either side does not vary."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys must have the same length")
    if len(xs) < 2:
        raise ValueError("a correlation needs at least 2 pairs")
    mx, my = fsum(xs) / len(xs), fsum(ys) / len(ys)
    dx = [x - mx for x in xs]
    dy = [y - my for y in ys]
    sxx, syy = fsum(d * d for d in dx), fsum(d * d for d in dy)
    if sxx == 0 or syy == 0:
        raise ConstantSeries("one side does not vary: no correlation can be computed")
    r = fsum(a * b for a, b in zip(dx, dy, strict=True)) / sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))  # rounding can step a hair outside [-1, 1]


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rho: Pearson on average ranks (exact with ties); ConstantSeries if flat."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys must have the same length")
    return pearson(ranks(xs), ranks(ys))


@dataclass(frozen=True)
class Association:
    """x against y lagged: r (None when not computed), paired days, and whether enough."""

    r: float | None  # None with too few pairs, or when one side does not vary
    n: int  # paired days: x on day d and y on day d + lag both have data
    lag_days: int
    enough: bool  # n >= min_pairs
    min_pairs: int = DEFAULT_MIN_PAIRS


def paired(x: Series, y: Series, lag_days: int = 0) -> tuple[list[float], list[float]]:
    """Values of x on day d and y on day d + lag, for every d where both exist, in day order."""
    lag = timedelta(days=lag_days)
    days = [d for d in sorted(x) if d + lag in y]
    return [x[d] for d in days], [y[d + lag] for d in days]


def associate(
    x: Series, y: Series, *, lag_days: int = 0, min_pairs: int = DEFAULT_MIN_PAIRS
) -> Association:
    """Spearman r of x (day d) with y (day d + lag), only from `min_pairs` paired days on."""
    if min_pairs < 3:
        raise ValueError("min_pairs must be at least 3")
    xs, ys = paired(x, y, lag_days)
    n = len(xs)
    if n < min_pairs:
        return Association(None, n, lag_days, False, min_pairs)
    try:
        r: float | None = spearman(xs, ys)
    except ConstantSeries:
        r = None
    return Association(r, n, lag_days, True, min_pairs)


def strength(r: float) -> str:
    """Words for |r| as shown (2 decimals): no clear, a weak, a moderate, a strong."""
    # Classify the rounded value, so "r = 0.10" is never called "no clear".
    size = abs(round(r, 2))
    if size < 0.1:
        return "no clear"
    if size < 0.3:
        return "a weak"
    if size < 0.5:
        return "a moderate"
    return "a strong"


def direction(r: float) -> Literal["positive", "negative"]:
    """The sign of r in words."""
    return "positive" if r > 0 else "negative"


@dataclass(frozen=True)
class Pair:
    """A standard pair of series, with the words used to describe it."""

    x_key: str
    y_key: str
    lag_days: int
    title: str  # for the table
    lead: str  # "On days after more sleep"
    outcome: str  # "mood"
    higher: str  # the outcome's word for a positive association
    lower: str
    between: str  # "sleep and mood that day", for "no clear association between …"


STANDARD_PAIRS: tuple[Pair, ...] = (
    # Sleep is filed under the morning the user woke up, so the night before day d is already
    # filed under d: "the day after the night" is lag 0, not 1.
    Pair(
        SLEEP_TOTAL,
        MOOD,
        0,
        "Sleep → the next day's mood",
        "On days after more sleep",
        "mood",
        "higher",
        "lower",
        "sleep and the next day's mood",
    ),
    Pair(
        ACTIVITY,
        MOOD,
        0,
        "Activity → mood the same day",
        "On days with more activity",
        "mood",
        "higher",
        "lower",
        "activity and mood the same day",
    ),
    # Drinks are filed under the evening's date, that night's sleep under the next morning.
    Pair(
        ALCOHOL,
        SLEEP_TOTAL,
        1,
        "Alcohol → that night's sleep",
        "After evenings with more alcohol",
        "sleep that night",
        "longer",
        "shorter",
        "alcohol and that night's sleep",
    ),
    Pair(
        CAFFEINE,
        SLEEP_TOTAL,
        1,
        "Caffeine → that night's sleep",
        "After days with more caffeine",
        "sleep that night",
        "longer",
        "shorter",
        "caffeine and that night's sleep",
    ),
)


@dataclass(frozen=True)
class PairResult:
    """One standard pair and its association."""

    pair: Pair
    association: Association


def standard_associations(
    series_by_key: Mapping[str, Series], *, min_pairs: int = DEFAULT_MIN_PAIRS
) -> list[PairResult]:
    """All four standard pairs, always in the same order; a missing series has no pairs."""
    return [
        PairResult(
            pair,
            associate(
                series_by_key.get(pair.x_key, {}),
                series_by_key.get(pair.y_key, {}),
                lag_days=pair.lag_days,
                min_pairs=min_pairs,
            ),
        )
        for pair in STANDARD_PAIRS
    ]
