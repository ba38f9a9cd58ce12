"""Pure dosing rules: statuses across midnight and DST changes, taper steps, adherence."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tracker.medications.plan import (
    DUE,
    EARLY,
    LATE,
    MISSED,
    ON_TIME,
    SKIPPED,
    UPCOMING,
    Outcome,
    PlannedDose,
    TaperStep,
    Version,
    adherence,
    dose_status,
    scheduled_instant,
    slots_on,
    taper_steps,
)

HOUR = timedelta(hours=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def status(day, at, tz, taken_at, *, now=None, action="taken"):
    return dose_status(
        scheduled=scheduled_instant(day, at, tz),
        action=action,
        taken_at=taken_at,
        window=HOUR,
        now=now or utc(2030, 1, 1),
    )


# Europe/Berlin springs forward on 2025-03-30 at 02:00 (UTC+1 -> UTC+2).
@pytest.mark.parametrize(
    "day, offset", [(date(2025, 3, 29), 1), (date(2025, 3, 30), 2), (date(2025, 3, 31), 2)]
)
def test_daily_0800_in_berlin_stays_at_0800_local_across_spring_forward(day, offset):
    scheduled = scheduled_instant(day, time(8), "Europe/Berlin")
    assert scheduled == utc(day.year, day.month, day.day, 8 - offset)
    taken = utc(day.year, day.month, day.day, 8 - offset, 10)  # 08:10 local
    assert status(day, time(8), "Europe/Berlin", taken) == ON_TIME


@pytest.mark.parametrize("day, offset", [(date(2025, 3, 29), 1), (date(2025, 3, 30), 2)])
def test_2330_dose_in_berlin_across_spring_forward(day, offset):
    scheduled = scheduled_instant(day, time(23, 30), "Europe/Berlin")
    assert scheduled == utc(day.year, day.month, day.day, 23 - offset, 30)
    # 00:20 local the next morning is 50 minutes late: on time within the 60-minute window.
    next_day = day + timedelta(days=1)
    taken = scheduled_instant(next_day, time(0, 20), "Europe/Berlin")
    assert taken - scheduled == timedelta(minutes=50)
    assert status(day, time(23, 30), "Europe/Berlin", taken) == ON_TIME


# America/New_York falls back on 2025-11-02 at 02:00 (UTC-4 -> UTC-5).
@pytest.mark.parametrize(
    "day, offset", [(date(2025, 11, 1), 4), (date(2025, 11, 2), 5), (date(2025, 11, 3), 5)]
)
def test_daily_0800_in_new_york_stays_at_0800_local_across_fall_back(day, offset):
    scheduled = scheduled_instant(day, time(8), "America/New_York")
    assert scheduled == utc(day.year, day.month, day.day, 8 + offset)
    assert status(day, time(8), "America/New_York", scheduled + timedelta(minutes=59)) == ON_TIME
    assert status(day, time(8), "America/New_York", scheduled + timedelta(minutes=61)) == LATE


def test_2330_in_new_york_on_the_fall_back_evening_is_one_local_day_of_25_hours_later():
    first = scheduled_instant(date(2025, 11, 1), time(23, 30), "America/New_York")
    second = scheduled_instant(date(2025, 11, 2), time(23, 30), "America/New_York")
    assert second - first == timedelta(hours=25)
    assert first == utc(2025, 11, 2, 3, 30)
    assert second == utc(2025, 11, 3, 4, 30)


def test_the_night_of_the_change_the_late_dose_is_measured_in_real_minutes():
    # 23:30 on 1 Nov (EDT); taken at 01:10 EST on 2 Nov = 2h40 of real time later: late.
    scheduled = scheduled_instant(date(2025, 11, 1), time(23, 30), "America/New_York")
    taken = utc(2025, 11, 2, 6, 10)
    assert taken - scheduled == timedelta(hours=2, minutes=40)
    assert status(date(2025, 11, 1), time(23, 30), "America/New_York", taken) == LATE


def test_a_wall_time_inside_the_spring_gap_moves_forward_by_the_gap():
    assert scheduled_instant(date(2025, 3, 30), time(2, 30), "Europe/Berlin") == utc(
        2025, 3, 30, 1, 30
    )  # 03:30 CEST


def test_status_without_a_record_depends_on_now():
    sched = utc(2025, 6, 1, 6)
    kw = {"scheduled": sched, "action": None, "taken_at": None, "window": HOUR}
    assert dose_status(**kw, now=sched - 2 * HOUR) == UPCOMING
    assert dose_status(**kw, now=sched - HOUR) == DUE
    assert dose_status(**kw, now=sched + HOUR) == DUE
    assert dose_status(**kw, now=sched + HOUR + timedelta(seconds=1)) == MISSED


def test_skipped_and_early_statuses():
    sched = utc(2025, 6, 1, 6)
    kw = {"scheduled": sched, "window": HOUR, "now": sched}
    assert dose_status(action="skipped", taken_at=None, **kw) == SKIPPED
    assert dose_status(action="taken", taken_at=sched - 2 * HOUR, **kw) == EARLY


V1 = Version(date(2025, 1, 1), (PlannedDose(time(8), 50),))
V2 = Version(date(2025, 2, 1), (PlannedDose(time(8), 50), PlannedDose(time(20), 50)))


def test_slots_come_from_the_version_in_effect_on_that_day():
    assert slots_on([V1, V2], date(2025, 1, 31), date(2025, 1, 1), None) == V1.doses
    assert slots_on([V1, V2], date(2025, 2, 1), date(2025, 1, 1), None) == V2.doses


def test_no_slots_before_start_or_from_the_stop_date():
    assert slots_on([V1], date(2024, 12, 31), date(2025, 1, 1), None) == ()
    assert slots_on([V1], date(2025, 3, 1), date(2025, 1, 1), date(2025, 3, 1)) == ()
    assert slots_on([V1], date(2025, 2, 28), date(2025, 1, 1), date(2025, 3, 1)) == V1.doses


def test_taper_100_to_25_by_25_every_14_days_then_stop():
    steps, stop = taper_steps(
        starts_on=date(2025, 1, 1),
        start_amount=100,
        step=25,
        interval_days=14,
        end_amount=0,
        ends_in_stop=True,
    )
    assert steps == [
        TaperStep(date(2025, 1, 1), 100),
        TaperStep(date(2025, 1, 15), 75),
        TaperStep(date(2025, 1, 29), 50),
        TaperStep(date(2025, 2, 12), 25),
    ]
    assert stop == date(2025, 2, 26)


def test_taper_never_goes_below_its_end_amount_and_may_not_stop():
    steps, stop = taper_steps(
        starts_on=date(2025, 1, 1),
        start_amount=100,
        step=40,
        interval_days=7,
        end_amount=25,
        ends_in_stop=False,
    )
    assert [s.amount for s in steps] == [100, 60, 25]
    assert stop is None


@pytest.mark.parametrize("kwargs", [{"step": 0}, {"interval_days": 0}, {"end_amount": 100}])
def test_impossible_taper_is_refused(kwargs):
    base = {
        "starts_on": date(2025, 1, 1),
        "start_amount": 100,
        "step": 25,
        "interval_days": 14,
        "end_amount": 0,
        "ends_in_stop": True,
    }
    with pytest.raises(ValueError):
        taper_steps(**{**base, **kwargs})


def _daily(statuses):
    return [Outcome(utc(2025, 1, 1, 8) + timedelta(days=i), s) for i, s in enumerate(statuses)]


def test_adherence_counts_and_percentages_leave_out_doses_not_yet_due():
    a = adherence(
        _daily([ON_TIME, ON_TIME, LATE, SKIPPED, MISSED, MISSED, ON_TIME, ON_TIME, DUE, UPCOMING])
    )
    assert (a.scheduled, a.taken, a.on_time, a.late, a.skipped, a.missed) == (8, 5, 4, 1, 1, 2)
    assert a.pct_taken == pytest.approx(62.5)
    assert a.pct_on_time == pytest.approx(50.0)
    assert a.longest_gap_doses == 3  # skipped, missed, missed
    assert a.longest_gap_hours == 96.0  # taken on day 3, next taken on day 7


def test_adherence_gap_counts_an_untaken_start_and_end():
    a = adherence(_daily([MISSED, MISSED, ON_TIME, ON_TIME, MISSED]))
    assert a.longest_gap_hours == 48.0
    assert a.longest_gap_doses == 2


def test_adherence_of_nothing_due_is_empty_not_zero():
    a = adherence(_daily([UPCOMING]))
    assert a.scheduled == 0 and a.pct_taken is None and a.longest_gap_hours is None
