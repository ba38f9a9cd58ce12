from datetime import date

import pytest

from tests.analysis.factories import FOG, constant, days_from, series, sertraline
from tracker.analysis.model import MOOD_MEASURE, MedicationChange
from tracker.analysis.windows import change_table, compare_windows, mean, values_between

D = date(2024, 3, 15)  # the change day


def hand_made_series():
    """Before (Mar 1-14): 2, 3, 4, 1 → mean 2.5, n 4; after (Mar 15-28): 6, 5, 7 → mean 6, n 3."""
    return {
        date(2024, 2, 29): 9,  # D-15: just outside "before"
        date(2024, 3, 1): 2,  # D-14: first day of "before"
        date(2024, 3, 5): 3,
        date(2024, 3, 10): 4,
        date(2024, 3, 14): 1,  # D-1: last day of "before"
        date(2024, 3, 15): 6,  # the change day counts as "after"
        date(2024, 3, 20): 5,
        date(2024, 3, 28): 7,  # D+13: last day of "after"
        date(2024, 3, 29): 100,  # D+14: just outside "after"
    }


def test_windows_take_n_days_before_and_n_days_from_the_change_day_on():
    c = compare_windows(hand_made_series(), sertraline(D), min_days=3)
    assert (c.before_mean, c.before_n) == (2.5, 4)
    assert (c.after_mean, c.after_n) == (6.0, 3)
    assert c.difference == 3.5
    assert c.enough is True
    assert c.days == 14


def test_fewer_days_with_data_than_min_days_is_not_enough_but_keeps_the_means():
    c = compare_windows(hand_made_series(), sertraline(D))  # min_days 5 by default
    assert c.enough is False
    assert (c.before_mean, c.after_mean) == (2.5, 6.0)


def test_the_window_length_is_adjustable():
    c = compare_windows(hand_made_series(), sertraline(D), days=7, min_days=1)
    # Before: Mar 8-14 → 4, 1; after: Mar 15-21 → 6, 5.
    assert (c.before_mean, c.before_n, c.after_mean, c.after_n) == (2.5, 2, 5.5, 2)
    assert c.days == 7


def test_no_data_gives_no_means_and_no_difference():
    c = compare_windows({}, sertraline(D))
    assert (c.before_mean, c.before_n, c.after_mean, c.after_n) == (None, 0, None, 0)
    assert c.difference is None
    assert c.enough is False


def test_change_on_the_first_day_of_data_has_nothing_before():
    c = compare_windows(constant(D, 30, 4.0), sertraline(D))
    assert (c.before_mean, c.before_n) == (None, 0)
    assert (c.after_mean, c.after_n) == (4.0, 14)
    assert c.difference is None
    assert c.enough is False


def test_gaps_are_left_out_not_counted_as_zero():
    before = [3, None, None, 3, None, 3, 3, None, 3, None, None, None, 3, None]
    after = [5, None, 5, 5, None, None, 5, 5, None, None, None, None, None, 5]
    c = compare_windows(series(days_from(D, -14), before + after), sertraline(D))
    assert (c.before_mean, c.before_n, c.after_mean, c.after_n) == (3, 6, 5, 6)
    assert c.difference == 2


def test_windows_across_a_dst_change_are_still_14_calendar_days():
    # Europe's clocks went forward on 31 Mar 2024; days are dates, so nothing shifts.
    day = date(2024, 4, 7)
    c = compare_windows(constant(date(2024, 3, 1), 60, 1.0), sertraline(day))
    assert (c.before_n, c.after_n) == (14, 14)


@pytest.mark.parametrize(("days", "min_days"), [(0, 1), (14, 0), (14, 15)])
def test_impossible_windows_are_refused(days, min_days):
    with pytest.raises(ValueError):
        compare_windows({}, sertraline(D), days=days, min_days=min_days)


def test_helpers_count_only_days_with_data():
    s = series(D, [1, None, 3])
    assert values_between(s, D, days_from(D, 2)) == [1, 3]
    assert values_between(s, days_from(D, 2), D) == []
    assert mean([]) is None
    assert mean([1, 2]) == 1.5


def test_change_table_has_every_change_by_every_measure_in_day_order():
    later = MedicationChange(date(2024, 6, 1), "lamotrigine", "start", None, 25, "mg")
    mood = constant(date(2024, 1, 1), 200, 6.0)
    fog = constant(date(2024, 1, 1), 200, 2.0)
    rows = change_table({FOG: fog, MOOD_MEASURE: mood}, [later, sertraline(D)])
    assert [(r.change.medication, r.measure.key) for r in rows] == [
        ("sertraline", "brain_fog"),
        ("sertraline", "mood"),
        ("lamotrigine", "brain_fog"),
        ("lamotrigine", "mood"),
    ]
    assert rows[1].comparison.before_mean == 6.0
    assert all(r.overlapping == () for r in rows)


def test_change_table_lists_other_changes_inside_the_compared_days():
    taper = MedicationChange(days_from(D, 13), "sertraline", "taper", 100, 75, "mg")
    far = MedicationChange(days_from(D, 14), "lamotrigine", "start", None, 25, "mg")
    rows = change_table({FOG: {}}, [sertraline(D), taper, far], days=14)
    by_label = {r.change.label: r.overlapping for r in rows}
    assert by_label["sertraline 50 → 100 mg"] == (taper,)  # D+14 is outside D-14 … D+13
    assert by_label["sertraline taper step 100 → 75 mg"] == (sertraline(D), far)


def test_change_table_with_no_changes_or_no_measures_is_empty():
    assert change_table({FOG: {}}, []) == []
    assert change_table({}, [sertraline(D)]) == []
