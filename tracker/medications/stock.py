"""Pure supply arithmetic: the level at an instant and the day the supply runs short.

The level is computed, never stored: the last count at or before the instant (the first count
is the set-up's "units on hand"), plus the refills after it, minus the units of the doses taken
after it. A count resets the level at its instant, so a refill or a dose at the very instant of
a count is part of that count. Days are local calendar dates, walked one date at a time, so a
day with a DST change is still one day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

REFILL = "refill"
COUNT = "count"
# Mass units convert into one another; any other unit only matches itself.
MASS_IN_MG = {"g": 1000.0, "mg": 1.0, "µg": 0.001}
EPSILON = 1e-9  # float sums of halves and quarters: 0.1 + 0.2 is "enough" for 0.3


@dataclass(frozen=True)
class Change:
    """A supply event as the arithmetic sees it."""

    at: datetime
    kind: str  # REFILL or COUNT
    units: float
    order: int = 0  # ties at one instant: the one entered later counts last


@dataclass(frozen=True)
class Use:
    """A taken dose, in units of the supply."""

    at: datetime
    units: float


def size_factor(size_unit: str, dose_unit: str) -> float | None:
    """How many of the dose unit one of `size_unit` is; None when they do not convert."""
    if size_unit == dose_unit:
        return 1.0
    if size_unit in MASS_IN_MG and dose_unit in MASS_IN_MG:
        return MASS_IN_MG[size_unit] / MASS_IN_MG[dose_unit]
    return None


def units_of(amount: float, unit_size_in_dose_unit: float) -> float:
    """A dose in units: 100 mg of 50 mg tablets is 2, 25 mg is 0.5."""
    return amount / unit_size_in_dose_unit


def level_at(changes: Sequence[Change], uses: Iterable[Use], at: datetime) -> float | None:
    """Units on hand at `at`; None before the first count (the level is not known yet)."""
    counts = [c for c in changes if c.kind == COUNT and c.at <= at]
    if not counts:
        return None
    base = max(counts, key=lambda c: (c.at, c.order))
    refills = sum(
        c.units
        for c in changes
        if c.kind == REFILL and c.at <= at and (c.at, c.order) > (base.at, base.order)
    )
    used = sum(u.units for u in uses if base.at < u.at <= at)
    return base.units + refills - used


def run_out_day(level: float, needs: Iterable[tuple[date, float]]) -> date | None:
    """The first day whose doses the supply no longer covers; None if it covers them all.

    `needs` gives, in date order, each day's units still to take (today: the open doses).
    """
    left = level
    for day, units in needs:
        if units > left + EPSILON:
            return day
        left -= units
    return None


def average_days_left(level: float, used: float, days: int) -> int | None:
    """Whole days the level lasts at the average daily use of `used` units over `days` days;
    None without any use."""
    if used <= 0 or days <= 0:
        return None
    if level <= 0:
        return 0
    return int(level / (used / days) + EPSILON)
