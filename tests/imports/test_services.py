"""The import services with the app's real domains: every kind of record lands through its
domain's rules, refused entries are skipped with their line, undo removes what a batch made."""

import io
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import make_user
from tests.medications.factories import get_user, prn_med, scheduled_med
from tracker.extensions import db
from tracker.imports import batches, services
from tracker.medications.models import DoseEvent, Medication
from tracker.sleep.models import SleepEntry
from tracker.symptoms.models import Symptom, SymptomEntry

FIXTURES = Path(__file__).parent / "fixtures" / "flow"
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(model))


def _bearable(user, mapping=None):  # noqa: ANN001, ANN202
    data = (FIXTURES / "bearable.csv").read_bytes()
    return services.run(user, "bearable", io.BytesIO(data), "b.csv", mapping or {}, now=NOW)


def _account(app):  # noqa: ANN001, ANN202
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        scheduled_med(user, name="Sertraline", started_on=date(2026, 1, 1), doses=((time(8), 50),))
        prn_med(user, name="Hydroxyzine", max_per_24h=None, min_interval_minutes=None)
        db.session.commit()
    return uid


def test_bearable_doses_symptoms_and_sleep_land_through_their_domains(app):
    uid = _account(app)
    with app.app_context():
        user = get_user(uid)
        batch, result = _bearable(user)
        db.session.commit()
        assert result.added == {
            "medication": 1, "dose": 3, "symptom": 2, "own_symptom": 1, "night": 1,
        }  # fmt: skip
        assert [s.reason for s in result.skipped] == ["Bearable's Gratitudes are not imported"]
        meds = {m.name: m for m in db.session.scalars(select(Medication))}
        assert set(meds) == {"sertraline", "hydroxyzine", "fluoxetine"}  # catalog spelling
        assert meds["fluoxetine"].as_needed and meds["fluoxetine"].unit == "mg"
        slot = db.session.scalars(
            select(DoseEvent).where(DoseEvent.medication_id == meds["sertraline"].id)
        ).one()
        assert (slot.scheduled_date, slot.scheduled_time, slot.amount) == (
            date(2026, 5, 2), time(8), 50
        )  # fmt: skip
        prn = db.session.scalars(
            select(DoseEvent).where(DoseEvent.medication_id == meds["hydroxyzine"].id)
        ).one()
        assert prn.note == "panic in the evening" and prn.amount == 25
        severities = {
            s.name: e.severity
            for e, s in db.session.execute(
                select(SymptomEntry, Symptom).join(Symptom, SymptomEntry.symptom_id == Symptom.id)
            )
        }
        assert severities == {"Brain fog": 5, "Stress": 3}
        night = db.session.scalars(select(SleepEntry)).one()
        assert night.day == date(2026, 5, 2) and night.quality == 4
        assert (night.final_awakening_at - night.tried_to_sleep_at).total_seconds() == 7.75 * 3600
        assert batch.summary.startswith("1 night of sleep")


def test_undo_removes_the_medication_and_symptoms_an_import_created(app):
    uid = _account(app)
    with app.app_context():
        user = get_user(uid)
        symptoms_before = _count(Symptom)
        batch, _ = _bearable(user)
        db.session.commit()
        assert _count(Symptom) == symptoms_before + 2  # "Stress", and the row for brain fog
        deleted, kept = batches.undo(user, batch, now=NOW)
        db.session.commit()
        assert (deleted, kept) == (9, 0)
        assert _count(Symptom) == symptoms_before
        assert {m.name for m in db.session.scalars(select(Medication))} == {
            "sertraline",
            "hydroxyzine",
        }
        assert _count(DoseEvent) == 0 and _count(SymptomEntry) == 0 and _count(SleepEntry) == 0
        assert db.session.scalar(select(Symptom.id).where(Symptom.name == "Stress")) is None


def test_undo_keeps_a_created_medication_that_entries_added_since_still_use(app):
    uid = _account(app)
    with app.app_context():
        user = get_user(uid)
        batch, _ = _bearable(user)
        db.session.commit()
        from tracker.medications import as_needed

        fluoxetine = db.session.scalars(
            select(Medication).where(Medication.name == "fluoxetine")
        ).one()
        as_needed.record_as_needed(
            user, fluoxetine, taken_at=NOW, amount=20, reason=None, confirmed=True, now=NOW
        )
        db.session.commit()
        deleted, kept = batches.undo(user, batch, now=NOW)
        db.session.commit()
        assert kept == 1 and deleted == 8
        assert db.session.scalar(select(Medication.id).where(Medication.name == "fluoxetine"))
        assert _count(DoseEvent) == 1  # the dose logged since


def test_a_night_on_a_morning_already_logged_is_skipped_with_its_line(app):
    uid = _account(app)
    with app.app_context():
        user = get_user(uid)
        _bearable(user)
        db.session.commit()
        batch_id = db.session.scalar(select(func.max(SleepEntry.id)))
        assert batch_id is not None
        # A second file from another app with the same night: the morning is taken.
        data = (
            b"full_date,date,weekday,time,mood,activities,scales,note_title,note\r\n"
            b'2026-05-02,x,y,21:00,good,"",'
            b'"Sleep Quality:\xc2\xa08/10 points | Sleep Time:\xc2\xa07:00","",""\r\n'
        )
        _, result = services.run(user, "daylio", io.BytesIO(data), "d.csv", {}, now=NOW)
        assert result.added == {"checkin": 1}
        assert [s.line for s in result.skipped] == [2]
        assert "already logged for the morning" in result.skipped[0].reason


def test_a_mapping_to_leave_a_medication_out_adds_none_of_its_doses(app):
    uid = _account(app)
    with app.app_context():
        user = get_user(uid)
        _, result = _bearable(user, {"medication:Fluoxitine": "skip"})
        assert "medication" not in result.added and result.added["dose"] == 2
        assert result.left_out == 1
