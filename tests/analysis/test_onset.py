from datetime import date

import pytest

from tests.analysis.factories import FOG, NUMBNESS, constant, days_from, series, sertraline
from tracker.analysis.model import MedicationChange
from tracker.analysis.onset import last_changes, onsets, symptom_onsets

SEP1 = date(2024, 9, 1)
LAMOTRIGINE = MedicationChange(date(2024, 8, 1), "lamotrigine", "start", None, 25, "mg")


def rise_at_the_boundary():
    """Sep 1-20 at 2.1, then 5.1: the 3-day mean first reaches 2.1 + 3 on Sep 23."""
    return series(SEP1, [2.1] * 20 + [5.1] * 5)


def test_onset_is_the_first_day_the_3_day_mean_is_3_above_the_14_day_baseline():
    # Sep 21: (2.1+2.1+5.1)/3 = 3.1; Sep 22: 4.1; Sep 23: 5.1 = baseline 2.1 + 3 exactly.
    found = onsets(rise_at_the_boundary(), [], symptom=FOG)
    assert len(found) == 1
    onset = found[0]
    assert onset.day == date(2024, 9, 23)
    assert onset.three_day_mean == pytest.approx(5.1)
    assert onset.baseline_mean == pytest.approx(2.1)
    assert (onset.window_n, onset.baseline_n) == (3, 14)
    assert onset.symptom == FOG


def test_a_rise_just_under_the_threshold_is_no_onset():
    assert onsets(series(SEP1, [2.1] * 20 + [5.09] * 5), []) == []


def test_days_since_the_latest_change_of_each_medication_before_the_onset():
    changes = [
        sertraline(date(2024, 8, 20), 25, 50),
        sertraline(date(2024, 9, 11)),  # the latest sertraline change before Sep 23
        sertraline(date(2024, 9, 30), 100, 150),  # after the onset: not counted
        LAMOTRIGINE,  # before any data
    ]
    (onset,) = onsets(rise_at_the_boundary(), changes)
    assert onset.days_since_change == {"sertraline": 12, "lamotrigine": 53}
    assert [c.day for c in onset.last_changes] == [date(2024, 9, 11), date(2024, 8, 1)]


def test_a_change_on_the_onset_day_counts_as_0_days():
    (onset,) = onsets(rise_at_the_boundary(), [sertraline(date(2024, 9, 23))])
    assert onset.days_since_change == {"sertraline": 0}


def test_no_changes_gives_an_empty_days_since_change():
    (onset,) = onsets(rise_at_the_boundary(), [])
    assert onset.days_since_change == {}
    assert onset.last_changes == ()


def test_a_lasting_rise_is_one_episode_even_as_the_baseline_catches_up():
    s = series(SEP1, [1.0] * 14 + [6.0] * 40 + [9.5] * 5)
    assert [o.day for o in onsets(s, [])] == [date(2024, 9, 16)]


def test_a_new_episode_starts_only_after_the_mean_falls_back_below_the_threshold():
    # Sep 1-14: 1; Sep 15-17: 6; Sep 18-30: 1; Oct 1-3: 7.
    s = series(SEP1, [1.0] * 14 + [6.0] * 3 + [1.0] * 13 + [7.0] * 3)
    found = onsets(s, [])
    # Sep 16: (1+6+6)/3 = 4.33 vs baseline 1 (Sep 1-13). Oct 2: (1+7+7)/3 = 5 vs baseline
    # Sep 16-29 = (6+6+12×1)/14 = 1.714.
    assert [o.day for o in found] == [date(2024, 9, 16), date(2024, 10, 2)]
    assert found[0].three_day_mean == pytest.approx(13 / 3)
    assert found[1].baseline_mean == pytest.approx(24 / 14)


def test_two_of_three_days_are_enough_for_the_short_mean():
    # Sep 15 missing; Sep 17: window Sep 15-17 has 6, 6 → 6 vs baseline Sep 1-14 = 1.
    s = series(SEP1, [1.0] * 14 + [None, 6.0, 6.0])
    (onset,) = onsets(s, [])
    assert onset.day == date(2024, 9, 17)
    assert (onset.three_day_mean, onset.window_n) == (6.0, 2)


def test_a_single_high_day_between_gaps_is_not_an_onset():
    s = series(SEP1, [1.0] * 14 + [None, None, 9.0])
    assert onsets(s, []) == []


def test_requiring_all_three_days_is_possible():
    s = series(SEP1, [1.0] * 14 + [None, 6.0, 6.0])
    assert onsets(s, [], min_window_days=3) == []


def test_the_baseline_needs_min_baseline_days_with_data():
    six = [1.0, None] * 6 + [None, None] + [8.0] * 3  # 6 baseline days, then a rise
    seven = [1.0, None] * 7 + [8.0] * 3
    assert onsets(series(SEP1, six), []) == []
    (onset,) = onsets(series(SEP1, seven), [])
    # Sep 16: window Sep 14-16 has 8, 8; baseline Sep 1-13 has the 7 odd days.
    assert (onset.day, onset.baseline_n) == (date(2024, 9, 16), 7)


def test_the_rise_is_measured_against_the_days_before_the_short_window():
    # Sep 1-14 at 2, Sep 15 at 8 (the first day of the window, not in the baseline).
    s = series(SEP1, [2.0] * 14 + [8.0, 3.0, 4.0])
    (onset,) = onsets(s, [])
    assert onset.day == date(2024, 9, 17)
    assert onset.three_day_mean == 5.0
    assert onset.baseline_mean == 2.0


def test_data_starting_on_the_change_day_needs_a_baseline_first():
    start = date(2024, 9, 11)
    change = sertraline(start)
    assert onsets(constant(start, 30, 8.0), [change]) == []  # high from the start: no rise
    (onset,) = onsets(series(start, [1.0] * 10 + [8.0] * 3), [change])
    assert onset.day == days_from(start, 11)
    assert onset.days_since_change == {"sertraline": 11}


def test_no_data_no_onsets():
    assert onsets({}, [sertraline(SEP1)]) == []


def test_rise_and_windows_are_adjustable():
    s = series(SEP1, [1.0] * 14 + [3.0] * 5)
    assert onsets(s, []) == []
    (onset,) = onsets(s, [], rise=2.0, window=2, baseline_days=7, min_baseline_days=7)
    assert onset.day == date(2024, 9, 16)
    assert (onset.window, onset.baseline_days) == (2, 7)


@pytest.mark.parametrize(
    "options",
    [
        {"rise": 0},
        {"min_window_days": 4},
        {"min_window_days": 0},
        {"min_baseline_days": 15},
        {"min_baseline_days": 0},
    ],
)
def test_impossible_rules_are_refused(options):
    with pytest.raises(ValueError):
        onsets({}, [], **options)


def test_symptom_onsets_covers_every_symptom_in_day_order():
    fog = series(SEP1, [1.0] * 20 + [7.0] * 3)
    numb = series(SEP1, [1.0] * 15 + [7.0] * 3)
    found = symptom_onsets({FOG: fog, NUMBNESS: numb}, [sertraline(SEP1)])
    assert [(o.symptom.key, o.day) for o in found] == [
        ("emotional_numbness", date(2024, 9, 17)),
        ("brain_fog", date(2024, 9, 22)),
    ]


def test_last_changes_keeps_the_latest_per_medication():
    a = sertraline(date(2024, 9, 1))
    b = sertraline(date(2024, 9, 5), 100, 150)
    assert last_changes([b, a, LAMOTRIGINE], date(2024, 9, 4)) == (a, LAMOTRIGINE)
    assert last_changes([b, a], date(2024, 8, 31)) == ()
