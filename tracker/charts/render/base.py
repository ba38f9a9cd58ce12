"""Shared drawing: the style context, figures, date axes, change lines, empty figures, bytes.

Figures are `matplotlib.figure.Figure` with an Agg canvas; `matplotlib.pyplot` is never used
(it keeps every figure in a global registry, which leaks memory in a server).
"""

from __future__ import annotations

import io
import re
import textwrap
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

import matplotlib
from cycler import cycler
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter

from tracker.charts import style
from tracker.charts.render.layout import HEADING, KEY
from tracker.charts.series import Frame
from tracker.charts.style import Size

EPOCH = date(1970, 1, 1)  # matches style.RC["date.epoch"]: x = days since EPOCH
FORMATS = ("png", "svg")
_LOCK = threading.RLock()
_RC = {**style.RC, "axes.prop_cycle": cycler(color=style.CYCLE)}
# No creation date or software version in the file: the same input gives the same bytes.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None, "Format": None, "Type": None},
}
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>\s*")


@contextmanager
def styled(size: str | Size | None = None) -> Iterator[None]:
    """Apply the chart style, with the text sizes of `size` when given (a chart is built
    under its size's; every text keeps the size it was made with). rcParams are
    process-global, so one chart is built at a time: two threads would otherwise mix styles
    (and Agg's font cache is not thread-safe)."""
    rc = _RC if size is None else {**style.rc(size), "axes.prop_cycle": _RC["axes.prop_cycle"]}
    with _LOCK, matplotlib.rc_context(rc):
        yield


def plain(text: str) -> str:
    """User text for a label: every $ escaped so matplotlib never parses it as mathtext."""
    return text.replace("$", r"\$")


def x(day: date) -> float:
    """The x coordinate of a day (its centre)."""
    return float((day - EPOCH).days)


def change_x(day: date) -> float:
    """A change takes effect from the start of its day: the line sits on the day's left edge,
    with everything before the change to its left (and a dose step rising exactly on it)."""
    return x(day) - 0.5


class _Canvas(FigureCanvasAgg):
    """An Agg canvas that reuses one renderer per pixel size across figures.

    matplotlib caches text metrics per renderer, so a new renderer for every chart measures
    every label from scratch; charts of one kind share a size, so they share the cache. Safe
    because figures are only built and saved under styled()'s lock, one at a time."""

    _renderers: ClassVar[dict[tuple, RendererAgg]] = {}

    def get_renderer(self) -> RendererAgg:
        w, h = self.get_width_height(physical=True)
        key = (w, h, self.figure.dpi)
        renderer = self._renderers.get(key)
        if renderer is None:
            if len(self._renderers) >= 32:  # a few sizes per chart kind; keep it bounded
                self._renderers.clear()
            renderer = self._renderers[key] = RendererAgg(w, h, self.figure.dpi)
        self.renderer, self._lastKey = renderer, key
        return renderer


def new_figure(size: str | Size, height: float) -> Figure:
    """A bare figure; charts with panels place them with arrange() (no layout engine: one
    would make every save draw the figure twice, once only to measure it)."""
    found = style.sized(size)
    fig = Figure(figsize=(found.width, height), dpi=found.dpi)
    _Canvas(fig)
    return fig


