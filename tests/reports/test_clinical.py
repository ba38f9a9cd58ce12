"""What a prescriber reads in the report: the safety signal before the range, the regimen's
history, scores in context, side effects by dose period, reductions, alcohol with sedatives."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from tests.conftest import NOW, make_user
from tests.reports.factories import get_user, pdf_pages
from tracker.activity import services as activity
from tracker.extensions import db
from tracker.medications import as_needed, doses, tapers
from tracker.medications import services as meds
from tracker.questionnaires import services as questionnaires
from tracker.reports import services, words
from tracker.reports.model import Report
from tracker.symptoms import services as symptoms
from tracker.timeutils import local_today, localize

TZ = "Europe/Berlin"
TODAY = local_today(TZ, NOW)  # 2025-06-02
FIRST = TODAY - timedelta(days=89)  # 2025-03-05
START = date(2025, 2, 1)
INCREASE = date(2025, 3, 20)
TAPER = date(2025, 5, 1)  # 75 mg, then 50 mg from 15 May
STEP2 = date(2025, 5, 15)


def _at(day: date, hour: int = 20, minute: int = 0):  # noqa: ANN202
    return localize(day, time(hour, minute), TZ)


def _phq9(user, day: date, total: int, item9: int) -> None:  # noqa: ANN001
    answers = [0] * 9
    answers[8] = item9
    rest = total - item9
    for n in range(8):
        answers[n] = min(3, rest)
        rest -= answers[n]
    assert rest == 0
    questionnaires.record_answers(user, "phq9", answers, now=_at(day))


def _regimen(user) -> tuple:  # noqa: ANN001
    F = meds.MedicationFields  # noqa: N806
    old = meds.create_medication(
        user,
        F(
            name="escitalopram",
            strength=10,
            purpose="Depression",
            prescriber="Dr Okafor",
            started_on=date(2024, 10, 1),
        ),
        doses=[(time(8), 10)],
        today=date(2024, 10, 1),
        now=NOW,
    )
    meds.stop_medication(user, old, stopped_on=START, reason="side_effects", today=START)
    sertraline = meds.create_medication(
        user,
        F(
            name="sertraline",
            strength=50,
            form="tablet",
            purpose="Depression",
            prescriber="Dr Okafor",
            started_on=START,
        ),
        doses=[(time(8), 50)],
        today=START,
        now=NOW,
    )
    meds.change_schedule(
        user,
        sertraline,
        effective_from=INCREASE,
        doses=[(time(8), 100)],
        note="Low mood persisting",
        today=INCREASE,
        now=NOW,
    )
    tapers.plan_taper(
        user,
        sertraline,
        tapers.TaperInput(
            starts_on=TAPER,
            start_amount=75,
            step=25,
            interval_days=14,
            end_amount=50,
            ends_in_stop=False,
            at=time(8),
        ),
        today=TAPER - timedelta(days=1),
        now=NOW,
    )
    lorazepam = meds.create_medication(
        user,
        F(
            name="lorazepam",
            strength=0.5,
            as_needed=True,
            started_on=START,
            default_amount=0.5,
            max_per_24h=2,
        ),
        today=START,
        now=NOW,
    )
    return sertraline, lorazepam


def _severity(user, key: str, first: date, values: list[int]) -> None:  # noqa: ANN001
    for n, value in enumerate(values):
        day = first + timedelta(days=n)
        symptoms.log_symptom(user, symptoms.EntryFields(key, value, at=_at(day, 19)), now=NOW)


def _story(user) -> tuple:  # noqa: ANN001
    sertraline, lorazepam = _regimen(user)
    _phq9(user, date(2025, 2, 10), 16, 2)  # the first PHQ-9, before the range, item 9 = 2
    _phq9(user, date(2025, 3, 10), 14, 0)
    _phq9(user, date(2025, 4, 7), 6, 0)  # a single score at response level
    _phq9(user, date(2025, 4, 21), 7, 0)  # the second in a row: response
    _phq9(user, date(2025, 5, 19), 3, 0)  # a single score at remission level
    questionnaires.record_answers(user, "fibser", [3, 3, 4], now=_at(date(2025, 4, 14)))
    questionnaires.record_answers(user, "fibser", [1, 1, 1], now=_at(date(2025, 5, 26)))
    # Fog: 2 on 50 mg, 5 on 100 mg, 3 on 75 mg, 2 on 50 mg again.
    plan = [(FIRST, INCREASE, 2), (INCREASE, TAPER, 5), (TAPER, STEP2, 3), (STEP2, TODAY, 2)]
    for first, end, value in plan:
        _severity(user, "brain_fog", first, [value] * (end - first).days)
    _severity(user, "brain_zaps", STEP2 + timedelta(days=1), [4, 3, 3, 2, 0, 0])
    for day, units in ((date(2025, 4, 4), 3), (date(2025, 4, 12), 2), (date(2025, 5, 2), 1)):
        activity.record_substance(user, substance="alcohol", amount=units, at=_at(day), now=NOW)
    for day in (date(2025, 4, 4), date(2025, 4, 12), date(2025, 4, 20)):
        event = as_needed.record_as_needed(
            user, lorazepam, taken_at=_at(day, 22), amount=0.5, reason="Panic", now=NOW
        )
        event.helped = 6
    for day, reason in (
        (date(2025, 4, 2), "Felt sick"),
        (date(2025, 4, 3), "Felt sick"),
        (date(2025, 4, 9), "Travelling"),
        (date(2025, 2, 20), "Before range"),
    ):
        doses.record_scheduled(
            user,
            sertraline,
            day=day,
            at=time(8),
            action="skipped",
            taken_at=None,
            reason=reason,
            now=NOW,
        )
    db.session.flush()
    return sertraline, lorazepam


@pytest.fixture
def report(app) -> Report:  # noqa: ANN001
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        _story(user)
        db.session.commit()
        return services.build_report(user, first=FIRST, last=TODAY, now=NOW)


def test_an_item9_above_0_before_the_range_is_shown_with_its_date_and_what_followed(report):
    s = report.safety
    assert s.in_range == () and s.flagged
    assert (s.last.day, s.last.answer, s.position) == (date(2025, 2, 10), 2, "before")
    assert s.days_from_range == (FIRST - date(2025, 2, 10)).days == 23
    assert (s.later, s.later_zero, s.latest_zero) == (4, 4, date(2025, 5, 19))
    text = " ".join(words.safety_lines(s))
    assert "2025-02-10, answer 2 (more than half the days), 23 days before this range" in text
    assert "All 4 PHQ-9s answered since have item 9 at 0 (latest 2025-05-19)." in text


def test_every_phq9_score_in_the_text_shows_item9(report):
    phq9 = next(s for s in report.scores if s.key == "phq9")
    texts = [words.score(r, phq9.max_total) for r in phq9.rows]
    assert len(texts) == 4 and all(", item 9: 0" in t for t in texts)


def test_response_and_remission_need_two_consecutive_scores(report):
    phq9 = next(s for s in report.scores if s.key == "phq9")
    marks = {r.day: r.marks for r in phq9.rows}
    assert marks[date(2025, 3, 10)] == ()
    assert marks[date(2025, 4, 7)] == ("single score in the response range",)
    assert marks[date(2025, 4, 21)] == ("response",)
    assert marks[date(2025, 5, 19)] == ("response", "single score in the remission range")


def test_the_baseline_carries_its_date_and_the_regimen_then(report):
    phq9 = next(s for s in report.scores if s.key == "phq9")
    assert (phq9.baseline.day, phq9.baseline.total) == (date(2025, 2, 10), 16)
    assert phq9.baseline.regimen == "sertraline 50 mg a day"
    assert words.baseline(phq9.baseline, 27) == (
        "first score 16/27 moderately severe on 2025-02-10, on sertraline 50 mg a day"
    )


def test_the_regimen_gives_each_medication_its_history_and_lists_stopped_ones_apart(report):
    assert [r.name for r in report.regimen] == ["sertraline", "lorazepam"]
    sertraline = report.regimen[0]
    line = words.history(sertraline)
    assert line.startswith("2025-02-01 Started at 50 mg a day; ")
    assert "2025-03-20 Increase: 50 → 100 mg a day (“Low mood persisting”)" in line
    assert "2025-05-01 Taper step: 100 → 75 mg a day; 2025-05-15 Taper step: 75 → 50 mg" in line
    assert "ending at 50 mg a day from 2025-05-15" in line
    assert words.medication(sertraline) == "sertraline 50 mg tablet; for Depression; Dr Okafor"
    (old,) = report.stopped
    assert old.name == "escitalopram" and old.stopped == START
    assert words.stopped(old) == (
        "escitalopram 10 mg; for Depression; Dr Okafor: started 2024-10-01; stopped 2025-02-01"
        " (side effects)."
    )


def test_side_effects_by_dose_period_show_the_rise_at_the_higher_dose(report):
    (table,) = report.dose_periods
    assert table.medication == "sertraline"
    assert [p.label for p in table.periods] == [
        "50 mg a day",
        "100 mg a day",
        "75 mg a day",
        "50 mg a day",
    ]
    fog = next(r for r in table.rows if r.symptom == "Brain fog")
    assert [c.mean for c in fog.cells] == [2, 5, 3, 2]
    assert [c.days for c in fog.cells] == [15, 42, 14, 18]
    assert [c.end for c in fog.cells] == [2, 5, 3, 2]


def test_discontinuation_symptoms_are_shown_around_each_reduction(report):
    by_day = {w.day: w for w in report.tapers}
    assert set(by_day) == {TAPER, STEP2}
    assert by_day[TAPER].rows == ()
    (zaps,) = by_day[STEP2].rows
    assert zaps.symptom == "Brain zaps"
    assert (zaps.before.logged, zaps.after.days, zaps.after.peak) == (0, 4, 4)
    assert "none of brain zaps, dizziness, flu-like feelings, insomnia" in words.taper(
        by_day[TAPER]
    )


def test_alcohol_and_an_as_needed_benzodiazepine_on_the_same_day_are_counted(report):
    a = report.alcohol
    assert a.drinking_days == 3 and a.units_per_week == pytest.approx(6 / (90 / 7))
    assert [(d.day, d.units, d.doses) for d in a.with_sedative] == [
        (date(2025, 4, 4), 3, 1),
        (date(2025, 4, 12), 2, 1),
    ]
    text = words.alcohol(a, TODAY)
    assert "the same day (units that day): 2 — lorazepam on 4 Apr (3), 12 Apr (2)." in text


def test_as_needed_use_per_week_with_how_much_it_helped(report):
    (prn,) = report.as_needed
    assert prn.doses == 3 and sum(prn.weekly) == 3 and len(prn.weekly) == 13
    assert (prn.helped, prn.helped_n) == (6, 3)


def test_skip_reasons_are_counted_per_medication_in_the_range(report):
    row = next(a for a in report.adherence if a.name == "sertraline")
    assert row.skip_reasons == (("Felt sick", 2), ("Travelling", 1))


def test_fibser_rows_give_every_item_and_flag_a_burden_of_3_or_more(report):
    first, second = report.burden
    assert (first.frequency, first.intensity, first.burden, first.flagged) == (3, 3, 4, True)
    assert not second.flagged
    assert "2025-04-14: 4 (frequency 3, intensity 3)" in words.burdens(report.burden)


def test_total_sleep_is_given_by_block_for_its_trend(report):
    assert len(report.sleep.blocks) == 7 and report.sleep.blocks[0].first == FIRST


def test_the_appendix_lists_every_questionnaire_item_by_item_with_item9_apart(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        _story(user)
        _phq9(user, date(2025, 5, 26), 10, 1)
        db.session.commit()
        report = services.build_report(user, first=FIRST, last=TODAY, now=NOW, appendix=True)
        text = services.report_file(user, first=FIRST, last=TODAY, now=NOW, appendix=True)
    phq9 = [a for a in report.answers if a.title == "PHQ-9"]
    assert [a.day for a in phq9][-1] == date(2025, 5, 26) and len(phq9) == 5
    assert words.items(phq9[-1]) == "3 3 3 0 0 0 0 0 | item 9: 1"
    assert {a.title for a in report.answers} == {"PHQ-9", "FIBSER"}
    pages = "".join(pdf_pages(text))
    assert "3 3 3 0 0 0 0 0 | item 9: 1" in pages


def test_a_past_range_leaves_out_later_changes_and_planned_steps_still_to_come_are_marked(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        sertraline, _ = _story(user)
        meds.change_schedule(
            user,
            sertraline,
            effective_from=TODAY + timedelta(days=10),
            doses=[(time(8), 25)],
            note="Next step",
            today=TODAY,
            now=NOW,
        )
        db.session.commit()
        early = services.build_report(user, first=FIRST, last=date(2025, 5, 10), now=NOW)
        now = services.build_report(user, first=FIRST, last=TODAY, now=NOW)
    past = words.history(early.regimen[0])
    assert "2025-05-01 Taper step: 100 → 75 mg a day" in past
    assert "2025-05-15 Taper step" not in past  # after the range, and done by today
    assert "2025-06-12 Planned decrease: 50 → 25 mg a day (“Next step”)" in past
    assert "2025-05-15 Taper step: 75 → 50 mg a day; 2025-06-12 Planned decrease" in (
        words.history(now.regimen[0])
    )
