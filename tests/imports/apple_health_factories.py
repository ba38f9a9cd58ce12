"""Apple Health exports built in the test: the shapes the Health app writes, small."""

from __future__ import annotations

import io
import zipfile

import pytest

from tracker.imports.errors import ImportFailed
from tracker.imports.parsers.apple_health import parse

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<!DOCTYPE HealthData [\n"
    "<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>\n"
    "<!ATTLIST HealthData\n  locale CDATA #REQUIRED\n>\n"
    "]>\n"
    '<HealthData locale="en_GB">\n'
    ' <ExportDate value="2024-04-02 08:00:00 +0200"/>\n'
)
FIRST_LINE = HEAD.count("\n") + 1  # the line of the first element export() is given
PHONE, WATCH, CLOCK = "Ana’s iPhone", "Ana’s Apple Watch", "Sleep Cycle"
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x2838&gt;, name:Apple Watch, manufacturer:Apple Inc., "
    "model:Watch, hardware:Watch6,1, software:10.4&gt;"
)
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
STEPS = "HKQuantityTypeIdentifierStepCount"
MINDFUL = "HKCategoryTypeIdentifierMindfulSession"


def record(kind: str, start: str, end: str, value: str = "", source: str = PHONE, **extra) -> str:
    attrs = {"type": kind, "sourceName": source, "startDate": start, "endDate": end}
    attrs |= {"value": value} if value else {}
    attrs |= extra
    return "<Record " + " ".join(f'{k}="{v}"' for k, v in attrs.items()) + "/>"


def sleep(stage: str, start: str, end: str, source: str = WATCH) -> str:
    return record(SLEEP, start, end, f"HKCategoryValueSleepAnalysis{stage}", source)


def steps(count: int, start: str, end: str, source: str = PHONE, device: str = "") -> str:
    extra = {"device": device} if device else {}
    return record(STEPS, start, end, str(count), source, unit="count", **extra)


def workout(apple: str, start: str, end: str, duration: str = "", unit: str = "min") -> str:
    length = f' duration="{duration}" durationUnit="{unit}"' if duration else ""
    return (
        f'<Workout workoutActivityType="HKWorkoutActivityType{apple}"{length} '
        f'sourceName="{WATCH}" startDate="{start}" endDate="{end}"/>'
    )


def export(*elements: str) -> bytes:
    body = "".join(f" {e}\n" for e in elements)
    return (HEAD + body + "</HealthData>\n").encode()


def records_of(data: bytes, kind: type) -> list:
    return [r for r in parse(data).records if isinstance(r, kind)]


def failure(data: bytes | io.BytesIO, **kwargs) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        parse(data, **kwargs)
    return caught.value


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


A_DAY = export(
    steps(500, "2024-04-01 10:05:00 +0200", "2024-04-01 10:15:00 +0200"),
    record("HKQuantityTypeIdentifierHeartRate", "2024-04-01 10:06:00 +0200", "", "61", WATCH),
    f'<Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="20" '
    f'durationUnit="min" sourceName="{WATCH}" startDate="2024-04-01 11:00:00 +0200" '
    f'endDate="2024-04-01 11:20:00 +0200">\n  <MetadataEntry key="HKIndoorWorkout" value="0"/>'
    "\n </Workout>",
    record(MINDFUL, "2024-04-01 12:00:00 +0200", "2024-04-01 12:10:00 +0200", source=WATCH),
)
