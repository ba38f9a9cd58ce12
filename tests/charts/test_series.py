"""The pure series arithmetic: rolling mean, day ranges, worst status, weeks, picks, bands."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from tracker.charts.series import (
    GAD7_BANDS,
    PHQ9_BANDS,
    Change,
    DoseStep,
    Frame,
    Score,
    SymptomLine,
    TherapySession,
    amount_on,
    band,
    day_ranges,
    day_statuses,
    enough,
    item9_flags,
    modality_counts,
    pick_symptoms,
    rolling_mean,
    weekly_totals,
    worst_status,
)

D = date(2025, 8, 1)  # a Friday


def day(n: int) -> date:
    return D + timedelta(days=n)


def test_rolling_mean_averages_the_days_with_data_in_the_seven_days_ending_each_day():
    points = [(day(0), 2), (day(1), 4), (day(3), 6)]
    result = rolling_mean(points, day(0), day(3))
    assert result == [(day(0), 2), (day(1), 3), (day(2), 3), (day(3), 4)]


def test_rolling_mean_drops_days_older_than_the_window():
    points = [(day(0), 10), (day(6), 4), (day(7), 2)]
    values = dict(rolling_mean(points, day(6), day(7)))
    assert values[day(6)] == 7  # day 0 is still inside the 7 days ending on day 6
    assert values[day(7)] == 3  # day 0 has left: mean of 4 and 2


def test_rolling_mean_is_none_when_no_day_in_the_window_has_data():
    values = dict(rolling_mean([(day(0), 5)], day(0), day(10)))
    assert values[day(6)] == 5
    assert values[day(7)] is None
    assert values[day(10)] is None


def test_rolling_mean_counts_a_day_once_averaging_its_values_first():
    points = [(day(0), 2), (day(0), 4), (day(1), 9)]
    assert dict(rolling_mean(points, day(1), day(1)))[day(1)] == 6  # (3 + 9) / 2, not 5


def test_rolling_mean_uses_days_before_the_range_to_warm_up():
    points = [(day(-3), 8), (day(0), 2)]
    assert rolling_mean(points, day(0), day(0)) == [(day(0), 5)]


def test_rolling_mean_of_nothing_is_none_every_day():
    assert rolling_mean([], day(0), day(2)) == [(day(n), None) for n in range(3)]


def test_rolling_mean_with_a_custom_window():
    points = [(day(0), 1), (day(1), 3), (day(2), 5)]
    assert [v for _, v in rolling_mean(points, day(0), day(2), window=2)] == [1, 2, 4]


def test_day_ranges_fold_several_check_ins_into_mean_low_high():
    ranges = day_ranges([(day(1), 7), (day(0), 4), (day(0), 2), (day(0), 6)])
    assert [(r.day, r.mean, r.low, r.high) for r in ranges] == [
        (day(0), 4, 2, 6),
        (day(1), 7, 7, 7),
    ]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["on_time", "late", "missed"], "missed"),
        (["on_time", "skipped", "late"], "skipped"),
        (["on_time", "early"], "late"),
        (["on_time", "on_time"], "on_time"),
        (["due", "upcoming"], "due_later"),
        (["upcoming"], "due_later"),
        (["on_time", "due"], "on_time"),
        ([], "nothing"),
    ],
)
def test_a_day_with_several_doses_shows_its_worst_status(statuses, expected):
    assert worst_status(statuses) == expected


def test_a_day_whose_doses_are_all_still_to_come_is_due_later_not_nothing_scheduled():
    rows = [(day(0), "on_time"), (day(0), "missed"), (day(1), "due"), (day(2), "late")]
    rows += [(day(3), "upcoming"), (day(3), "upcoming"), (day(4), "on_time"), (day(4), "due")]
    assert day_statuses(rows) == {
        day(0): "missed",
        day(1): "due_later",
        day(2): "late",
        day(3): "due_later",
        day(4): "on_time",
    }


def test_amount_on_follows_the_steps_and_is_none_before_the_first():
    steps = [DoseStep(day(5), 100), DoseStep(day(0), 50, "start"), DoseStep(day(9), 0, "stop")]
    assert amount_on(steps, day(-1)) is None
    assert [amount_on(steps, day(n)) for n in (0, 4, 5, 8, 9, 20)] == [50, 50, 100, 100, 0, 0]


def test_weekly_totals_cover_monday_weeks_and_count_days_in_range():
    first, last = date(2025, 8, 1), date(2025, 8, 13)  # Fri .. Wed
    points = [(date(2025, 8, 1), 10), (date(2025, 8, 4), 5), (date(2025, 8, 10), 7)]
    points += [(date(2025, 7, 31), 100), (date(2025, 8, 14), 100)]  # outside: ignored
    weeks = weekly_totals(points, first, last)
    assert [(w.week_start, w.total, w.days_in_range) for w in weeks] == [
        (date(2025, 7, 28), 10, 3),
        (date(2025, 8, 4), 12, 7),
        (date(2025, 8, 11), 0, 3),
    ]


def test_weekly_totals_of_an_inverted_range_are_empty():
    assert weekly_totals([], date(2025, 8, 2), date(2025, 8, 1)) == []


def _line(name: str, key: str, peak: float) -> SymptomLine:
    return SymptomLine(name, [(day(0), 1), (day(1), peak)], key)


def test_numbness_and_fog_lead_the_rest_by_peak_and_at_most_five_are_drawn():
    lines = [
        _line("Nausea", "nausea", 9),
        _line("Brain fog", "brain_fog", 2),
        _line("Tremor", "tremor", 3),
        _line("Emotional numbness", "emotional_numbness", 1),
        _line("Headache", "headache", 9),
        _line("Dry mouth", "dry_mouth", 5),
        _line("Sweating", "sweating", 4),
        SymptomLine("Old", [(day(-30), 10)], "old"),  # nothing inside the frame
    ]
    shown, omitted = pick_symptoms(lines, Frame(day(0), day(5)))
    assert [s.name for s in shown] == [
        "Emotional numbness",
        "Brain fog",
        "Headache",
        "Nausea",
        "Dry mouth",
    ]
    assert [s.name for s in omitted] == ["Sweating", "Tremor"]


def test_modality_counts_within_the_frame_most_sessions_first():
    sessions = [
        TherapySession(day(0), "DBT", True, True),
        TherapySession(day(1), "CBT", True, False),
        TherapySession(day(2), "CBT", False, True),  # done without given is not counted
        TherapySession(day(40), "CBT", True, True),  # outside
    ]
    rows = modality_counts(sessions, Frame(day(0), day(10)))
    assert [(r.modality, r.sessions, r.homework_given, r.homework_done) for r in rows] == [
        ("CBT", 2, 1, 0),
        ("DBT", 1, 1, 1),
    ]


@pytest.mark.parametrize(
    ("total", "bands", "name"),
    [
        (0, PHQ9_BANDS, "minimal"),
        (4, PHQ9_BANDS, "minimal"),
        (5, PHQ9_BANDS, "mild"),
        (14, PHQ9_BANDS, "moderate"),
        (19, PHQ9_BANDS, "moderately severe"),
        (27, PHQ9_BANDS, "severe"),
        (15, GAD7_BANDS, "severe"),
        (21, GAD7_BANDS, "severe"),
        (9, GAD7_BANDS, "mild"),
    ],
)
def test_severity_bands(total, bands, name):
    assert band(total, bands) == name


def test_item9_flags_are_the_scores_in_range_with_item9_above_zero():
    scores = [Score(day(3), 10, 2), Score(day(1), 12, 1), Score(day(2), 9, 0), Score(day(99), 9, 3)]
    assert [s.day for s in item9_flags(scores, Frame(day(0), day(10)))] == [day(1), day(3)]


def test_enough_needs_two_distinct_days_inside_a_range_of_two_days():
    frame = Frame(day(0), day(9))
    assert not enough([], frame)
    assert not enough([day(1), day(1)], frame)
    assert not enough([day(1), day(20)], frame)
    assert enough([day(1), day(2)], frame)
    assert not enough([day(0), day(0)], Frame(day(0), day(0)))
    assert not enough([day(0), day(1)], Frame(day(1), day(0)))


def test_frame_contains_its_ends_and_counts_days():
    frame = Frame(day(0), day(2), [Change(day(1), "x")])
    assert day(0) in frame and day(2) in frame and day(3) not in frame
    assert frame.days == 3
    assert Frame(day(2), day(0)).days == 0


def test_series_and_describe_import_no_matplotlib():
    code = (
        "import sys, tracker.charts.series, tracker.charts.describe, tracker.charts.style; "
        "print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
