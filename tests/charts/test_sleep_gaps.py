"""Sleep chart, table and overview with nights known only by their length and unrated nights:
every night has its bar; efficiency and quality are drawn only where they are known."""

from __future__ import annotations

from datetime import date, timedelta

from matplotlib.lines import Line2D

from tests.charts import factories as f
from tracker.charts import style, tables
from tracker.charts.render.base import x
from tracker.charts.render.layout import TWIN
from tracker.charts.render.overview import overview_figure
from tracker.charts.render.sleep import AT_MOST, SLEEP_BARS, render_sleep, sleep_figure
from tracker.charts.series import Frame, Night, OverviewSeries, SleepSeries

FIRST = date(2025, 8, 1)
FRAME = Frame(FIRST, FIRST + timedelta(days=13))


def _nights() -> SleepSeries:
    """Two weeks: every third night known only by its length, every fourth unrated."""
    return SleepSeries(
        [
            Night(
                FIRST + timedelta(days=n),
                6 + n % 3,
                None if n % 3 == 0 else 80 + n,
                None if n % 4 == 0 else 1 + n % 5,
            )
            for n in range(14)
        ]
    )


def _lines(fig, color: str, *, twin: bool = False) -> list[Line2D]:
    return [
        line
        for ax in fig.axes
        if not twin or ax.get_label() == TWIN
        for line in ax.get_lines()
        if line.get_color() == color and len(set(line.get_xdata())) > 1
    ]


def test_the_sleep_chart_draws_every_bar_and_only_known_efficiency_and_quality():
    series = _nights()
    fig = sleep_figure(series, FRAME)
    (bars,) = [p for ax in fig.axes for p in ax.patches if p.get_label() == SLEEP_BARS]
    tops = list(bars.get_path().vertices.reshape(-1, 5, 2)[:, :, 1].max(axis=1))
    assert tops == [n.total_sleep_hours for n in series.nights]
    (efficiency,) = _lines(fig, style.EFFICIENCY)
    timed = [n for n in series.nights if n.efficiency_pct is not None]
    assert list(efficiency.get_xdata()) == [x(n.day) for n in timed]
    assert list(efficiency.get_ydata()) == [n.efficiency_pct for n in timed]
    (quality,) = _lines(fig, style.QUALITY)
    rated = [n for n in series.nights if n.quality is not None]
    assert list(quality.get_xdata()) == [x(n.day) for n in rated]
    assert render_sleep(series, FRAME, "svg").startswith(b"<?xml")


def test_nights_without_their_minutes_to_fall_asleep_or_awake_are_striped_as_at_most():
    nights = [
        Night(FIRST, 7, 85, 3),
        Night(FIRST + timedelta(days=1), 7.75, None, 4, at_most=True),
        Night(FIRST + timedelta(days=2), 6.5, 80, 2),
    ]
    fig = sleep_figure(SleepSeries(nights), FRAME)
    (stripes,) = [p for ax in fig.axes for p in ax.patches if p.get_label() == AT_MOST]
    assert stripes.get_hatch() == "////"
    tops = list(stripes.get_path().vertices.reshape(-1, 5, 2)[:, :, 1].max(axis=1))
    assert tops == [7.75]
    fully = sleep_figure(SleepSeries([nights[0], nights[2]]), FRAME)
    assert not [p for ax in fully.axes for p in ax.patches if p.get_label() == AT_MOST]
    table = tables.sleep_table(SleepSeries(nights), FRAME)
    assert [row[1] for row in table.rows] == ["7", "at most 7.8", "6.5"]


def test_the_sleep_table_leaves_unknown_efficiency_and_quality_empty():
    table = tables.sleep_table(_nights(), FRAME)
    first, second = table.rows[0], table.rows[1]
    assert first[2:] == ("", "")  # known only by its length, and not rated
    assert second[2:] == ("81%", "2")


def test_the_overview_draws_nights_known_only_by_length_without_an_efficiency_point():
    series = OverviewSeries(sleep=_nights(), mood=f.mood(f.DAYS[:14]))
    (efficiency,) = _lines(overview_figure(series, FRAME), style.EFFICIENCY, twin=True)
    assert len(efficiency.get_xdata()) == sum(1 for n in _nights().nights if n.efficiency_pct)
