from datetime import date

import pytest

from tests.analysis.factories import FOG, NUMBNESS, days_from, sertraline
from tracker.analysis.associations import STANDARD_PAIRS, Association, PairResult
from tracker.analysis.model import (
    ACTIVITY_MEASURE,
    ALCOHOL_MEASURE,
    MOOD_MEASURE,
    SLEEP_MEASURE,
    MedicationChange,
)
from tracker.analysis.onset import Onset
from tracker.analysis.windows import ChangeRow, WindowComparison
from tracker.analysis.wording import (
    DISCUSS,
    about_the_same,
    after_phrase,
    around_phrase,
    association_sentence,
    change_sentence,
    format_date,
    format_difference,
    format_value,
    lower_first,
    onset_sentence,
)

D = date(2024, 9, 1)
SLEEP_MOOD, ACTIVITY_MOOD, ALCOHOL_SLEEP, CAFFEINE_SLEEP = STANDARD_PAIRS


def row(measure, before, after, before_n=14, after_n=13, change=None, overlapping=()):
    """A ChangeRow from chosen means (the arithmetic is tested in test_windows)."""
    diff = None if before is None or after is None else after - before
    enough = before_n >= 5 and after_n >= 5
    comparison = WindowComparison(before, before_n, after, after_n, diff, enough, 14)
    return ChangeRow(change or sertraline(D), measure, comparison, overlapping)


def test_the_change_sentence_of_the_issue():
    assert change_sentence(row(FOG, 2.3, 5.1)) == (
        "Brain fog averaged 5.1/10 in the 14 days after sertraline went to 100 mg, up from 2.3 "
        "before (13 vs 14 days with data). Discuss with your prescriber."
    )


def test_a_fall_says_down():
    assert change_sentence(row(MOOD_MEASURE, 6.2, 4.0)) == (
        "Mood averaged 4.0/10 in the 14 days after sertraline went to 100 mg, down from 6.2 "
        "before (13 vs 14 days with data)."
    )


@pytest.mark.parametrize(("after", "same"), [(5.4, True), (4.6, True), (5.5, False), (4.5, False)])
def test_half_a_point_on_a_0_to_10_scale_is_the_edge_of_about_the_same(after, same):
    assert about_the_same(MOOD_MEASURE, row(MOOD_MEASURE, 5.0, after).comparison) is same


def test_about_the_same_sentence():
    assert change_sentence(row(MOOD_MEASURE, 6.0, 6.3)) == (
        "Mood averaged 6.3/10 in the 14 days after sertraline went to 100 mg, about the same as "
        "the 6.0 before (13 vs 14 days with data)."
    )


def test_minutes_read_as_hours_and_minutes_and_5_percent_is_about_the_same():
    assert change_sentence(row(SLEEP_MEASURE, 400, 385)) == (
        "Total sleep averaged 6 h 25 min in the 14 days after sertraline went to 100 mg, about "
        "the same as the 6 h 40 min before (13 vs 14 days with data)."
    )
    assert "down from 6 h 40 min before" in change_sentence(row(SLEEP_MEASURE, 400, 380))


def test_activity_reads_as_minutes_a_day():
    assert change_sentence(row(ACTIVITY_MEASURE, 45, 31)).startswith(
        "Activity averaged 31 min a day in the 14 days after sertraline went to 100 mg, "
        "down from 45 min before"
    )


def test_a_difference_hidden_by_rounding_is_about_the_same():
    assert about_the_same(ALCOHOL_MEASURE, row(ALCOHOL_MEASURE, 0.30, 0.34).comparison)


def test_a_zero_before_mean_is_only_the_same_when_after_is_zero_too():
    assert about_the_same(ALCOHOL_MEASURE, row(ALCOHOL_MEASURE, 0.0, 0.0).comparison)
    assert not about_the_same(ALCOHOL_MEASURE, row(ALCOHOL_MEASURE, 0.0, 1.0).comparison)


@pytest.mark.parametrize(
    ("kind", "before", "after", "after_text", "around_text"),
    [
        ("start", None, 50, "sertraline started at 50 mg", "sertraline starting at 50 mg"),
        ("start", None, None, "sertraline started", "sertraline starting"),
        ("change", 50, 100, "sertraline went to 100 mg", "sertraline going to 100 mg"),
        ("change", 50, None, "the sertraline dose changed", "the sertraline dose change"),
        (
            "taper",
            100,
            75,
            "the sertraline taper step to 75 mg",
            "the sertraline taper step to 75 mg",
        ),
        ("taper", 100, None, "the sertraline taper step", "the sertraline taper step"),
        ("stop", 25, None, "sertraline was stopped", "sertraline being stopped"),
    ],
)
def test_each_kind_of_change_has_its_phrase(kind, before, after, after_text, around_text):
    change = MedicationChange(D, "sertraline", kind, before, after, "mg")
    assert after_phrase(change) == after_text
    assert around_phrase(change) == around_text
    assert f"after {after_text}," in change_sentence(row(MOOD_MEASURE, 5, 7, change=change))


def test_too_little_data_says_so_instead_of_comparing():
    assert change_sentence(row(FOG, 2.3, 5.1, after_n=3)) == (
        "Too little data to compare brain fog around sertraline going to 100 mg "
        "(3 vs 14 days with data)."
    )
    assert change_sentence(row(FOG, None, None, before_n=0, after_n=0)) == (
        "Too little data to compare brain fog around sertraline going to 100 mg "
        "(0 vs 0 days with data)."
    )


