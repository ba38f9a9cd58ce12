"""Dose timeline (chart 3) and the adherence calendar (chart 4).

Each medication gets its own row with its own mg axis: amounts of different drugs are not
comparable (100 mg of sertraline, 1 mg of lorazepam), and one shared axis would flatten the
small ones to a line at zero.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from datetime import date, timedelta

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.patheffects import Normal, Stroke
from matplotlib.ticker import MaxNLocator

from tracker.charts import style
from tracker.charts.render.base import (
    change_groups,
    change_key,
    empty_panel,
    extra_height,
    heading,
    new_figure,
    not_enough,
    plain,
    styled,
    time_figure,
    to_bytes,
    x,
)
from tracker.charts.render.layout import arrange
from tracker.charts.series import (
    DUE_LATER,
    NOTHING,
    AdherenceSeries,
    Change,
    DoseSeries,
    Frame,
    MedicationAdherence,
    MedicationDoses,
    amount_on,
    enough,
)
from tracker.charts.style import Size

DOSES_TITLE = "Scheduled doses"
ADHERENCE_TITLE = "Doses taken"
KIND_LABELS = {"start": "Start", "change": "Change", "taper": "Taper step", "stop": "Stop"}
PRN_LABEL = "As-needed dose"
_CATEGORIES = ("on_time", "late", "skipped", "missed", DUE_LATER, NOTHING)
# Every other row is labelled, as paper and web calendars do: seven labels per calendar
# crowd the rows on a phone and cost as much to draw as the cells.
_WEEKDAYS = {0: "Mon", 2: "Wed", 4: "Fri", 6: "Sun"}
# A change day's cell: dashed, as the change lines of the time charts, over a white stroke
# so it shows on dark cells too (and in greyscale).
CHANGE_OUTLINE = {
    "fill": False,
    "ec": "black",
    "lw": 1.3,
    "ls": (0, (2.5, 1.2)),
    "path_effects": [Stroke(linewidth=2.6, foreground="white"), Normal()],
}


def dose_days(med: MedicationDoses, frame: Frame) -> list:
    """Days in the frame with something to draw: scheduled span ends and as-needed days."""
    days = [dose.day for dose in med.as_needed]
    if med.steps:
        start = max(frame.first, min(step.day for step in med.steps))
        days += [start, frame.last] if start <= frame.last else []
    return days


def _row_label(med: MedicationDoses) -> str:
    name = "\n".join(textwrap.wrap(med.name, 16))
    unit = f"({med.unit} per day)" if med.steps else "(as needed)"
    return f"{plain(name)}\n{unit}"


def _draw_steps(ax: Axes, med: MedicationDoses, frame: Frame, colour: str) -> float:
    """The scheduled daily amount as a step line with a marker per step; returns its top."""
    steps = sorted(med.steps, key=lambda s: s.day)
    xs, ys = [], []
    before = amount_on(steps, frame.first)
    if before is not None:
        xs, ys = [x(frame.first) - 0.5], [before]
    for step in steps:
        if step.day in frame:
            xs.append(x(step.day) - 0.5)
            ys.append(step.amount)
    if not xs:
        return 0.0
    xs.append(x(frame.last) + 0.5)
    ys.append(ys[-1])
    ax.step(xs, ys, where="post", color=colour, lw=1.8)
    for step in steps:
        if step.day in frame:
            marker = style.DOSE_MARKERS.get(step.kind, "o")
            ax.plot(x(step.day) - 0.5, step.amount, marker=marker, ms=6, color="black", zorder=3)
    return max(ys)


def _draw_prn(ax: Axes, med: MedicationDoses, frame: Frame) -> None:
    """As-needed doses as ticks along the bottom of the row, stacked when a day has several.
    One line of markers for them all: an artist per dose made a year's row slow to draw."""
    seen: Counter = Counter()
    xs, ys = [], []
    for dose in sorted(med.as_needed, key=lambda d: d.day):
        if dose.day in frame:
            xs.append(x(dose.day))
            ys.append(0.1 + 0.16 * seen[dose.day])
            seen[dose.day] += 1
    if xs:
        ax.plot(
            xs,
            ys,
            ls="none",
            marker="|",
            ms=8,
            mew=1.6,
            color=style.PRN_TICK,
            transform=ax.get_xaxis_transform(),
            clip_on=False,
        )


def _amount_axis(ax: Axes, med: MedicationDoses, frame: Frame, top: float) -> None:
    """Ticks at the amounts taken when there are few, else three round ones."""
    amounts = {0.0} | {s.amount for s in med.steps if s.day in frame}
    if (before := amount_on(med.steps, frame.first)) is not None:
        amounts.add(before)
    ax.set_ylim(-top * 0.1, top * 1.25)  # room for a stop marker at 0
    if len(amounts) <= 3:
        ax.set_yticks(sorted(amounts))
    else:
        ax.yaxis.set_major_locator(MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10]))


