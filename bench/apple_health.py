"""How fast, and in how much memory, a large Apple Health export is read.

    .venv/bin/python bench/apple_health.py [--size-mb 1024] [--keep]

Writes an export.xml of about `--size-mb` megabytes in a temporary directory, shaped like a
real one: the DOCTYPE first, then day after day mostly heart-rate (with a metadata child) and
step records from an iPhone and an Apple Watch that overlap, energy and distance records, a
night of Watch sleep stages beside the iPhone's time in bed, a mindful session every third
day and a workout every other day (with children). It then parses the file in a child process
and prints the records read (rows), the records made, the seconds, the rows per second, and
the child's peak RSS, against the goals: at least 100,000 rows/s and under 200 MB peak.
The file is deleted afterwards (unless --keep).

Seconds are wall-clock on this machine: the rows/s goal assumes a machine not busy elsewhere.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOAL_ROWS_PER_S = 100_000
GOAL_PEAK_MB = 200
ZONE = ZoneInfo("Europe/Berlin")
PHONE, WATCH = "Ana’s iPhone", "Ana’s Apple Watch"
PHONE_DEVICE = (
    "&lt;&lt;HKDevice: 0x283f1c0f0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, "
    "hardware:iPhone14,5, software:17.4&gt;"
)
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x283f1c1e0&gt;, name:Apple Watch, manufacturer:Apple Inc., "
    "model:Watch, hardware:Watch6,2, software:10.4&gt;"
)
PROLOG = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutStatistics)*)>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
]>
<HealthData locale="de_DE">
 <ExportDate value="2026-01-01 09:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-01-01" \
HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""
RECORD = (
    ' <Record type="HKQuantityTypeIdentifier{kind}" sourceName="{source}" sourceVersion="17.4" '
    'device="{device}" unit="{unit}" creationDate="{end}" startDate="{start}" endDate="{end}" '
    'value="{value}"'
)
SLEEP = (
    ' <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="{source}" '
    'sourceVersion="10.4" device="{device}" creationDate="{end}" startDate="{start}" '
    'endDate="{end}" value="HKCategoryValueSleepAnalysis{value}">\n'
    '  <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>\n </Record>\n'
)
MINDFUL = (
    ' <Record type="HKCategoryTypeIdentifierMindfulSession" sourceName="{source}" '
    'sourceVersion="10.4" device="{device}" creationDate="{end}" startDate="{start}" '
    'endDate="{end}"/>\n'
)
WORKOUT = (
    ' <Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="{minutes}" '
    'durationUnit="min" sourceName="{source}" sourceVersion="10.4" device="{device}" '
    'creationDate="{end}" startDate="{start}" endDate="{end}">\n'
    '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
    '  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{start}" duration="10" '
    'durationUnit="min"/>\n'
    '  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="{start}" '
    'endDate="{end}" sum="212.4" unit="kcal"/>\n'
    " </Workout>\n"
)
WORKOUT_KINDS = ("Walking", "Running", "Cycling", "TraditionalStrengthTraining", "Yoga")


def stamp(at: datetime) -> str:
    """A time as Apple writes it, `2019-05-14 19:05:29 -0400`."""
    return at.strftime("%Y-%m-%d %H:%M:%S %z")


def quantity(rng: random.Random, kind: str, unit: str, start: datetime, value: str) -> str:
    watch = kind == "HeartRate" or rng.random() < 0.5
    end = start + timedelta(seconds=0 if kind == "HeartRate" else rng.randint(60, 600))
    text = RECORD.format(
        kind=kind,
        source=WATCH if watch else PHONE,
        device=WATCH_DEVICE if watch else PHONE_DEVICE,
        unit=unit,
        start=stamp(start),
        end=stamp(end),
        value=value,
    )
    if kind == "HeartRate":
        motion = '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>'
        return f"{text}>\n{motion}\n </Record>\n"
    return text + "/>\n"


def a_night(rng: random.Random, day: date) -> list[str]:
    """The iPhone's time in bed and the Watch's stages for the night ending on `day`."""
    start = datetime(day.year, day.month, day.day, 23, tzinfo=ZONE) - timedelta(
        days=1, minutes=rng.randint(-60, 60)
    )
    out, at = [], start + timedelta(minutes=rng.randint(5, 30))
    for _ in range(rng.randint(18, 30)):
        stage = rng.choice(("AsleepCore", "AsleepCore", "AsleepDeep", "AsleepREM", "Awake"))
        end = at + timedelta(minutes=rng.randint(3, 40))
        out.append(
            SLEEP.format(
                source=WATCH, device=WATCH_DEVICE, start=stamp(at), end=stamp(end), value=stage
            )
        )
        at = end
    in_bed = SLEEP.format(
        source=PHONE,
        device=PHONE_DEVICE,
        start=stamp(start),
        end=stamp(at + timedelta(minutes=10)),
        value="InBed",
    )
    return [in_bed, *out]


def a_day(rng: random.Random, day: date) -> str:
    """One day of records, the way a phone and a watch worn all day write them."""
    morning = datetime(day.year, day.month, day.day, 7, tzinfo=ZONE)
    parts = a_night(rng, day)
    for _ in range(300):
        at = morning + timedelta(seconds=rng.randint(0, 16 * 3600))
        parts.append(quantity(rng, "HeartRate", "count/min", at, str(rng.randint(55, 150))))
    for _ in range(230):
        at = morning + timedelta(seconds=rng.randint(0, 16 * 3600))
        parts.append(quantity(rng, "StepCount", "count", at, str(rng.randint(10, 900))))
    for kind, unit in (("ActiveEnergyBurned", "kcal"), ("DistanceWalkingRunning", "km")):
        for _ in range(40):
            at = morning + timedelta(seconds=rng.randint(0, 16 * 3600))
            parts.append(quantity(rng, kind, unit, at, f"{rng.random() * 20:.3f}"))
    if day.toordinal() % 3 == 0:
        at = morning + timedelta(hours=13)
        end = stamp(at + timedelta(minutes=10))
        parts.append(MINDFUL.format(source=WATCH, device=WATCH_DEVICE, start=stamp(at), end=end))
    if day.toordinal() % 2 == 0:
        at, minutes = morning + timedelta(hours=11), rng.randint(20, 70)
        parts.append(
            WORKOUT.format(
                kind=rng.choice(WORKOUT_KINDS),
                minutes=f"{minutes}.{rng.randint(0, 999):03d}",
                source=WATCH,
                device=WATCH_DEVICE,
                start=stamp(at),
                end=stamp(at + timedelta(minutes=minutes)),
            )
        )
    return "".join(parts)


def write_export(path: Path, size_mb: int) -> tuple[int, int]:
    """An export of about `size_mb` MB at `path`; returns (days, bytes)."""
    rng = random.Random(20260101)
    target, day, days = size_mb * 1024 * 1024, date(2016, 1, 1), 0
    with path.open("w", encoding="utf-8", buffering=1024 * 1024) as out:
        out.write(PROLOG)
        while out.tell() < target:
            out.write(a_day(rng, day))
            day += timedelta(days=1)
            days += 1
        out.write("</HealthData>\n")
    return days, path.stat().st_size


def child(path: str) -> int:
    """Parse `path` and print what came of it as JSON (run in a child process)."""
    from tracker.imports.parsers.apple_health import parse

    start, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as source:
        parsed = parse(source)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    kinds = Counter(type(r).__name__ for r in parsed.records)
    print(
        json.dumps(
            {
                "rows": parsed.rows,
                "seconds": seconds,
                "cpu": cpu,
                "kinds": kinds,
                "skipped": len(parsed.skipped),
            }
        )
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--keep", action="store_true", help="leave the generated file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    tmpdir = tempfile.mkdtemp(prefix="tracker-bench-apple-")
    path = Path(tmpdir) / "export.xml"
    try:
        start = time.perf_counter()
        days, size = write_export(path, args.size_mb)
        took = time.perf_counter() - start
        print(f"export.xml: {size / 2**20:,.0f} MB, {days:,} days, written in {took:.0f} s")
        run = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        result = json.loads(run.stdout)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        rate = result["rows"] / result["seconds"]
        made = ", ".join(f"{n:,} {kind}" for kind, n in sorted(result["kinds"].items()))
        print(f"records read (rows): {result['rows']:,}")
        print(f"records made:        {made}; {result['skipped']} skip summaries")
        print(f"seconds:             {result['seconds']:.1f} wall, {result['cpu']:.1f} CPU")
        fast, small = rate >= GOAL_ROWS_PER_S, peak_mb < GOAL_PEAK_MB
        print(f"rows/s:              {rate:,.0f}  (goal >= {GOAL_ROWS_PER_S:,}: {_verdict(fast)})")
        print(f"peak RSS:            {peak_mb:,.0f} MB  (goal < {GOAL_PEAK_MB}: {_verdict(small)})")
    finally:
        if args.keep:
            print(f"kept {path}")
        else:
            shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
