import random
from datetime import date

import pytest

from tests.analysis.factories import FOG, NUMBNESS, constant, days_from, series, sertraline
from tracker.analysis.model import MedicationChange
from tracker.analysis.onset import (
    DEFAULT_RULES,
    LINE,
    METHOD,
    Rules,
    last_changes,
    onsets,
    symptom_onsets,
)

SEP1 = date(2024, 9, 1)
LAMOTRIGINE = MedicationChange(date(2024, 8, 1), "lamotrigine", "start", None, 25, "mg")
FLAT_DAYS = 35  # the noisy rises below start on day 35 (Oct 6 from Sep 1)


def noisy(seed, *, base=1.7, sd=0.6, slope=0.0, flat=FLAT_DAYS, rising=45, missing=0.0):
    """Daily ratings around `base`, climbing `slope` points a day from day `flat` on, with
    Gaussian noise of `sd`, rounded and clamped to 0-10, a share `missing` of days left out."""
    rng = random.Random(seed)
    count = flat + rising
    found = {}
    for n in range(count):
        mean = base + slope * max(0, n - flat + 1)
        found[days_from(SEP1, n)] = float(min(10, max(0, round(rng.gauss(mean, sd)))))
    for n in rng.sample(range(count), round(missing * count)) if missing else ():
        del found[days_from(SEP1, n)]
    return found


def step(before=2.0, after=6.0, flat=28, high=21, tail=()):
    """`flat` days at `before`, then `high` days at `after` (then `tail`), from Sep 1."""
    return series(SEP1, [before] * flat + [after] * high + list(tail))


def error(onset):
    return (onset.day - days_from(SEP1, FLAT_DAYS)).days


# --- Gradual rises, noise and spikes ----------------------------------------------------------


@pytest.mark.parametrize("slope", [0.1, 0.15, 0.2])
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_gradual_rise_is_dated_within_5_days_of_its_start(slope, seed):
    (onset,) = onsets(noisy(seed, slope=slope), [])
    assert abs(error(onset)) <= 5
    assert onset.baseline_mean == pytest.approx(1.7, abs=0.4)
    assert onset.confirmed_on > onset.day  # confirmed later, dated from the start


def test_gradual_rises_with_more_noise_are_mostly_dated_within_5_days():
    # Noise sd 0.8, 0.15 points a day: 96% of 200 seeds within ±5 days when this was written.
    errors = [error(o) for seed in range(40) for o in onsets(noisy(seed, sd=0.8, slope=0.15), [])]
    assert len(errors) == 40
    assert sum(abs(e) <= 5 for e in errors) >= 36
    assert all(abs(e) <= 10 for e in errors)


def test_flat_noisy_ratings_rarely_give_an_onset():
    # 120 days around 3 with noise sd 1.0: no onset in at least 95 of 100 runs.
    runs = [onsets(noisy(seed, base=3, sd=1.0, rising=85), []) for seed in range(100)]
    assert sum(bool(found) for found in runs) <= 5


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_rise_that_levels_off_and_eases_again_is_dated_from_its_start(seed):
    # 0.15 a day for 3 weeks, 2 weeks on the plateau, back down over 3 weeks, 2 weeks flat.
    rng = random.Random(seed)
    climb = [0.15 * n for n in range(1, 22)]
    shape = [0.0] * FLAT_DAYS + climb + climb[-1:] * 14 + climb[::-1] + [0.0] * 14
    means = [1.7 + c for c in shape]
    ratings = series(SEP1, [min(10, max(0, round(rng.gauss(m, 0.6)))) for m in means])
    (onset,) = onsets(ratings, [])
    assert abs(error(onset)) <= 5
    assert onset.ended_on is not None


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_gradual_rise_is_found_with_30_percent_of_days_missing(seed):
    ratings = noisy(seed, slope=0.15, missing=0.3)
    assert len(ratings) == 56  # 70% of 80 days
    (onset,) = onsets(ratings, [])
    assert abs(error(onset)) <= 5


def test_missing_days_are_absent_not_zero():
    # A flat 5 with every other day missing: read as 0, the gaps would make every rated day a rise.
    assert onsets(series(SEP1, [5.0, None] * 60), []) == []


@pytest.mark.parametrize("days", [1, 2])
def test_a_spike_of_one_or_two_days_is_no_onset(days):
    assert onsets(step(2.0, 9.0, flat=40, high=days, tail=[2.0] * 30), []) == []


