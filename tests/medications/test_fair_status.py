"""A fair dose status: no dose before a medication existed, "missed" only after the window,
and a dose taken at its time but logged later counts as on time."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.conftest import make_user
from tests.medications.factories import get_user
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.medications import doses, history, services
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import (
    DUE,
    MISSED,
    ON_TIME,
    STATUS_LABELS,
    UPCOMING,
    counts_from,
)
from tracker.reports.medication_parts import completeness
from tracker.snapshot import read_range
from tracker.timeutils import localize

TZ = "Europe/Berlin"
DAY = date(2025, 6, 2)
HOUR = timedelta(hours=1)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return localize(day, time(hh, mm), TZ)


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


def _added(user, *, started_on: date = DAY, created: datetime) -> Medication:
    """Sertraline at 08:00 and 20:00, entered into the app at `created`."""
    return services.create_medication(
        user,
        services.MedicationFields(name="sertraline", started_on=started_on),
        doses=[(time(8), 50), (time(20), 50)],
        today=started_on,
        now=created,
    )


def test_counts_from_is_the_start_day_unless_added_on_it():
    assert counts_from(DAY, at(DAY - timedelta(days=1), 18), TZ, HOUR) == at(DAY, 0)
    assert counts_from(DAY, at(DAY, 10), TZ, HOUR) == at(DAY, 9)
    assert counts_from(DAY, None, TZ, HOUR) == at(DAY, 0)
    # 23:30 UTC on 1 June is already 2 June in Berlin: added on its first day there.
    late = datetime(2025, 6, 1, 23, 30, tzinfo=UTC)
    assert counts_from(DAY, late, TZ, HOUR) == late - HOUR


def test_a_dose_scheduled_before_the_medication_was_added_on_its_first_day_is_no_dose(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = _added(user, created=at(DAY, 10))
        db.session.commit()
        now = at(DAY, 11)
        sheet = doses.day_sheet(user, DAY, now=now)
        assert [(s.at, s.status) for s in sheet.slots] == [(time(20), UPCOMING)]
        rows = history.dose_history(user, med, first=DAY, last=DAY, now=now)
        assert [(r.at, r.status) for r in rows] == [(time(20), UPCOMING)]
        a = history.medication_adherence(user, med, first=DAY, last=DAY, now=now)
        assert (a.scheduled, a.missed) == (0, 0)
        assert completeness(read_range(user, DAY, DAY, now=now), [med]) == (0, 0)


def test_the_next_days_count_in_full(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = _added(user, created=at(DAY, 10))
        db.session.commit()
        next_day = DAY + timedelta(days=1)
        now = at(next_day, 22)
        a = history.medication_adherence(user, med, first=DAY, last=next_day, now=now)
        assert (a.scheduled, a.missed) == (3, 3)  # 20:00 on the first day, then both
        assert completeness(read_range(user, DAY, next_day, now=now), [med]) == (3, 0)


def test_a_dose_whose_window_was_open_when_added_can_still_be_logged(app, uid):
    with app.app_context():
        user = get_user(uid)
        _added(user, created=at(DAY, 8, 20))
        db.session.commit()
        sheet = doses.day_sheet(user, DAY, now=at(DAY, 8, 25))
        assert [(s.at, s.status) for s in sheet.slots] == [(time(8), DUE), (time(20), UPCOMING)]


def test_a_medication_added_before_its_start_day_keeps_every_dose(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = _added(user, created=at(DAY - timedelta(days=1), 21))
        db.session.commit()
        a = history.medication_adherence(user, med, first=DAY, last=DAY, now=at(DAY, 23))
        assert (a.scheduled, a.missed) == (2, 2)


def test_a_dose_logged_for_a_slot_before_it_was_added_is_kept(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = _added(user, created=at(DAY, 10))
        doses.record_scheduled(
            user, med, day=DAY, at=time(8), action="taken", taken_at=at(DAY, 8), now=at(DAY, 10)
        )
        db.session.commit()
        a = history.medication_adherence(user, med, first=DAY, last=DAY, now=at(DAY, 11))
        assert (a.scheduled, a.on_time) == (1, 1)


def test_missed_only_once_the_window_has_passed_and_due_later_before_it_opens(app, uid):
    with app.app_context():
        user = get_user(uid)
        _added(user, started_on=DAY - timedelta(days=10), created=at(DAY, 0))
        db.session.commit()

        def status_at(now: datetime) -> str:
            return doses.day_sheet(user, DAY, now=now).slots[0].status

        assert status_at(at(DAY, 6, 59)) == UPCOMING
        assert status_at(at(DAY, 7)) == DUE
        assert status_at(at(DAY, 9)) == DUE
        assert status_at(at(DAY, 9, 1)) == MISSED
    assert STATUS_LABELS[UPCOMING] == "Due later"
    assert STATUS_LABELS[DUE] == "Due now"


def test_taken_at_its_time_logged_three_hours_later_is_on_time(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = _added(user, started_on=DAY - timedelta(days=10), created=at(DAY, 0))
        event = doses.take_at_scheduled_time(user, med, day=DAY, at=time(8), now=at(DAY, 11))
        db.session.commit()
        assert event.taken_at == at(DAY, 8)
        assert doses.day_sheet(user, DAY, now=at(DAY, 11)).slots[0].status == ON_TIME
        a = history.medication_adherence(user, med, first=DAY, last=DAY, now=at(DAY, 11))
        assert (a.scheduled, a.on_time, a.late) == (1, 1, 0)


def test_taken_at_its_time_is_refused_before_that_time_and_records_nothing(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = _added(user, started_on=DAY - timedelta(days=10), created=at(DAY, 0))
        db.session.commit()
        with pytest.raises(Invalid, match="It is not 20:00 yet"):
            doses.take_at_scheduled_time(user, med, day=DAY, at=time(20), now=at(DAY, 19, 30))
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(DoseEvent.id))) == 0
