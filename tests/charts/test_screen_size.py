"""Charts drawn for the CSS width a page shows them at (style.screen): that wide, every text
at least 11 CSS px there, and laid out without clipping or overlaps."""

from __future__ import annotations

import re
import struct

import pytest

from tests.charts import factories as f
from tests.charts.test_layout import layout_problems
from tests.charts.test_render import texts
from tracker.charts import style
from tracker.charts.render import render_overview

MIN_CSS_PX = 11
BY_NAME = {chart.name: chart for chart in f.CHARTS}


def css_px_per_point(fig, css_width: int) -> float:
    """CSS px of one point of text on a figure shown `css_width` CSS px wide."""
    drawn_px = fig.get_figwidth() * fig.dpi
    return fig.dpi / 72 * css_width / drawn_px


@pytest.mark.parametrize("width", style.WIDTHS)
@pytest.mark.parametrize("name", BY_NAME)
def test_every_text_is_at_least_11_css_px_at_the_width_drawn_for(name, width):
    fig = BY_NAME[name].figure(BY_NAME[name].full(), f.frame(), size=f"w{width}")
    assert fig.get_figwidth() * style.CSS_PX_PER_INCH == pytest.approx(width)
    scale = css_px_per_point(fig, width)
    found = texts(fig)
    assert found
    for text in found:
        assert text.get_fontsize() * scale >= MIN_CSS_PX, (text.get_text(), width)


@pytest.mark.parametrize("width", [320, 360, 720])
@pytest.mark.parametrize("name", BY_NAME)
def test_a_chart_drawn_for_a_screen_has_room_for_its_labels(name, width):
    chart = BY_NAME[name]
    assert layout_problems(chart.figure(chart.full(), f.frame(), size=f"w{width}")) == []


def test_the_svg_is_drawn_360_css_px_wide_and_the_png_two_device_pixels_per_css_px():
    svg = render_overview(f.overview(), f.frame(), "svg", size="w360")
    points = float(re.search(rb'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    assert points * 96 / 72 == pytest.approx(360)
    png = render_overview(f.overview(), f.frame(), "png", size="w360")
    width, _ = struct.unpack(">II", png[16:24])
    assert width == 720 and style.screen(360).dpi == 2 * style.CSS_PX_PER_INCH


def test_only_the_fixed_widths_are_sizes():
    assert style.sized("w480").width == pytest.approx(5.0)
    with pytest.raises(ValueError, match="size"):
        style.sized("w400")
