"""The lab results section of the prescriber report: each test's results in the range, newest
first, with the lab's own range as entered and the time from the last dose to the draw. A value
is compared with the lab's range only, and never judged (tracker/kind.py ReportSection)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tracker.charts import style
from tracker.kind import ReportLine, ReportSection
from tracker.labs.catalog import CATALOG
from tracker.labs.reading import LabRow

if TYPE_CHECKING:  # the snapshot imports the registry, which imports this kind
    from tracker.snapshot import Snapshot

MOST = 3  # results a test shows; the earlier ones in the range are counted
OUTSIDE = "outside the lab's range"
NOTE = (
    'Each test\'s results of the range, newest first. "ref": the reference range the lab '
    f'printed, as entered; "{OUTSIDE}" compares a value with that range and nothing else.'
)

_ORDER = {t.key: n for n, t in enumerate(CATALOG)}


def number(value: float) -> str:
    """0.8 -> "0.8", 140.0 -> "140" (as a lab prints it)."""
    return f"{value:g}"


def reference(row: LabRow, *, unit: bool = True) -> str:
    """ "ref 0.6–1.2 mmol/L", "ref < 5 mmol/L", "ref > 1 mmol/L", "no range entered"; without
    the unit right after a value (the lab's range is in the value's unit)."""
    low, high = row.ref_low, row.ref_high
    after = f" {row.unit}" if unit else ""
    if low is not None and high is not None:
        return f"ref {number(low)}–{number(high)}{after}"
    if high is not None:
        return f"ref < {number(high)}{after}"
    if low is not None:
        return f"ref > {number(low)}{after}"
    return "no range entered"


def outside(row: LabRow) -> bool:
    """Below the low end or above the high end the lab printed."""
    low, high = row.ref_low, row.ref_high
    return (low is not None and row.value < low) or (high is not None and row.value > high)


def since_dose(row: LabRow) -> str | None:
    """ "12 h after the last dose", "11 h 40 min after …"; None when not entered."""
    if row.last_dose_at is None or row.last_dose_at > row.at:
        return None
    minutes = round((row.at - row.last_dose_at) / timedelta(minutes=1))
    hours, mins = divmod(minutes, 60)
    text = " ".join(part for part in (f"{hours} h" * bool(hours), f"{mins} min" * bool(mins)))
    return f"{text.strip() or '0 min'} after the last dose"


def _day(day: date, last: date) -> str:
    return style.day_label(day, year=day.year != last.year)


def result_text(row: LabRow, last: date, *, with_range: bool) -> str:
    """ "1.3 mmol/L on 3 Nov (ref 0.6–1.2; 12 h after the last dose; outside the lab's range)"."""
    details = [reference(row, unit=False)] if with_range else []
    details += [d for d in (since_dose(row),) if d]
    details += [OUTSIDE] if outside(row) else []
    more = f" ({'; '.join(details)})" if details else ""
    return f"{number(row.value)} {row.unit} on {_day(row.day, last)}{more}"


def lab_line(rows: Sequence[LabRow], last: date) -> ReportLine:
    """One test's results, newest first: the range stated once when several share it."""
    newest = sorted(rows, key=lambda r: r.at, reverse=True)
    shown = newest[:MOST]
    earlier = len(newest) - len(shown)
    more = f"; {earlier} earlier in the range" if earlier else ""
    label = shown[0].label
    if len(shown) == 1:
        return ReportLine(label, result_text(shown[0], last, with_range=True) + more + ".")
    shared = len({(r.ref_low, r.ref_high, r.unit) for r in shown}) == 1
    text = "; ".join(result_text(r, last, with_range=not shared) for r in shown) + more + "."
    if shared:
        return ReportLine(label, f"({reference(shown[0])}): {text}")
    return ReportLine(f"{label}:", text)


def report_section(snap: Snapshot) -> ReportSection | None:
    """A line per test with a result drawn in the range; None when there is none."""
    by_test: dict[tuple[int, str], list[LabRow]] = {}
    for row in snap.of("labs").between(snap.first, snap.last):
        order = _ORDER.get(row.test or "", len(_ORDER))
        by_test.setdefault((order, row.label.casefold()), []).append(row)
    if not by_test:
        return None
    lines = tuple(lab_line(by_test[key], snap.last) for key in sorted(by_test))
    return ReportSection("labs", "Lab results", lines, NOTE)
