"""Imported doses are built before the write by the medication services' own rules and written
in bulk: an as-needed limit passed then is noted against the account's doses and the file's
own, a scheduled slot is filled once, and a medication the file creates starts on the day of
its first imported dose, whatever the file's order."""

import io
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from tests.conftest import make_user
from tests.imports.test_services import NOW
from tests.medications.factories import get_user, prn_med, scheduled_med
from tracker.extensions import db
from tracker.imports import batches, services
from tracker.medications import as_needed
from tracker.medications.models import DoseEvent, Medication

HEADER = '"date","weekday","time of day","category","rating/amount","detail","notes"'


def _bearable(*rows: tuple[str, str, str, str]) -> bytes:
    lines = [HEADER]
    for day, at, amount, detail in rows:
        lines.append(f'"{day}","Sat","{at}","Meds/Supplements","{amount}","{detail}",""')
    return "\n".join(lines).encode()


def _doses(med_id: int) -> list[DoseEvent]:
    return list(
        db.session.scalars(
            select(DoseEvent).where(DoseEvent.medication_id == med_id).order_by(DoseEvent.taken_at)
        )
    )


def test_as_needed_limits_count_the_accounts_doses_and_the_files_own(app):
    uid = make_user(app, tz="UTC")
    with app.app_context():
        user = get_user(uid)
        med = prn_med(user, name="Hydroxyzine", max_per_24h=60, min_interval_minutes=240)
        as_needed.record_as_needed(
            user, med, taken_at=datetime(2026, 5, 2, 6, tzinfo=UTC), amount=25, reason=None,
            now=NOW,
        )  # fmt: skip
        db.session.commit()
        med_id = med.id
        data = _bearable(
            ("2nd May 2026", "20:00", "25", "Hydroxyzine (mg)"),  # 14 h after: 50 in 24 h
            ("2nd May 2026", "21:00", "25", "Hydroxyzine (mg)"),  # 1 h after the file's own
            ("4th May 2026", "09:00", "25", "Hydroxyzine (mg)"),  # alone
        )
        batch, result = services.run(user, "bearable", io.BytesIO(data), "b.csv", {}, now=NOW)
        db.session.commit()

        assert result.added == {"dose": 3} and not result.skipped
        noted = [e.over_limit for e in _doses(med_id)]
        assert noted[0] is None and noted[1] is None  # the account's own dose, and 20:00
        assert "75 mg within 24 hours" in noted[2] and "60 minutes after another dose" in noted[2]
        assert noted[3] is None
        assert {e.tz for e in _doses(med_id)} == {"UTC"}
        deleted, kept = batches.undo(user, batch, now=NOW)
        db.session.commit()
        assert (deleted, kept) == (3, 0) and len(_doses(med_id)) == 1


def test_a_new_medication_starts_on_its_first_dose_and_its_doses_point_at_it(app):
    uid = make_user(app, tz="UTC")
    with app.app_context():
        user = get_user(uid)
        scheduled_med(user, name="Sertraline", started_on=date(2026, 1, 1), doses=((time(8), 50),))
        db.session.commit()
        data = _bearable(
            ("9th May 2026", "21:00", "20", "Fluoxitine (mg)"),
            ("3rd May 2026", "21:00", "20", "Fluoxitine (mg)"),
            ("3rd May 2026", "08:05", "50", "Sertraline (mg)"),
            ("3rd May 2026", "08:30", "50", "Sertraline (mg)"),  # the same slot again
        )
        batch, result = services.run(user, "bearable", io.BytesIO(data), "b.csv", {}, now=NOW)
        db.session.commit()

        assert result.added == {"dose": 3, "medication": 1}
        assert [s.reason for s in result.skipped] == [
            "Left out: the 08:00 dose of sertraline on 2026-05-03 is already marked."
        ]
        new = db.session.scalars(select(Medication).where(Medication.name == "fluoxetine")).one()
        assert new.as_needed and new.started_on == date(2026, 5, 3)
        assert [(e.taken_at.date(), e.amount) for e in _doses(new.id)] == [
            (date(2026, 5, 3), 20),
            (date(2026, 5, 9), 20),
        ]
        sertraline = db.session.scalars(
            select(Medication).where(Medication.name == "sertraline")
        ).one()
        (slot,) = _doses(sertraline.id)
        assert (slot.scheduled_date, slot.scheduled_time, slot.action) == (
            date(2026, 5, 3),
            time(8),
            "taken",
        )
        deleted, kept = batches.undo(user, batch, now=NOW)
        db.session.commit()
        assert (deleted, kept) == (4, 0)
        assert db.session.get(Medication, new.id) is None
