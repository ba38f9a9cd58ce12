"""Apple Health sleep samples grouped into nights.

A night is the samples of every source whose intervals chain with gaps under three hours,
filed under the local date of the final awakening (local: the sample's own offset). Sources
overlap (a clock app's time in bed, the Watch's stages, the iPhone's schedule), so a night's
sleep comes from one source only: one with stages or a Watch, else the one that slept most;
within it, overlapping samples count once.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import NamedTuple

from tracker.imports.parsers.apple_health_xml import parse_time
from tracker.imports.records import Night

IN_BED, AWAKE, ASLEEP, CORE, DEEP, REM = "in bed", "awake", "asleep", "core", "deep", "rem"
_VALUES = {
    "HKCategoryValueSleepAnalysisInBed": IN_BED,
    "HKCategoryValueSleepAnalysisAwake": AWAKE,
    "HKCategoryValueSleepAnalysisAsleep": ASLEEP,  # before iOS 16
    "HKCategoryValueSleepAnalysisAsleepUnspecified": ASLEEP,
    "HKCategoryValueSleepAnalysisAsleepCore": CORE,
    "HKCategoryValueSleepAnalysisAsleepDeep": DEEP,
    "HKCategoryValueSleepAnalysisAsleepREM": REM,
}
SLEEPING = frozenset({ASLEEP, CORE, DEEP, REM})
STAGES = frozenset({CORE, DEEP, REM})
NIGHT_GAP = timedelta(hours=3)  # a longer break starts another sleep
SEAM = timedelta(minutes=1)  # shorter gaps between samples are seams, not awakenings

Interval = tuple[datetime, datetime]


class Sample(NamedTuple):
    start: datetime
    end: datetime
    value: str
    source: str
    line: int


class SleepNights:
    """Gathers sleep samples (a few dozen a night) and turns them into nights at the end."""

    def __init__(self) -> None:
        self._samples: list[Sample] = []
        self._watches: set[str] = set()

    def add(self, attrib: dict[str, str], line: int) -> str | None:
        value = _VALUES.get(attrib.get("value", ""))
        if value is None:
            return "a sleep value this import does not know"
        try:
            start = parse_time(attrib.get("startDate", ""))
            end = parse_time(attrib.get("endDate", ""))
        except ValueError:
            return "an unreadable date"
        if end <= start:
            return "an end that is not after its start"
        source = sys.intern(attrib.get("sourceName", ""))
        if "Watch" in source or "Watch" in attrib.get("device", ""):
            self._watches.add(source)
        self._samples.append(Sample(start, end, value, source, line))
        return None

    def nights(self) -> tuple[list[Night], list[int], list[int]]:
        """One night a day (the longest, when a nap shares its day), the lines of the other
        sleeps that day, and the lines of sleeps with time in bed but no sleep recorded."""
        best: dict[date, Night] = {}
        others: list[int] = []
        bed_only: list[int] = []
        for group in _chains(self._samples):
            night = _night(group, self._watches)
            if night is None:
                bed_only.append(min(s.line for s in group))
                continue
            kept = best.get(night.day)
            if kept is not None:
                shorter = min(kept, night, key=lambda n: n.asleep_minutes or 0)
                others.append(shorter.line)
                night = kept if shorter is night else night
            best[night.day] = night
        return list(best.values()), others, bed_only


def _chains(samples: list[Sample]) -> list[list[Sample]]:
    """The samples in runs whose intervals chain with gaps under NIGHT_GAP."""
    groups: list[list[Sample]] = []
    end: datetime | None = None
    for sample in sorted(samples, key=lambda s: (s.start, s.line)):
        if end is None or sample.start - end >= NIGHT_GAP:
            groups.append([])
            end = sample.end
        groups[-1].append(sample)
        end = max(end, sample.end)
    return groups


def _night(group: list[Sample], watches: set[str]) -> Night | None:
    by_source: dict[str, list[Sample]] = defaultdict(list)
    for sample in group:
        by_source[sample.source].append(sample)
    slept = {
        source: _union([(s.start, s.end) for s in samples if s.value in SLEEPING])
        for source, samples in by_source.items()
    }
    slept = {source: asleep for source, asleep in slept.items() if asleep}
    if not slept:
        return None  # time in bed (or awake) only: no length of sleep to give

    def rank(source: str) -> tuple[bool, timedelta]:
        staged = source in watches or any(s.value in STAGES for s in by_source[source])
        return staged, _length(slept[source])

    chosen = max(slept, key=rank)
    asleep = slept[chosen]
    onset, woke = asleep[0][0], asleep[-1][1]
    awake = _awake(by_source[chosen], asleep)
    # Time in bed from the chosen source, else from another (the iPhone's schedule beside
    # the Watch's stages): bed times only, so nothing is counted twice.
    beds = [s for s in by_source[chosen] if s.value == IN_BED]
    beds = beds or [s for s in group if s.value == IN_BED]
    return Night(
        line=min(s.line for s in group),
        key=f"apple-sleep:{woke.date()}",
        day=woke.date(),
        in_bed=min([onset, *(s.start for s in beds)]),
        asleep=onset,
        woke=woke,
        out_of_bed=max([woke, *(s.end for s in beds)]),
        asleep_minutes=_minutes(_length(asleep)),
        awake_minutes=_minutes(_length(awake)),
        awakenings=len(awake),
        quality=None,
    )


def _awake(samples: list[Sample], asleep: list[Interval]) -> list[Interval]:
    """Awake spells between sleep onset and the final awakening: the source's Awake samples
    when it writes them, else the gaps between its sleep."""
    onset, woke = asleep[0][0], asleep[-1][1]
    marked = [(s.start, s.end) for s in samples if s.value == AWAKE]
    if marked:
        clipped = [(max(a, onset), min(b, woke)) for a, b in _union(marked)]
        return [(a, b) for a, b in clipped if b > a]
    return [
        (a_end, b_start) for (_, a_end), (b_start, _) in pairwise(asleep) if b_start - a_end >= SEAM
    ]


def _union(intervals: list[Interval]) -> list[Interval]:
    """Overlapping or touching intervals merged, in order."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _length(intervals: list[Interval]) -> timedelta:
    return sum((end - start for start, end in intervals), timedelta())


def _minutes(length: timedelta) -> int:
    return round(length.total_seconds() / 60)