def to_bytes(fig: Figure, fmt: str) -> bytes:
    """Serialise a figure to PNG or SVG bytes, deterministically and with no external links."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}; use one of {FORMATS}")
    buf = io.BytesIO()
    with styled():
        fig.savefig(buf, format=fmt, metadata=_METADATA[fmt])
    data = buf.getvalue()
    # The SVG 1.1 DOCTYPE names a DTD on w3.org; no browser needs it, so no URL is left behind.
    return _DOCTYPE.sub(b"", data, count=1) if fmt == "svg" else data


# --- Not enough data ---------------------------------------------------------------------


def not_enough(chart_title: str, size: str | Size, notes: Sequence[str] = ()) -> Figure:
    """The figure drawn instead of a chart with fewer than two days of data."""
    found = style.sized(size)
    wrap = int(found.wrap * 1.1)  # centred lines need no room for a key handle
    hint = textwrap.wrap(style.NOT_ENOUGH_HINT, wrap)
    lines = [line for note in notes for line in textwrap.wrap(note, wrap)]
    row = 0.2 * found.text_scale
    height = style.HEIGHT["empty"] * found.text_scale + row * (len(hint) + len(lines))
    fig = new_figure(found, height)

    def at(inches_from_top: float) -> float:
        return 1 - inches_from_top * found.text_scale / height

    fig.text(0.03, at(0.3), chart_title, fontweight="bold", fontsize=found.title)
    fig.text(0.5, at(0.8), style.NOT_ENOUGH, ha="center", fontsize=found.empty)
    below = 1.1
    for line in hint:
        fig.text(0.5, at(below), line, ha="center", color=style.MUTED, fontsize=found.font)
        below += 0.2
    for line in lines:  # facts that must show even without a chart (PHQ-9 item 9)
        fig.text(
            0.5, at(below + 0.15), plain(line), ha="center", color=style.ITEM9, fontsize=found.font
        )
        below += 0.2
    return fig


def empty_panel(ax: Axes, text: str) -> None:
    """A panel of a larger chart with nothing to show."""
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color=style.MUTED)
    ax.set_yticks([])


# --- Date axis ---------------------------------------------------------------------------


def _every(first: date, last: date, step: int) -> list[date]:
    start = first
    if step % 7 == 0:  # weekly ticks fall on Mondays
        start = first + timedelta(days=(7 - first.weekday()) % 7)
    return [start + timedelta(days=n) for n in range(0, (last - start).days + 1, step)]


def _month_starts(first: date, last: date, months: int) -> list[date]:
    ticks, year, month = [], first.year, first.month
    while date(year, month, 1) <= last:
        day = date(year, month, 1)
        if day >= first and (month - 1) % months == 0:
            ticks.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks


def tick_days(first: date, last: date, most: int) -> list[date]:
    """At most `most` whole-day ticks: every 1, 2, 7 or 14 days, else month starts."""
    for step in (1, 2, 7, 14):
        ticks = _every(first, last, step)
        if len(ticks) <= most:
            return ticks
    months = 1
    while len(ticks := _month_starts(first, last, months)) > most:
        months = {1: 2, 2: 3, 3: 6}.get(months, months + 6)
    return ticks


def date_axis(ax: Axes, frame: Frame, size: str | Size) -> None:
    """The frame's days on x, ticks as "3 Aug" (the year added when the range spans two)."""
    ticks = tick_days(frame.first, frame.last, style.sized(size).max_ticks)
    years = frame.first.year != frame.last.year
    labels: dict[float, str] = {}
    for n, day in enumerate(ticks):
        new_year = years and (n == 0 or day.year != ticks[n - 1].year)
        labels[x(day)] = style.day_label(day) + (f"\n{day.year}" if new_year else "")
    ax.set_xlim(x(frame.first) - 0.5, x(frame.last) + 0.5)
    ax.xaxis.set_major_locator(FixedLocator(list(labels)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: labels.get(value, "")))


def y_scale(ax: Axes, label: str, low: float, high: float, ticks: Sequence[float]) -> None:
    """A y axis with its unit and anchors in the label and fixed limits."""
    pad = (high - low) * 0.04
    ax.set_ylim(low - pad, high + pad)
    ax.set_yticks(list(ticks))
    ax.set_ylabel(label)


# --- Medication changes ------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeGroup:
    """The changes of one day, numbered in date order for the key under the chart."""

    number: int
    day: date
    labels: tuple[str, ...]


def change_groups(frame: Frame) -> list[ChangeGroup]:
    by_day: dict[date, list[str]] = {}
    for change in sorted(frame.changes, key=lambda c: c.day):
        if change.day in frame:
            by_day.setdefault(change.day, []).append(change.label)
    return [ChangeGroup(n, day, tuple(labels)) for n, (day, labels) in enumerate(by_day.items(), 1)]


def _levels(groups: Sequence[ChangeGroup], frame: Frame, size: str | Size) -> list[int]:
    """Stack the numbers of nearby changes (up to three high) so they never overlap."""
    found = style.sized(size)
    gap = frame.days * 0.22 * found.text_scale / (found.width * 0.75)  # 0.22 in, in days
    last_on_level: list[date | None] = [None, None, None]
    levels = []
    for group in groups:
        free = [n for n, d in enumerate(last_on_level) if d is None or (group.day - d).days > gap]
        level = free[0] if free else 0
        last_on_level[level] = group.day
        levels.append(level)
    return levels


def _key_labels(groups: Sequence[ChangeGroup], size: str | Size) -> list[str]:
    wrap = style.sized(size).wrap
    return [
        "\n".join(
            textwrap.wrap(f"{g.number}  {style.day_label(g.day)}: {'; '.join(g.labels)}", wrap)
        )
        for g in groups
    ]


