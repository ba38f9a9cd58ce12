"""The report's sleep, activity, alcohol, practice and therapy parts as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SleepBlock:
    first: date
    last: date
    tst_minutes: float | None  # mean total sleep of the block's nights
    nights: int


@dataclass(frozen=True)
class SleepSummary:
    """Means over the nights that have each measure: total sleep over every night (`at_most`
    of them an upper bound, their SOL or WASO not recorded); SOL over `sol_nights`, WASO over
    `waso_nights`, efficiency over `efficient` (nights with bed times and both SOL and WASO;
    `timed` have bed times: an imported night may give only its length); quality (1-5) over
    the `rated` ones; total sleep per block of days for its trend."""

    nights: int
    tst_minutes: float | None
    sol_minutes: float | None
    waso_minutes: float | None
    efficiency: float | None
    timed: int = 0
    quality: float | None = None
    rated: int = 0
    blocks: tuple[SleepBlock, ...] = ()
    sol_nights: int = 0
    waso_nights: int = 0
    efficient: int = 0
    at_most: int = 0


@dataclass(frozen=True)
class ActivitySummary:
    minutes_per_week: float
    active_days: int


@dataclass(frozen=True)
class SedativeDay:
    day: date
    units: float  # alcohol that day
    medication: str
    doses: int  # as-needed doses of it that day


@dataclass(frozen=True)
class AlcoholSummary:
    logged: bool  # any alcohol entry in the range
    units_per_week: float
    drinking_days: int
    heaviest_day: float  # most units on one day
    # Days with alcohol and an as-needed benzodiazepine or Z-drug taken the same local day.
    with_sedative: tuple[SedativeDay, ...] = ()


@dataclass(frozen=True)
class PracticeRow:
    label: str
    days: int
    minutes: int | None  # None for a yes/no practice


@dataclass(frozen=True)
class TherapySummary:
    sessions: int
    by_modality: tuple[tuple[str, int], ...]
    homework_given: int
    homework_done: int
