"""The medication charts: a drug keeps its colour, its calendar marks only its own changes, and
a day whose doses are still to come reads "due later"."""

from __future__ import annotations

from datetime import date, timedelta

from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from tests.charts import factories as f
from tests.charts.test_render import words
from tracker.charts import style
from tracker.charts.render import adherence_figure, doses_figure, overview_figure
from tracker.charts.series import (
    AdherenceSeries,
    Change,
    DoseSeries,
    DoseStep,
    Frame,
    MedicationAdherence,
    MedicationDoses,
    OverviewSeries,
)
from tracker.charts.tables import adherence_table

SERTRALINE, LAMOTRIGINE = 7, 9  # medication ids


def step_colours(fig: Figure) -> dict[str, str]:
    """Each dose row's step-line colour, by the first line of the row's label (the name)."""
    colours = {}
    for ax in fig.axes:
        steps = [line for line in ax.get_lines() if line.get_drawstyle() == "steps-post"]
        if steps:
            name = ax.get_ylabel().split("\n")[0]
            colours[name] = to_hex(steps[0].get_color()).upper()
    return colours


def test_a_medication_draws_in_its_own_colour_whatever_else_is_in_the_range():
    sertraline = MedicationDoses("sertraline", [DoseStep(f.FIRST, 50, "start")], colour=1)
    lamotrigine = MedicationDoses("lamotrigine", [DoseStep(f.FIRST, 25, "start")], colour=0)
    both = doses_figure(DoseSeries([lamotrigine, sertraline]), f.frame())
    alone = doses_figure(DoseSeries([sertraline]), f.frame())
    in_overview = overview_figure(OverviewSeries(DoseSeries([sertraline]), f.mood()), f.frame())
    expected = style.medication_colour(1)
    assert step_colours(both) == {"lamotrigine": style.medication_colour(0), "sertraline": expected}
    assert step_colours(alone) == step_colours(in_overview) == {"sertraline": expected}


def test_palette_places_past_its_size_wrap_around():
    assert style.medication_colour(len(style.CYCLE)) == style.medication_colour(0)
    assert len({style.medication_colour(n) for n in range(len(style.CYCLE))}) == len(style.CYCLE)


# --- Adherence calendar ----------------------------------------------------------------------


def change_days(ax: Axes) -> set[date]:
    """The days a calendar outlines as change days (dashed, unfilled rectangles)."""
    start = f.FIRST - timedelta(days=f.FIRST.weekday())
    return {
        start + timedelta(weeks=int(p.get_x()), days=int(p.get_y()))
        for p in ax.patches
        if isinstance(p, Rectangle) and not p.get_fill() and p.get_linestyle() != "solid"
    }


def two_medications() -> tuple[AdherenceSeries, Frame]:
    days = {d: "on_time" for d in f.DAYS}
    series = AdherenceSeries(
        [
            MedicationAdherence("sertraline", days, SERTRALINE),
            MedicationAdherence("lamotrigine", days, LAMOTRIGINE),
        ]
    )
    changes = [
        Change(date(2025, 8, 20), "sertraline 50 → 100 mg", "change", SERTRALINE),
        Change(date(2025, 9, 3), "lamotrigine 25 → 50 mg", "change", LAMOTRIGINE),
        Change(date(2025, 10, 1), "sertraline 100 → 75 mg", "taper", SERTRALINE),
    ]
    return series, Frame(f.FIRST, f.LAST, changes)


def test_a_medications_calendar_marks_only_that_medications_changes():
    series, frame = two_medications()
    fig = adherence_figure(series, frame)
    sertraline, lamotrigine = (ax for ax in fig.axes if ax.get_title(loc="left"))
    assert sertraline.get_title(loc="left") == "sertraline"
    assert change_days(sertraline) == {date(2025, 8, 20), date(2025, 10, 1)}
    assert change_days(lamotrigine) == {date(2025, 9, 3)}
    text = words(fig)  # the key under the calendars still lists all three
    assert "sertraline 50 → 100 mg" in text and "lamotrigine 25 → 50 mg" in text


def test_the_calendar_key_leaves_out_changes_of_medications_not_shown():
    series, frame = two_medications()
    only = AdherenceSeries([series.medications[1]])
    text = words(adherence_figure(only, frame))
    assert "lamotrigine 25 → 50 mg" in text
    assert "sertraline" not in text


def test_a_change_of_unknown_medication_is_marked_on_every_calendar():
    series, frame = two_medications()
    unknown = Frame(frame.first, frame.last, [Change(date(2025, 9, 10), "a change")])
    fig = adherence_figure(series, unknown)
    for ax in (ax for ax in fig.axes if ax.get_title(loc="left")):
        assert change_days(ax) == {date(2025, 9, 10)}


def test_a_day_whose_doses_are_still_to_come_reads_due_later_not_nothing_scheduled():
    today = f.LAST
    days = {d: "on_time" for d in f.DAYS if d < today} | {today: "due_later"}
    series = AdherenceSeries([MedicationAdherence("sertraline", days)])
    fig = adherence_figure(series, f.frame())
    calendar = next(ax for ax in fig.axes if ax.get_title(loc="left"))
    mesh = calendar.collections[0]
    start = f.FIRST - timedelta(days=f.FIRST.weekday())
    column, row = (today - start).days // 7, today.weekday()
    colour = mesh.cmap(mesh.norm(mesh.get_array().reshape(7, -1)[row, column]))
    assert to_hex(colour).upper() == style.ADHERENCE_COLOURS["due_later"]
    assert style.ADHERENCE_COLOURS["due_later"] != style.ADHERENCE_COLOURS["nothing"]
    assert "Due later" in words(fig)


def test_the_calendar_table_counts_days_due_later_apart_from_nothing_scheduled():
    days = {f.FIRST: "on_time", f.FIRST + timedelta(days=1): "due_later"}
    series = AdherenceSeries([MedicationAdherence("sertraline", days)])
    table = adherence_table(series, Frame(f.FIRST, f.FIRST + timedelta(days=2)))
    assert table.columns[-2:] == ("Due later", "Nothing scheduled")
    assert table.rows == [("sertraline", "1", "0", "0", "0", "1", "1")]
