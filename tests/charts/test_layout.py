"""The hand layout: nothing drawn is clipped at the figure's edges, no text overlaps another
text, and the title, the legend, the change key and the panels keep out of each other's way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from tests.charts import factories as f
from tracker.charts.render.base import styled
from tracker.charts.series import Change, DoseStep, Frame, MedicationDoses, PrnDose

IDS = [chart.name for chart in f.CHARTS]
LONG_NAME = "extended-release methylphenidate hydrochloride"


def crowded_frame() -> Frame:
    """Five changes within two weeks (the numbers stack) with long labels (the key wraps)."""
    days = [f.CHANGE_DAY + timedelta(days=n) for n in (0, 2, 4, 9, 13)]
    changes = [
        Change(day, f"{LONG_NAME} {n} → {n + 1} mg, taken with breakfast and the evening meal")
        for n, day in enumerate(days)
    ]
    return Frame(f.FIRST, f.LAST, changes)


def long_named(chart: f.Chart):
    """The chart's full series with long user-typed names where the chart shows names."""
    if chart.name == "doses":
        series = f.doses()
        steps = [DoseStep(f.FIRST, 18, "start"), DoseStep(f.CHANGE_DAY, 36)]
        extra = MedicationDoses(LONG_NAME, steps, [PrnDose(date(2025, 9, 1), 1)])
        return type(series)([*series.medications, extra])
    named = {
        "side_effects": lambda: f.side_effects(name="Trouble falling asleep after late doses"),
        "activity": lambda: f.activity(practice="Progressive muscle relaxation"),
        "therapy": lambda: f.therapy(modality="Acceptance and commitment therapy"),
    }
    return named.get(chart.name, chart.full)()


def drawn_texts(fig: Figure) -> dict[object, list[Text]]:
    """The visible texts the figure draws, by owner: a main panel, a legend, the figure."""
    owners: dict[object, list[Text]] = {}
    for ax in fig.axes:
        owner = panel_of(fig, ax)
        found = owners.setdefault(owner, [])
        for axes in [ax, *ax.child_axes]:
            for axis in (axes.xaxis, axes.yaxis):
                found += tick_labels(axis)
                found.append(axis.label)
            found += [axes.title, axes._left_title, axes._right_title, *axes.texts]
    for legend in fig.legends:
        owners[legend] = [*legend.get_texts(), legend.get_title()]
    owners[fig] = [*fig.texts, *([fig._suptitle] if fig._suptitle else [])]
    return {
        owner: [t for t in texts if t.get_visible() and t.get_text()]
        for owner, texts in owners.items()
    }


def tick_labels(axis) -> list[Text]:
    """The labels of the ticks the axis draws: those inside its view limits."""
    low, high = sorted(axis.get_view_interval())
    locs = axis.get_majorticklocs()
    ticks = axis.get_major_ticks(len(locs))
    return [
        label
        for loc, tick in zip(locs, ticks, strict=True)
        if low - 1e-9 <= loc <= high + 1e-9
        for label in (tick.label1, tick.label2)
    ]


def panel_of(fig: Figure, ax: Axes) -> Axes:
    """A twin y axis belongs to the panel it shares its place with."""
    for other in fig.axes:
        if other is not ax and other.get_label() != "twin" and other.bbox.bounds == ax.bbox.bounds:
            return other if ax.get_label() == "twin" else ax
    return ax


def overlap(a: Bbox, b: Bbox, slack: float = 1.0) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > slack and min(a.y1, b.y1) - max(a.y0, b.y0) > slack


def inside(box: Bbox, outer: Bbox, slack: float = 0.5) -> bool:
    return (
        box.x0 >= outer.x0 - slack
        and box.y0 >= outer.y0 - slack
        and box.x1 <= outer.x1 + slack
        and box.y1 <= outer.y1 + slack
    )


def region_problems(fig: Figure, regions: dict) -> list[str]:
    problems = []
    for region, box in regions.items():
        if not inside(box, fig.bbox):
            problems.append(f"{region} is clipped: {box} outside {fig.bbox}")
        problems += [
            f"{region} overlaps {other}"
            for other, other_box in regions.items()
            if id(region) < id(other) and overlap(box, other_box)
        ]
    return problems


def text_problems(fig: Figure, regions: dict, placed: list) -> list[str]:
    problems = []
    for n, (owner, text, box) in enumerate(placed):
        if not inside(box, fig.bbox):
            problems.append(f"{text.get_text()!r} is clipped: {box} outside {fig.bbox}")
        problems += [
            f"{text.get_text()!r} overlaps {other.get_text()!r}"
            for _, other, other_box in placed[n + 1 :]
            if overlap(box, other_box)
        ]
        problems += [
            f"{text.get_text()!r} overlaps {region}"
            for region, region_box in regions.items()
            if region is not owner and overlap(box, region_box)
        ]
    return problems


def layout_problems(fig: Figure) -> list[str]:
    """Panels and legends inside the figure and apart; every text inside the figure, clear
    of every other text and of every panel or legend but its own."""
    with styled():
        fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    regions = {ax: ax.bbox for ax in fig.axes if ax.get_label() != "twin"}
    regions |= {legend: legend.get_window_extent(renderer) for legend in fig.legends}
    placed = [
        (owner, text, text.get_window_extent(renderer))
        for owner, found in drawn_texts(fig).items()
        for text in found
    ]
    return region_problems(fig, regions) + text_problems(fig, regions, placed)


@pytest.mark.parametrize("size", ["phone", "print", "report"])
@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_nothing_is_clipped_or_overlaps(chart, size):
    assert layout_problems(chart.figure(chart.full(), f.frame(), size=size)) == []


@pytest.mark.parametrize("size", ["phone", "print", "report"])
@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_nothing_is_clipped_or_overlaps_without_changes(chart, size):
    fig = chart.figure(chart.full(), f.frame(changes=False), size=size)
    assert layout_problems(fig) == []


@pytest.mark.parametrize("size", ["phone", "print", "report"])
@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_long_names_and_crowded_changes_still_fit(chart, size):
    fig = chart.figure(long_named(chart), crowded_frame(), size=size)
    assert layout_problems(fig) == []


@pytest.mark.parametrize("chart", f.CHARTS, ids=IDS)
def test_a_short_range_fits_too(chart):
    days = f.DAYS[:12]
    fig = chart.figure(chart.build(days), Frame(days[0], days[-1], []))
    assert layout_problems(fig) == []