@pytest.mark.parametrize(
    ("measure", "before", "after", "discuss"),
    [
        (FOG, 2.0, 4.0, True),
        (FOG, 5.0, 3.0, True),  # a fall of 2 points is as worth raising as a rise
        (FOG, 2.0, 3.9, False),
        (NUMBNESS, 1.1, 3.1, True),
        (MOOD_MEASURE, 3.0, 7.0, False),  # mood is not a side effect
        (SLEEP_MEASURE, 300, 480, False),
    ],
)
def test_discuss_follows_a_side_effect_change_of_2_points_or_more(measure, before, after, discuss):
    sentence = change_sentence(row(measure, before, after))
    assert sentence.endswith(" " + DISCUSS) is discuss


def test_no_discuss_when_there_is_too_little_data():
    assert DISCUSS not in change_sentence(row(FOG, 1.0, 8.0, after_n=2))


def test_other_changes_inside_the_windows_are_named():
    taper = MedicationChange(days_from(D, 10), "sertraline", "taper", 100, 75, "mg")
    start = MedicationChange(days_from(D, -3), "lamotrigine", "start", None, 25, "mg")
    one = change_sentence(row(MOOD_MEASURE, 5, 7, overlapping=(taper,)))
    assert one.endswith(
        "Another change falls within these days: sertraline taper step 100 → 75 mg (11 Sep)."
    )
    two = change_sentence(row(MOOD_MEASURE, 5, 7, overlapping=(start, taper)))
    assert "Other changes fall within these days: lamotrigine started at 25 mg (29 Aug) and " in two


def onset(changes=None, level=4.5, base=1.6):
    changes = [sertraline(date(2024, 9, 15))] if changes is None else changes
    day = date(2024, 10, 3)
    return Onset(
        symptom=FOG,
        day=day,
        baseline_mean=base,
        baseline_n=26,
        level_mean=level,
        level_day=date(2024, 11, 2),
        level_n=7,
        confirmed_on=date(2024, 10, 20),
        ended_on=None,
        days_since_change={c.medication: (day - c.day).days for c in changes},
        last_changes=tuple(sorted(changes, key=lambda c: c.day, reverse=True)),
    )


def test_the_onset_sentence_of_the_issue():
    assert onset_sentence(onset()) == (
        "Brain fog rose to a 7-day average of 4.5/10 by 2 Nov (7 days rated) from an average of "
        "1.6 over the 28 days before 3 Oct (26 days rated), when the rise began — 18 days after "
        "sertraline went to 100 mg. Discuss with your prescriber."
    )


def test_onset_with_several_medications_the_same_day_and_none():
    changes = [
        sertraline(date(2024, 10, 3)),
        MedicationChange(date(2024, 10, 2), "lamotrigine", "start", None, 25, "mg"),
        MedicationChange(date(2024, 8, 22), "quetiapine", "stop", 25, None, "mg"),
    ]
    assert onset_sentence(onset(changes=changes)).endswith(
        "— on the day of the change (sertraline 50 → 100 mg), 1 day after lamotrigine started "
        "at 25 mg and 42 days after quetiapine was stopped. Discuss with your prescriber."
    )
    assert "— no medication change is recorded before that day. " in onset_sentence(
        onset(changes=[])
    )


def result(pair, r, n=38, enough=True):
    return PairResult(pair, Association(r, n, pair.lag_days, enough, 14))


def test_the_association_sentence_of_the_issue():
    assert association_sentence(result(SLEEP_MOOD, 0.42)) == (
        "On days after more sleep, mood tended to be higher: a moderate positive association "
        "(Spearman r = 0.42, 38 paired days). This shows an association, not a cause."
    )


def test_a_negative_association_reads_the_other_way():
    assert association_sentence(result(ALCOHOL_SLEEP, -0.55, 20)) == (
        "After evenings with more alcohol, sleep that night tended to be shorter: a strong "
        "negative association (Spearman r = −0.55, 20 paired days). This shows an association, "
        "not a cause."
    )
    assert "tended to be lower: a weak negative" in association_sentence(
        result(ACTIVITY_MOOD, -0.2)
    )


def test_no_clear_association():
    assert association_sentence(result(CAFFEINE_SLEEP, -0.004, 30)) == (
        "There was no clear association between caffeine and that night's sleep "
        "(Spearman r = 0.00, 30 paired days)."
    )


def test_not_enough_pairs_and_a_flat_series():
    assert association_sentence(result(SLEEP_MOOD, None, 9, False)) == (
        "Not enough paired days yet (9 of 14 needed)."
    )
    assert association_sentence(result(SLEEP_MOOD, None, 20)) == (
        "No association can be measured between sleep and the next day's mood: one of them "
        "stayed the same on all 20 paired days."
    )


@pytest.mark.parametrize(
    ("measure", "value", "text"),
    [
        (FOG, 5.14, "5.1/10"),
        (FOG, None, "–"),
        (SLEEP_MEASURE, 400, "6 h 40 min"),
        (SLEEP_MEASURE, 420.2, "7 h"),
        (SLEEP_MEASURE, 59.6, "1 h"),
        (ACTIVITY_MEASURE, 31, "31 min a day"),
        (ALCOHOL_MEASURE, 1.5, "1.5 units a day"),
    ],
)
def test_format_value(measure, value, text):
    assert format_value(measure, value) == text


def test_format_difference_for_the_table():
    assert format_difference(FOG, 2.8) == "+2.8"
    assert format_difference(FOG, -0.04) == "0.0"
    assert format_difference(SLEEP_MEASURE, -20) == "−20 min"
    assert format_difference(SLEEP_MEASURE, 75) == "+1 h 15 min"
    assert format_difference(ACTIVITY_MEASURE, None) == "–"


def test_dates_and_labels_inside_sentences():
    assert format_date(date(2024, 9, 12)) == "12 Sep"
    assert lower_first("Brain fog") == "brain fog"
    assert lower_first("PHQ-9") == "PHQ-9"
    assert lower_first("") == ""
