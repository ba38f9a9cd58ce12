"""Medication and dose-log rules, through the services, committed and read back."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.conftest import NOW, make_user
from tests.medications.factories import get_user, prn_med, scheduled_med
from tracker import entries
from tracker.errors import Conflict, Invalid, NeedsConfirmation
from tracker.extensions import db
from tracker.medications import as_needed, doses, history, services, tapers
from tracker.medications.models import DoseEvent, Medication, ScheduleVersion
from tracker.medications.plan import DUE, LATE, MISSED, ON_TIME, SKIPPED
from tracker.timeutils import localize


def at(day: date, hh: int, mm: int = 0, tz: str = "Europe/Berlin") -> datetime:
    return localize(day, time(hh, mm), tz)


@pytest.fixture
def uid(app):
    return make_user(app)


def test_brand_name_is_stored_as_the_generic_with_its_class(app, uid):
    with app.app_context():
        med = scheduled_med(get_user(uid), name="  Zoloft ")
        db.session.commit()
    with app.app_context():
        med = db.session.scalars(db.select(Medication)).one()
        assert (med.name, med.drug_class) == ("sertraline", "ssri")


def test_free_text_name_is_kept(app, uid):
    with app.app_context():
        med = scheduled_med(get_user(uid), name="Grandma's tea")
        assert (med.name, med.drug_class) == ("Grandma's tea", None)


@pytest.mark.parametrize(
    "doses_, message",
    [((), "at least one"), (((time(8), 50), (time(8), 25)), "once"), (((time(8), 0),), "above 0")],
)
def test_bad_schedule_is_refused_and_nothing_is_added(app, uid, doses_, message):
    with app.app_context():
        with pytest.raises(Invalid, match=message):
            scheduled_med(get_user(uid), doses=doses_)
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(Medication.id))) == 0


def test_dose_change_adds_a_version_and_never_changes_past_days(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        services.change_schedule(
            user,
            med,
            effective_from=date(2025, 2, 1),
            doses=[(time(8), 100)],
            note="Titration",
            today=date(2025, 2, 1),
            now=datetime(2025, 2, 1, tzinfo=UTC),
        )
        db.session.commit()
    with app.app_context():
        user = get_user(uid)
        med = db.session.scalars(db.select(Medication)).one()
        sheet_before = doses.day_sheet(user, date(2025, 1, 31), now=at(date(2025, 2, 1), 9))
        sheet_after = doses.day_sheet(user, date(2025, 2, 1), now=at(date(2025, 2, 1), 9))
        assert [s.amount for s in sheet_before.slots] == [50]
        assert [s.amount for s in sheet_after.slots] == [100]
        history = services.version_history(med, today=date(2025, 2, 1))
        assert [h.label for h in history] == [
            "Increase: 50 → 100 mg a day",
            "Started at 50 mg a day",
        ]


def test_a_change_cannot_go_before_the_current_version(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        services.change_schedule(
            user,
            med,
            effective_from=date(2025, 2, 1),
            doses=[(time(8), 100)],
            note=None,
            today=date(2025, 2, 10),
            now=datetime(2025, 2, 10, tzinfo=UTC),
        )
        with pytest.raises(Invalid, match="already in place") as exc:
            services.change_schedule(
                user,
                med,
                effective_from=date(2025, 1, 20),
                doses=[(time(8), 75)],
                note=None,
                today=date(2025, 2, 10),
                now=datetime(2025, 2, 10, tzinfo=UTC),
            )
        assert exc.value.field == "effective_from"


def test_editing_the_schedule_does_not_turn_logged_past_doses_into_missed(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        now = at(date(2025, 1, 10), 12)
        for d in range(1, 10):
            day = date(2025, 1, d)
            doses.record_scheduled(
                user, med, day=day, at=time(8), action="taken", taken_at=at(day, 8, 5), now=now
            )
        services.change_schedule(
            user,
            med,
            effective_from=date(2025, 1, 10),
            doses=[(time(9), 100)],
            note=None,
            today=date(2025, 1, 10),
            now=now,
        )
        db.session.commit()
    with app.app_context():
        user = get_user(uid)
        med = db.session.scalars(db.select(Medication)).one()
        a = history.medication_adherence(
            user, med, first=date(2025, 1, 1), last=date(2025, 1, 9), now=at(date(2025, 1, 10), 12)
        )
        assert (a.scheduled, a.on_time, a.missed) == (9, 9, 0)


def test_taper_plan_creates_its_future_versions_and_the_stop(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user, doses=((time(8), 100),))
        tapers.plan_taper(
            user,
            med,
            tapers.TaperInput(
                starts_on=date(2025, 3, 1),
                start_amount=75,
                step=25,
                interval_days=14,
                end_amount=0,
                ends_in_stop=True,
                at=time(8),
                stop_reason="course_completed",
            ),
            today=date(2025, 2, 20),
            now=NOW,
        )
        db.session.commit()
    with app.app_context():
        med = db.session.scalars(db.select(Medication)).one()
        assert [(v.effective_from, v.kind, v.daily_total) for v in med.versions] == [
            (date(2025, 1, 1), "start", 100),
            (date(2025, 3, 1), "taper", 75),
            (date(2025, 3, 15), "taper", 50),
            (date(2025, 3, 29), "taper", 25),
        ]
        assert (med.stopped_on, med.stop_reason) == (date(2025, 4, 12), "course_completed")
        labels = [h.label for h in services.version_history(med, today=date(2025, 2, 20))]
        assert labels[0] == "Taper step: 50 → 25 mg a day"


def test_cancelling_a_taper_step_cancels_the_rest_and_the_planned_stop(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user, doses=((time(8), 100),))
        tapers.plan_taper(
            user,
            med,
            tapers.TaperInput(
                starts_on=date(2025, 3, 1),
                start_amount=75,
                step=25,
                interval_days=14,
                end_amount=0,
                ends_in_stop=True,
                at=time(8),
                stop_reason="prescriber",
            ),
            today=date(2025, 3, 5),
            now=NOW,
        )
        second = next(v for v in med.versions if v.effective_from == date(2025, 3, 15))
        tapers.cancel_version(user, med, second, today=date(2025, 3, 5))
        db.session.commit()
    with app.app_context():
        med = db.session.scalars(db.select(Medication)).one()
        assert [v.effective_from for v in med.versions] == [date(2025, 1, 1), date(2025, 3, 1)]
        assert med.stopped_on is None


def test_a_version_already_in_effect_cannot_be_cancelled(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        with pytest.raises(Invalid):
            tapers.cancel_version(user, med, med.versions[0], today=date(2025, 1, 2))


def test_stop_removes_planned_versions_after_it(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        services.change_schedule(
            user,
            med,
            effective_from=date(2025, 3, 1),
            doses=[(time(8), 100)],
            note=None,
            today=date(2025, 2, 1),
            now=NOW,
        )
        services.stop_medication(
            user, med, stopped_on=date(2025, 2, 10), reason="side_effects", today=date(2025, 2, 1)
        )
        db.session.commit()
        assert [v.effective_from for v in med.versions] == [date(2025, 1, 1)]
        assert doses.day_sheet(user, date(2025, 2, 10), now=NOW).slots == []


def test_dose_taken_after_midnight_counts_for_the_previous_evening(app):
    uid = make_user(app, tz="Europe/Berlin")
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user, doses=((time(23, 30), 3),), started_on=date(2025, 3, 1))
        now = at(date(2025, 3, 30), 0, 20)  # the spring-forward night, 00:20 CET
        sheet = doses.day_sheet(user, date(2025, 3, 30), now=now)
        assert [(s.day, s.status) for s in sheet.carried_over] == [(date(2025, 3, 29), DUE)]
        doses.record_scheduled(
            user, med, day=date(2025, 3, 29), at=time(23, 30), action="taken", taken_at=now, now=now
        )
        db.session.commit()
    with app.app_context():
        user = get_user(uid)
        later = at(date(2025, 3, 30), 12)
        sheet = doses.day_sheet(user, date(2025, 3, 30), now=later)
        assert [(s.day, s.status) for s in sheet.slots] == [(date(2025, 3, 30), "upcoming")]
        yesterday = doses.day_sheet(user, date(2025, 3, 29), now=later)
        assert [s.status for s in yesterday.slots] == [ON_TIME]


def test_the_same_form_sent_twice_records_one_dose(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        kw = {
            "day": date(2025, 1, 2),
            "at": time(8),
            "action": "taken",
            "taken_at": at(date(2025, 1, 2), 8),
            "request_key": "abc123",
            "now": NOW,
        }
        first = doses.record_scheduled(user, med, **kw)
        second = doses.record_scheduled(user, med, **kw)
        other_key = doses.record_scheduled(user, med, **{**kw, "request_key": "zzz"})
        db.session.commit()
        assert first.id == second.id == other_key.id
        assert db.session.scalar(db.select(db.func.count(DoseEvent.id))) == 1


def test_dose_in_the_future_or_off_schedule_is_refused(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        with pytest.raises(Invalid, match="future"):
            doses.record_scheduled(
                user,
                med,
                day=date(2025, 6, 2),
                at=time(8),
                action="taken",
                taken_at=NOW + timedelta(minutes=10),
                now=NOW,
            )
        with pytest.raises(Invalid, match="no dose planned"):
            doses.record_scheduled(
                user, med, day=date(2025, 6, 2), at=time(9), action="taken", taken_at=None, now=NOW
            )


def test_statuses_late_skipped_and_missed_in_history(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        now = at(date(2025, 1, 4), 12)
        doses.record_scheduled(
            user,
            med,
            day=date(2025, 1, 1),
            at=time(8),
            action="taken",
            taken_at=at(date(2025, 1, 1), 10),
            now=now,
        )
        doses.record_scheduled(
            user,
            med,
            day=date(2025, 1, 2),
            at=time(8),
            action="skipped",
            taken_at=None,
            reason="nausea",
            now=now,
        )
        db.session.commit()
        rows = history.dose_history(
            user, med, first=date(2025, 1, 1), last=date(2025, 1, 4), now=now
        )
        assert [(r.day, r.status) for r in rows] == [
            (date(2025, 1, 4), MISSED),
            (date(2025, 1, 3), MISSED),
            (date(2025, 1, 2), SKIPPED),
            (date(2025, 1, 1), LATE),
        ]


def test_as_needed_dose_past_the_interval_needs_confirmation_then_is_marked(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = prn_med(user)
        first = at(date(2025, 6, 1), 14)
        as_needed.record_as_needed(user, med, taken_at=first, amount=0.5, reason="panic", now=NOW)
        with pytest.raises(NeedsConfirmation) as exc:
            as_needed.record_as_needed(
                user, med, taken_at=first + timedelta(hours=1), amount=0.5, reason="still", now=NOW
            )
        assert "60 minutes" in exc.value.warnings[0]
        marked = as_needed.record_as_needed(
            user,
            med,
            taken_at=first + timedelta(hours=1),
            amount=0.5,
            reason="still",
            confirmed=True,
            now=NOW,
        )
        db.session.commit()
        assert "minimum interval" in marked.over_limit


def test_as_needed_maximum_counts_any_24_hours_around_a_back_dated_dose(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = prn_med(user, max_per_24h=1, min_interval_minutes=None)
        start = at(date(2025, 6, 1), 8)
        now = start + timedelta(days=5)
        for hours in (25, 30):
            as_needed.record_as_needed(
                user, med, taken_at=start + timedelta(hours=hours), amount=0.5, reason=None, now=now
            )
        # Back-dated to 20 h: nothing in the 24 h before it, but 20 h..44 h would hold 1.5 mg.
        with pytest.raises(NeedsConfirmation, match="1.5 mg within 24 hours"):
            as_needed.record_as_needed(
                user, med, taken_at=start + timedelta(hours=20), amount=0.5, reason=None, now=now
            )
        # At 55 h only the 30 h dose is within 24 hours: exactly the maximum is allowed.
        as_needed.record_as_needed(
            user, med, taken_at=start + timedelta(hours=55), amount=0.5, reason=None, now=now
        )


def test_a_stale_edit_is_refused_not_merged(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        event = doses.record_scheduled(
            user,
            med,
            day=date(2025, 1, 2),
            at=time(8),
            action="taken",
            taken_at=at(date(2025, 1, 2), 8),
            now=NOW,
        )
        db.session.commit()
        version = event.row_version
        kw = {
            "action": "taken",
            "taken_at": at(date(2025, 1, 2), 9),
            "amount": 50,
            "reason": None,
            "note": "first edit",
            "helped": None,
            "now": NOW,
        }
        doses.update_dose(user, event, row_version=version, **kw)
        db.session.commit()
        with pytest.raises(Conflict):
            doses.update_dose(user, event, row_version=version, **{**kw, "note": "second"})
        assert event.note == "first edit"


def test_deleting_a_medication_deletes_its_versions_and_doses(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user)
        doses.record_scheduled(
            user,
            med,
            day=date(2025, 1, 2),
            at=time(8),
            action="taken",
            taken_at=at(date(2025, 1, 2), 8),
            now=NOW,
        )
        db.session.commit()
        entries.delete_entry(user, Medication, med.id)
        db.session.commit()
    with app.app_context():
        for model in (Medication, ScheduleVersion, DoseEvent):
            assert db.session.scalar(db.select(db.func.count()).select_from(model)) == 0
