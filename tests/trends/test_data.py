"""The trends read services turn stored records into the series charts and analysis take."""

from datetime import date, time, timedelta

from tests.conftest import NOW, make_user
from tests.sleep.factories import log_length, log_night
from tests.trends.factories import INCREASE, START, at, fog, get_user, mood, sertraline
from tracker.activity import services as activity
from tracker.analysis.model import MOOD, SLEEP_TOTAL
from tracker.extensions import db
from tracker.medications import doses
from tracker.medications import services as meds
from tracker.medications.models import Medication
from tracker.snapshot import read_range
from tracker.trends import data


def from_snapshot(make, user, first, last, *, now=NOW):  # noqa: ANN001, ANN201
    """A series of first..last made from the range's snapshot."""
    return make(read_range(user, first, last, now=now), first, last)


def frame_of(user, first, last):  # noqa: ANN001, ANN201
    return data.frame(read_range(user, first, last, now=NOW))


def test_changes_are_starts_dose_changes_and_stops_but_not_a_moved_time(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        med = sertraline(user)
        meds.stop_medication(
            user, med, stopped_on=date(2025, 5, 20), reason="other", today=NOW.date()
        )
        changes = data.medication_changes(read_range(user, NOW.date(), NOW.date(), now=NOW))
        assert [(c.day, c.kind, c.before, c.after) for c in changes] == [
            (START, "start", None, 50),
            (INCREASE, "change", 50, 100),
            (date(2025, 5, 20), "stop", 100, None),
        ]
        assert changes[1].label == "sertraline 50 → 100 mg"
        frame = frame_of(user, date(2025, 4, 1), date(2025, 4, 30))
        assert [(c.day, c.label) for c in frame.changes] == [(INCREASE, "sertraline 50 → 100 mg")]


def test_dose_series_has_the_steps_and_leaves_out_a_medication_stopped_before_the_range(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        sertraline(user)
        old = meds.create_medication(
            user,
            meds.MedicationFields(name="escitalopram", started_on=date(2025, 1, 1)),
            doses=[(time(8), 10)],
            today=date(2025, 1, 1),
            now=NOW,
        )
        meds.stop_medication(
            user, old, stopped_on=date(2025, 2, 1), reason="side_effects", today=NOW.date()
        )
        series = from_snapshot(data.dose_series, user, date(2025, 4, 1), date(2025, 5, 31))
        assert [m.name for m in series.medications] == ["sertraline"]
        steps = [(s.day, s.amount, s.kind) for s in series.medications[0].steps]
        assert steps[:2] == [(START, 50, "start"), (INCREASE, 100, "change")]


def test_an_as_needed_dose_late_in_the_evening_counts_for_that_local_day(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        prn = meds.create_medication(
            user,
            meds.MedicationFields(
                name="lorazepam", as_needed=True, started_on=date(2025, 1, 1), default_amount=0.5
            ),
            today=date(2025, 1, 1),
            now=NOW,
        )
        from tracker.medications.as_needed import record_as_needed

        record_as_needed(
            user,
            prn,
            taken_at=at(date(2025, 5, 31), 23, 30),
            amount=0.5,
            reason=None,
            confirmed=True,
            now=NOW,
        )
        series = from_snapshot(data.dose_series, user, date(2025, 5, 31), date(2025, 6, 1))
        assert [(d.day, d.amount) for d in series.medications[0].as_needed] == [
            (date(2025, 5, 31), 0.5)
        ]


def test_adherence_days_take_the_worst_status_of_the_day(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        med = meds.create_medication(
            user,
            meds.MedicationFields(name="sertraline", started_on=date(2025, 5, 28)),
            doses=[(time(8), 50), (time(20), 50)],
            today=date(2025, 5, 28),
            now=NOW,
        )
        day = date(2025, 5, 29)
        doses.record_scheduled(
            user, med, day=day, at=time(8), action="taken", taken_at=at(day, 8), now=NOW
        )
        series = from_snapshot(data.adherence_series, user, day, day + timedelta(days=1), now=NOW)
        # 29 May: 08:00 on time, 20:00 nothing recorded -> missed; 30 May: both missed.
        assert series.medications[0].days == {day: "missed", day + timedelta(days=1): "missed"}


def test_mood_days_have_mean_low_high_and_the_week_before_for_the_rolling_mean(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        mood(user, date(2025, 5, 1), (4, 6), (8, 2))
        mood(user, date(2025, 4, 26), (5, 5))
        series = from_snapshot(data.mood_series, user, date(2025, 5, 1), date(2025, 5, 31))
        assert [(r.day, r.mean, r.low, r.high) for r in series.mood] == [
            (date(2025, 4, 26), 5, 5, 5),
            (date(2025, 5, 1), 6, 4, 8),
        ]
        assert [(r.day, r.mean) for r in series.anxiety][-1] == (date(2025, 5, 1), 4)


def test_daily_measures_count_no_activity_as_zero_only_on_days_the_user_logged(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        mood(user, date(2025, 5, 1), (6, 3))
        activity.record_activity(user, kind="walking", minutes=40, at=at(date(2025, 5, 2)), now=NOW)
        measures, by_key = from_snapshot(
            data.daily_measures, user, date(2025, 5, 1), date(2025, 5, 3)
        )
        assert by_key["activity_minutes"] == {date(2025, 5, 1): 0, date(2025, 5, 2): 40}
        assert by_key[MOOD] == {date(2025, 5, 1): 6}
        assert by_key[SLEEP_TOTAL] == {} and by_key["caffeine_drinks"] == {}
        assert [m.label for m in measures] == ["Mood", "Anxiety", "Activity"]


def test_followed_symptoms_are_measures_of_the_change_analysis(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        fog(user, date(2025, 5, 1), [3, 4])
        measures, _ = from_snapshot(data.daily_measures, user, date(2025, 5, 1), date(2025, 5, 3))
        fog_measure = next(m for m in measures if m.label == "Brain fog")
        assert measures[fog_measure] == {date(2025, 5, 1): 3, date(2025, 5, 2): 4}
        assert fog_measure.side_effect


def test_the_first_day_is_the_earliest_record(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        assert data.first_day(user, today=NOW.date()) == NOW.date()
        mood(user, date(2025, 2, 3), (5, 5))
        sertraline(user, increase=False)
        assert data.first_day(user, today=NOW.date()) == date(2025, 2, 3)
        assert db.session.query(Medication).count() == 1


def test_sleep_series_charts_a_length_night_without_efficiency_and_an_unrated_one_without_quality(
    app,
):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        log_night(user, date(2025, 5, 1))  # 7 h 10 min asleep of 8 h 3 min in bed, quality 4
        log_length(user, date(2025, 5, 2), 450, quality=2)
        log_night(user, date(2025, 5, 3), quality=None)
        series = from_snapshot(data.sleep_series, user, date(2025, 5, 1), date(2025, 5, 3))
        assert [(n.day.day, n.total_sleep_hours, n.quality) for n in series.nights] == [
            (1, 430 / 60, 4),
            (2, 7.5, 2),
            (3, 430 / 60, None),
        ]
        efficiency = [n.efficiency_pct for n in series.nights]
        assert efficiency[1] is None and round(efficiency[0]) == round(efficiency[2]) == 89
        _, by_key = from_snapshot(data.daily_measures, user, date(2025, 5, 1), date(2025, 5, 3))
        # Total sleep counts the night known only by its length: its length is what is known.
        assert by_key[SLEEP_TOTAL] == {
            date(2025, 5, 1): 430,
            date(2025, 5, 2): 450,
            date(2025, 5, 3): 430,
        }


def _scheduled(user, name: str, started_on: date, amount: float = 10) -> Medication:
    return meds.create_medication(
        user,
        meds.MedicationFields(name=name, started_on=started_on),
        doses=[(time(8), amount)],
        today=started_on,
        now=NOW,
    )


def test_a_medication_keeps_its_colour_in_ranges_with_and_without_another(app):
    from tests.charts.test_medications import step_colours
    from tracker.charts.render import doses_figure

    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        old = _scheduled(user, "escitalopram", date(2025, 1, 1))
        meds.stop_medication(
            user, old, stopped_on=date(2025, 2, 1), reason="side_effects", today=NOW.date()
        )
        sertraline(user)
        _scheduled(user, "lamotrigine", date(2025, 5, 10), 25)
        year = from_snapshot(data.dose_series, user, date(2024, 12, 1), date(2025, 5, 31))
        month = from_snapshot(data.dose_series, user, date(2025, 4, 1), date(2025, 4, 30))
        colours = {m.name: m.colour for m in year.medications}
        assert colours == {"escitalopram": 0, "sertraline": 1, "lamotrigine": 2}
        assert [(m.name, m.colour) for m in month.medications] == [("sertraline", 1)]
        drawn_year = step_colours(doses_figure(year, frame_of(user, date(2024, 12, 1), NOW.date())))
        drawn_month = step_colours(
            doses_figure(month, frame_of(user, date(2025, 4, 1), NOW.date()))
        )
        assert drawn_year["sertraline"] == drawn_month["sertraline"]
        assert len(set(drawn_year.values())) == 3


def test_each_change_in_the_frame_names_its_medication(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        med = sertraline(user)
        other = _scheduled(user, "lamotrigine", date(2025, 4, 20), 25)
        frame = frame_of(user, date(2025, 4, 1), date(2025, 4, 30))
        assert [(c.day, c.medication) for c in frame.changes] == [
            (INCREASE, med.id),
            (date(2025, 4, 20), other.id),
        ]
        series = from_snapshot(
            data.adherence_series, user, date(2025, 4, 1), date(2025, 4, 30), now=NOW
        )
        assert {m.name: m.medication for m in series.medications} == {
            "sertraline": med.id,
            "lamotrigine": other.id,
        }


def test_today_with_only_doses_still_to_come_is_due_later(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        med = meds.create_medication(
            user,
            meds.MedicationFields(name="sertraline", started_on=date(2025, 5, 30)),
            doses=[(time(8), 50), (time(21), 50)],
            today=date(2025, 5, 30),
            now=NOW,
        )
        today = NOW.date()  # 2 Jun
        before = NOW.replace(hour=4)  # 06:00 in Berlin: nothing due yet today
        series = from_snapshot(data.adherence_series, user, today, today, now=before)
        assert series.medications[0].days == {today: "due_later"}
        doses.record_scheduled(
            user, med, day=today, at=time(8), action="taken", taken_at=at(today, 8), now=NOW
        )
        # 12:00 in Berlin: 08:00 taken, 21:00 to come; tomorrow's doses all to come.
        series = from_snapshot(
            data.adherence_series, user, today, today + timedelta(days=1), now=NOW
        )
        assert series.medications[0].days == {
            today: "on_time",
            today + timedelta(days=1): "due_later",
        }
