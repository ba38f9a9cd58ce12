"""The five scales and one day's summary: pure, with known answers."""

from types import SimpleNamespace

import pytest

from tracker.checkins.scales import BY_KEY, KEYS, ScaleSummary, day_summary, mean_1dp


def test_the_five_scales_come_in_a_fixed_order():
    assert KEYS == ("mood", "anxiety", "irritability", "energy", "focus")


@pytest.mark.parametrize(
    "key, text",
    [
        ("mood", "0 = worst I can imagine · 5 = neutral · 10 = best I can imagine"),
        ("anxiety", "0 = none · 10 = the most severe"),
        ("irritability", "0 = none · 10 = extreme"),
        ("energy", "0 = exhausted · 10 = full of energy"),
        ("focus", "0 = cannot focus at all · 10 = sharp and focused"),
    ],
)
def test_each_scale_states_its_documented_anchors(key, text):
    assert BY_KEY[key].anchor_text == text


def test_day_summary_gives_mean_low_high_and_count_per_scale():
    checkins = [
        {"mood": 3, "anxiety": 7},
        {"mood": 4, "anxiety": None, "energy": 2},
        {"mood": 6},
    ]
    assert day_summary(checkins) == {
        "mood": ScaleSummary(mean=4.3, low=3, high=6, n=3),  # 13 / 3 = 4.33
        "anxiety": ScaleSummary(mean=7.0, low=7, high=7, n=1),
        "energy": ScaleSummary(mean=2.0, low=2, high=2, n=1),
    }


def test_scales_nobody_rated_are_left_out_and_order_follows_the_scales():
    summary = day_summary([{"focus": 5, "mood": 1}, {"focus": 0}])
    assert list(summary) == ["mood", "focus"]
    assert summary["focus"] == ScaleSummary(2.5, 0, 5, 2)


def test_zero_is_a_rating_not_a_gap():
    assert day_summary([{"anxiety": 0}, {"anxiety": 0}]) == {"anxiety": ScaleSummary(0.0, 0, 0, 2)}


def test_no_checkins_give_an_empty_summary():
    assert day_summary([]) == {}


def test_checkins_can_be_objects_with_the_scale_attributes():
    rows = [SimpleNamespace(mood=8, anxiety=None), SimpleNamespace(mood=9, anxiety=2)]
    assert day_summary(rows) == {
        "mood": ScaleSummary(8.5, 8, 9, 2),
        "anxiety": ScaleSummary(2.0, 2, 2, 1),
    }


@pytest.mark.parametrize(
    "values, mean",
    [([1, 2, 2, 4], 2.3), ([2, 3, 3], 2.7), ([1, 1, 2], 1.3), ([0, 1], 0.5), ([10], 10.0)],
)
def test_mean_is_rounded_to_one_decimal_with_halves_up(values, mean):
    assert mean_1dp(values) == mean