def test_repeated_single_high_days_are_no_onset():
    assert onsets(series(SEP1, [2.0] * 30 + ([9.0] + [2.0] * 4) * 8), []) == []


def test_a_step_rise_is_dated_to_its_first_day():
    (onset,) = onsets(step(), [])
    assert onset.day == days_from(SEP1, 28)
    assert (onset.baseline_mean, onset.baseline_n) == (2.0, 28)
    assert (onset.level_mean, onset.level_n, onset.ended_on) == (6.0, 7, None)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_noisy_step_rise_is_dated_within_2_days(seed):
    rng = random.Random(seed)
    values = [2.0] * 35 + [6.0] * 21
    ratings = series(SEP1, [min(10, max(0, round(rng.gauss(v, 0.8)))) for v in values])
    (onset,) = onsets(ratings, [])
    assert abs((onset.day - days_from(SEP1, 35)).days) <= 2


def test_a_lone_high_day_just_before_a_rise_does_not_move_its_date():
    ratings = step(flat=40)
    ratings[days_from(SEP1, 36)] = 9.0
    (onset,) = onsets(ratings, [])
    assert onset.day == days_from(SEP1, 40)


# --- The thresholds ---------------------------------------------------------------------------


def test_a_rise_of_1_5_points_held_for_7_days_is_an_onset():
    # The 7-day mean reaches 3.5 on Oct 5 (7 days at 3.5) and stays there to Oct 11.
    (onset,) = onsets(step(2.0, 3.5, high=14), [])
    assert onset.day == date(2024, 9, 29)
    assert onset.confirmed_on == date(2024, 10, 11)


def test_a_rise_just_under_1_5_points_or_held_for_6_days_is_no_onset():
    assert onsets(step(2.0, 3.45, high=40), []) == []
    assert onsets(step(2.0, 3.5, high=12, tail=[2.0] * 20), []) == []


def test_a_noisy_baseline_needs_a_rise_of_1_5_standard_deviations():
    # Sep 1-28 alternate 4 and 0: mean 2, sd 2.04, so the rise must be 3.06 or more.
    before = [4.0, 0.0] * 14
    assert onsets(series(SEP1, before + [4.9] * 21), []) == []
    (onset,) = onsets(series(SEP1, before + [5.1] * 21), [])
    assert onset.day == date(2024, 9, 29)


def test_the_baseline_needs_14_days_with_data():
    (onset,) = onsets(series(SEP1, [1.0, None] * 14 + [8.0] * 14), [])
    assert (onset.day, onset.baseline_n) == (date(2024, 9, 29), 14)
    # With 13 rated days before the rise, the earliest onset is its second day, whose 28 days
    # before hold 14 ratings (the rise's first day among them).
    (onset,) = onsets(series(SEP1, [None, None] + [1.0, None] * 13 + [8.0] * 14), [])
    assert (onset.day, onset.baseline_n) == (date(2024, 9, 30), 14)


def test_data_starting_on_the_change_day_needs_a_baseline_first():
    start = date(2024, 9, 11)
    change = sertraline(start)
    assert onsets(constant(start, 60, 8.0), [change]) == []  # high from the start: no rise
    (onset,) = onsets(series(start, [1.0] * 14 + [8.0] * 14), [change])
    assert onset.day == days_from(start, 14)
    assert onset.days_since_change == {"sertraline": 14}


# --- Episodes ---------------------------------------------------------------------------------


def test_a_lasting_rise_is_one_episode_even_as_it_climbs_further():
    s = series(SEP1, [1.0] * 28 + [6.0] * 40 + [9.5] * 10)
    (onset,) = onsets(s, [])
    assert onset.day == days_from(SEP1, 28)
    assert (onset.level_mean, onset.baseline_mean) == (9.5, 1.0)


def test_a_rise_a_return_and_a_second_rise_are_two_onsets():
    s = step(2.0, 6.0, flat=30, high=21, tail=[2.0] * 25 + [7.0] * 21)
    first, second = onsets(s, [])
    assert (first.day, second.day) == (days_from(SEP1, 30), days_from(SEP1, 76))
    # Back near the baseline once the 7-day mean is under 2 + 1.5 / 2: one day at 6 in 7.
    assert first.ended_on == days_from(SEP1, 56)
    # The second baseline leaves the first episode's days out: the 19 days at 2 after it.
    assert (second.baseline_mean, second.baseline_n) == (2.0, 19)
    assert second.level_mean == 7.0


