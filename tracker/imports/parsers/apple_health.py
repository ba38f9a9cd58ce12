"""Apple Health's export (export.zip, or the export.xml inside it) read into neutral records.

Read: sleep (nights), step counts (daily totals, the iPhone and the Watch de-duplicated),
mindful sessions (mindfulness practice) and workouts. Every other record type (heart rate,
energy, distance ...) is counted in `rows` and summed up in one Skip per type. The file is
streamed, so memory grows with the number of days, not of records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO
from xml.etree.ElementTree import Element

from tracker.imports.parsers.apple_health_activity import MindfulSessions, StepTotals, Workouts
from tracker.imports.parsers.apple_health_sleep import SleepNights
from tracker.imports.parsers.apple_health_xml import (
    MAX_XML_BYTES,
    elements,
    export_stream,
    type_words,
)
from tracker.imports.records import Parsed, Skip

SOURCE = "apple-health"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
STEPS = "HKQuantityTypeIdentifierStepCount"
MINDFUL = "HKCategoryTypeIdentifierMindfulSession"
WORKOUT = "Workout"
HEADER = frozenset({"ExportDate", "Me"})  # about the export, not observations

__all__ = ["MAX_XML_BYTES", "SOURCE", "parse"]


def parse(source: BinaryIO | bytes, *, max_bytes: int = MAX_XML_BYTES) -> Parsed:
    """Nights, daily steps, mindful sessions and workouts from an Apple Health export."""
    export = _Export()
    with export_stream(source, max_bytes) as stream:
        for line, elem in elements(stream):
            export.take(line, elem)
    return export.parsed()


class _Tally:
    """What was not imported, one Skip per reason with its count and first line."""

    def __init__(self) -> None:
        self._ignored: dict[str, list[int]] = {}  # type -> [first line, count]
        self._problems: dict[tuple[str, str, str], list[int]] = {}

    def ignored(self, kind: str, line: int) -> None:
        entry = self._ignored.get(kind)
        if entry is None:
            self._ignored[kind] = [line, 1]
        else:
            entry[1] += 1

    def problem(self, kind: str, reason: str, line: int, unit: str = "record") -> None:
        entry = self._problems.setdefault((kind, reason, unit), [line, 0])
        entry[0] = min(entry[0], line)
        entry[1] += 1

    def skips(self) -> list[Skip]:
        skips = [
            Skip(line, f"{type_words(kind) or 'Unnamed'} ({kind}): {_count(n)}, not read.")
            for kind, (line, n) in self._ignored.items()
        ]
        skips += [
            Skip(line, f"{type_words(kind)}: {_count(n, unit)} not imported ({reason}).")
            for (kind, reason, unit), (line, n) in self._problems.items()
        ]
        return sorted(skips, key=lambda s: s.line)


def _count(n: int, unit: str = "record") -> str:
    return f"{n:,} {unit}" + ("" if n == 1 else "s")


class _Export:
    def __init__(self) -> None:
        self.rows = 0
        self.tally = _Tally()
        self.sleep = SleepNights()
        self.steps = StepTotals()
        self.mindful = MindfulSessions()
        self.workouts = Workouts()
        self._readers: dict[str, Callable[[dict[str, str], int], str | None]] = {
            SLEEP: self.sleep.add,
            STEPS: self.steps.add,
            MINDFUL: self.mindful.add,
        }

    def take(self, line: int, elem: Element) -> None:
        tag = elem.tag
        if tag == "Record":
            kind = elem.attrib.get("type", "")
            read = self._readers.get(kind)
        elif tag == WORKOUT:
            kind, read = tag, self.workouts.add
        elif tag in HEADER:
            return
        else:
            # Correlation (by its type), ActivitySummary, ClinicalRecord ...
            kind, read = elem.attrib.get("type") or tag, None
        self.rows += 1
        if read is None:
            self.tally.ignored(kind, line)
            return
        problem = read(elem.attrib, line)
        if problem is not None:
            self.tally.problem(kind, problem, line)

    def parsed(self) -> Parsed:
        nights, naps, bed_only = self.sleep.nights()
        for line in naps:
            self.tally.problem(SLEEP, "shorter than another sleep that day: a nap", line, "sleep")
        for line in bed_only:
            self.tally.problem(SLEEP, "time in bed, but no sleep recorded", line, "night")
        steps, bad_days = self.steps.records()
        for line in bad_days:
            self.tally.problem(STEPS, "a start that is not a date", line, "hour")
        records = [*nights, *steps, *self.mindful.records, *self.workouts.records]
        records.sort(key=lambda r: r.line)
        return Parsed(source=SOURCE, records=records, skipped=self.tally.skips(), rows=self.rows)
