"""The vitals chart's series, its words and its data table, and each measure's latest value
and change over a range for the report: pure functions of the snapshot's vitals (no
matplotlib, no database).

Weights are shown in the user's unit (users.weight_unit): an entry made in the other unit is
converted to 0.1 (tracker.vitals.services.in_unit), as the pages show it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from tracker.charts import style
from tracker.charts.describe import changes_sentence
from tracker.charts.series import Frame
from tracker.charts.tables import Table
from tracker.vitals.reading import VitalRow
from tracker.vitals.services import in_unit

if TYPE_CHECKING:  # the snapshot imports the registry, which imports this kind
    from tracker.snapshot import Snapshot

PRESSURE_UNIT = "mmHg"
RATE_UNIT = "bpm"  # beats per minute


@dataclass(frozen=True)
class VitalPoint:
    """One entry, its weight in the series' unit (None where a measure was not taken)."""

    day: date
    weight: float | None = None
    entered_unit: str | None = None  # the unit the weight was entered in
    systolic: int | None = None
    diastolic: int | None = None
    pulse: int | None = None  # taken with the blood pressure
    heart_rate: int | None = None  # resting


@dataclass(frozen=True)
class VitalsSeries:
    unit: str = "kg"  # the user's weight unit
    points: tuple[VitalPoint, ...] = field(default=())  # earliest first

    def weights(self, frame: Frame) -> list[tuple[date, float]]:
        return [(p.day, p.weight) for p in self.points if p.day in frame and p.weight is not None]

    def pressures(self, frame: Frame) -> list[VitalPoint]:
        return [p for p in self.points if p.day in frame and p.systolic is not None]

    def converted(self, frame: Frame) -> int:
        """Weights in the frame entered in the other unit."""
        return sum(
            1
            for p in self.points
            if p.day in frame and p.weight is not None and p.entered_unit != self.unit
        )


def series_of(rows: Sequence[VitalRow], unit: str) -> VitalsSeries:
    """The entries as points, each weight in `unit`."""
    points = []
    for r in sorted(rows, key=lambda r: r.at):
        weight = None
        if r.weight is not None and r.weight_unit:
            weight = in_unit(r.weight, r.weight_unit, unit)
        points.append(
            VitalPoint(r.day, weight, r.weight_unit, r.systolic, r.diastolic, r.pulse, r.heart_rate)
        )
    return VitalsSeries(unit, tuple(points))


def vitals_series(snap: Snapshot) -> VitalsSeries:
    """The vitals of the snapshot's range, weights in the user's unit."""
    snap.covers(snap.first, snap.last)
    return series_of(snap.of("vitals").between(snap.first, snap.last), snap.user.weight_unit)


# --- Each measure over a range (the description and the report) --------------------------------


@dataclass(frozen=True)
class Measure:
    """A measure's first and latest value in a range, and how many times it was taken."""

    label: str
    unit: str
    first_day: date
    first: tuple[float, ...]  # one number, or systolic and diastolic
    latest_day: date
    latest: tuple[float, ...]
    n: int
    low: tuple[float, ...]  # the lowest of each number in the range
    high: tuple[float, ...]

    def text(self, values: tuple[float, ...]) -> str:
        """ "82.4 kg", "128/84 mmHg", "72 bpm"."""
        return "/".join(_number(v, self.unit) for v in values) + f" {self.unit}"

    @property
    def change(self) -> str:
        """ "+5.1 kg", "−4/+2 mmHg", "±0 bpm": latest less first, each number signed."""
        pairs = zip(self.first, self.latest, strict=True)
        return "/".join(_signed(b - a, self.unit) for a, b in pairs) + f" {self.unit}"


def _number(value: float, unit: str) -> str:
    return f"{value:.1f}" if unit in ("kg", "lb") else f"{value:.0f}"


def _signed(value: float, unit: str) -> str:
    text = _number(abs(value), unit)
    if float(text) == 0:
        return "±" + text
    return ("+" if value > 0 else "−") + text


_PICKS: tuple[tuple[str, Callable[[VitalPoint], tuple[float, ...] | None]], ...] = (
    ("Weight", lambda p: None if p.weight is None else (p.weight,)),
    (
        "Blood pressure",
        lambda p: None if p.systolic is None or p.diastolic is None else (p.systolic, p.diastolic),
    ),
    ("Pulse", lambda p: None if p.pulse is None else (p.pulse,)),
    ("Resting heart rate", lambda p: None if p.heart_rate is None else (p.heart_rate,)),
)


