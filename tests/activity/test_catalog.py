"""The catalog and the per-day sums: pure functions with known answers."""

from datetime import date

import pytest

from tracker.activity import catalog
from tracker.activity.models import PracticeEntry
from tracker.activity.series import DayPoint, fold_days
from tracker.activity.services import practices_done

CAFFEINE = catalog.SUBSTANCES["caffeine"]
ALCOHOL = catalog.SUBSTANCES["alcohol"]


def test_catalog_lists_the_activity_kinds_intensities_and_practices_of_the_brief():
    assert len(catalog.ACTIVITY_KINDS) == 10
    assert catalog.ACTIVITY_KINDS["strength"] == "Strength / gym"
    assert list(catalog.INTENSITIES) == ["light", "moderate", "vigorous"]
    minute_practices = [k for k, p in catalog.PRACTICES.items() if p.in_minutes]
    assert minute_practices == ["mindfulness", "breathing", "journaling", "outdoors", "social"]
    assert [k for k, p in catalog.PRACTICES.items() if not p.in_minutes] == ["meals", "water"]


def test_every_key_fits_its_column():
    assert all(len(k) <= 20 for k in [*catalog.ACTIVITY_KINDS, *catalog.PRACTICES])
    assert all(len(k) <= 10 for k in [*catalog.INTENSITIES, *catalog.SUBSTANCES])


@pytest.mark.parametrize(
    ("substance", "amount", "allowed"),
    [
        (CAFFEINE, 1, True),
        (CAFFEINE, 30, True),
        (CAFFEINE, 31, False),
        (CAFFEINE, 0, False),
        (CAFFEINE, 0.5, False),  # caffeine is counted in whole drinks
        (ALCOHOL, 0.5, True),
        (ALCOHOL, 1.5, True),
        (ALCOHOL, 50, True),
        (ALCOHOL, 50.5, False),
        (ALCOHOL, 1.25, False),
        (ALCOHOL, -1, False),
        (ALCOHOL, float("nan"), False),
        (ALCOHOL, float("inf"), False),
    ],
)
def test_amounts_are_whole_drinks_or_half_units_within_the_range(substance, amount, allowed):
    assert catalog.amount_allowed(substance, amount) is allowed


def test_amount_text_names_the_unit():
    assert CAFFEINE.amount_text(1) == "1 drink"
    assert CAFFEINE.amount_text(3.0) == "3 drinks"
    assert ALCOHOL.amount_text(1.5) == "1.5 units"


def test_followed_practices_are_read_in_catalog_order_without_unknown_or_repeated_keys():
    assert catalog.parse_followed("water, mindfulness,yoga,water") == ["mindfulness", "water"]
    assert catalog.parse_followed("") == []
    assert catalog.parse_followed(None) == []


def test_fold_days_gives_every_day_of_the_range_with_its_sums():
    first, last = date(2025, 6, 1), date(2025, 6, 3)
    activities = [
        (date(2025, 6, 1), 30, 4000),
        (date(2025, 6, 1), 20, None),
        (date(2025, 6, 3), 45, None),
        (date(2025, 5, 31), 99, 99),  # outside the range
    ]
    substances = [
        (date(2025, 6, 1), "caffeine", 2.0),
        (date(2025, 6, 1), "caffeine", 1.0),
        (date(2025, 6, 2), "alcohol", 1.5),
        (date(2025, 6, 2), "alcohol", 0.5),
        (date(2025, 6, 4), "alcohol", 9.0),  # outside the range
    ]
    assert fold_days(first, last, activities, substances) == [
        DayPoint(date(2025, 6, 1), 50, 4000, 3.0, 0.0),
        DayPoint(date(2025, 6, 2), 0, None, 0.0, 2.0),
        DayPoint(date(2025, 6, 3), 45, None, 0.0, 0.0),
    ]


def test_fold_days_keeps_steps_unknown_apart_from_zero_steps():
    points = fold_days(date(2025, 6, 1), date(2025, 6, 2), [(date(2025, 6, 1), 10, 0)], [])
    assert [p.steps for p in points] == [0, None]


def test_practices_done_sums_minutes_and_marks_yes_no_practices_in_catalog_order():
    entries = [
        PracticeEntry(practice="water", minutes=None, done=True),
        PracticeEntry(practice="mindfulness", minutes=10, done=True),
        PracticeEntry(practice="mindfulness", minutes=5, done=True),
        PracticeEntry(practice="meals", minutes=None, done=False),
    ]
    assert practices_done(entries) == {"mindfulness": 15, "water": True}
    assert list(practices_done(entries)) == ["mindfulness", "water"]
