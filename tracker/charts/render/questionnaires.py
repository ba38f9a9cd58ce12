"""PHQ-9 and GAD-7 totals over their severity bands (chart 8), item-9 answers flagged.

A PHQ-9 item 9 (thoughts of self-harm) above 0 is marked with a vermillion triangle above the
score and its own legend entry; it is never left off, even when the chart itself cannot be
drawn (the not-enough-data figure then names the dates).
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

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

TITLE = "Questionnaires"
ITEM9_LABEL = "PHQ-9 item 9 above 0"
PHQ9_LABEL = "PHQ-9 total\n(0-27, higher =\nmore severe)"
GAD7_LABEL = "GAD-7 total\n(0-21, higher =\nmore severe)"
_SHORT = {"moderately severe": "moderately\nsevere"}


def _bands(ax: Axes, bands: Sequence[tuple[int, int, str]]) -> None:
    """Shaded bands (each reaching half a point past its ends) named on the right. The names
    are plain texts beside the axes, not a secondary y axis: that is a whole extra Axes with
    its own ticks to build and draw for five words."""
    beside = offset_copy(ax.get_yaxis_transform(), fig=ax.figure, x=4, units="points")
    for n, (low, high, name) in enumerate(bands):
        ax.axhspan(low - 0.5, high + 0.5, color=style.BAND_SHADES[n], zorder=0, lw=0)
        ax.text(
            1,
            (low + high) / 2,
            _SHORT.get(name, name),
            transform=beside,
            va="center",
            fontsize=style.FONT_SIZE,
            clip_on=False,
        )
    ax.grid(False)


def draw_scores(
    ax: Axes,
    scores: Sequence[Score],
    frame: Frame,
    bands: Sequence[tuple[int, int, str]],
    label: str,
) -> None:
    """One questionnaire's totals as a line with markers over its bands."""
    top = bands[-1][1]
    y_scale(ax, label, 0, top, [low for low, _, _ in bands] + [top])
    ax.set_ylim(-0.5, top + 0.5)
    _bands(ax, bands)
    inside = sorted((s for s in scores if s.day in frame), key=lambda s: s.day)
    if not inside:
        empty_panel(ax, "No scores in this range")
        return
    ax.plot(
        [x(s.day) for s in inside],
        [s.total for s in inside],
        color=style.SCORE_LINE,
        marker="o",
        ms=4.5,
        lw=1.5,
        zorder=3,
    )


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


def legend_entries(series: QuestionnaireSeries, frame: Frame) -> tuple[list, list[str]]:
    handles = [Line2D([], [], color=style.SCORE_LINE, marker="o", ms=4.5, lw=1.5)]
    labels = ["Total score"]
    if item9_flags(series.phq9, frame):
        handles.append(
            Line2D([], [], ls="none", marker="^", ms=9, color=style.ITEM9, mec="black", mew=0.6)
        )
        labels.append(ITEM9_LABEL)
    return handles, labels


def item9_notes(series: QuestionnaireSeries, frame: Frame) -> list[str]:
    flags = item9_flags(series.phq9, frame)
    if not flags:
        return []
    days = ", ".join(style.day_label(s.day) for s in flags)
    return [f"{ITEM9_LABEL} on {days}."]


def questionnaires_figure(
    series: QuestionnaireSeries, frame: Frame, *, size: str = "phone"
) -> Figure:
    """Chart 8: PHQ-9 over its five bands, GAD-7 over its four, sharing the time axis."""
    with styled():
        days = [s.day for s in series.phq9] + [s.day for s in series.gad7]
        if not enough(days, frame):
            return not_enough(TITLE, size, item9_notes(series, frame))
        panel = style.HEIGHT["panel"]
        fig, (phq_ax, gad_ax) = time_figure(frame, size, [panel * 1.15, panel])
        draw_scores(phq_ax, series.phq9, frame, PHQ9_BANDS, PHQ9_LABEL)
        draw_item9(phq_ax, series.phq9, frame)
        draw_scores(gad_ax, series.gad7, frame, GAD7_BANDS, GAD7_LABEL)
        heading(fig, TITLE, *legend_entries(series, frame))
        return arrange(fig)


def render_questionnaires(
    series: QuestionnaireSeries, frame: Frame, fmt: str = "png", *, size: str = "phone"
) -> bytes:
    """Chart 8 as PNG or SVG bytes."""
    with styled():
        return to_bytes(questionnaires_figure(series, frame, size=size), fmt)
