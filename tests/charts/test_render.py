"""Every chart renders to valid PNG and SVG, empty and single-day data draw the not-enough-data
figure, changes are labelled, output is deterministic and self-contained."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from tests.charts import factories as f
from tracker.charts import style
from tracker.charts.render.base import change_x, styled, x
from tracker.charts.series import Frame

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
IDS = [chart.name for chart in f.CHARTS]
TIME_CHARTS = [chart for chart in f.CHARTS if chart.time_axis]


def texts(fig: Figure) -> list[Text]:
    """Every visible, non-empty text of a drawn figure (tick labels included)."""
    with styled():
        fig.draw_without_rendering()
    found = fig.findobj(lambda a: isinstance(a, Text) and a.get_visible() and a.get_text())
    return found


def words(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in texts(fig))


def assert_valid(data: bytes, fmt: str) -> None:
    if fmt == "png":
        assert data.startswith(PNG_SIGNATURE)
    else:
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_every_chart_renders_png_and_svg(chart, fmt):
    data = chart.render(chart.full(), f.frame(), fmt)
    assert_valid(data, fmt)
    assert len(data) > 5000


@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_a_full_chart_is_not_the_not_enough_figure(chart):
    assert style.NOT_ENOUGH not in words(chart.figure(chart.full(), f.frame()))


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("case", ["empty", "single"])
@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_empty_and_single_day_data_draw_the_not_enough_data_figure(chart, case, fmt):
    series = getattr(chart, case)()
    fig = chart.figure(series, f.frame())
    assert style.NOT_ENOUGH in words(fig)
    assert fig.axes == []
    assert_valid(chart.render(series, f.frame(), fmt), fmt)


@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
@pytest.mark.parametrize(
    "frame",
    [Frame(f.FIRST, f.FIRST), Frame(f.LAST, f.FIRST)],
    ids=["one-day range", "inverted range"],
)
def test_ranges_too_short_for_a_chart_draw_the_not_enough_data_figure(chart, frame):
    assert style.NOT_ENOUGH in words(chart.figure(chart.full(), frame))
    assert_valid(chart.render(chart.full(), frame, "png"), "png")


@pytest.mark.parametrize(
    "chart", [c for c in f.CHARTS if c.name != "therapy"], ids=lambda c: c.name
)
def test_medication_changes_are_labelled_on_the_chart(chart):
    text = words(chart.figure(chart.full(), f.frame()))
    assert f"20 Aug: {f.CHANGE_LABEL}" in text
    assert f"1 Oct: {f.TAPER_LABEL}" in text


@pytest.mark.parametrize("chart", TIME_CHARTS, ids=lambda c: c.name)
def test_time_charts_draw_a_vertical_line_per_change_in_every_panel(chart):
    fig = chart.figure(chart.full(), f.frame())
    panels = [ax for ax in fig.axes if ax.get_label() != "twin"]  # twin y axes share the panel
    assert panels
    for ax in panels:
        verticals = {
            line.get_xdata()[0]
            for line in ax.get_lines()
            if isinstance(line, Line2D)
            and len(set(line.get_xdata())) == 1
            and line.get_linestyle() == "--"
        }
        assert {change_x(f.CHANGE_DAY), change_x(date(2025, 10, 1))} <= verticals


@pytest.mark.parametrize("chart", TIME_CHARTS, ids=lambda c: c.name)
def test_time_charts_show_exactly_the_frame_with_compact_dates(chart):
    fig = chart.figure(chart.full(), f.frame())
    for ax in fig.axes:
        assert ax.get_xlim() == (x(f.FIRST) - 0.5, x(f.LAST) + 0.5)
    texts(fig)
    main = [ax for ax in fig.axes if ax.get_label() != "twin"]
    labels = [t.get_text() for t in main[-1].get_xticklabels()]
    assert {"1 Aug", "1 Sep", "1 Oct"} <= set(labels)


@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_no_text_is_smaller_than_9_points(chart):
    for text in texts(chart.figure(chart.full(), f.frame())):
        assert text.get_fontsize() >= 9, text.get_text()


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_the_same_input_gives_the_same_bytes(chart, fmt):
    first = chart.render(chart.full(), f.frame(), fmt)
    assert chart.render(chart.full(), f.frame(), fmt) == first


def test_charts_rendered_from_several_threads_match_the_sequential_bytes():
    chart = f.CHARTS[0]
    expected = chart.render(chart.full(), f.frame(), "svg")
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: chart.render(chart.full(), f.frame(), "svg"), range(6)))
    assert all(result == expected for result in results)


@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_svg_references_no_external_resource(chart):
    svg = chart.render(chart.full(), f.frame(), "svg").decode()
    assert set(re.findall(r"https?://[^\s\"'<>)]+", svg)) <= SVG_NAMESPACES
    assert "<!DOCTYPE" not in svg
    assert "<metadata" not in svg  # no creation date, no software version


def test_png_carries_no_software_or_date_text_chunks():
    data = f.CHARTS[0].render(f.CHARTS[0].full(), f.frame(), "png")
    assert b"tEXt" not in data and b"iTXt" not in data


@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_the_print_size_is_wider_and_renders(chart):
    phone = chart.figure(chart.full(), f.frame())
    printed = chart.figure(chart.full(), f.frame(), size="print")
    assert printed.get_figwidth() > phone.get_figwidth() == style.WIDTH["phone"]
    assert_valid(chart.render(chart.full(), f.frame(), "png", size="print"), "png")


def test_an_unknown_format_or_size_is_a_programming_error():
    chart = f.CHARTS[0]
    with pytest.raises(ValueError, match="format"):
        chart.render(chart.full(), f.frame(), "gif")
    with pytest.raises(ValueError, match="size"):
        chart.render(chart.full(), f.frame(), "png", size="poster")


def test_pyplot_is_never_imported():
    code = (
        "import sys, tracker.charts, tracker.charts.render, tracker.charts.describe\n"
        "from tests.charts import factories as f\n"
        "for chart in f.CHARTS:\n"
        "    chart.render(chart.full(), f.frame(), 'png')\n"
        "    chart.render(chart.full(), f.frame(), 'svg')\n"
        "    chart.render(chart.empty(), f.frame(), 'png')\n"
        "print('matplotlib.pyplot' in sys.modules, 'matplotlib.figure' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
