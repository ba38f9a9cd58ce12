"""History older than ten years imports (an export from 2014 imported nothing): the ten-year
limit is for a date typed by hand, not for imported history. Only dates before 1900 (typos)
and times in the future are left out, each with its line."""

from datetime import UTC, datetime

from tracker.imports import records
from tracker.imports.mapping import Account
from tracker.imports.parsers import bearable, daylio
from tracker.imports.plan import plan

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
ACCOUNT = Account("Europe/Berlin")


def _planned(*recs: records.Record):  # noqa: ANN202
    return plan(
        records.Parsed("daylio", list(recs), [], len(recs)), ACCOUNT, {}, imported=set(), now=NOW
    )


def test_a_daylio_export_from_2014_is_planned_in_full():
    data = (
        b"year,date,weekday,time,mood,activities,note\n"
        b'2014,Mar 2,Sunday,9:00 PM,good,"walk","first entry"\n'
        b'2016,Dec 24,Saturday,20:15,rad,"","Christmas Eve"\n'
    )
    planned = plan(daylio.parse(data), ACCOUNT, {}, imported=set(), now=NOW)
    checkins = [a for a in planned.actions if a.kind == "checkin"]
    assert [a.at for a in checkins] == [
        datetime(2014, 3, 2, 20, 0, tzinfo=UTC),  # 21:00 in Berlin, winter time
        datetime(2016, 12, 24, 19, 15, tzinfo=UTC),
    ]
    assert not planned.skipped


def test_an_old_bearable_mood_and_dose_are_planned():
    data = (
        b'"date","weekday","time of day","category","rating/amount","detail","notes"\n'
        b'"3rd Feb 2014","Mon","am","Mood","6","",""\n'
        b'"3rd Feb 2014","Mon","08:00","Meds/Supplements","20","Fluoxetine (mg)",""\n'
    )
    planned = plan(bearable.parse(data), ACCOUNT, {}, imported=set(), now=NOW)
    assert sorted(a.kind for a in planned.actions) == ["checkin", "dose"]
    assert not planned.skipped


def test_only_the_future_and_dates_before_1900_are_left_out():
    kept = records.Mood(2, "a", datetime(1990, 5, 1, 9), label="good", mood=7)
    typo = records.Mood(3, "b", datetime(1026, 5, 1, 9), label="good", mood=7)
    ahead = records.Mood(4, "c", datetime(2027, 1, 1, 9), label="good", mood=7)
    planned = _planned(kept, typo, ahead)
    assert [a.line for a in planned.actions] == [2]
    assert [(s.line, s.reason) for s in planned.skipped] == [
        (3, "Left out: its date is before 1900."),
        (4, "Left out: its time is in the future."),
    ]


def test_the_earliest_possible_date_is_left_out_not_a_crash():
    first = records.Mood(2, "a", datetime(1, 1, 1, 0, 0), label="good", mood=7)
    assert [s.line for s in _planned(first).skipped] == [2]


def test_a_2014_export_is_imported_check_ins_and_symptoms(app):
    import io

    from sqlalchemy import func, select

    from tests.conftest import make_user
    from tests.medications.factories import get_user
    from tracker.checkins.models import MoodCheckin
    from tracker.extensions import db
    from tracker.imports import services
    from tracker.symptoms.models import SymptomEntry

    data = (
        b'"date","weekday","time of day","category","rating/amount","detail","notes"\n'
        b'"3rd Feb 2014","Mon","am","Mood","6","Meh",""\n'
        b'"3rd Feb 2014","Mon","mid","Symptom","2","Stress (Moderate)",""\n'
    )
    uid = make_user(app)
    with app.app_context():
        _, result = services.run(get_user(uid), "bearable", io.BytesIO(data), "b.csv", {}, now=NOW)
        db.session.commit()
        assert not result.skipped and result.added["checkin"] == 1
        for model in (MoodCheckin, SymptomEntry):
            assert db.session.scalar(select(func.count()).select_from(model)) == 1, model


def test_a_2014_night_and_dose_are_imported_too(app):
    """The sleep and dose rules the import calls keep their ten-year limit for a date typed by
    hand; imported history passes them (only the future is refused)."""
    import io

    from sqlalchemy import func, select

    from tests.conftest import make_user
    from tests.medications.factories import get_user
    from tracker.extensions import db
    from tracker.imports import services
    from tracker.medications.models import DoseEvent
    from tracker.sleep.models import SleepEntry

    data = (
        b'"date","weekday","time of day","category","rating/amount","detail","notes"\n'
        b'"3rd Feb 2014","Mon","am","Sleep","7:30","",""\n'
        b'"3rd Feb 2014","Mon","08:00","Meds/Supplements","20","Fluoxetine (mg)",""\n'
    )
    uid = make_user(app)
    with app.app_context():
        _, result = services.run(get_user(uid), "bearable", io.BytesIO(data), "b.csv", {}, now=NOW)
        db.session.commit()
        assert not result.skipped, result.skipped
        for model in (SleepEntry, DoseEvent):
            assert db.session.scalar(select(func.count()).select_from(model)) == 1, model