def measures(series: VitalsSeries, frame: Frame) -> list[Measure]:
    """Weight, blood pressure, pulse and resting heart rate, each that has a value in the frame."""
    units = {"Weight": series.unit, "Blood pressure": PRESSURE_UNIT}
    found = []
    for label, pick in _PICKS:
        taken = [(p.day, v) for p in series.points if p.day in frame and (v := pick(p)) is not None]
        if not taken:
            continue
        columns = list(zip(*(v for _, v in taken), strict=True))
        found.append(
            Measure(
                label,
                units.get(label, RATE_UNIT),
                taken[0][0],
                taken[0][1],
                taken[-1][0],
                taken[-1][1],
                len(taken),
                tuple(min(c) for c in columns),
                tuple(max(c) for c in columns),
            )
        )
    return found


def day_text(day: date, last: date, *, years: bool = False) -> str:
    """ "3 Nov" in the year of the range's last day, "3 Nov 2025" in another (or in any
    year, with `years`: a chart's words over a range spanning two)."""
    return style.day_label(day, year=years or day.year != last.year)


def measure_text(m: Measure, last: date, *, years: bool = False) -> str:
    """ "82.4 kg on 3 Nov; +5.1 kg since 71.3 kg on 2 Sep (9 measurements)"."""
    latest = f"{m.text(m.latest)} on {day_text(m.latest_day, last, years=years)}"
    if m.n == 1:
        return f"{latest} (1 measurement)"
    since = day_text(m.first_day, last, years=years)
    return f"{latest}; {m.change} since {m.text(m.first)} on {since} ({m.n} measurements)"


def _range(m: Measure) -> str:
    """ "lowest 74.2 kg, highest 79.8 kg"; a blood pressure's numbers each on their own."""
    if len(m.low) == 2:
        return (
            f"systolic {_number(m.low[0], m.unit)}–{_number(m.high[0], m.unit)}, diastolic "
            f"{_number(m.low[1], m.unit)}–{_number(m.high[1], m.unit)} {m.unit}"
        )
    low, high = m.text(m.low), m.text(m.high)
    return f"lowest {low}, highest {high}" if low != high else f"all {low}"


# --- The chart's words and table -----------------------------------------------------------------


def describe_vitals(series: VitalsSeries, frame: Frame) -> str:
    """Weight and blood pressure in words: latest, change since the first, lowest, highest."""
    years = frame.first.year != frame.last.year
    first, last = (day_text(d, frame.last, years=years) for d in (frame.first, frame.last))
    between = f"between {first} and {last}"
    found = {m.label: m for m in measures(series, frame)}
    drawn = [found[k] for k in ("Weight", "Blood pressure") if k in found]
    if not drawn:
        sentence = f"No weight or blood pressure logged {between}."
        return " ".join(s for s in (sentence, changes_sentence(frame)) if s)
    parts = [f"{m.label} {measure_text(m, frame.last, years=years)}, {_range(m)}" for m in drawn]
    converted = series.converted(frame)
    note = (
        f" {converted} of the weights were entered in "
        f"{'lb' if series.unit == 'kg' else 'kg'} and are shown in {series.unit}."
        if converted
        else ""
    )
    rest = [m.label.lower() for m in found.values() if m not in drawn]
    table = f" The data table lists {' and '.join(rest)} too." if rest else ""
    text = f"Vitals {between}: " + "; ".join(parts) + "." + note + table
    return " ".join(s for s in (text, changes_sentence(frame)) if s)


def vitals_table(series: VitalsSeries, frame: Frame) -> Table:
    unit = series.unit
    rows = [
        (
            p.day.isoformat(),
            "" if p.weight is None else f"{p.weight:.1f}",
            "" if p.systolic is None else f"{p.systolic}/{p.diastolic}",
            "" if p.pulse is None else str(p.pulse),
            "" if p.heart_rate is None else str(p.heart_rate),
        )
        for p in series.points
        if p.day in frame
    ]
    columns = (
        "Day",
        f"Weight ({unit})",
        f"Blood pressure ({PRESSURE_UNIT})",
        f"Pulse ({RATE_UNIT})",
        f"Resting heart rate ({RATE_UNIT})",
    )
    caption = f"Vitals as logged, one row an entry; weights in {unit}"
    return Table(caption, columns, rows)
