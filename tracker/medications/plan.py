"""Pure dosing rules: which doses a day has, their status, taper steps and adherence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tracker.timeutils import localize, to_local

ON_TIME = "on_time"
LATE = "late"
EARLY = "early"
SKIPPED = "skipped"
MISSED = "missed"
DUE = "due"
UPCOMING = "upcoming"
STATUS_LABELS = {
    ON_TIME: "Taken on time",
    LATE: "Taken late",
    EARLY: "Taken early",
    SKIPPED: "Skipped",
    MISSED: "Missed",
    DUE: "Due now",
    UPCOMING: "Due later",
}
TAKEN_STATUSES = (ON_TIME, LATE, EARLY)


@dataclass(frozen=True)
class PlannedDose:
    at: time
    amount: float


@dataclass(frozen=True)
class Version:
    effective_from: date
    doses: tuple[PlannedDose, ...]


def version_on(versions: Sequence[Version], day: date) -> Version | None:
    """The version in effect on `day` (the latest one starting on or before it)."""
    current = None
    for v in versions:  # sorted by effective_from
        if v.effective_from <= day:
            current = v
        else:
            break
    return current


def slots_on(
    versions: Sequence[Version], day: date, started_on: date, stopped_on: date | None
) -> tuple[PlannedDose, ...]:
    """The scheduled doses of one local day (none before the start or from the stop date)."""
    if day < started_on or (stopped_on is not None and day >= stopped_on):
        return ()
    version = version_on(versions, day)
    return version.doses if version else ()


def counts_from(
    started_on: date, created_at: datetime | None, tz: str, window: timedelta
) -> datetime:
    """The earliest scheduled instant that is a dose at all.

    A medication's doses begin on its start date; one added on the day it starts (in the
    user's zone) begins with the first dose whose window was still open when it was added:
    an 08:00 dose of a medication entered at 10:00 was never due, so it is neither missed nor
    counted, while one entered at 08:20 can still be logged.
    """
    start = localize(started_on, time(0), tz)
    if created_at is None or to_local(created_at, tz).date() != started_on:
        return start
    return max(start, created_at - window)


def dose_status(
    *,
    scheduled: datetime,
    action: str | None,
    taken_at: datetime | None,
    window: timedelta,
    now: datetime,
) -> str:
    """Status of one scheduled dose, comparing instants so midnight and DST changes are exact.

    Taken within the window either side of the scheduled instant is on time; later is late;
    more than the window before it is early. No record: missed once the window has passed.
    """
    if action == "skipped":
        return SKIPPED
    if action == "taken" and taken_at is not None:
        if taken_at > scheduled + window:
            return LATE
        if taken_at < scheduled - window:
            return EARLY
        return ON_TIME
    if now > scheduled + window:
        return MISSED
    if now >= scheduled - window:
        return DUE
    return UPCOMING


def scheduled_instant(day: date, at: time, tz: str) -> datetime:
    """The UTC instant of a slot's local wall time."""
    return localize(day, at, tz)


@dataclass(frozen=True)
class TaperStep:
    starts_on: date
    amount: float


def taper_steps(
    *,
    starts_on: date,
    start_amount: float,
    step: float,
    interval_days: int,
    end_amount: float,
    ends_in_stop: bool,
) -> tuple[list[TaperStep], date | None]:
    """The versions a taper plan creates, and the stop date when it ends in a stop.

    100 → 75 → 50 → 25 by 25 every 14 days, then stop: four steps, stopped 14 days after the 25.
    The last step never goes below `end_amount`.
    """
    if step <= 0 or interval_days < 1 or start_amount <= 0:
        raise ValueError("a taper needs a positive start, step and interval")
    if end_amount < 0 or end_amount >= start_amount:
        raise ValueError("the end amount must be below the start amount")
    steps = [TaperStep(starts_on, start_amount)]
    amount = start_amount
    while True:
        amount = round(max(amount - step, end_amount), 6)
        if amount <= 0:
            break
        steps.append(TaperStep(steps[-1].starts_on + timedelta(days=interval_days), amount))
        if amount <= end_amount:
            break
    stop = steps[-1].starts_on + timedelta(days=interval_days) if ends_in_stop else None
    return steps, stop


@dataclass(frozen=True)
class Outcome:
    """One scheduled dose that was due in the period, with what happened to it."""

    scheduled: datetime
    status: str


@dataclass(frozen=True)
class Adherence:
    scheduled: int
    taken: int
    on_time: int
    late: int
    early: int
    skipped: int
    missed: int
    longest_gap_doses: int  # most consecutive scheduled doses not taken
    longest_gap_hours: float | None  # longest scheduled time between two taken doses

    @property
    def pct_taken(self) -> float | None:
        return 100.0 * self.taken / self.scheduled if self.scheduled else None

    @property
    def pct_on_time(self) -> float | None:
        return 100.0 * self.on_time / self.scheduled if self.scheduled else None


def adherence(outcomes: Iterable[Outcome]) -> Adherence:
    """Count statuses of the doses that were due; doses not yet due are left out.

    Method: % taken = doses taken (on time, late or early) / scheduled doses whose window has
    passed or that have a record; % on time = taken within the window / the same denominator.
    The longest gap is the most scheduled time between two taken doses, measured from the
    first due dose and to the last one when those were not taken.
    """
    due = (o for o in outcomes if o.status not in (DUE, UPCOMING))
    rows = sorted(due, key=lambda o: o.scheduled)
    counts = {s: 0 for s in (ON_TIME, LATE, EARLY, SKIPPED, MISSED)}
    run = longest_run = 0
    longest = timedelta(0)
    last_taken = rows[0].scheduled if rows else None
    for o in rows:
        counts[o.status] += 1
        if o.status in TAKEN_STATUSES:
            longest = max(longest, o.scheduled - last_taken)
            last_taken = o.scheduled
            run = 0
        else:
            run += 1
            longest_run = max(longest_run, run)
    if rows:
        longest = max(longest, rows[-1].scheduled - last_taken)
    taken = counts[ON_TIME] + counts[LATE] + counts[EARLY]
    return Adherence(
        scheduled=len(rows),
        taken=taken,
        on_time=counts[ON_TIME],
        late=counts[LATE],
        early=counts[EARLY],
        skipped=counts[SKIPPED],
        missed=counts[MISSED],
        longest_gap_doses=longest_run,
        longest_gap_hours=round(longest.total_seconds() / 3600, 1) if rows else None,
    )
