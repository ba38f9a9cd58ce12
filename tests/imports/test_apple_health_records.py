"""Apple Health's export read into nights, daily steps, mindful minutes and workouts."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from tests.imports.apple_health_factories import (
    CLOCK,
    FIRST_LINE,
    MINDFUL,
    PHONE,
    WATCH,
    WATCH_DEVICE,
    export,
    record,
    records_of,
    sleep,
    steps,
    workout,
)
from tracker.activity.catalog import ACTIVITY_KINDS
from tracker.imports.parsers.apple_health import parse
from tracker.imports.parsers.apple_health_activity import KINDS
from tracker.imports.records import Night, Practice, Steps, Workout

BERLIN_SUMMER, BERLIN_WINTER = timezone(timedelta(hours=2)), timezone(timedelta(hours=1))


# --- Sleep -----------------------------------------------------------------------------------


def test_a_clock_apps_time_in_bed_and_the_watchs_stages_are_not_added_together():
    nights = records_of(
        export(
            sleep("InBed", "2024-04-01 22:30:00 +0200", "2024-04-02 07:10:00 +0200", CLOCK),
            sleep("Asleep", "2024-04-01 23:00:00 +0200", "2024-04-02 06:50:00 +0200", CLOCK),
            sleep("AsleepCore", "2024-04-01 23:20:00 +0200", "2024-04-02 01:00:00 +0200"),
            sleep("AsleepDeep", "2024-04-02 01:00:00 +0200", "2024-04-02 02:00:00 +0200"),
            sleep("Awake", "2024-04-02 02:00:00 +0200", "2024-04-02 02:10:00 +0200"),
            sleep("AsleepREM", "2024-04-02 02:10:00 +0200", "2024-04-02 03:00:00 +0200"),
            sleep("AsleepCore", "2024-04-02 03:00:00 +0200", "2024-04-02 06:40:00 +0200"),
            sleep("AsleepCore", "2024-04-02 03:00:00 +0200", "2024-04-02 04:00:00 +0200"),
            sleep("Awake", "2024-04-02 06:40:00 +0200", "2024-04-02 06:55:00 +0200"),
        ),
        Night,
    )
    at = lambda h, m, d=2: datetime(2024, 4, d, h, m, tzinfo=BERLIN_SUMMER)  # noqa: E731
    assert nights == [
        Night(
            line=FIRST_LINE,
            key="apple-sleep:2024-04-02",
            day=date(2024, 4, 2),
            in_bed=at(22, 30, 1),
            asleep=at(23, 20, 1),
            woke=at(6, 40),
            out_of_bed=at(7, 10),
            asleep_minutes=160 + 270,
            awake_minutes=10,
            awakenings=1,
        )
    ]


def test_a_night_across_midnight_and_the_spring_dst_change_counts_real_minutes():
    (night,) = records_of(
        export(
            sleep("AsleepCore", "2024-03-30 23:30:00 +0100", "2024-03-31 03:30:00 +0200"),
            sleep("AsleepREM", "2024-03-31 03:30:00 +0200", "2024-03-31 07:00:00 +0200"),
        ),
        Night,
    )
    assert night.day == date(2024, 3, 31) and night.key == "apple-sleep:2024-03-31"
    assert night.asleep == datetime(2024, 3, 30, 23, 30, tzinfo=BERLIN_WINTER)
    assert night.woke == datetime(2024, 3, 31, 7, tzinfo=BERLIN_SUMMER)
    assert night.asleep.utcoffset() == timedelta(hours=1)  # each time keeps its own offset
    assert night.asleep_minutes == 390  # 6 h 30 of sleep, though the clock moved 7 h 30
    assert night.in_bed == night.asleep and night.out_of_bed == night.woke


def test_without_awake_samples_the_gaps_in_sleep_are_the_awakenings_and_seams_are_not():
    (night,) = records_of(
        export(
            sleep("Asleep", "2024-04-01 23:00:00 +0200", "2024-04-02 02:00:00 +0200", CLOCK),
            sleep("Asleep", "2024-04-02 02:20:00 +0200", "2024-04-02 07:00:00 +0200", CLOCK),
            sleep("Asleep", "2024-04-02 07:00:30 +0200", "2024-04-02 07:30:00 +0200", CLOCK),
        ),
        Night,
    )
    assert (night.asleep_minutes, night.awake_minutes, night.awakenings) == (490, 20, 1)


def test_of_two_sources_without_stages_the_one_that_slept_longer_gives_the_night():
    (night,) = records_of(
        export(
            sleep("Asleep", "2024-04-01 23:00:00 +0200", "2024-04-02 05:00:00 +0200", CLOCK),
            sleep("Asleep", "2024-04-01 23:30:00 +0200", "2024-04-02 06:30:00 +0200", PHONE),
        ),
        Night,
    )
    assert night.asleep_minutes == 420 and night.asleep.hour == 23 and night.asleep.minute == 30


def test_a_nap_on_the_day_of_a_night_and_time_in_bed_alone_are_skipped_and_said():
    parsed = parse(
        export(
            sleep("InBed", "2024-03-28 23:00:00 +0100", "2024-03-29 07:00:00 +0100", PHONE),
            sleep("Asleep", "2024-04-01 23:00:00 +0200", "2024-04-02 07:00:00 +0200"),
            sleep("Asleep", "2024-04-02 14:00:00 +0200", "2024-04-02 14:40:00 +0200"),
        )
    )
    assert [(r.day, r.asleep_minutes) for r in parsed.records] == [(date(2024, 4, 2), 480)]
    assert [s.reason for s in parsed.skipped] == [
        "Sleep analysis: 1 night not imported (time in bed, but no sleep recorded).",
        "Sleep analysis: 1 sleep not imported (shorter than another sleep that day: a nap).",
    ]


# --- Steps, mindful minutes, workouts --------------------------------------------------------


def test_steps_counted_by_both_iphone_and_watch_count_once_preferring_the_watch():
    day = records_of(
        export(
            steps(1000, "2024-04-01 10:00:00 +0200", "2024-04-01 10:30:00 +0200"),
            steps(900, "2024-04-01 10:02:00 +0200", "2024-04-01 10:20:00 +0200", WATCH),
            steps(500, "2024-04-01 11:00:00 +0200", "2024-04-01 11:10:00 +0200"),
            steps(300, "2024-04-01 12:00:00 +0200", "2024-04-01 12:10:00 +0200"),
            steps(350, "2024-04-01 12:01:00 +0200", "2024-04-01 12:09:00 +0200", "Pedometer++"),
            steps(600, "2024-04-01 13:00:00 +0200", "2024-04-01 13:10:00 +0200"),
            steps(
                550, "2024-04-01 13:01:00 +0200", "2024-04-01 13:09:00 +0200", "Ana’s", WATCH_DEVICE
            ),
            steps(70, "2024-04-01 23:55:00 +0200", "2024-04-02 00:05:00 +0200"),
            steps(80, "2024-04-02 07:00:00 +0200", "2024-04-02 07:05:00 +0200"),
        ),
        Steps,
    )
    # 10h: the watch's 900, not the phone's 1000; 11h: the phone only; 12h: no watch, so the
    # larger of two apps, never their sum; 13h: a watch known by its device; the walk from
    # 23:55 counts on the day it started.
    assert day == [
        Steps(FIRST_LINE, "apple-steps:2024-04-01", date(2024, 4, 1), 900 + 500 + 350 + 550 + 70),
        Steps(FIRST_LINE + 8, "apple-steps:2024-04-02", date(2024, 4, 2), 80),
    ]


def test_the_hour_repeated_when_clocks_go_back_is_two_hours_of_steps():
    (day,) = records_of(
        export(
            steps(100, "2024-10-27 02:30:00 +0200", "2024-10-27 02:40:00 +0200"),
            steps(200, "2024-10-27 02:30:00 +0100", "2024-10-27 02:40:00 +0100", WATCH),
        ),
        Steps,
    )
    assert day.steps == 300


def test_mindful_sessions_become_mindfulness_in_whole_minutes():
    parsed = parse(
        export(
            record(MINDFUL, "2024-04-01 07:00:00 +0200", "2024-04-01 07:10:00 +0200", source=WATCH),
            record(
                MINDFUL, "2024-04-01 07:00:00 +0200", "2024-04-01 07:10:00 +0200", source="Calm"
            ),
            record(
                MINDFUL, "2024-04-01 21:00:00 +0200", "2024-04-01 21:03:20 +0200", source="Calm"
            ),
            record(
                MINDFUL, "2024-04-01 22:00:00 +0200", "2024-04-01 22:00:10 +0200", source="Calm"
            ),
        )
    )
    assert parsed.records == [
        Practice(
            FIRST_LINE,
            "apple-mindful:2024-04-01 07:00:00 +0200",
            datetime(2024, 4, 1, 7, tzinfo=BERLIN_SUMMER),
            "mindfulness",
            10,
        ),
        Practice(
            FIRST_LINE + 2,
            "apple-mindful:2024-04-01 21:00:00 +0200",
            datetime(2024, 4, 1, 21, tzinfo=BERLIN_SUMMER),
            "mindfulness",
            3,
        ),
    ]
    assert [s.line for s in parsed.skipped] == [FIRST_LINE + 1, FIRST_LINE + 3]


def test_workouts_map_to_our_kinds_with_their_apple_name_as_the_note():
    start, end = "2024-04-01 18:00:00 +0200", "2024-04-01 18:45:00 +0200"
    found = records_of(
        export(
            workout("Walking", start, end, "31.7"),
            workout("Running", "2024-04-02 18:00:00 +0200", end, "1800", "s"),
            workout("HighIntensityIntervalTraining", start, end, "0.5", "hr"),
            workout("TraditionalStrengthTraining", start, end),
            workout("Soccer", start, end, "45"),
            workout("Curling", start, end, "45"),
            workout("Walking", start, end, "0.2"),
        ),
        Workout,
    )
    assert [(w.kind, w.minutes, w.intensity, w.note) for w in found] == [
        ("walking", 32, "moderate", "Walking"),
        ("running", 30, "vigorous", "Running"),
        ("other", 30, "vigorous", "High intensity interval training"),
        ("strength", 45, "moderate", "Traditional strength training"),
        ("sport", 45, "moderate", "Soccer"),
        ("other", 45, "moderate", "Curling"),
    ]
    assert found[0].key == f"apple-workout:{start}|HKWorkoutActivityTypeWalking"
    assert found[0].at == datetime(2024, 4, 1, 18, tzinfo=BERLIN_SUMMER)


def test_every_mapped_workout_kind_is_one_of_ours():
    assert set(KINDS.values()) <= set(ACTIVITY_KINDS)
