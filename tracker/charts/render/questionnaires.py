"""PHQ-9 and GAD-7 totals over their severity bands (chart 8), item-9 answers flagged.

A PHQ-9 item 9 (thoughts of self-harm) above 0 is marked with a vermillion triangle above the
score and its own legend entry; it is never left off, even when the chart itself cannot be
drawn (the not-enough-data figure then names the dates).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import offset_copy

from tracker.charts import style
from tracker.charts.render.base import (
    change_groups,
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
    GAD7_BANDS,
    PHQ9_BANDS,
    Frame,
    QuestionnaireSeries,
    Score,
    enough,
    item9_flags,
)
from tracker.charts.style import Size

TITLE = "Questionnaires"
ITEM9_LABEL = "PHQ-9 item 9 above 0"
PHQ9_LABEL = "PHQ-9 total\n(0-27, higher =\nmore severe)"
GAD7_LABEL = "GAD-7 total\n(0-21, higher =\nmore severe)"
_SHORT = {"moderately severe": "moderately\nsevere"}
# Every chart of one range numbers its changes alike; the report keys them under the overview.
UNKEYED_CHANGES = "Medication change (numbered as in the overview)"


@dataclass(frozen=True)
class BandName:
    text: Text
    ax: Axes
    points: int  # the band's height in score points


def _bands(ax: Axes, bands: Sequence[tuple[int, int, str]]) -> list[BandName]:
    """Shaded bands (each reaching half a point past its ends) named on the right. The names
    are plain texts beside the axes, not a secondary y axis: that is a whole extra Axes with
    its own ticks to build and draw for five words."""
    beside = offset_copy(ax.get_yaxis_transform(), fig=ax.figure, x=4, units="points")
    names = []
    for n, (low, high, name) in enumerate(bands):
        ax.axhspan(low - 0.5, high + 0.5, color=style.BAND_SHADES[n], zorder=0, lw=0)
        text = ax.text(
            1,
            (low + high) / 2,
            _SHORT.get(name, name),
            transform=beside,
            va="center",
            clip_on=False,
        )
        names.append(BandName(text, ax, high - low + 1))
    ax.grid(False)
    return names


def _unwrap_crowded(names: Sequence[BandName]) -> bool:
    """A two-line band name taller than its band (a flat printed panel) goes on one line, as
    wide as the panels' right margin allows; whether any did."""
    changed = False
    for name in names:
        if "\n" not in name.text.get_text():
            continue
        renderer = name.ax.figure.canvas.get_renderer()
        (_, low), (_, high) = name.ax.transData.transform([(0, 0), (0, name.points)])
        if name.text.get_window_extent(renderer).height > high - low:
            name.text.set_text(name.text.get_text().replace("\n", " "))
            changed = True
    return changed


def draw_scores(
    ax: Axes,
    scores: Sequence[Score],
    frame: Frame,
    bands: Sequence[tuple[int, int, str]],
    label: str,
) -> list[BandName]:
    """One questionnaire's totals as a line with markers over its bands (returns the bands'
    names)."""
    top = bands[-1][1]
    y_scale(ax, label, 0, top, [low for low, _, _ in bands] + [top])
    ax.set_ylim(-0.5, top + 0.5)
    names = _bands(ax, bands)
    inside = sorted((s for s in scores if s.day in frame), key=lambda s: s.day)
    if not inside:
        empty_panel(ax, "No scores in this range")
        return names
    ax.plot(
        [x(s.day) for s in inside],
        [s.total for s in inside],
        color=style.SCORE_LINE,
        marker="o",
        ms=4.5,
        lw=1.5,
        zorder=3,
    )
    return names


def draw_item9(ax: Axes, scores: Sequence[Score], frame: Frame) -> None:
    """A vermillion triangle just above each PHQ-9 score whose item 9 was above 0."""
    above = offset_copy(ax.transData, fig=ax.figure, y=10, units="points")
    for score in item9_flags(scores, frame):
        ax.plot(
            x(score.day),
            score.total,
            ls="none",
            marker="^",
            ms=9,
            color=style.ITEM9,
            mec="black",
            mew=0.6,
            zorder=4,
            clip_on=False,
            transform=above,
        )


def legend_entries(
    series: QuestionnaireSeries, frame: Frame, *, keyed: bool = True
) -> tuple[list, list[str]]:
    """The score line, the item-9 flag when there is one, and the change line when the
    changes are not keyed under this chart."""
    handles = [Line2D([], [], color=style.SCORE_LINE, marker="o", ms=4.5, lw=1.5)]
    labels = ["Total score"]
    if item9_flags(series.phq9, frame):
        handles.append(
            Line2D([], [], ls="none", marker="^", ms=9, color=style.ITEM9, mec="black", mew=0.6)
        )
        labels.append(ITEM9_LABEL)
    if not keyed and change_groups(frame):
        handles.append(Line2D([], [], color=style.CHANGE_LINE, ls="--", lw=0.9))
        labels.append(UNKEYED_CHANGES)
    return handles, labels


def item9_notes(series: QuestionnaireSeries, frame: Frame) -> list[str]:
    flags = item9_flags(series.phq9, frame)
    if not flags:
        return []
    days = ", ".join(style.day_label(s.day) for s in flags)
    return [f"{ITEM9_LABEL} on {days}."]


def questionnaires_figure(
    series: QuestionnaireSeries,
    frame: Frame,
    *,
    size: str | Size = "phone",
    width_mm: float | None = None,
    height_mm: float | None = None,
    changes_key: bool = True,
) -> Figure:
    """Chart 8: PHQ-9 over its five bands, GAD-7 over its four, sharing the time axis. For
    the report (size "report"), drawn `width_mm` wide and at most about `height_mm` high, the
    size it is printed at; `changes_key=False` numbers the medication changes without
    keying them (a page whose overview chart keys them already)."""
    size = style.sized(size, width_mm, height_mm)
    with styled(size):
        days = [s.day for s in series.phq9] + [s.day for s in series.gad7]
        if not enough(days, frame):
            return not_enough(TITLE, size, item9_notes(series, frame))
        panel = style.HEIGHT["panel"]
        handles, labels = legend_entries(series, frame, keyed=changes_key)
        fig, (phq_ax, gad_ax) = time_figure(
            frame, size, [panel * 1.15, panel], math.ceil(len(labels) / 3), key=changes_key
        )
        names = draw_scores(phq_ax, series.phq9, frame, PHQ9_BANDS, PHQ9_LABEL)
        draw_item9(phq_ax, series.phq9, frame)
        names += draw_scores(gad_ax, series.gad7, frame, GAD7_BANDS, GAD7_LABEL)
        heading(fig, TITLE, handles, labels, ncols=3)
        arrange(fig, size.max_height)
        return arrange(fig, size.max_height) if _unwrap_crowded(names) else fig


def render_questionnaires(
    series: QuestionnaireSeries,
    frame: Frame,
    fmt: str = "png",
    *,
    size: str | Size = "phone",
    width_mm: float | None = None,
    height_mm: float | None = None,
    changes_key: bool = True,
) -> bytes:
    """Chart 8 as PNG or SVG bytes (see questionnaires_figure for the report's width and
    height)."""
    with styled():
        figure = questionnaires_figure(
            series,
            frame,
            size=size,
            width_mm=width_mm,
            height_mm=height_mm,
            changes_key=changes_key,
        )
        return to_bytes(figure, fmt)
