"""Sleep diary arithmetic, time placement and night checks, with known answers."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tracker.errors import Invalid
from tracker.sleep import measures
from tracker.sleep.measures import NightTimes, place_night
from tracker.timeutils import localize

BERLIN = "Europe/Berlin"


def night(wake: date, bed: str, tried: str, final: str, out: str, tz: str = BERLIN) -> NightTimes:
    def t(hhmm: str) -> time:
        return time.fromisoformat(hhmm)

    return place_night(
        wake,
        into_bed=t(bed),
        tried_to_sleep=t(tried),
        final_awakening=t(final),
        out_of_bed=t(out),
        tz=tz,
    )


def tib(n: NightTimes) -> int:
    return measures.time_in_bed(n.into_bed, n.out_of_bed)


def test_a_night_across_midnight_has_its_known_measures():
    n = night(date(2025, 6, 2), "22:40", "22:45", "06:30", "06:43")
    assert tib(n) == 8 * 60 + 3
    tst = measures.total_sleep_time(n.tried_to_sleep, n.final_awakening, 15, 20)
    assert tst == 7 * 60 + 45 - 15 - 20 == 430
    assert measures.sleep_efficiency(tst, tib(n)) == pytest.approx(430 / 483 * 100)
    assert measures.percent(measures.sleep_efficiency(tst, tib(n))) == "89%"
    assert measures.duration(tst) == "7 h 10 min"


def test_berlin_spring_forward_night_is_seven_real_hours():
    n = night(date(2025, 3, 30), "23:00", "23:00", "07:00", "07:00")
    assert n.into_bed == datetime(2025, 3, 29, 22, 0, tzinfo=UTC)  # 23:00 CET
    assert n.out_of_bed == datetime(2025, 3, 30, 5, 0, tzinfo=UTC)  # 07:00 CEST
    assert tib(n) == 7 * 60
    assert measures.total_sleep_time(n.tried_to_sleep, n.final_awakening, 0, 0) == 7 * 60


def test_berlin_fall_back_night_is_nine_real_hours():
    n = night(date(2025, 10, 26), "23:00", "23:00", "07:00", "07:00")
    assert tib(n) == 9 * 60
    assert measures.total_sleep_time(n.tried_to_sleep, n.final_awakening, 30, 30) == 8 * 60


def test_new_york_fall_back_night_is_nine_real_hours():
    n = night(date(2025, 11, 2), "23:00", "23:30", "07:00", "07:00", tz="America/New_York")
    assert tib(n) == 9 * 60
    assert measures.total_sleep_time(n.tried_to_sleep, n.final_awakening, 0, 0) == 8 * 60 + 30


def test_same_zone_aware_times_are_compared_as_real_instants():
    # Python subtracts two datetimes sharing a tzinfo by wall clock; the measures must not.
    from zoneinfo import ZoneInfo

    z = ZoneInfo(BERLIN)
    into = datetime(2025, 3, 29, 23, 0, tzinfo=z)
    out = datetime(2025, 3, 30, 7, 0, tzinfo=z)
    assert out - into == timedelta(hours=8)  # wall-clock arithmetic
    assert measures.time_in_bed(into, out) == 7 * 60


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        measures.time_in_bed(datetime(2025, 1, 1, 23), datetime(2025, 1, 2, 7))


def test_efficiency_is_none_when_no_time_was_spent_in_bed():
    assert measures.sleep_efficiency(0, 0) is None
    assert measures.percent(None) == "—"


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (time(23, 0), date(2025, 3, 29)),
        (time(12, 0), date(2025, 3, 29)),
        (time(11, 59), date(2025, 3, 30)),
        (time(0, 30), date(2025, 3, 30)),
        (time(3, 0), date(2025, 3, 30)),
    ],
)
def test_bed_times_from_noon_belong_to_the_evening_before(at, expected):
    assert measures.evening_or_morning(date(2025, 3, 30), at) == expected


def test_placement_puts_the_morning_times_on_the_wake_date():
    n = night(date(2025, 6, 2), "00:30", "01:00", "09:15", "09:30")
    assert n.into_bed == localize(date(2025, 6, 2), time(0, 30), BERLIN)
    assert n.tried_to_sleep == localize(date(2025, 6, 2), time(1), BERLIN)
    assert n.final_awakening == localize(date(2025, 6, 2), time(9, 15), BERLIN)
    assert n.out_of_bed == localize(date(2025, 6, 2), time(9, 30), BERLIN)


def test_placement_splits_a_night_around_midnight():
    n = night(date(2025, 6, 2), "23:30", "00:15", "07:00", "07:10")
    assert n.into_bed == localize(date(2025, 6, 1), time(23, 30), BERLIN)
    assert n.tried_to_sleep == localize(date(2025, 6, 2), time(0, 15), BERLIN)


def test_a_time_in_the_spring_forward_gap_moves_forward_by_the_gap():
    n = night(date(2025, 3, 30), "23:00", "23:00", "02:30", "07:00")
    assert n.final_awakening == datetime(2025, 3, 30, 1, 30, tzinfo=UTC)  # 03:30 CEST


def check(n: NightTimes, sol=10, waso=20, awakenings=2, quality=4):
    measures.check_night(n, sol=sol, waso=waso, awakenings=awakenings, quality=quality)


GOOD = night(date(2025, 6, 2), "22:40", "22:45", "06:30", "06:43")


def test_a_usual_night_passes_the_checks():
    check(GOOD)


def test_a_night_with_all_four_times_equal_passes():
    check(night(date(2025, 6, 2), "07:00", "07:00", "07:00", "07:00"), sol=0, waso=0, awakenings=0)


@pytest.mark.parametrize(
    ("times", "field"),
    [
        (("23:00", "22:30", "06:30", "06:45"), "tried_to_sleep"),
        (("23:00", "23:10", "06:30", "06:15"), "out_of_bed"),
        (("03:00", "03:10", "02:30", "06:15"), "final_awakening"),
        (("12:00", "12:10", "11:30", "13:30"), "into_bed"),  # 25.5 hours from bed to up
    ],
)
def test_times_out_of_order_or_over_a_day_are_refused_by_field(times, field):
    with pytest.raises(Invalid) as caught:
        check(night(date(2025, 6, 2), *times))
    assert caught.value.field == field


def test_minutes_that_do_not_fit_between_trying_and_waking_are_refused():
    short = night(date(2025, 6, 2), "05:00", "05:00", "06:00", "06:00")
    with pytest.raises(Invalid, match="add up to more than the 1 h") as caught:
        check(short, sol=30, waso=31)
    assert caught.value.field == "waso_minutes"
    with pytest.raises(Invalid) as caught:
        check(short, sol=61, waso=0)
    assert caught.value.field == "sol_minutes"
    check(short, sol=30, waso=30)  # exactly fills the hour: no sleep, but possible


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        ({"sol": -1}, "sol_minutes"),
        ({"sol": 721}, "sol_minutes"),
        ({"waso": 721}, "waso_minutes"),
        ({"waso": -5}, "waso_minutes"),
        ({"awakenings": 51}, "awakenings"),
        ({"awakenings": -1}, "awakenings"),
        ({"quality": 0}, "quality"),
        ({"quality": 6}, "quality"),
    ],
)
def test_counts_outside_their_scales_are_refused_by_field(counts, field):
    with pytest.raises(Invalid) as caught:
        check(GOOD, **counts)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0 min"), (45, "45 min"), (60, "1 h"), (430, "7 h 10 min")]
)
def test_durations_read_as_people_say_them(minutes, text):
    assert measures.duration(minutes) == text
