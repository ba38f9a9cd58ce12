"""Sleep (chart 5): total sleep time as bars with efficiency on a twin axis; quality below."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from tracker.charts import style
from tracker.charts.render.base import (
    empty_panel,
    heading,
    not_enough,
    styled,
    time_figure,
    to_bytes,
    x,
    y_scale,
)
from tracker.charts.render.layout import TWIN, arrange
from tracker.charts.series import Frame, Night, SleepSeries, enough
from tracker.charts.style import Size

SLEEP_TITLE = "Sleep"
TST_LABEL = "Total sleep\n(hours)"
EFFICIENCY_LABEL = "Efficiency (%)"
QUALITY_LABEL = "Quality\n(1 = very poor,\n5 = very good)"
# Dashed, with small points: in the overview's legend a plain line is the 7-day mood mean, and
# a solid line with round markers is the first side effect.
BAR_WIDTH = 0.75  # days
SLEEP_BARS = "sleep bars"  # the collection's label, for tests
AT_MOST = "sleep at most"  # the stripes over nights whose SOL or WASO was not recorded
# The described text says why: minutes to fall asleep or awake were not recorded.
AT_MOST_LABEL = "Total sleep, at most (h)"
EFFICIENCY_LINE = {"lw": 1.1, "ls": "--", "marker": "o", "ms": 2}


def _bars_path(nights: list[Night]) -> Path:
    half = BAR_WIDTH / 2
    corners = [
        [(x(n.day) - half, 0), (x(n.day) - half, h), (x(n.day) + half, h), (x(n.day) + half, 0)]
        for n in nights
        for h in (n.total_sleep_hours,)
    ]
    return Path.make_compound_path_from_polys(np.array(corners, dtype=float))


def sleep_bars(nights: list[Night]) -> PathPatch:
    """A bar 0.75 day wide per night, up to its total sleep, all in one path: one artist and
    one SVG element, where a bar each made a year of nights slow to draw."""
    return PathPatch(
        _bars_path(nights),
        facecolor=style.SLEEP_BARS,
        edgecolor="none",
        linewidth=0,
        zorder=1,
        label=SLEEP_BARS,
    )


def at_most_stripes(nights: list[Night]) -> PathPatch:
    """White stripes over the bars of nights whose total sleep is only an upper bound."""
    return PathPatch(
        _bars_path(nights),
        facecolor="none",
        edgecolor="white",
        hatch="////",
        linewidth=0,
        zorder=1.5,
        label=AT_MOST,
    )


def draw_sleep_time(ax: Axes, series: SleepSeries, frame: Frame) -> tuple[list, list[str]]:
    """Total sleep time bars (hours, 0-12) and sleep efficiency (%, 0-100) on a twin axis;
    nights without bed times have a bar and no efficiency point."""
    y_scale(ax, TST_LABEL, 0, 12, (0, 4, 8, 12))
    nights = sorted((n for n in series.nights if n.day in frame), key=lambda n: n.day)
    if not nights:
        empty_panel(ax, "No sleep diary in this range")
        return [], []
    # add_artist: the axis limits are fixed already, and add_patch would walk every corner.
    ax.add_artist(sleep_bars(nights))
    twin = ax.twinx()
    twin.set_label(TWIN)  # a second y axis on the same panel, not a panel of its own
    timed = [n for n in nights if n.efficiency_pct is not None]
    twin.plot(
        [x(n.day) for n in timed],
        [n.efficiency_pct for n in timed],
        color=style.EFFICIENCY,
        **EFFICIENCY_LINE,
    )
    twin.set_ylim(0, 104)
    twin.set_yticks([0, 50, 100])
    twin.set_ylabel(EFFICIENCY_LABEL)
    twin.grid(False)
    twin.spines["right"].set_visible(True)
    handles = [
        Patch(color=style.SLEEP_BARS),
        Line2D([], [], color=style.EFFICIENCY, **EFFICIENCY_LINE),
    ]
    labels = ["Total sleep time (h)", "Efficiency (%)"]
    at_most = [n for n in nights if n.at_most]
    if at_most:
        ax.add_artist(at_most_stripes(at_most))
        handles.append(Patch(facecolor=style.SLEEP_BARS, edgecolor="white", hatch="////"))
        labels.append(AT_MOST_LABEL)
    return handles, labels


def draw_quality(ax: Axes, series: SleepSeries, frame: Frame) -> None:
    y_scale(ax, QUALITY_LABEL, 1, 5, (1, 3, 5))
    nights = [n for n in series.nights if n.day in frame and n.quality is not None]
    if not nights:
        empty_panel(ax, "No quality ratings in this range")
        return
    ax.plot(
        [x(n.day) for n in nights],
        [n.quality for n in nights],
        ls="none",
        marker="o",
        ms=3.5,
        color=style.QUALITY,
    )


def sleep_figure(series: SleepSeries, frame: Frame, *, size: str | Size = "phone") -> Figure:
    """Chart 5: two panels on one time axis, nights dated by the morning."""
    with styled(size):
        if not enough([n.day for n in series.nights], frame):
            return not_enough(SLEEP_TITLE, size)
        panels = [style.HEIGHT["panel"], style.HEIGHT["small_panel"]]
        fig, (time_ax, quality_ax) = time_figure(frame, size, panels, 2)
        handles, labels = draw_sleep_time(time_ax, series, frame)
        draw_quality(quality_ax, series, frame)
        handles.append(Line2D([], [], ls="none", marker="o", ms=3.5, color=style.QUALITY))
        labels.append("Quality (1-5)")
        heading(fig, SLEEP_TITLE, handles, labels, ncols=2)
        return arrange(fig)


def render_sleep(
    series: SleepSeries, frame: Frame, fmt: str = "png", *, size: str | Size = "phone"
) -> bytes:
    """Chart 5 as PNG or SVG bytes."""
    with styled():
        return to_bytes(sleep_figure(series, frame, size=size), fmt)