def mark_changes(axes: Sequence[Axes], frame: Frame, size: str | Size) -> list[ChangeGroup]:
    """A dashed line through every panel on each change day, numbered above the top panel;
    the key under the chart gives each number its day and label."""
    found = style.sized(size)
    groups = change_groups(frame)
    top = axes[0]
    for group, level in zip(groups, _levels(groups, frame, size), strict=True):
        at = change_x(group.day)
        for ax in axes:
            ax.axvline(at, color=style.CHANGE_LINE, ls="--", lw=0.9, zorder=1.5)
        top.annotate(
            str(group.number),
            xy=(at, 1.0),
            xycoords=top.get_xaxis_transform(),
            xytext=(0, 3 + 15 * found.text_scale * level),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=found.font,
            annotation_clip=False,
            bbox={"boxstyle": "circle,pad=0.15", "fc": "white", "ec": style.CHANGE_LINE},
        )
    return groups


def change_key(
    fig: Figure, groups: Sequence[ChangeGroup], size: str | Size, handle: Artist | None = None
) -> None:
    """The key under the chart: "1  3 Aug: sertraline 50 → 100 mg", in two columns (numbered
    down each) where they fit the figure's width, else one."""
    if not groups:
        return
    handle = handle or Line2D([], [], color=style.CHANGE_LINE, ls="--", lw=0.9)
    room = (fig.get_figwidth() - 2 * style.PAD) * fig.dpi
    for columns in range(min(2, len(groups)), 0, -1):
        key = fig.legend(
            [handle] * len(groups),
            [plain(label) for label in _key_labels(groups, size)],
            loc="lower left",
            borderaxespad=0,
            ncols=columns,
            title="Medication changes",
            title_fontsize=style.sized(size).font,
            alignment="left",
            handlelength=1.6,
            columnspacing=1.5,
        )
        key.set_label(KEY)
        if columns == 1 or key.get_window_extent(fig.canvas.get_renderer()).width <= room:
            return
        key.remove()


def heading(
    fig: Figure,
    chart_title: str,
    handles: Sequence = (),
    labels: Sequence[str] = (),
    ncols: int = 2,
) -> None:
    """The title, with the legend of the measures under it when there is one (one artist for
    both, so they stay together). A legend wider than the figure (long names typed by the
    user) gets fewer columns. The title takes the size's title font (styled(size) is in
    effect while a chart is built)."""
    title_size = matplotlib.rcParams["figure.titlesize"]
    if not handles:
        title = fig.text(0, 1, chart_title, ha="left", va="top", fontweight="bold")
        title.set_fontsize(title_size)
        title.set_label(HEADING)
        return
    room = (fig.get_figwidth() - 2 * style.PAD) * fig.dpi
    for columns in range(ncols, 0, -1):
        legend = fig.legend(
            list(handles),
            [plain(label) for label in labels],
            loc="upper left",
            borderaxespad=0,
            ncols=columns,
            title=chart_title,
            title_fontproperties={"weight": "bold", "size": title_size},
            alignment="left",
            handlelength=1.8,
            columnspacing=1.2,
        )
        legend.set_label(HEADING)
        if columns == 1 or legend.get_window_extent(fig.canvas.get_renderer()).width <= room:
            return
        legend.remove()


def extra_height(frame: Frame, size: str | Size, legend_rows: int, key: bool = True) -> float:
    """Inches for the title, the legend rows, the x tick labels and the change key."""
    found = style.sized(size)
    groups = change_groups(frame)
    key_lines = sum(label.count("\n") + 1 for label in _key_labels(groups, found))
    numbers = 0.25 * (max(_levels(groups, frame, found)) + 1) if groups else 0.0
    keyed = 0.3 + 0.19 * key_lines if groups and key else 0.0
    rows = style.HEIGHT["title"] + legend_rows * style.HEIGHT["legend_row"] + 0.35
    return (rows + numbers + keyed) * found.text_scale


def time_figure(
    frame: Frame,
    size: str | Size,
    panels: Sequence[float],
    legend_rows: int = 1,
    *,
    key: bool = True,
) -> tuple[Figure, list[Axes]]:
    """A figure of stacked panels (heights in inches) on one shared time axis, with the
    medication changes drawn through every panel and, unless `key` is False, keyed
    underneath; heading() adds the title and legend."""
    panels = [height * style.sized(size).panel_scale for height in panels]
    fig = new_figure(size, sum(panels) + extra_height(frame, size, legend_rows, key))
    grid = fig.subplots(len(panels), 1, sharex=True, height_ratios=panels, squeeze=False)
    axes = list(grid[:, 0])
    date_axis(axes[-1], frame, size)
    groups = mark_changes(axes, frame, size)
    if key:
        change_key(fig, groups, size)
    return fig, axes


def day_width(frame: Frame, size: str | Size, share: float = 0.6) -> float:
    """`share` of one day's width on the x axis, in points (for bands and bar-like lines)."""
    points_per_day = style.width(size) * 0.75 * 72 / max(frame.days, 1)
    return min(max(points_per_day * share, 1.0), 8.0)
