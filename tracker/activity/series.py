"""Per-day sums of activity and substances (pure: rows in, one point per day out)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DayPoint:
    """One local day. Units: minutes, steps, caffeinated drinks, standard units of alcohol."""

    day: date
    activity_minutes: int
    steps: int | None  # None: no steps entered that day (unknown, not zero)
    caffeine: float
    alcohol: float


def fold_days(
    first: date,
    last: date,
    activities: Iterable[tuple[date, int, int | None]],
    substances: Iterable[tuple[date, str, float]],
) -> list[DayPoint]:
    """Sum (day, minutes, steps) and (day, substance, amount) rows into every day of the range.

    Days without entries count 0 minutes and 0 of each substance; rows outside are ignored.
    """
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    minutes = dict.fromkeys(days, 0)
    steps: dict[date, int] = {}
    amounts = {name: dict.fromkeys(days, 0.0) for name in ("caffeine", "alcohol")}
    for day, mins, step_count in activities:
        if day in minutes:
            minutes[day] += mins
            if step_count is not None:
                steps[day] = steps.get(day, 0) + step_count
    for day, substance, amount in substances:
        if day in minutes and substance in amounts:
            amounts[substance][day] += amount
    return [
        DayPoint(
            day, minutes[day], steps.get(day), amounts["caffeine"][day], amounts["alcohol"][day]
        )
        for day in days
    ]
