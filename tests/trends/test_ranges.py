"""Range choices resolve to the right local days; a bad choice names its field."""

from datetime import date

import pytest

from tracker.errors import Invalid
from tracker.trends.ranges import resolve

TODAY = date(2025, 6, 2)


def choose(key, **kwargs):
    return resolve(
        key,
        today=TODAY,
        first_day=kwargs.pop("first_day", date(2024, 1, 5)),
        last_appointment=kwargs.pop("last_appointment", None),
        **kwargs,
    )


@pytest.mark.parametrize(("key", "first"), [("30", date(2025, 5, 4)), ("90", date(2025, 3, 5))])
def test_the_last_n_days_end_today_and_count_today(key, first):
    rng = choose(key)
    assert (rng.first, rng.last, rng.days) == (first, TODAY, int(key))


def test_no_choice_is_the_last_90_days():
    assert choose(None).key == "90"


def test_everything_starts_on_the_first_day_with_data():
    assert choose("all").first == date(2024, 1, 5)


def test_since_the_last_appointment_starts_on_its_day():
    rng = choose("appointment", last_appointment=date(2025, 4, 10))
    assert (rng.first, rng.last, rng.label) == (
        date(2025, 4, 10),
        TODAY,
        "Since the last appointment",
    )


def test_since_the_last_appointment_without_one_says_so_beside_the_range():
    with pytest.raises(Invalid) as err:
        choose("appointment")
    assert err.value.field == "range" and "No past appointment" in err.value.message


def test_custom_dates_are_kept_and_labelled():
    rng = choose("custom", start=date(2025, 1, 1), end=date(2025, 1, 31))
    assert (rng.first, rng.last, rng.label) == (
        date(2025, 1, 1),
        date(2025, 1, 31),
        "2025-01-01 to 2025-01-31",
    )


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (None, date(2025, 1, 31), "start"),
        (date(2025, 1, 1), None, "end"),
        (date(2025, 2, 1), date(2025, 1, 31), "start"),
        (date(2025, 6, 1), date(2025, 6, 3), "end"),
        (date(2014, 12, 1), date(2025, 1, 1), "start"),
    ],
)
def test_bad_custom_dates_name_the_field_to_fix(start, end, field):
    with pytest.raises(Invalid) as err:
        choose("custom", start=start, end=end)
    assert err.value.field == field


def test_an_unknown_choice_is_refused():
    with pytest.raises(Invalid) as err:
        choose("7")
    assert err.value.field == "range"


@pytest.mark.parametrize(
    ("key", "phrase"),
    [
        ("90", "the last 90 days"),
        ("all", "all your records"),
        ("appointment", "the time since the last appointment"),
    ],
)
def test_a_range_reads_well_inside_a_sentence(key, phrase):
    assert choose(key, last_appointment=date(2025, 5, 1)).phrase == phrase
