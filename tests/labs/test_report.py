"""The report's lab results: each test's results in the range newest first, the lab's range as
entered, the time from the last dose to the draw, and "outside the lab's range" as the only
comparison; never judged."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType, SimpleNamespace

from tracker.labs.reading import LabRow, Labs
from tracker.labs.report import OUTSIDE, report_section
from tracker.snapshot import Snapshot

FIRST, LAST = date(2025, 1, 6), date(2025, 6, 30)
JUDGING = r"\b(high|low|toxic|abnormal|normal|elevated|raised|therapeutic)\b"


def lab(
    day: date,
    value: float,
    *,
    test: str | None = "lithium",
    label: str = "Lithium",
    unit: str = "mmol/L",
    low: float | None = 0.6,
    high: float | None = 1.2,
    hours: float | None = None,
) -> LabRow:
    at = datetime.combine(day, time(8, 30), tzinfo=UTC)
    dose = at - timedelta(hours=hours) if hours is not None else None
    return LabRow(at, day, test, label, value, unit, low, high, dose)


def lithium() -> list[LabRow]:
    """Weekly levels after a start, then monthly; one above the lab's high end, and the last
    one from another lab that printed no range."""
    days = [date(2025, 1, 13), date(2025, 1, 20), date(2025, 2, 17), date(2025, 3, 17)]
    rows = [lab(d, v, hours=12) for d, v in zip(days, (0.45, 0.7, 0.85, 1.3), strict=True)]
    rows.append(lab(date(2025, 4, 14), 0.9, low=None, high=None, hours=11.75))
    return rows


def snapshot(rows: list[LabRow]) -> Snapshot:
    now = datetime.combine(LAST, time(12), tzinfo=UTC)
    kinds = MappingProxyType({"labs": Labs(tuple(sorted(rows, key=lambda r: r.at)))})
    user = SimpleNamespace(weight_unit="kg")
    return Snapshot(user, FIRST, LAST, FIRST - timedelta(days=60), now, None, kinds)


def test_a_lithium_series_lists_the_latest_three_with_trough_times_and_the_one_outside():
    section = report_section(snapshot(lithium()))
    assert section is not None and section.title == "Lab results"
    (line,) = section.lines
    assert line.label == "Lithium:"  # ranges differ: each result carries its own
    assert line.text == (
        "0.9 mmol/L on 14 Apr (no range entered; 11 h 45 min after the last dose); "
        "1.3 mmol/L on 17 Mar (ref 0.6–1.2; 12 h after the last dose; outside the lab's range); "
        "0.85 mmol/L on 17 Feb (ref 0.6–1.2; 12 h after the last dose); 2 earlier in the range."
    )
    assert line.text.count(OUTSIDE) == 1
    assert not re.search(JUDGING, line.text + section.note, flags=re.IGNORECASE)


def test_a_shared_range_is_stated_once_and_one_sided_ranges_as_printed():
    rows = [
        lab(date(2025, 5, 2), 0.8),
        lab(date(2025, 6, 2), 0.7),
        lab(date(2025, 6, 2), 3.4, test="ldl", label="LDL cholesterol", low=None, high=3.0),
        lab(date(2025, 6, 2), 1.3, test="hdl", label="HDL cholesterol", low=1.0, high=None),
        lab(date(2025, 6, 2), 41, test=None, label="Vitamin D", unit="nmol/L", low=None, high=None),
    ]
    lines = [(line.label, line.text) for line in report_section(snapshot(rows)).lines]
    assert lines == [
        ("Lithium", "(ref 0.6–1.2 mmol/L): 0.7 mmol/L on 2 Jun; 0.8 mmol/L on 2 May."),
        ("LDL cholesterol", "3.4 mmol/L on 2 Jun (ref < 3; outside the lab's range)."),
        ("HDL cholesterol", "1.3 mmol/L on 2 Jun (ref > 1)."),
        ("Vitamin D", "41 nmol/L on 2 Jun (no range entered)."),  # a test the user named
    ]


def test_a_value_on_the_end_of_the_range_is_inside_it():
    rows = [lab(date(2025, 6, 2), 1.2), lab(date(2025, 6, 3), 0.6, test="x", label="X")]
    text = " ".join(line.text for line in report_section(snapshot(rows)).lines)
    assert OUTSIDE not in text


def test_no_results_in_the_range_leave_the_section_out():
    assert report_section(snapshot([])) is None
    before = [lab(FIRST - timedelta(days=5), 0.7)]  # read for the lookback only
    assert report_section(snapshot(before)) is None
