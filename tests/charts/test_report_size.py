"""The report's charts are drawn at the size the PDF prints them (size "report", width_mm,
height_mm), so placed at 100% every text prints at 7 pt or more."""

from __future__ import annotations

import struct
from dataclasses import replace

import pytest
from matplotlib.figure import Figure

from tests.charts import factories as f
from tests.charts.test_layout import crowded_frame, layout_problems, long_named
from tests.charts.test_render import texts
from tracker.charts import style
from tracker.charts.render import (
    overview_figure,
    questionnaires_figure,
    render_overview,
    render_questionnaires,
)
from tracker.charts.render.questionnaires import UNKEYED_CHANGES
from tracker.charts.series import Frame

MIN_PRINTED_PT = 7
A4_WIDTH, LETTER_WIDTH = 186, 191.9  # mm between 12 mm margins
SCORES_WIDTH, SCORES_HEIGHT = 120, 60
OVERVIEW_HEIGHT = 150
BY_NAME = {chart.name: chart for chart in f.CHARTS}


def report_overview(series=None, frame=None, width=A4_WIDTH, height=OVERVIEW_HEIGHT) -> Figure:
    return overview_figure(
        series or f.overview(),
        frame or f.frame(),
        size="report",
        width_mm=width,
        height_mm=height,
    )


def report_scores(series=None, frame=None, *, keyed=False) -> Figure:
    return questionnaires_figure(
        series or f.questionnaires(),
        frame or f.frame(),
        size="report",
        width_mm=SCORES_WIDTH,
        height_mm=SCORES_HEIGHT,
        changes_key=keyed,
    )


FIGURES = {
    "overview A4": (report_overview, A4_WIDTH),
    "overview Letter": (lambda: report_overview(width=LETTER_WIDTH), LETTER_WIDTH),
    "overview, crowded": (
        lambda: report_overview(long_named(BY_NAME["overview"]), crowded_frame()),
        A4_WIDTH,
    ),
    "scores": (report_scores, SCORES_WIDTH),
    "scores, keyed": (lambda: report_scores(keyed=True), SCORES_WIDTH),
    "scores, crowded": (lambda: report_scores(frame=crowded_frame()), SCORES_WIDTH),
    "scores, not enough data": (
        lambda: report_scores(f.questionnaires([f.DAYS[3]])),
        SCORES_WIDTH,
    ),
}


@pytest.mark.parametrize("name", FIGURES)
def test_every_text_prints_at_7_points_or_more(name):
    build, printed_mm = FIGURES[name]
    fig = build()
    drawn_mm = fig.get_figwidth() * style.MM
    assert drawn_mm == pytest.approx(printed_mm)
    found = texts(fig)
    assert found
    for text in found:
        printed = text.get_fontsize() * printed_mm / drawn_mm
        assert printed >= MIN_PRINTED_PT, (text.get_text(), printed)


@pytest.mark.parametrize("name", FIGURES)
def test_nothing_is_clipped_or_overlaps_at_the_printed_size(name):
    build, _ = FIGURES[name]
    assert layout_problems(build()) == []


def png_mm(png: bytes) -> tuple[float, float]:
    """The PNG's size in mm at the report's 200 dpi, as the PDF reads it."""
    width, height = struct.unpack(">II", png[16:24])
    dpi = style.DPI["report"]
    return width / dpi * style.MM, height / dpi * style.MM


def render_scores(series) -> bytes:
    return render_questionnaires(
        series,
        f.frame(),
        "png",
        size="report",
        width_mm=SCORES_WIDTH,
        height_mm=SCORES_HEIGHT,
        changes_key=False,
    )


def test_the_pngs_come_out_at_the_printed_size_and_within_their_height():
    overview = render_overview(
        f.overview(), f.frame(), "png", size="report", width_mm=A4_WIDTH, height_mm=150
    )
    width, height = png_mm(overview)
    assert width == pytest.approx(A4_WIDTH, abs=0.2) and height <= OVERVIEW_HEIGHT + 0.2
    scores = f.questionnaires()
    unflagged = type(scores)([replace(s, item9=0) for s in scores.phq9], scores.gad7)
    for series in (scores, unflagged):  # the item-9 flag adds a legend entry
        width, height = png_mm(render_scores(series))
        assert width == pytest.approx(SCORES_WIDTH, abs=0.2) and height <= SCORES_HEIGHT + 0.2


def test_a_chart_too_full_for_its_height_grows_rather_than_crowd():
    """Its panels keep OVERVIEW_FIT_SHARE of their height, so the labels still fit (above)."""
    fig = report_overview(long_named(BY_NAME["overview"]), crowded_frame(), height=110)
    assert fig.get_figheight() * style.MM > 110
    assert layout_problems(fig) == []


def test_the_score_chart_numbers_changes_without_a_key_when_asked():
    keyed = report_scores(keyed=True)
    unkeyed = report_scores()
    assert "Medication changes" in [legend.get_title().get_text() for legend in keyed.legends]
    assert [legend.get_title().get_text() for legend in unkeyed.legends] == ["Questionnaires"]
    words = [t.get_text() for t in texts(unkeyed)]
    assert UNKEYED_CHANGES in words and "①" not in words
    assert {"1", "2"} <= set(words)  # the numbers above the change lines stay
    no_changes = report_scores(frame=Frame(f.FIRST, f.LAST, []))
    assert UNKEYED_CHANGES not in [t.get_text() for t in texts(no_changes)]


def test_a_report_width_outside_what_a_page_holds_is_a_programming_error():
    with pytest.raises(ValueError, match="width"):
        report_overview(width=20)
    with pytest.raises(ValueError, match="size"):
        overview_figure(f.overview(), f.frame(), size="poster")
