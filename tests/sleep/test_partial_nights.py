"""Nights the diary does not fully know: known only by their length (Daylio), or unrated
(Apple Health), through the services, committed and read back."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.conftest import NOW, make_user
from tests.sleep.factories import a_night, get_user, log_length, log_night
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.sleep import services
from tracker.sleep.models import SleepEntry
from tracker.timeutils import localize

WAKE = date(2025, 6, 1)
TZ = "Europe/Berlin"


@pytest.fixture
def uid(app):
    return make_user(app)


def count() -> int:
    return db.session.scalar(db.select(db.func.count(SleepEntry.id)))


def test_a_night_known_by_its_length_ends_at_seven_and_has_no_times(app, uid):
    with app.app_context():
        entry_id = log_length(get_user(uid), WAKE, 480, note="from Daylio").id
        db.session.commit()
    with app.app_context():
        entry = db.session.get(SleepEntry, entry_id)
        seven = localize(WAKE, time(7), TZ)
        assert (entry.day, entry.tz, entry.times_known, entry.note) == (
            WAKE,
            TZ,
            False,
            "from Daylio",
        )
        assert (entry.final_awakening_at, entry.out_of_bed_at) == (seven, seven)
        assert entry.at == entry.tried_to_sleep_at == seven - timedelta(hours=8)
        assert (entry.sol_minutes, entry.waso_minutes, entry.awakenings) == (0, 0, 0)
        (summary,) = services.nights(get_user(uid), WAKE, WAKE)
        # Time in bed, efficiency and the counts are not known; they are not 480, 100% or 0.
        assert summary == services.NightSummary(
            day=WAKE,
            tib_minutes=None,
            tst_minutes=480,
            efficiency=None,
            quality=4,
            sol_minutes=None,
            waso_minutes=None,
            awakenings=None,
            times_known=False,
        )
        assert services.headline(summary) == "Slept 8 h · quality good"


def test_a_length_across_the_spring_forward_night_is_real_elapsed_minutes(app, uid):
    with app.app_context():
        entry = log_length(get_user(uid), date(2025, 3, 30), 480)
        # 07:00 CEST is 05:00 UTC; eight real hours before is 22:00 CET on the 29th.
        assert entry.tried_to_sleep_at == datetime(2025, 3, 29, 21, 0, tzinfo=UTC)
        assert services.summarize(entry).tst_minutes == 480


def test_a_length_for_this_morning_before_seven_ends_now(app, uid):
    early = datetime(2025, 6, 2, 4, 30, 40, tzinfo=UTC)  # 06:30 in Berlin
    with app.app_context():
        entry = log_length(get_user(uid), date(2025, 6, 2), 420, now=early)
        assert entry.day == date(2025, 6, 2)
        assert entry.final_awakening_at == datetime(2025, 6, 2, 4, 30, tzinfo=UTC)
        assert services.summarize(entry).tst_minutes == 420


@pytest.mark.parametrize("minutes", [1, 1440])
def test_a_length_of_one_minute_to_a_whole_day_is_accepted(app, uid, minutes):
    with app.app_context():
        assert services.summarize(log_length(get_user(uid), WAKE, minutes)).tst_minutes == minutes


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"minutes": 0}, "asleep_minutes", "1 to 1440 minutes"),
        ({"minutes": 1441}, "asleep_minutes", "1 to 1440 minutes"),
        ({"minutes": None}, "asleep_minutes", "1 to 1440 minutes"),
        ({"minutes": True}, "asleep_minutes", "1 to 1440 minutes"),
        ({"minutes": 450.5}, "asleep_minutes", "1 to 1440 minutes"),
        ({"quality": 0}, "quality", "very poor to very good"),
        ({"quality": 6}, "quality", "very poor to very good"),
        ({"quality": True}, "quality", "very poor to very good"),
        ({"wake": date(2025, 6, 3)}, "day", "future"),
        ({"wake": date(2015, 5, 1)}, "day", "ten years"),
        ({"tz": "Mars/Olympus"}, "tz", "not a time zone"),
        ({"note": "x" * 2001}, "note", "under 2000"),
    ],
)
def test_a_length_night_off_the_rules_is_refused_and_nothing_is_saved(
    app, uid, changes, field, message
):
    args = {"wake": WAKE, "minutes": 480, **changes}
    with app.app_context():
        with pytest.raises(Invalid, match=message) as caught:
            log_length(get_user(uid), args.pop("wake"), args.pop("minutes"), **args)
        db.session.rollback()
        assert caught.value.field == field
        assert count() == 0


def test_one_night_a_morning_whether_known_by_length_or_by_times(app, uid):
    with app.app_context():
        user = get_user(uid)
        diary = log_night(user, WAKE)
        length = log_length(user, WAKE - timedelta(days=1))
        db.session.commit()
        with pytest.raises(services.NightAlreadyLogged) as by_length:
            log_length(user, WAKE)
        db.session.rollback()
        with pytest.raises(services.NightAlreadyLogged) as by_times:
            log_night(get_user(uid), WAKE - timedelta(days=1))
        db.session.rollback()
        assert (by_length.value.entry_id, by_times.value.entry_id) == (diary.id, length.id)
        assert count() == 2


def test_the_same_length_night_sent_twice_records_once(app, uid):
    with app.app_context():
        first = log_length(get_user(uid), WAKE, request_key="daylio-1")
        again = log_length(get_user(uid), WAKE, request_key="daylio-1")
        db.session.commit()
        assert first.id == again.id and count() == 1


def test_an_unrated_night_is_kept_without_a_quality(app, uid):
    with app.app_context():
        entry_id = log_night(get_user(uid), WAKE, quality=None).id
        db.session.commit()
    with app.app_context():
        assert db.session.get(SleepEntry, entry_id).quality is None
        (summary,) = services.nights(get_user(uid), WAKE, WAKE)
        assert (summary.quality, summary.tib_minutes, summary.times_known) == (None, 483, True)
        assert services.headline(summary) == "Slept 7 h 10 min · efficiency 89% · quality not rated"
        length = services.summarize(
            log_length(get_user(uid), WAKE - timedelta(days=1), 400, quality=None)
        )
        assert services.headline(length) == "Slept 6 h 40 min · quality not rated"


def test_editing_a_length_night_with_its_times_makes_them_known(app, uid):
    with app.app_context():
        entry = log_length(get_user(uid), WAKE)
        db.session.commit()
        entry_id, version = entry.id, entry.row_version
    with app.app_context():
        entry = db.session.get(SleepEntry, entry_id)
        services.update_night(get_user(uid), entry, a_night(WAKE), row_version=version, now=NOW)
        db.session.commit()
    with app.app_context():
        (summary,) = services.nights(get_user(uid), WAKE, WAKE)
        assert (summary.times_known, summary.tib_minutes, summary.tst_minutes) == (True, 483, 430)


def test_the_usual_night_skips_nights_known_only_by_length(app, uid):
    with app.app_context():
        user = get_user(uid)
        log_length(user, WAKE - timedelta(days=1), 300)
        assert services.usual_night(user, WAKE) is None
        log_night(user, WAKE - timedelta(days=3), bed="23:15", tried="23:20", quality=None)
        usual = services.usual_night(user, WAKE)
        assert (usual.into_bed, usual.sol_minutes, usual.quality) == (time(23, 15), 15, None)


def test_the_timeline_gives_a_length_night_no_time_of_day(app, uid):
    with app.app_context():
        user = get_user(uid)
        log_length(user, WAKE, 450, quality=None, note="Daylio")
        (item,) = services.timeline_items(user, WAKE, WAKE)
        assert item.title == "Slept 7 h 30 min · quality not rated"
        assert item.detail == "Times not recorded · Daylio"
        assert item.timed is False