def draw_dose_row(ax: Axes, med: MedicationDoses, frame: Frame) -> None:
    """One medication's row: scheduled mg per day as steps in the medication's own colour,
    as-needed doses as ticks."""
    top = _draw_steps(ax, med, frame, style.medication_colour(med.colour))
    _draw_prn(ax, med, frame)
    ax.set_ylabel(_row_label(med), rotation=0, ha="right", va="center")
    if med.steps and top > 0:
        _amount_axis(ax, med, frame, top)
    else:
        ax.set_yticks([])
        ax.set_ylim(0, 1)
    if not dose_days(med, frame):
        empty_panel(ax, "Not taken in this range")


def row_height(med: MedicationDoses) -> float:
    """As-needed-only rows hold ticks only, and a dose that never changed is one flat line
    with a tick at its amount: both are shorter."""
    levels = {step.amount for step in med.steps if step.kind != "stop"}
    return style.HEIGHT["small_panel"] * (1 if len(levels) > 1 or _stopped(med) else 0.6)


def _stopped(med: MedicationDoses) -> bool:
    return any(step.kind == "stop" for step in med.steps)


def dose_legend(series: DoseSeries, frame: Frame) -> tuple[list[Line2D], list[str]]:
    kinds = {s.kind for m in series.medications for s in m.steps if s.day in frame}
    handles, labels = [], []
    for kind, label in KIND_LABELS.items():
        if kind in kinds:
            handles.append(Line2D([], [], ls="none", marker=style.DOSE_MARKERS[kind], ms=6, c="k"))
            labels.append(label)
    if any(d.day in frame for m in series.medications for d in m.as_needed):
        handles.append(Line2D([], [], ls="none", marker="|", ms=8, mew=1.6, c=style.PRN_TICK))
        labels.append(PRN_LABEL)
    return handles, labels


def doses_figure(series: DoseSeries, frame: Frame, *, size: str | Size = "phone") -> Figure:
    """Chart 3: one row per medication, sharing the time axis."""
    with styled(size):
        days = [d for med in series.medications for d in dose_days(med, frame)]
        if not enough(days, frame):
            return not_enough(DOSES_TITLE, size)
        handles, labels = dose_legend(series, frame)
        rows = [row_height(med) for med in series.medications]
        fig, axes = time_figure(frame, size, rows, math.ceil(len(labels) / 3))
        for ax, med in zip(axes, series.medications, strict=True):
            draw_dose_row(ax, med, frame)
        heading(fig, DOSES_TITLE, handles, labels, ncols=3)
        return arrange(fig)


def render_doses(
    series: DoseSeries, frame: Frame, fmt: str = "png", *, size: str | Size = "phone"
) -> bytes:
    """Chart 3 as PNG or SVG bytes."""
    with styled():
        return to_bytes(doses_figure(series, frame, size=size), fmt)


# --- Adherence calendar -------------------------------------------------------------------


def _calendar_cells(med: MedicationAdherence, frame: Frame) -> tuple[list[list[float]], int]:
    """Rows Monday..Sunday by week columns of category indexes; NaN outside the frame."""
    start = frame.first - timedelta(days=frame.first.weekday())
    weeks = (frame.last - start).days // 7 + 1
    grid = [[math.nan] * weeks for _ in range(7)]
    for n in range(frame.days):
        day = frame.first + timedelta(days=n)
        column = (day - start).days // 7
        category = med.days.get(day, NOTHING)
        grid[day.weekday()][column] = float(_CATEGORIES.index(category))
    return grid, weeks


