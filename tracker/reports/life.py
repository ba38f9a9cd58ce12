"""The report's sleep (with its trend), activity, alcohol (with as-needed sedatives the same
day), practices and therapy: pure functions of the snapshot."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from tracker.activity.series import DayPoint
from tracker.activity.services import followed_practices
from tracker.analysis.windows import mean
from tracker.medications.models import Medication
from tracker.reports.model_life import (
    ActivitySummary,
    AlcoholSummary,
    PracticeRow,
    SedativeDay,
    SleepBlock,
    SleepSummary,
    TherapySummary,
)
from tracker.snapshot import Snapshot
from tracker.therapy.services import MODALITIES
from tracker.timeutils import day_bounds, to_local

# As-needed medications whose use on a drinking day the report lists (DOMAIN: benzodiazepines
# and Z-drugs are the sedatives where alcohol matters most).
SEDATIVE_CLASSES = ("benzodiazepine", "z_drug")


def _block_days(first: date, last: date) -> int:
    return 14 if (last - first).days < 120 else 28


def sleep_summary(snap: Snapshot) -> SleepSummary:
    first, last = snap.first, snap.last
    nights = snap.of("sleep").between(first, last)
    timed = [n for n in nights if n.times_known]
    rated = [n.quality for n in nights if n.quality is not None]
    size = _block_days(first, last)
    blocks = []
    start = first
    while start <= last:
        end = min(start + timedelta(days=size - 1), last)
        inside = [n.tst_minutes for n in nights if start <= n.day <= end]
        blocks.append(SleepBlock(start, end, mean(inside), len(inside)))
        start = end + timedelta(days=1)
    sol = [n.sol_minutes for n in timed if n.sol_minutes is not None]
    waso = [n.waso_minutes for n in timed if n.waso_minutes is not None]
    efficiency = [n.efficiency for n in timed if n.efficiency is not None]
    return SleepSummary(
        len(nights),
        mean([n.tst_minutes for n in nights]),
        mean(sol),
        mean(waso),
        mean(efficiency),
        timed=len(timed),
        quality=mean(rated),
        rated=len(rated),
        blocks=tuple(blocks),
        sol_nights=len(sol),
        waso_nights=len(waso),
        efficient=len(efficiency),
        at_most=sum(1 for n in nights if n.tst_at_most),
    )


def activity_summary(points: Sequence[DayPoint], first: date, last: date) -> ActivitySummary:
    minutes = sum(p.activity_minutes for p in points)
    return ActivitySummary(
        minutes / (((last - first).days + 1) / 7), sum(1 for p in points if p.activity_minutes)
    )


def _sedative_doses(snap: Snapshot, meds: Sequence[Medication]) -> dict[date, Counter[str]]:
    start, _ = day_bounds(snap.first, snap.user.timezone)
    _, end = day_bounds(snap.last, snap.user.timezone)
    by_day: dict[date, Counter[str]] = {}
    for med in meds:
        if not med.as_needed or med.drug_class not in SEDATIVE_CLASSES:
            continue
        for event in snap.of("doses").taken(med.id, start, end):
            day = to_local(event.taken_at, event.tz).date()
            by_day.setdefault(day, Counter())[med.name] += 1
    return by_day


def alcohol_summary(
    snap: Snapshot, meds: Sequence[Medication], points: Sequence[DayPoint]
) -> AlcoholSummary:
    """Units a week, drinking days, and the days with an as-needed sedative taken too."""
    drinking = {p.day: p.alcohol for p in points if p.alcohol > 0}
    weeks = ((snap.last - snap.first).days + 1) / 7
    sedatives = _sedative_doses(snap, meds) if drinking else {}
    both = tuple(
        SedativeDay(day, drinking[day], name, n)
        for day in sorted(drinking)
        for name, n in sorted(sedatives.get(day, Counter()).items())
    )
    return AlcoholSummary(
        bool(drinking),
        sum(drinking.values()) / weeks,
        len(drinking),
        max(drinking.values(), default=0.0),
        both,
    )


def practices(snap: Snapshot) -> list[PracticeRow]:
    log = snap.of("activity")
    rows = [
        (p.practice_key, p.day, p.minutes)
        for p in log.practices_between(snap.first, snap.last)
        if p.done
    ]
    days: dict[str, set[date]] = {}
    minutes: dict[str, int | None] = {}
    for practice, day, mins in rows:
        days.setdefault(practice, set()).add(day)
        if mins is not None:
            minutes[practice] = (minutes.get(practice) or 0) + mins
        else:
            minutes.setdefault(practice, None)
    order = [*followed_practices(snap.user), *log.followed_own, *sorted(days)]
    seen = list(dict.fromkeys(k for k in order if k in days))
    return [PracticeRow(log.label(k), len(days[k]), minutes.get(k)) for k in seen]


def therapy_summary(snap: Snapshot) -> TherapySummary:
    log = snap.of("therapy")
    counts = log.by_modality(snap.first, snap.last)
    given, done = log.homework(snap.first, snap.last)
    return TherapySummary(
        sum(counts.values()),
        tuple((MODALITIES.get(k, k), n) for k, n in counts.items()),
        given,
        done,
    )
