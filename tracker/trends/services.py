"""Trends for one user: chart images (cached on the data version), their words and tables,
and the change analysis. Services take the user and the clock; no Flask here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tracker import analysis
from tracker.analysis import onset
from tracker.analysis.windows import DEFAULT_DAYS, DEFAULT_MIN_DAYS
from tracker.auth.models import User
from tracker.charts.render import FORMATS
from tracker.charts.style import SCREEN_SIZES, WIDTH, WIDTHS
from tracker.charts.tables import Table
from tracker.errors import Invalid, NotFound
from tracker.snapshot import read_range
from tracker.timeutils import local_today
from tracker.trends import data, ranges
from tracker.trends.cache import ChartCache, etag
from tracker.trends.charts import CHARTS, ChartKind

CLOCK_STEP_MINUTES = 15
MIN_WINDOW, MAX_WINDOW = 3, 90


def kind(key: str) -> ChartKind:
    if key not in CHARTS:
        raise NotFound("There is no such chart.")
    return CHARTS[key]


def last_visit(user: User, *, today: date) -> date | None:
    """The day of the last prescriber appointment before today: a visit later today is the one
    being prepared for, so "since the last appointment" looks from yesterday back."""
    from tracker.appointments.services import last_appointment

    found = last_appointment(user, today=today - timedelta(days=1), kind="prescriber")
    return found.day if found else None


def choose_range(
    user: User,
    key: str | None,
    *,
    now: datetime,
    start: date | None = None,
    end: date | None = None,
) -> ranges.Range:
    """The range a choice stands for, for this user ("since the last appointment" included)."""
    today = local_today(user.timezone, now)
    visit = last_visit(user, today=today) if key == "appointment" else None
    first_day = data.first_day(user, today=today) if key == "all" else today
    return ranges.resolve(
        key, today=today, first_day=first_day, last_appointment=visit, start=start, end=end
    )


def _check(fmt: str, size: str) -> None:
    if fmt not in FORMATS:
        raise NotFound("Charts come as PNG or SVG.")
    if size not in WIDTH and size not in SCREEN_SIZES:
        raise Invalid("Choose the phone or print size.", "size")


def screen_size(width: str) -> str:
    """The size of a chart drawn `width` CSS px wide (?w=); only the fixed WIDTHS are drawn,
    so the cache holds a few pictures per chart, not one per window width."""
    if not width.isdigit() or int(width) not in WIDTHS:
        raise Invalid(f"Choose a width of {', '.join(map(str, WIDTHS))} CSS px.", "w")
    return f"w{int(width)}"


def chart_key(
    user: User, chart: ChartKind, rng: ranges.Range, fmt: str, size: str, *, now: datetime
) -> tuple:
    """Everything the picture depends on."""
    clock = None
    if chart.clock:
        clock = int(now.timestamp()) // (CLOCK_STEP_MINUTES * 60)
    return (
        user.id,
        user.data_version,
        user.timezone,
        chart.key,
        rng.first,
        rng.last,
        fmt,
        size,
        clock,
    )


def chart_etag(
    user: User, key: str, rng: ranges.Range, fmt: str, size: str, *, now: datetime
) -> str:
    """The validator of a chart image, known without drawing it."""
    _check(fmt, size)
    return etag(chart_key(user, kind(key), rng, fmt, size, now=now))


def chart_image(
    user: User,
    key: str,
    rng: ranges.Range,
    fmt: str,
    size: str,
    *,
    now: datetime,
    cache: ChartCache,
) -> bytes:
    """A chart's PNG or SVG bytes, from the cache while the user's data is unchanged."""
    from tracker.charts import render

    _check(fmt, size)
    chart = kind(key)

    def draw() -> bytes:
        snap = read_range(user, rng.first, rng.last, now=now, kinds=chart.kinds)
        return getattr(render, chart.render)(chart.read(snap), data.frame(snap), fmt, size=size)

    return cache.get_or_make(chart_key(user, chart, rng, fmt, size, now=now), draw)


@dataclass(frozen=True)
class ChartText:
    key: str
    title: str
    description: str
    table: Table


def chart_text(user: User, key: str, rng: ranges.Range, *, now: datetime) -> ChartText:
    """A chart's text alternative and data table."""
    chart = kind(key)
    snap = read_range(user, rng.first, rng.last, now=now, kinds=chart.kinds)
    series, frame = chart.read(snap), data.frame(snap)
    return ChartText(key, chart.title, chart.describe(series, frame), chart.table(series, frame))


# --- Change analysis -------------------------------------------------------------------------


@dataclass(frozen=True)
class AroundChange:
    """One change: a sentence per measure with enough data, and the measures without."""

    change: analysis.MedicationChange
    sentences: list[str]
    too_little: list[str]  # "mood (0 vs 3 days with data)"


@dataclass(frozen=True)
class ChangeAnalysis:
    days: int
    rows: list[analysis.ChangeRow]
    changes: list[AroundChange]
    onsets: list[str]
    associations: list[tuple[str, str]]  # (title, sentence)


def _around(rows: list[analysis.ChangeRow]) -> list[AroundChange]:
    grouped: dict[analysis.MedicationChange, AroundChange] = {}
    for row in rows:
        group = grouped.setdefault(row.change, AroundChange(row.change, [], []))
        c = row.comparison
        if c.enough:
            group.sentences.append(analysis.change_sentence(row))
        else:
            label = row.measure.label[0].lower() + row.measure.label[1:]
            group.too_little.append(f"{label} ({c.after_n} vs {c.before_n} days with data)")
    return list(grouped.values())


def check_window(days: int | None) -> int:
    if days is None:
        return DEFAULT_DAYS
    if not MIN_WINDOW <= days <= MAX_WINDOW:
        raise Invalid(f"Choose from {MIN_WINDOW} to {MAX_WINDOW} days.", "days")
    return days


def change_analysis(
    user: User, rng: ranges.Range, *, days: int | None = None, now: datetime
) -> ChangeAnalysis:
    """Each measure before and after every change in the range, side-effect onsets in the
    range, and the standard associations over the range."""
    days = check_window(days)
    reach = rng.first - timedelta(days=max(days, onset.LOOKBACK_DAYS))
    # The measures from `reach` on, each mood day with the week before it for its mean.
    lookback = (rng.first - reach).days + data.ROLLING_DAYS - 1
    snap = read_range(
        user, rng.first, rng.last, now=now, lookback=lookback, kinds=data.MEASURED_KINDS
    )
    measures, by_key = data.daily_measures(snap, reach, rng.last)
    all_changes = data.medication_changes(snap)
    inside = [c for c in all_changes if rng.first <= c.day <= rng.last]
    # A window shorter than the usual days with data (3 or 4) needs every one of its days.
    rows = analysis.change_table(measures, inside, days=days, min_days=min(days, DEFAULT_MIN_DAYS))
    symptoms = {m: s for m, s in measures.items() if m.side_effect}
    onsets = [
        o for o in analysis.symptom_onsets(symptoms, all_changes) if rng.first <= o.day <= rng.last
    ]
    in_range = {
        k: {d: v for d, v in s.items() if rng.first <= d <= rng.last} for k, s in by_key.items()
    }
    return ChangeAnalysis(
        days,
        rows,
        _around(rows),
        [analysis.onset_sentence(o) for o in onsets],
        [
            (r.pair.title, analysis.association_sentence(r))
            for r in analysis.standard_associations(in_range)
        ],
    )
