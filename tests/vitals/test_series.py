"""The vitals chart's series, words, table and picture, and the report's vitals lines, on
realistic series: weight creeping up across a dose increase, mixed kg and lb, gaps, one
point, nothing, two years."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType, SimpleNamespace

from matplotlib.lines import Line2D

from tests.charts.test_render import words
from tracker.charts import style
from tracker.charts.render.vitals import PRESSURE_BARS, WEIGHT_LINES, joined, vitals_figure
from tracker.charts.series import Change, Frame
from tracker.snapshot import Snapshot
from tracker.vitals.reading import VitalRow, Vitals
from tracker.vitals.report import report_section
from tracker.vitals.series import describe_vitals, measures, series_of, vitals_table

FIRST, LAST = date(2025, 3, 3), date(2025, 6, 22)
INCREASE = date(2025, 3, 31)
NOISE = (0.3, -0.4, 0.1, 0.5, -0.2, -0.5, 0.2, 0.0, -0.3, 0.4)  # a scale's week-to-week swing


def row(day: date, weight: float | None = None, unit: str | None = "kg", **more) -> VitalRow:
    at = datetime.combine(day, time(7, 10), tzinfo=UTC)
    fields = {"systolic": None, "diastolic": None, "pulse": None, "heart_rate": None, **more}
    return VitalRow(at, day, weight, unit if weight is not None else None, **fields)


def gaining() -> list[VitalRow]:
    """Weekly weigh-ins from 74 kg; after the increase about 0.3 kg a week more, with noise;
    a blood pressure with pulse every fourth week."""
    rows = []
    for n in range(16):
        day = FIRST + timedelta(days=7 * n)
        gained = max(0, (day - INCREASE).days) * 0.3 / 7
        pressure = (
            {"systolic": 118 + n, "diastolic": 76 + n // 2, "pulse": 66 + n} if n % 4 == 0 else {}
        )
        rows.append(row(day, round(74 + gained + NOISE[n % 10], 1), **pressure))
    return rows


def frame(first: date = FIRST, last: date = LAST) -> Frame:
    return Frame(first, last, [Change(INCREASE, "olanzapine 5 → 10 mg")])


def snapshot(rows: list[VitalRow], unit: str = "kg", first: date = FIRST, last: date = LAST):
    user = SimpleNamespace(weight_unit=unit)
    kinds = MappingProxyType({"vitals": Vitals(tuple(rows))})
    now = datetime.combine(last, time(12), tzinfo=UTC)
    return Snapshot(user, first, last, first - timedelta(days=60), now, None, kinds)


def test_a_gradual_gain_across_a_dose_increase_reads_as_first_latest_and_change():
    series = series_of(gaining(), "kg")
    weight = measures(series, frame())[0]
    assert (weight.first_day, weight.first, weight.n) == (FIRST, (74.3,), 16)
    assert weight.latest_day == date(2025, 6, 16) and weight.latest == (76.8,)
    section = report_section(snapshot(gaining()))
    assert section is not None and section.title == "Vitals"
    lines = {line.label: line.text for line in section.lines}
    assert lines["Weight"] == "76.8 kg on 16 Jun; +2.5 kg since 74.3 kg on 3 Mar (16 measurements)."
    assert lines["Blood pressure"] == (
        "130/82 mmHg on 26 May; +12/+6 mmHg since 118/76 mmHg on 3 Mar (4 measurements)."
    )
    assert lines["Pulse"].startswith("78 bpm on 26 May; +12 bpm since 66 bpm on 3 Mar")
    assert "Resting heart rate" not in lines  # none logged: left out, not "0"


def test_the_chart_draws_both_panels_with_units_and_marks_the_increase():
    fig = vitals_figure(series_of(gaining(), "kg"), frame())
    text = words(fig)
    assert "Weight\n(kg)" in text and "Blood pressure\n(mmHg)" in text
    assert "31 Mar: olanzapine 5 → 10 mg" in text
    weight_ax, pressure_ax = fig.axes
    (line,) = [ln for ln in weight_ax.get_lines() if ln.get_label() == WEIGHT_LINES]
    assert not any(math.isnan(v) for v in line.get_ydata())  # weekly: joined all along
    (bars,) = [ln for ln in pressure_ax.get_lines() if ln.get_label() == PRESSURE_BARS]
    assert [v for v in bars.get_ydata() if not math.isnan(v)][:2] == [76, 118]


def test_weeks_without_a_weight_are_left_open_not_drawn_across():
    rows = [r for r in gaining() if not date(2025, 4, 7) <= r.day <= date(2025, 5, 5)]
    xs, ys = joined([(r.day, r.weight) for r in rows])
    assert sum(math.isnan(v) for v in ys) == 1  # one break, over the five weeks missed
    fig = vitals_figure(series_of(rows, "kg"), frame())
    (line,) = [ln for ln in fig.axes[0].get_lines() if ln.get_label() == WEIGHT_LINES]
    assert any(math.isnan(v) for v in line.get_ydata())
    points = [ln for ln in fig.axes[0].get_lines() if ln.get_marker() == "o"]
    assert len(points[0].get_xdata()) == len(rows)  # every weight still has its point


def test_mixed_kg_and_lb_entries_show_in_the_users_unit():
    rows = [row(FIRST, 80.0, "kg"), row(FIRST + timedelta(days=7), 178.6, "lb")]
    rows.append(row(FIRST + timedelta(days=14), 81.2, "kg"))
    in_lb = series_of(rows, "lb")
    assert [p.weight for p in in_lb.points] == [176.4, 178.6, 179.0]
    table = vitals_table(in_lb, frame())
    assert table.columns[1] == "Weight (lb)"
    assert [r[1] for r in table.rows] == ["176.4", "178.6", "179.0"]
    text = describe_vitals(in_lb, frame())
    assert "Weight 179.0 lb on 17 Mar; +2.6 lb since 176.4 lb on 3 Mar (3 measurements)" in text
    assert "2 of the weights were entered in kg and are shown in lb." in text
    in_kg = series_of(rows, "kg")
    assert [p.weight for p in in_kg.points] == [80.0, 81.0, 81.2]
    lines = report_section(snapshot(rows, "kg")).lines
    assert lines[0].text.startswith("81.2 kg on 17 Mar; +1.2 kg since 80.0 kg on 3 Mar")


def test_an_empty_range_has_honest_words_a_not_enough_figure_and_no_report_section():
    series = series_of([], "kg")
    assert describe_vitals(series, frame()) == (
        "No weight or blood pressure logged between 3 Mar and 22 Jun. "
        "Medication changes: olanzapine 5 → 10 mg on 31 Mar."
    )
    assert vitals_table(series, frame()).rows == []
    assert style.NOT_ENOUGH in words(vitals_figure(series, frame()))
    assert report_section(snapshot([])) is None
    outside = [row(FIRST - timedelta(days=10), 75.0)]  # read for the lookback, not in range
    assert report_section(snapshot(outside)) is None


def test_one_measurement_is_stated_without_a_change():
    rows = [row(date(2025, 5, 2), heart_rate=64)]
    section = report_section(snapshot(rows))
    assert [(line.label, line.text) for line in section.lines] == [
        ("Resting heart rate", "64 bpm on 2 May (1 measurement).")
    ]
    series = series_of([row(date(2025, 5, 2), 82.4)], "kg")
    assert "Weight 82.4 kg on 2 May (1 measurement), all 82.4 kg" in describe_vitals(
        series, frame()
    )
    assert style.NOT_ENOUGH in words(vitals_figure(series, frame()))
    assert vitals_table(series, frame()).rows == [("2025-05-02", "82.4", "", "", "")]


def test_two_years_of_weights_draw_with_years_on_the_axis():
    first = date(2024, 1, 1)
    rows = [row(first + timedelta(days=7 * n), 70 + n / 20) for n in range(105)]
    two_years = frame(first, date(2025, 12, 31))
    fig = vitals_figure(series_of(rows, "kg"), two_years)
    ticks = [t.get_text() for t in fig.axes[-1].get_xticklabels() if t.get_text()]
    assert any("2024" in t for t in ticks) and any("2025" in t for t in ticks)
    assert [ln for ln in fig.axes[1].get_lines() if ln.get_label() == PRESSURE_BARS] == []
    assert "No blood pressure logged in this range" in words(fig)
    text = describe_vitals(series_of(rows, "kg"), two_years)
    assert "between 1 Jan 2024 and 31 Dec 2025" in text and "(105 measurements)" in text
    assert isinstance(fig.axes[0].get_lines()[0], Line2D)