def _calendar_axes(ax: Axes, frame: Frame, weeks: int, size: str | Size) -> None:
    start = frame.first - timedelta(days=frame.first.weekday())
    every = max(1, math.ceil(weeks / style.sized(size).max_ticks))
    columns = list(range(0, weeks, every))
    ax.grid(False)  # tick settings first: they then apply to the ticks as they are made,
    ax.tick_params(length=0)  # not to each existing tick again
    ax.set_xticks(
        [c + 0.5 for c in columns], [style.day_label(start + timedelta(weeks=c)) for c in columns]
    )
    ax.set_yticks([n + 0.5 for n in _WEEKDAYS], list(_WEEKDAYS.values()))
    ax.set_xlim(0, weeks)
    ax.set_ylim(7, 0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _cell_gaps(weeks: int) -> LineCollection:
    """White lines between the cells: one stroke per row and column boundary instead of an
    outline around each of the hundreds of cells (what pcolormesh's edgecolors would draw)."""
    rows = [[(0, y), (weeks, y)] for y in range(8)]
    columns = [[(column, 0), (column, 7)] for column in range(weeks + 1)]
    return LineCollection(rows + columns, colors="white", linewidths=0.8)


def _cell(day: date, start: date) -> tuple[int, int]:
    """(column, row) of a day's cell: weeks left to right, Monday at the top."""
    return (day - start).days // 7, day.weekday()


def _hatches(ax: Axes, med: MedicationAdherence, frame: Frame, start: date) -> None:
    """The hatch of each status over its cells, one collection per status (not an artist per
    day), so the calendar reads in greyscale too."""
    for category in _CATEGORIES:
        hatch = style.ADHERENCE_HATCHES[category]
        days = [d for d, c in med.days.items() if c == category and d in frame]
        if not hatch or not days:
            continue
        cells = [Rectangle(_cell(d, start), 1, 1) for d in sorted(days)]
        hatched = PatchCollection(cells, fc="none", ec="none", lw=0, hatch=hatch)
        hatched.set_hatchcolor(style.HATCH_COLOUR)
        hatched.set_hatch_linewidth(style.HATCH_WIDTH)
        ax.add_collection(hatched, autolim=False)


def own_changes(med: MedicationAdherence, frame: Frame) -> Frame:
    """The frame with only the changes this medication's calendar marks (its own)."""
    return Frame(frame.first, frame.last, [c for c in frame.changes if med.marks(c)])


def shown_changes(series: AdherenceSeries, frame: Frame) -> Frame:
    """The frame with the changes of the medications shown, for the key under the calendars."""
    changes: list[Change] = [
        c for c in frame.changes if any(med.marks(c) for med in series.medications)
    ]
    return Frame(frame.first, frame.last, changes)


def draw_calendar(ax: Axes, med: MedicationAdherence, frame: Frame, size: str | Size) -> None:
    """One medication's calendar: a cell per day in the worst status of the day's doses, with
    the status's hatch; the days this medication's dose changed get a dashed outline."""
    grid, weeks = _calendar_cells(med, frame)
    colours = ListedColormap([style.ADHERENCE_COLOURS[c] for c in _CATEGORIES])
    norm = BoundaryNorm([n - 0.5 for n in range(len(_CATEGORIES) + 1)], len(_CATEGORIES))
    ax.pcolormesh(grid, cmap=colours, norm=norm)
    start = frame.first - timedelta(days=frame.first.weekday())
    _hatches(ax, med, frame, start)
    ax.add_collection(_cell_gaps(weeks), autolim=False)
    for group in change_groups(own_changes(med, frame)):
        ax.add_patch(Rectangle(_cell(group.day, start), 1, 1, **CHANGE_OUTLINE))
    ax.set_title(plain(med.name), loc="left", fontweight="bold")
    _calendar_axes(ax, frame, weeks, size)


def _calendar_legend(changes: bool) -> tuple[list[Patch], list[str]]:
    handles = [
        Patch(
            fc=style.ADHERENCE_COLOURS[c],
            ec="#999999",
            fill=c != NOTHING,  # a blank cell
            hatch=style.ADHERENCE_HATCHES[c] or None,
            hatchcolor=style.HATCH_COLOUR,
            lw=0.6,
        )
        for c in _CATEGORIES
    ]
    labels = [style.ADHERENCE_LABELS[c] for c in _CATEGORIES]
    if changes:
        handles.append(Patch(**CHANGE_OUTLINE))
        labels.append("Medication change")
    return handles, labels


def adherence_figure(
    series: AdherenceSeries, frame: Frame, *, size: str | Size = "phone"
) -> Figure:
    """Chart 4: a calendar per medication, each marking its own dose changes."""
    with styled(size):
        days = [day for med in series.medications for day in med.days]
        if not enough(days, frame):
            return not_enough(ADHERENCE_TITLE, size)
        keyed = shown_changes(series, frame)
        rows = len(series.medications)
        height = rows * style.HEIGHT["calendar_row"] + extra_height(keyed, size, 2)
        fig = new_figure(size, height)
        ratios = [style.HEIGHT["calendar_row"]] * rows  # inches, as arrange() expects
        axes = fig.subplots(rows, 1, squeeze=False, height_ratios=ratios)[:, 0]
        for ax, med in zip(axes, series.medications, strict=True):
            draw_calendar(ax, med, frame, size)
        groups = change_groups(keyed)
        heading(fig, ADHERENCE_TITLE, *_calendar_legend(bool(groups)), ncols=3)
        change_key(fig, groups, size, Patch(**CHANGE_OUTLINE))
        return arrange(fig)


def render_adherence(
    series: AdherenceSeries, frame: Frame, fmt: str = "png", *, size: str | Size = "phone"
) -> bytes:
    """Chart 4 as PNG or SVG bytes."""
    with styled():
        return to_bytes(adherence_figure(series, frame, size=size), fmt)
