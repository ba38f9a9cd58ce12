"""Vitals: weight (the user's unit) and blood pressure (mmHg) on one time axis, with the
medication changes through both panels. Pulse and resting heart rate are in the data table:
few measures per chart.

A point per measurement; a thin line joins two weights only when they are at most
MAX_GAP_DAYS apart, so weeks without a measurement are left open, never drawn across.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from tracker.charts import style
from tracker.charts.render.base import (
    empty_panel,
    heading,
    not_enough,
    styled,
    time_figure,
    to_bytes,
    x,
)
from tracker.charts.render.layout import arrange
from tracker.charts.series import Frame, enough
from tracker.charts.style import Size
from tracker.vitals.series import PRESSURE_UNIT, VitalsSeries

VITALS_TITLE = "Weight and blood pressure"
PRESSURE_LABEL = f"Blood pressure\n({PRESSURE_UNIT})"
MAX_GAP_DAYS = 21  # three weekly weigh-ins missed in a row: no line across
WEIGHT_LINE = {"lw": 1.0, "color": style.WEIGHT}
WEIGHT_POINT = {"ls": "none", "marker": "o", "ms": 3.2, "color": style.WEIGHT}
SYSTOLIC_POINT = {"ls": "none", "marker": "v", "ms": 4, "color": style.SYSTOLIC}
DIASTOLIC_POINT = {"ls": "none", "marker": "^", "ms": 4, "color": style.DIASTOLIC}
PRESSURE_BARS = "pressure bars"  # the line's label, for tests
WEIGHT_LINES = "weight lines"


def weight_label(unit: str) -> str:
    return f"Weight\n({unit})"


def joined(points: Sequence[tuple[date, float]], gap: int = MAX_GAP_DAYS) -> tuple[list, list]:
    """x and y of a line through the points, broken (NaN) where two are more than `gap` days
    apart."""
    xs: list[float] = []
    ys: list[float] = []
    for n, (day, value) in enumerate(points):
        if n and (day - points[n - 1][0]).days > gap:
            xs.append(math.nan)
            ys.append(math.nan)
        xs.append(x(day))
        ys.append(value)
    return xs, ys


def _limits(ax: Axes, low: float, high: float, least: float) -> None:
    """Room around the values, at least `least` units tall, a few whole ticks."""
    pad = max((high - low) * 0.15, least / 2)
    ax.set_ylim(low - pad, high + pad)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))


def draw_weight(ax: Axes, series: VitalsSeries, frame: Frame) -> None:
    ax.set_ylabel(weight_label(series.unit))
    weights = series.weights(frame)
    if not weights:
        empty_panel(ax, "No weight logged in this range")
        return
    ax.plot(*joined(weights), label=WEIGHT_LINES, **WEIGHT_LINE)
    ax.plot([x(d) for d, _ in weights], [w for _, w in weights], **WEIGHT_POINT)
    values = [w for _, w in weights]
    _limits(ax, min(values), max(values), 2.0)


def draw_pressure(ax: Axes, series: VitalsSeries, frame: Frame) -> None:
    ax.set_ylabel(PRESSURE_LABEL)
    readings = series.pressures(frame)
    if not readings:
        empty_panel(ax, "No blood pressure logged in this range")
        return
    xs = [x(p.day) for p in readings]
    # Every reading's bar in one line broken by NaN: one path, one SVG element.
    ax.plot(
        [at for at in xs for at in (at, at, math.nan)],
        [v for p in readings for v in (p.diastolic, p.systolic, math.nan)],
        color=style.PRESSURE_BAR,
        lw=1.2,
        solid_capstyle="butt",
        label=PRESSURE_BARS,
    )
    ax.plot(xs, [p.systolic for p in readings], **SYSTOLIC_POINT)
    ax.plot(xs, [p.diastolic for p in readings], **DIASTOLIC_POINT)
    low = min(p.diastolic for p in readings if p.diastolic is not None)
    high = max(p.systolic for p in readings if p.systolic is not None)
    _limits(ax, low, high, 20.0)


def vitals_figure(series: VitalsSeries, frame: Frame, *, size: str | Size = "phone") -> Figure:
    """Two panels on one time axis: weight, then blood pressure."""
    with styled(size):
        days = [d for d, _ in series.weights(frame)] + [p.day for p in series.pressures(frame)]
        if not enough(days, frame):
            return not_enough(VITALS_TITLE, size)
        panel = style.HEIGHT["panel"]
        fig, (weight_ax, pressure_ax) = time_figure(frame, size, [panel, panel], 2)
        draw_weight(weight_ax, series, frame)
        draw_pressure(pressure_ax, series, frame)
        handles = [
            Line2D([], [], **{**WEIGHT_LINE, **WEIGHT_POINT, "ls": "-"}),
            Line2D([], [], **SYSTOLIC_POINT),
            Line2D([], [], **DIASTOLIC_POINT),
        ]
        labels = [f"Weight ({series.unit})", "Systolic (upper)", "Diastolic (lower)"]
        heading(fig, VITALS_TITLE, handles, labels, ncols=3)
        return arrange(fig)


def render_vitals(
    series: VitalsSeries, frame: Frame, fmt: str = "png", *, size: str | Size = "phone"
) -> bytes:
    """The vitals chart as PNG or SVG bytes."""
    with styled():
        return to_bytes(vitals_figure(series, frame, size=size), fmt)
