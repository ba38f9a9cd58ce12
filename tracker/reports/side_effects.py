"""The report's side effects: onsets with the days since each medication's last change,
severity per dose period, and discontinuation symptoms around each dose reduction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from tracker import analysis
from tracker.analysis import onset
from tracker.analysis.model import MedicationChange
from tracker.analysis.windows import mean
from tracker.charts.series import SymptomLine
from tracker.reports.model_side_effects import (
    DiscontinuationRow,
    DosePeriod,
    DosePeriodTable,
    PeriodCell,
    PeriodRow,
    SideEffectRow,
    TaperWindow,
    WindowCount,
)
from tracker.symptoms import catalog

MAX_SIDE_EFFECTS = 6
LOOKBACK_DAYS = onset.LOOKBACK_DAYS  # onsets and dose periods read this far before the range
END_DAYS, END_MIN_DAYS = 7, 3  # a period's last week, and the entries its mean needs
PERIOD_REACH_DAYS = 28  # the dose period current at the range's start is shown from here on
TREND_DAYS = 14  # the trend compares the last 14 days with the 14 before them
TREND_STEP = 1.0  # points (0-10) that count as rising or easing
AROUND_DAYS = 14  # discontinuation symptoms: the 14 days before a reduction, and after it
NEAR_DAYS = 14  # a reduction this many days before the range is still shown
# What the catalog marks as typical after a dose is lowered or stopped, the commonest first.
_FIRST = ("brain_zaps", "dizziness", "flu_like")
WATCHED = ", ".join(
    e.label.lower()
    for e in sorted(
        (e for e in catalog.CATALOG if e.discontinuation),
        key=lambda e: _FIRST.index(e.key) if e.key in _FIRST else len(_FIRST),
    )
)


def _trend(points: dict[date, float], last: date) -> str:
    recent = mean([v for d, v in points.items() if last - d < timedelta(days=TREND_DAYS)])
    before = mean([v for d, v in points.items() if TREND_DAYS <= (last - d).days < 2 * TREND_DAYS])
    if recent is None or before is None:
        return "not enough data"
    if recent - before >= TREND_STEP:
        return "rising"
    if before - recent >= TREND_STEP:
        return "easing"
    return "steady"


def _current(points: dict[date, float]) -> float | None:
    days = sorted(points)[-7:]
    return mean([points[d] for d in days])


def side_effect_rows(
    lines: Sequence[SymptomLine],
    changes: Sequence[MedicationChange],
    first: date,
    last: date,
) -> list[SideEffectRow]:
    """Side effects with any severity above 0 in the range (followed ones first), each with
    its latest onset in the range. `lines` reach LOOKBACK_DAYS before the range."""
    rows: list[SideEffectRow] = []
    for line in lines:
        inside = {d: v for d, v in line.points if first <= d <= last}
        if not any(inside.values()):
            continue
        measure = analysis.symptom_measure(line.key or line.name, line.name)
        found = [
            o
            for o in analysis.onsets(dict(line.points), changes, symptom=measure)
            if first <= o.day <= last
        ]
        onset = found[-1] if found else None
        rows.append(
            SideEffectRow(
                name=line.name,
                onset=onset.day if onset else None,
                since_change=tuple(onset.days_since_change.items()) if onset else (),
                before=onset.baseline_mean if onset else None,
                reached=onset.level_mean if onset else None,
                current=_current(inside),
                trend=_trend(inside, last),
                days_above=sum(1 for v in inside.values() if v > 0),
                peak=max(inside.values()),
            )
        )
    return rows


def split_rows(
    rows: Sequence[SideEffectRow], followed: set[str]
) -> tuple[list[SideEffectRow], list[SideEffectRow]]:
    """(The table's rows: followed symptoms and any with an onset, at most MAX_SIDE_EFFECTS;
    the rest, named on one line)."""
    table = [r for r in rows if r.name in followed or r.onset is not None][:MAX_SIDE_EFFECTS]
    return table, [r for r in rows if r not in table]


# --- Severity per dose period -------------------------------------------------------------


def _amount_label(value: float | None, unit: str, stopped: bool) -> str:
    if value is None:
        return "stopped" if stopped else "before the start"
    return f"{analysis.model.format_amount(value, unit)} a day"


def _periods(changes: list[MedicationChange], first: date, last: date) -> list[DosePeriod]:
    """The medication's periods of one daily amount, clipped to PERIOD_REACH_DAYS before the
    range and to its last day; the days before a start in the range come first."""
    reach = first - timedelta(days=PERIOD_REACH_DAYS)
    bounds: list[tuple[date, str]] = []
    if changes[0].kind == "start" and changes[0].day > reach:
        bounds.append((reach, "before the start"))
    for change in changes:
        stopped = change.kind == "stop"
        bounds.append((change.day, _amount_label(change.after, change.unit, stopped)))
    periods = []
    for n, (start, label) in enumerate(bounds):
        end = bounds[n + 1][0] - timedelta(days=1) if n + 1 < len(bounds) else last
        start, end = max(start, reach), min(end, last)
        if start <= end:
            periods.append(DosePeriod(label, start, end))
    return periods


def _cell(points: dict[date, float], period: DosePeriod) -> PeriodCell:
    values = [v for d, v in points.items() if period.first <= d <= period.last]
    week = period.last - timedelta(days=END_DAYS - 1)
    end = [v for d, v in points.items() if max(week, period.first) <= d <= period.last]
    return PeriodCell(
        mean(values),
        max(values) if values else None,
        len(values),
        mean(end) if len(end) >= END_MIN_DAYS else None,
    )


def dose_period_tables(
    lines: Sequence[SymptomLine],
    followed: set[str],
    changes: Sequence[MedicationChange],
    first: date,
    last: date,
) -> list[DosePeriodTable]:
    """For each scheduled medication with a change inside the range: each followed symptom's
    mean, peak and days logged in each of its dose periods."""
    by_med: dict[str, list[MedicationChange]] = {}
    for change in sorted(changes, key=lambda c: c.day):
        by_med.setdefault(change.medication, []).append(change)
    shown = [line for line in lines if line.name in followed]
    tables = []
    for name, own in by_med.items():
        if not any(first <= c.day <= last for c in own):
            continue
        periods = _periods(own, first, last)
        rows = tuple(
            PeriodRow(line.name, tuple(_cell(dict(line.points), p) for p in periods))
            for line in shown
        )
        tables.append(DosePeriodTable(name, tuple(periods), rows))
    return tables


# --- Discontinuation symptoms around reductions ---------------------------------------------


def _is_reduction(change: MedicationChange) -> bool:
    if change.kind in ("taper", "stop"):
        return True
    return change.kind == "change" and (change.after or 0) < (change.before or 0)


def _count(points: dict[date, float], start: date, end: date) -> WindowCount:
    values = [v for d, v in points.items() if start <= d <= end]
    return WindowCount(sum(1 for v in values if v > 0), len(values), max(values, default=None))


def discontinuation_names(lines: Sequence[SymptomLine]) -> list[SymptomLine]:
    """The lines of symptoms the catalog marks as typical after a reduction or stop."""
    return [
        line
        for line in lines
        if (entry := catalog.lookup(line.key)) is not None and entry.discontinuation
    ]


def taper_windows(
    lines: Sequence[SymptomLine],
    changes: Sequence[MedicationChange],
    first: date,
    last: date,
) -> list[TaperWindow]:
    """Each dose reduction or stop in the range or up to NEAR_DAYS before it, with every
    discontinuation symptom logged in the 14 days before it or from its day to 14 days after."""
    around = timedelta(days=AROUND_DAYS)
    marked = discontinuation_names(lines)
    windows = []
    for change in changes:
        if not (_is_reduction(change) and first - timedelta(days=NEAR_DAYS) <= change.day <= last):
            continue
        rows = []
        for line in marked:
            points = dict(line.points)
            before = _count(points, change.day - around, change.day - timedelta(days=1))
            after = _count(points, change.day, min(change.day + around, last))
            if before.logged or after.logged:
                rows.append(DiscontinuationRow(line.name, before, after))
        windows.append(TaperWindow(change.day, change.label, tuple(rows)))
    return windows
