"""Every legend tells its entries apart without colour: by marker, dash pattern, hatch, fill or
shape (a box, a wide band, a thin line), so a greyscale print still reads."""

from __future__ import annotations

import pytest
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from tests.charts import factories as f
from tests.charts.test_layout import long_named
from tracker.charts.render.base import styled
from tracker.charts.render.layout import HEADING

IDS = [chart.name for chart in f.CHARTS]
BY_NAME = {chart.name: chart for chart in f.CHARTS}
WIDE = 3.0  # points: a line this wide reads as a band


def _dashes(artist: Line2D | Patch) -> tuple:
    """The dash pattern as drawn ("--" alone cannot tell two custom patterns apart)."""
    offset, pattern = artist._unscaled_dash_pattern
    return (offset, tuple(pattern) if pattern else None)


def greyscale_look(handle: Artist) -> tuple:
    """What survives printing in grey: never the colour."""
    if isinstance(handle, Line2D):
        marker = handle.get_marker()
        line = None if handle.get_linestyle() == "None" else _dashes(handle)
        width = "band" if line and handle.get_linewidth() >= WIDE else "line"
        return ("line", None if marker in ("None", "", None) else marker, line, width)
    if isinstance(handle, Patch):
        return ("box", handle.get_hatch() or None, handle.get_fill(), _dashes(handle))
    raise AssertionError(f"unexpected legend handle {handle!r}")


def measure_legends(fig: Figure) -> list[Legend]:
    """The legends of the measures (the heading); the change key's entries are told apart by
    their numbers, not by their handles."""
    with styled():
        fig.draw_without_rendering()
    return [legend for legend in fig.legends if legend.get_label() == HEADING]


def assert_apart_in_greyscale(fig: Figure) -> None:
    legends = measure_legends(fig)
    for legend in legends:
        looks = {}
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            look = greyscale_look(handle)
            assert look not in looks, (
                f"{text.get_text()!r} looks like {looks.get(look)!r} in grey: {look}"
            )
            looks[look] = text.get_text()


@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_every_legend_tells_its_entries_apart_without_colour(chart):
    fig = chart.figure(long_named(chart), f.frame())
    assert measure_legends(fig), "the chart has a legend"
    assert_apart_in_greyscale(fig)


def test_the_overview_legend_with_every_kind_of_entry_tells_them_apart():
    """Dose markers, mood marks, five side-effect lines and sleep share one legend."""
    series = f.overview()
    lines = series.side_effects.symptoms
    more = [type(lines[0])(f"Symptom {n}", lines[0].points, f"s{n}") for n in range(3)]
    full = type(series)(
        series.doses, series.mood, type(series.side_effects)([*lines, *more]), series.sleep
    )
    fig = BY_NAME["overview"].figure(full, f.frame())
    (legend,) = measure_legends(fig)
    assert len(legend.legend_handles) >= 14
    assert_apart_in_greyscale(fig)


def test_the_activity_practices_are_hatched_apart():
    days = f.activity()
    practices = {f"Practice {n}": 10 + n for n in range(6)}
    full = type(days)([type(d)(d.day, 10, practices, 1, 1) for d in days.days])
    assert_apart_in_greyscale(BY_NAME["activity"].figure(full, f.frame()))
