"""The prescriber's overview (chart 9): doses, mood and anxiety, side effects and sleep stacked
on one shared time axis. Sleep shows time and efficiency only (quality is in chart 5), so the
page stays short enough for a printed report."""

from __future__ import annotations

from matplotlib.figure import Figure

from tracker.charts import style
from tracker.charts.render.base import (
    heading,
    not_enough,
    styled,
    time_figure,
    to_bytes,
)
from tracker.charts.render.doses import dose_days, dose_legend, draw_dose_row, row_height
from tracker.charts.render.layout import arrange
from tracker.charts.render.mood import (
    ANXIETY_LABEL,
    MOOD_LABEL,
    draw_scale,
    draw_side_effects,
    mood_legend,
)
from tracker.charts.render.sleep import draw_sleep_time
from tracker.charts.series import Frame, OverviewSeries, enough, pick_symptoms
from tracker.charts.style import Size

TITLE = "Overview"
WIDE = 6.0  # inches: a legend this wide takes four columns, a phone's two


def overview_days(series: OverviewSeries, frame: Frame) -> list:
    """Days with data in any of the four parts (for the not-enough-data test)."""
    days = [d for med in series.doses.medications for d in dose_days(med, frame)]
    days += [d.day for d in series.mood.mood] + [d.day for d in series.mood.anxiety]
    days += [day for line in series.side_effects.symptoms for day, _ in line.points]
    return days + [n.day for n in series.sleep.nights]


def _legend_count(series: OverviewSeries, frame: Frame) -> int:
    doses = len(dose_legend(series.doses, frame)[1])
    symptoms = len(pick_symptoms(series.side_effects.symptoms, frame)[0])
    return doses + 3 + symptoms + 2


def overview_figure(
    series: OverviewSeries,
    frame: Frame,
    *,
    size: str | Size = "phone",
    width_mm: float | None = None,
    height_mm: float | None = None,
) -> Figure:
    """Chart 9: one row per medication, then mood, anxiety, side effects, sleep. For the
    report (size "report"), drawn `width_mm` wide and at most about `height_mm` high, the
    size it is printed at."""
    size = style.sized(size, width_mm, height_mm)
    columns = 4 if size.width >= WIDE else 2
    with styled(size):
        if not enough(overview_days(series, frame), frame):
            return not_enough(TITLE, size)
        meds = series.doses.medications
        panel = style.HEIGHT["panel"]
        heights = [row_height(med) for med in meds] + [panel, panel, panel, panel]
        rows = -(-_legend_count(series, frame) // columns)
        fig, axes = time_figure(frame, size, heights, rows)
        for ax, med in zip(axes, meds, strict=False):
            draw_dose_row(ax, med, frame)
        mood_ax, anxiety_ax, side_ax, sleep_ax = axes[len(meds) :]
        draw_scale(mood_ax, series.mood.mood, frame, size, style.MOOD, MOOD_LABEL)
        draw_scale(anxiety_ax, series.mood.anxiety, frame, size, style.ANXIETY, ANXIETY_LABEL)
        handles, labels = dose_legend(series.doses, frame)
        for part in (
            mood_legend(),
            draw_side_effects(side_ax, series.side_effects, frame),
            draw_sleep_time(sleep_ax, series.sleep, frame),
        ):
            handles += part[0]
            labels += part[1]
        heading(fig, TITLE, handles, labels, ncols=columns)
        return arrange(fig, size.max_height, style.OVERVIEW_FIT_SHARE)


def render_overview(
    series: OverviewSeries,
    frame: Frame,
    fmt: str = "png",
    *,
    size: str | Size = "phone",
    width_mm: float | None = None,
    height_mm: float | None = None,
) -> bytes:
    """Chart 9 as PNG or SVG bytes (see overview_figure for the report's width and height)."""
    with styled():
        figure = overview_figure(series, frame, size=size, width_mm=width_mm, height_mm=height_mm)
        return to_bytes(figure, fmt)
