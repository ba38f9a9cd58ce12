"""The text alternatives: one plain paragraph with the numbers, no advice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.charts import factories as f
from tracker.charts.describe import (
    describe_activity,
    describe_adherence,
    describe_doses,
    describe_mood,
    describe_questionnaires,
    describe_side_effects,
    describe_sleep,
    describe_therapy,
)
from tracker.charts.series import (
    ActivityDay,
    ActivitySeries,
    AdherenceSeries,
    Change,
    DayRange,
    DoseSeries,
    DoseStep,
    Frame,
    MedicationAdherence,
    MedicationDoses,
    MoodSeries,
    Night,
    PrnDose,
    QuestionnaireSeries,
    Score,
    SideEffectSeries,
    SleepSeries,
    SymptomLine,
    TherapySeries,
    TherapySession,
)

AUG1, OCT30 = date(2025, 8, 1), date(2025, 10, 30)
FRAME = Frame(AUG1, OCT30)


def day(n: int) -> date:
    return AUG1 + timedelta(days=n)


def test_mood_gives_the_mean_of_daily_means_the_days_and_the_extremes():
    series = MoodSeries(
        mood=[DayRange(day(0), 4, 2, 6), DayRange(day(1), 6, 6, 6), DayRange(day(2), 5.6, 5, 8)],
    )
    text = describe_mood(series, FRAME)
    assert text.startswith(
        "Mood (0 = worst, 10 = best) averaged 5.2 out of 10 between 1 Aug and 30 Oct "
        "(3 days with a check-in); lowest 2, highest 8."
    )
    assert "No anxiety ratings between 1 Aug and 30 Oct." in text


def test_mood_with_nothing_logged_says_so_and_still_lists_changes():
    frame = Frame(AUG1, OCT30, [Change(date(2025, 8, 20), "sertraline 50 → 100 mg")])
    assert describe_mood(MoodSeries(), frame) == (
        "No mood or anxiety check-ins between 1 Aug and 30 Oct. "
        "Medication changes: sertraline 50 → 100 mg on 20 Aug."
    )


def test_dates_carry_the_year_when_the_range_spans_two():
    frame = Frame(date(2025, 12, 1), date(2026, 1, 31))
    assert "between 1 Dec 2025 and 31 Jan 2026" in describe_mood(MoodSeries(), frame)


def test_side_effects_lead_with_numbness_and_note_what_was_left_out():
    lines = [SymptomLine(f"S{n}", [(day(0), n), (day(1), n)], f"s{n}") for n in range(5)]
    lines.append(
        SymptomLine("Emotional numbness", [(day(0), 3), (day(4), 7)], "emotional_numbness")
    )
    text = describe_side_effects(SideEffectSeries(lines), FRAME)
    assert text.startswith(
        "Side-effect severity between 1 Aug and 30 Oct (0 = none, 10 = worst): Emotional numbness "
        "averaged 5 over 2 ratings (lowest 3, highest 7, latest 7 on 5 Aug);"
    )
    assert text.endswith("Not drawn (at most 5 per chart): S0.")


def test_doses_state_each_step_and_the_as_needed_use():
    series = DoseSeries(
        [
            MedicationDoses(
                "sertraline",
                [
                    DoseStep(date(2025, 6, 1), 50, "start"),
                    DoseStep(day(19), 100),
                    DoseStep(day(61), 75, "taper"),
                    DoseStep(day(80), 0, "stop"),
                ],
            ),
            MedicationDoses(
                "lorazepam", [], [PrnDose(day(3), 0.5), PrnDose(day(3), 1), PrnDose(day(9), 0.5)]
            ),
        ]
    )
    assert describe_doses(series, FRAME) == (
        "Doses between 1 Aug and 30 Oct. sertraline: 50 mg a day at the start, 100 mg a day "
        "from 20 Aug, 75 mg a day from 1 Oct (taper step), stopped on 20 Oct; lorazepam as "
        "needed: 3 doses on 2 days (0.5 to 1 mg each)."
    )


def test_adherence_counts_days_by_their_worst_status_and_states_the_method():
    statuses = {day(0): "on_time", day(1): "late", day(2): "missed", day(3): "on_time"}
    text = describe_adherence(AdherenceSeries([MedicationAdherence("sertraline", statuses)]), FRAME)
    assert (
        "sertraline: 4 days with a scheduled dose; on time on 2, late or early on 1, missed on 1; "
        "all doses taken on 3 of 4 days (75%)."
    ) in text
    assert "worst dose" in text


def test_adherence_leaves_a_day_still_to_come_out_of_the_share_taken():
    statuses = {day(0): "on_time", day(1): "missed", day(2): "due_later"}
    text = describe_adherence(AdherenceSeries([MedicationAdherence("sertraline", statuses)]), FRAME)
    assert (
        "sertraline: 3 days with a scheduled dose; on time on 1, missed on 1, due later on 1; "
        "all doses taken on 1 of 2 days (50%)."
    ) in text
    only = {day(0): "due_later"}
    text = describe_adherence(AdherenceSeries([MedicationAdherence("sertraline", only)]), FRAME)
    assert "sertraline: 1 day with a scheduled dose; due later on 1; none due yet." in text


def test_sleep_in_hours_percent_and_quality():
    nights = [Night(day(0), 6, 80, 2), Night(day(1), 7.5, 90, 4)]
    assert describe_sleep(SleepSeries(nights), FRAME) == (
        "2 nights in the sleep diary between 1 Aug and 30 Oct (dated by the morning): total "
        "sleep averaged 6.8 hours (lowest 6, highest 7.5); efficiency averaged 85% (lowest 80%, "
        "highest 90%); quality averaged 3 out of 5 (1 = very poor, 5 = very good)."
    )


def test_activity_is_averaged_per_week_of_the_range():
    frame = Frame(day(0), day(13))  # two weeks
    days = [ActivityDay(day(0), 60, {"Mindfulness": 20}, 4, 2), ActivityDay(day(8), 40, {}, 2, 0)]
    assert describe_activity(ActivitySeries(days), frame) == (
        "Per week on average between 1 Aug and 14 Aug: 50 minutes of activity; 10 minutes of "
        "practices (Mindfulness 10); 3 caffeinated drinks; 1 unit of alcohol (10 g each)."
    )


def test_therapy_counts_sessions_by_modality_and_homework():
    sessions = [
        TherapySession(day(0), "CBT", True, True),
        TherapySession(day(7), "CBT", True, False),
        TherapySession(day(9), "DBT", False, False),
    ]
    assert describe_therapy(TherapySeries(sessions), FRAME) == (
        "3 therapy sessions between 1 Aug and 30 Oct: CBT 2, DBT 1. "
        "Homework was given in 2 and done in 1 of them."
    )


def test_questionnaires_put_item_9_first_with_its_dates():
    series = QuestionnaireSeries(
        [Score(day(0), 17, 1), Score(day(14), 12, 0), Score(day(28), 8, 2)],
        [Score(day(0), 14)],
    )
    text = describe_questionnaires(series, FRAME)
    assert text.startswith(
        "PHQ-9 item 9 (thoughts of self-harm) was above 0 on 1 Aug and 29 Aug: "
        "discuss this with your prescriber."
    )
    assert (
        "PHQ-9 (0-27): 3 scores between 1 Aug and 30 Oct, from 17 (moderately severe) on 1 Aug "
        "to 8 (mild) on 29 Aug; lowest 8, highest 17."
    ) in text
    assert "GAD-7 (0-21): one score between 1 Aug and 30 Oct, 14 (moderate) on 1 Aug." in text


@pytest.mark.parametrize("chart", f.CHARTS, ids=lambda c: c.name)
@pytest.mark.parametrize("case", ["full", "single", "empty"])
def test_every_description_is_one_plain_paragraph_without_advice(chart, case):
    text = chart.describe(getattr(chart, case)(), f.frame())
    assert text and "\n" not in text and text.endswith(".")
    for advice in ("should", "increase your", "reduce your", "stop taking", "try "):
        assert advice not in text.lower()


def test_sleep_efficiency_and_quality_are_averaged_over_the_nights_that_have_them():
    nights = [
        Night(day(0), 6, 80, 2),
        Night(day(1), 8, None, 5),  # known only by its length
        Night(day(2), 7, 90, None),  # not rated
    ]
    assert describe_sleep(SleepSeries(nights), FRAME) == (
        "3 nights in the sleep diary between 1 Aug and 30 Oct (dated by the morning): total "
        "sleep averaged 7 hours (lowest 6, highest 8); efficiency averaged 85% (lowest 80%, "
        "highest 90%) over the 2 nights with bed times and minutes to fall asleep and awake; "
        "quality averaged 3.5 out of 5 (1 = very poor, 5 = very good) over the 2 nights rated."
    )


def test_sleep_without_minutes_to_fall_asleep_or_awake_is_averaged_as_at_most():
    nights = [
        Night(day(0), 6, 80, 2),
        Night(day(1), 8, None, 4, at_most=True),  # SOL or WASO not recorded
    ]
    assert describe_sleep(SleepSeries(nights), FRAME) == (
        "2 nights in the sleep diary between 1 Aug and 30 Oct (dated by the morning): total "
        "sleep averaged at most 7 hours (lowest 6, highest 8; minutes to fall asleep or awake "
        "not recorded on 1 night); efficiency averaged 80% (lowest 80%, highest 80%) over the "
        "1 night with bed times and minutes to fall asleep and awake; quality averaged 3 out "
        "of 5 (1 = very poor, 5 = very good)."
    )


def test_sleep_known_only_by_length_and_unrated_says_nothing_of_efficiency_or_quality():
    nights = [Night(day(0), 6, None, None), Night(day(1), 8, None, None)]
    text = describe_sleep(SleepSeries(nights), FRAME)
    assert text.startswith("2 nights in the sleep diary between 1 Aug and 30 Oct")
    assert "total sleep averaged 7 hours (lowest 6, highest 8)." in text
    assert "efficiency" not in text and "quality" not in text
