"""An Apple Health export through the import services: nights, steps, mindful minutes and
workouts land in their domains; the same file again adds nothing; a longer one only new days."""

import io
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from tests.conftest import make_user
from tests.imports.apple_health_factories import (
    CLOCK,
    MINDFUL,
    WATCH,
    export,
    record,
    sleep,
    steps,
    workout,
    zipped,
)
from tests.medications.factories import get_user
from tracker.activity.models import ActivityEntry, PracticeEntry
from tracker.extensions import db
from tracker.imports import services
from tracker.sleep.models import SleepEntry

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _night(day: int) -> list[str]:
    d, prev = f"2026-05-{day:02d}", f"2026-05-{day - 1:02d}"
    return [
        sleep("InBed", f"{prev} 22:50:00 +0200", f"{d} 07:05:00 +0200", CLOCK),
        sleep("AsleepCore", f"{prev} 23:10:00 +0200", f"{d} 02:00:00 +0200"),
        sleep("Awake", f"{d} 02:00:00 +0200", f"{d} 02:20:00 +0200"),
        sleep("AsleepREM", f"{d} 02:20:00 +0200", f"{d} 06:40:00 +0200"),
    ]


def _day(day: int) -> list[str]:
    d = f"2026-05-{day:02d}"
    return [
        *_night(day),
        steps(4000, f"{d} 09:00:00 +0200", f"{d} 09:40:00 +0200"),
        steps(3900, f"{d} 09:01:00 +0200", f"{d} 09:39:00 +0200", WATCH),
        record(MINDFUL, f"{d} 12:00:00 +0200", f"{d} 12:10:00 +0200", source=WATCH),
        workout("Running", f"{d} 18:00:00 +0200", f"{d} 18:35:00 +0200", "35"),
    ]


def _run(user, data: bytes):  # noqa: ANN001, ANN202
    return services.run(user, "apple-health", io.BytesIO(data), "export.zip", {}, now=NOW)


def test_an_export_lands_in_sleep_activity_and_practices(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        batch, result = _run(user, zipped({"apple_health_export/export.xml": export(*_day(10))}))
        db.session.commit()
        assert result.added == {"night": 1, "steps": 1, "practice": 1, "activity": 1}
        night = db.session.scalars(select(SleepEntry)).one()
        assert night.day == date(2026, 5, 10) and night.quality is None
        asleep = (night.final_awakening_at - night.tried_to_sleep_at).total_seconds() / 60
        assert asleep - night.sol_minutes - night.waso_minutes == 430  # 2h50 + 4h20, not doubled
        day_steps = db.session.scalar(select(ActivityEntry.steps).where(ActivityEntry.minutes == 0))
        assert day_steps == 3900  # the watch's count for that hour, not phone + watch
        run = db.session.scalars(select(ActivityEntry).where(ActivityEntry.minutes > 0)).one()
        assert (run.kind, run.minutes, run.intensity) == ("running", 35, "vigorous")
        practice = db.session.scalars(select(PracticeEntry)).one()
        assert (practice.practice, practice.minutes) == ("mindfulness", 10)
        assert batch.source == "apple-health"


def test_the_same_export_again_adds_nothing_and_a_longer_one_only_the_new_days(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        _run(user, export(*_day(10)))
        db.session.commit()
        _, again = _run(user, export(*_day(10)))
        db.session.commit()
        assert again.added == {} and again.duplicates == 4
        _, longer = _run(user, export(*_day(10), *_day(11)))
        db.session.commit()
        assert longer.added == {"night": 1, "steps": 1, "practice": 1, "activity": 1}
        assert db.session.scalar(select(func.count()).select_from(SleepEntry)) == 2