def test_no_second_onset_while_the_level_stays_up():
    s = step(2.0, 6.0, flat=30, high=21, tail=[3.5] * 20 + [7.0] * 21)
    assert [o.day for o in onsets(s, [])] == [days_from(SEP1, 30)]


def test_no_data_no_onsets():
    assert onsets({}, [sertraline(SEP1)]) == []


# --- Medication changes -----------------------------------------------------------------------


def test_days_since_the_latest_change_of_each_medication_before_the_onset():
    changes = [
        sertraline(date(2024, 8, 20), 25, 50),
        sertraline(date(2024, 9, 20)),  # the latest sertraline change before Sep 29
        sertraline(date(2024, 10, 5), 100, 150),  # after the onset: not counted
        LAMOTRIGINE,  # before any data
    ]
    (onset,) = onsets(step(), changes)
    assert onset.day == date(2024, 9, 29)
    assert onset.days_since_change == {"sertraline": 9, "lamotrigine": 59}
    assert [c.day for c in onset.last_changes] == [date(2024, 9, 20), date(2024, 8, 1)]


def test_a_change_on_the_onset_day_counts_as_0_days():
    (onset,) = onsets(step(), [sertraline(date(2024, 9, 29))])
    assert onset.days_since_change == {"sertraline": 0}


def test_no_changes_gives_an_empty_days_since_change():
    (onset,) = onsets(step(), [])
    assert onset.days_since_change == {}
    assert onset.last_changes == ()


def test_symptom_onsets_covers_every_symptom_in_day_order():
    fog = series(SEP1, [1.0] * 30 + [7.0] * 14)
    numb = series(SEP1, [1.0] * 28 + [7.0] * 14)
    found = symptom_onsets({FOG: fog, NUMBNESS: numb}, [sertraline(SEP1)])
    assert [(o.symptom.key, o.day) for o in found] == [
        ("emotional_numbness", date(2024, 9, 29)),
        ("brain_fog", date(2024, 10, 1)),
    ]


def test_last_changes_keeps_the_latest_per_medication():
    a = sertraline(date(2024, 9, 1))
    b = sertraline(date(2024, 9, 5), 100, 150)
    assert last_changes([b, a, LAMOTRIGINE], date(2024, 9, 4)) == (a, LAMOTRIGINE)
    assert last_changes([b, a], date(2024, 8, 31)) == ()


# --- Settings and the method statement --------------------------------------------------------


def test_the_rule_is_adjustable():
    s = step(2.0, 3.2, high=21)
    assert onsets(s, []) == []
    (onset,) = onsets(s, [], rules=Rules(rise=1.0, baseline_days=14, held_days=5))
    assert onset.day == date(2024, 9, 29)
    assert (onset.baseline_days, onset.baseline_n) == (14, 14)


@pytest.mark.parametrize(
    "options",
    [
        {"rise": 0},
        {"min_level_days": 8},
        {"held_days": 0},
        {"min_baseline_days": 29},
        {"min_baseline_days": 0},
        {"allowance": 2.0},
        {"alarm": 3.5},  # two capped days would reach it
        {"fit_before_days": 14},
    ],
)
def test_impossible_rules_are_refused(options):
    with pytest.raises(ValueError):
        Rules(**options)


def test_the_method_states_the_default_rule():
    rules = DEFAULT_RULES
    assert f"{rules.rise:g} points" in METHOD
    assert f"{rules.spread:g} standard deviations" in METHOD
    assert f"{rules.baseline_days} days before the rise" in METHOD
    assert f"{rules.level_days}-day average" in METHOD
    assert rules.held_days == rules.level_days and f"{rules.held_days} days in a row" in METHOD
    assert "One or two high days alone never count" in METHOD
    assert f"≥ {rules.rise:g} points (or {rules.spread:g} SD)" in LINE
    assert f"{rules.level_days}-day mean" in LINE and f"for {rules.held_days} days" in LINE
    assert f"the {rules.baseline_days} days before" in LINE
    assert not any(word in METHOD.lower() for word in ("cause", "because", "due to", "dose"))
