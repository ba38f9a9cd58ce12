from datetime import date
from math import sqrt

import pytest

from tests.analysis.factories import constant, days_from, series
from tracker.analysis.associations import (
    STANDARD_PAIRS,
    ConstantSeries,
    associate,
    direction,
    paired,
    pearson,
    ranks,
    spearman,
    standard_associations,
    strength,
)
from tracker.analysis.model import ACTIVITY, ALCOHOL, CAFFEINE, MOOD, SLEEP_TOTAL

START = date(2024, 1, 1)
DIGITS = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3]  # 16 values with ties


def test_ranks_average_ties():
    assert ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]
    assert ranks([3, 1, 2]) == [3, 1, 2]
    assert ranks([7, 7, 7]) == [2, 2, 2]
    assert ranks([2, 1, 2, 1, 2]) == [4, 1.5, 4, 1.5, 4]
    assert ranks([]) == []


def test_spearman_with_ties_matches_the_hand_computation():
    # Ranks: xs [1, 2.5, 2.5, 4], ys [1, 3, 2, 4]; both mean 2.5.
    # Deviations: xs [-1.5, 0, 0, 1.5], ys [-1.5, 0.5, -0.5, 1.5].
    # Σdx·dy = 2.25 + 2.25 = 4.5; Σdx² = 4.5; Σdy² = 5; r = 4.5 / √(4.5·5) = √0.9.
    assert abs(spearman([1, 2, 2, 3], [1, 3, 2, 4]) - sqrt(0.9)) < 1e-9
    assert abs(spearman([1, 2, 2, 3], [1, 3, 2, 4]) - 0.9486832980505138) < 1e-9


def test_spearman_without_ties_matches_the_textbook_formula():
    # d = [-1, 1, -1, 1, 0], Σd² = 4, ρ = 1 - 6·4 / (5·(25-1)) = 0.8.
    assert abs(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) - 0.8) < 1e-9


def test_spearman_sees_any_monotone_relation_as_perfect():
    xs = [1, 2, 3, 4, 5]
    assert spearman(xs, [x**3 for x in xs]) == pytest.approx(1.0)
    assert spearman(xs, [-(x**3) for x in xs]) == pytest.approx(-1.0)


def test_a_constant_side_is_refused_clearly():
    with pytest.raises(ConstantSeries, match="does not vary"):
        spearman([1, 2, 3], [4, 4, 4])
    with pytest.raises(ValueError):
        spearman([5, 5], [1, 2])


def test_unequal_or_too_short_inputs_are_refused():
    with pytest.raises(ValueError, match="same length"):
        spearman([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="at least 2"):
        pearson([1], [1])


def test_pairing_puts_x_on_day_d_beside_y_on_day_d_plus_lag():
    x = series(START, [1, 2, None, 4])
    y = series(START, [10, 20, 30, 40, 50])
    assert paired(x, y, 0) == ([1, 2, 4], [10, 20, 40])
    assert paired(x, y, 1) == ([1, 2, 4], [20, 30, 50])
    assert paired(x, y, -1) == ([2, 4], [10, 30])


def test_the_lag_decides_which_days_are_paired():
    x = series(START, DIGITS)
    y = series(days_from(START, 1), DIGITS)  # y on day d+1 repeats x on day d
    lagged = associate(x, y, lag_days=1)
    assert (lagged.r, lagged.n, lagged.lag_days, lagged.enough) == (1.0, 16, 1, True)
    same_day = associate(x, y)
    assert same_day.n == 15
    assert same_day.r is not None and same_day.r < 0.5


def test_fewer_than_14_paired_days_gives_no_r():
    x = series(START, list(range(13)))
    a = associate(x, x)
    assert (a.r, a.n, a.enough, a.min_pairs) == (None, 13, False, 14)
    b = associate(series(START, list(range(14))), series(START, list(range(14))))
    assert (b.r, b.n, b.enough) == (1.0, 14, True)


def test_gaps_on_either_side_reduce_the_pairs():
    x = series(START, [1, None, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
    y = series(START, [2, 4, 6, None, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32])
    a = associate(x, y)
    assert (a.n, a.enough, a.r) == (14, True, 1.0)


def test_a_constant_series_with_enough_pairs_gives_no_r():
    a = associate(series(START, DIGITS), constant(START, 16, 0.0))
    assert (a.r, a.n, a.enough) == (None, 16, True)


def test_min_pairs_is_adjustable_but_not_below_3():
    a = associate(series(START, [1, 2, 3]), series(START, [3, 2, 1]), min_pairs=3)
    assert a.r == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        associate({}, {}, min_pairs=2)


@pytest.mark.parametrize(
    ("r", "words"),
    [
        (0.0, "no clear"),
        (0.094, "no clear"),
        (-0.099, "a weak"),  # shown as -0.10, so it is not called "no clear"
        (0.1, "a weak"),
        (0.29, "a weak"),
        (0.3, "a moderate"),
        (-0.49, "a moderate"),
        (0.5, "a strong"),
        (-1.0, "a strong"),
    ],
)
def test_strength_words_follow_the_size_of_r(r, words):
    assert strength(r) == words


def test_direction_words():
    assert direction(0.4) == "positive"
    assert direction(-0.4) == "negative"


def test_standard_pairs_and_their_lags():
    assert [(p.x_key, p.y_key, p.lag_days) for p in STANDARD_PAIRS] == [
        (SLEEP_TOTAL, MOOD, 0),  # the night filed under day d comes before mood on day d
        (ACTIVITY, MOOD, 0),
        (ALCOHOL, SLEEP_TOTAL, 1),  # the evening of day d, the night filed under d+1
        (CAFFEINE, SLEEP_TOTAL, 1),
    ]


def test_standard_associations_pairs_alcohol_with_the_next_mornings_sleep():
    alcohol = series(START, DIGITS)
    sleep = series(days_from(START, 1), [480 - 20 * units for units in DIGITS])
    results = standard_associations({ALCOHOL: alcohol, SLEEP_TOTAL: sleep})
    assert [r.pair.x_key for r in results] == [SLEEP_TOTAL, ACTIVITY, ALCOHOL, CAFFEINE]
    by_x = {r.pair.x_key: r.association for r in results}
    assert by_x[ALCOHOL].r == pytest.approx(-1.0)
    assert by_x[ALCOHOL].n == 16
    assert by_x[CAFFEINE].n == 0  # no caffeine series: no pairs, not an error
    assert by_x[ACTIVITY].enough is False


def test_standard_associations_pairs_sleep_with_mood_the_day_it_was_filed():
    sleep = series(START, [400 + 10 * d for d in DIGITS])
    mood = series(START, [d / 2 for d in DIGITS])
    (sleep_mood, *_) = standard_associations({SLEEP_TOTAL: sleep, MOOD: mood})
    assert (sleep_mood.association.r, sleep_mood.association.n) == (pytest.approx(1.0), 16)
