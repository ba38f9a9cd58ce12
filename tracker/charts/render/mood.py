"""Mood and anxiety per day (chart 1) and side-effect severity over time (chart 2)."""

from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from tracker.charts import style
from tracker.charts.render.base import (
    day_width,
    empty_panel,
    heading,
    not_enough,
    styled,
    time_figure,
    to_bytes,
    x,
    y_scale,
)
from tracker.charts.render.layout import arrange
from tracker.charts.series import (
    DayRange,
    Frame,
    MoodSeries,
    SideEffectSeries,
    enough,
    pick_symptoms,
    rolling_mean,
)
from tracker.charts.style import Size

MOOD_TITLE = "Mood and anxiety"
SIDE_EFFECTS_TITLE = "Side effects"
MOOD_LABEL = "Mood\n(0 = worst,\n10 = best)"
ANXIETY_LABEL = "Anxiety\n(0 = none,\n10 = most severe)"
SEVERITY_LABEL = "Severity\n(0 = none,\n10 = worst)"
ZERO_TO_TEN = (0, 5, 10)
DAY_RANGES = "day ranges"  # the line's label, for tests


def draw_scale(
    ax: Axes, days: list[DayRange], frame: Frame, size: str | Size, colour: str, label: str
) -> None:
    """One 0-10 scale: the day's range as a band, its mean as a point, the 7-day mean line."""
    y_scale(ax, label, 0, 10, ZERO_TO_TEN)
    inside = [d for d in days if d.day in frame]
    if not inside:
        empty_panel(ax, "No ratings in this range")
        return
    xs = [x(d.day) for d in inside]
    # Every day's range in one line broken by NaN: one path to draw (and one SVG element),
    # not one per day. Flat ends, as a band's; the bands are narrower than a day, so none
    # overlap and the transparency is the same as drawn one by one.
    ax.plot(
        [at for at in xs for at in (at, at, math.nan)],
        [y for d in inside for y in (d.low, d.high, math.nan)],
        color=colour,
        alpha=style.RANGE_ALPHA,
        lw=day_width(frame, size),
        solid_capstyle="butt",
        label=DAY_RANGES,
    )
    ax.plot(xs, [d.mean for d in inside], ls="none", marker="o", ms=3.2, color=colour)
    rolling = rolling_mean([(d.day, d.mean) for d in days], frame.first, frame.last)
    ax.plot(
        [x(day) for day, _ in rolling],
        [math.nan if value is None else value for _, value in rolling],
        color=style.ROLLING,
        lw=1.4,
    )


def mood_legend() -> tuple[list[Line2D], list[str]]:
    """The day's mean is a point, its range a wide band, the 7-day mean a thin line."""
    grey = style.MUTED
    handles = [
        Line2D([], [], ls="none", marker="o", ms=4, color=grey),
        Line2D([], [], lw=5, color=grey, alpha=style.RANGE_ALPHA),
        Line2D([], [], lw=1.4, color=style.ROLLING),
    ]
    return handles, ["Day's mean", "Day's lowest to highest", "7-day mean"]


def mood_figure(series: MoodSeries, frame: Frame, *, size: str | Size = "phone") -> Figure:
    """Mood and anxiety on two panels sharing the time axis."""
    with styled(size):
        days = [d.day for d in series.mood] + [d.day for d in series.anxiety]
        if not enough(days, frame):
            return not_enough(MOOD_TITLE, size)
        panel = style.HEIGHT["panel"]
        fig, (mood_ax, anxiety_ax) = time_figure(frame, size, [panel, panel], 2)
        draw_scale(mood_ax, series.mood, frame, size, style.MOOD, MOOD_LABEL)
        draw_scale(anxiety_ax, series.anxiety, frame, size, style.ANXIETY, ANXIETY_LABEL)
        heading(fig, MOOD_TITLE, *mood_legend())
        return arrange(fig)


def render_mood(
    series: MoodSeries, frame: Frame, fmt: str = "png", *, size: str | Size = "phone"
) -> bytes:
    """Chart 1 as PNG or SVG bytes."""
    with styled():
        return to_bytes(mood_figure(series, frame, size=size), fmt)


def draw_side_effects(
    ax: Axes, series: SideEffectSeries, frame: Frame
) -> tuple[list[Line2D], list[str]]:
    """Severity lines of the drawn symptoms (numbness and fog first); returns legend entries."""
    y_scale(ax, SEVERITY_LABEL, 0, 10, ZERO_TO_TEN)
    shown, _omitted = pick_symptoms(series.symptoms, frame)
    if not shown:
        empty_panel(ax, "No side effects rated in this range")
        return [], []
    handles = []
    for n, line in enumerate(shown):
        points = sorted((day, value) for day, value in line.points if day in frame)
        (handle,) = ax.plot(
            [x(day) for day, _ in points],
            [value for _, value in points],
            color=style.CYCLE[n],
            marker=style.MARKERS[n],
            ls=style.DASHES[n],
            ms=3.5,
            lw=1.3,
        )
        handles.append(handle)
    return handles, [line.name for line in shown]


def side_effects_figure(
    series: SideEffectSeries, frame: Frame, *, size: str | Size = "phone"
) -> Figure:
    """Chart 2: severity 0-10 over time, at most five symptoms."""
    with styled(size):
        days = [day for line in series.symptoms for day, _ in line.points]
        if not enough(days, frame):
            return not_enough(SIDE_EFFECTS_TITLE, size)
        shown, _ = pick_symptoms(series.symptoms, frame)
        rows = math.ceil(len(shown) / 2)
        fig, (ax,) = time_figure(frame, size, [style.HEIGHT["panel"]], rows)
        handles, labels = draw_side_effects(ax, series, frame)
        heading(fig, SIDE_EFFECTS_TITLE, handles, labels)
        return arrange(fig)


def render_side_effects(
    series: SideEffectSeries, frame: Frame, fmt: str = "png", *, size: str | Size = "phone"
) -> bytes:
    """Chart 2 as PNG or SVG bytes."""
    with styled():
        return to_bytes(side_effects_figure(series, frame, size=size), fmt)
