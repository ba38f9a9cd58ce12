"""Sleep rules through the services, committed and read back."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.conftest import NOW, make_user
from tests.sleep.factories import a_night, get_user, log_night
from tracker import entries
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.sleep import naps, services
from tracker.sleep.models import Nap, SleepEntry
from tracker.timeutils import localize

WAKE = date(2025, 6, 1)


@pytest.fixture
def uid(app):
    return make_user(app)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


def test_a_night_is_filed_under_the_morning_of_the_final_awakening(app, uid):
    with app.app_context():
        entry_id = log_night(get_user(uid), WAKE).id
        db.session.commit()
    with app.app_context():
        entry = db.session.get(SleepEntry, entry_id)
        assert entry.day == WAKE
        assert entry.at == localize(date(2025, 5, 31), time(22, 40), "Europe/Berlin")
        assert entry.tz == "Europe/Berlin"
        assert (entry.sol_minutes, entry.waso_minutes, entry.awakenings, entry.quality) == (
            15,
            20,
            2,
            4,
        )


def test_night_summaries_carry_the_derived_measures(app, uid):
    with app.app_context():
        user = get_user(uid)
        log_night(user, WAKE)
        log_night(user, WAKE - timedelta(days=1), bed="23:00", tried="23:00", out="06:30", sol=0)
        log_night(user, WAKE - timedelta(days=5))
        db.session.commit()
    with app.app_context():
        summaries = services.nights(get_user(uid), WAKE - timedelta(days=1), WAKE)
        assert [s.day for s in summaries] == [WAKE - timedelta(days=1), WAKE]
        older, last = summaries
        assert last == services.NightSummary(
            day=WAKE,
            tib_minutes=483,
            tst_minutes=430,
            efficiency=pytest.approx(430 / 483 * 100),
            quality=4,
            sol_minutes=15,
            waso_minutes=20,
            awakenings=2,
        )
        assert (older.tib_minutes, older.tst_minutes) == (450, 430)


def test_the_spring_forward_night_is_stored_with_its_real_length(app, uid):
    with app.app_context():
        user = get_user(uid)
        wake = date(2025, 3, 30)
        log_night(user, wake, bed="23:00", tried="23:00", final="07:00", out="07:00", sol=0, waso=0)
        db.session.commit()
    with app.app_context():
        (summary,) = services.nights(get_user(uid), wake, wake)
        assert (summary.tib_minutes, summary.tst_minutes, summary.efficiency) == (420, 420, 100)


def test_a_second_night_for_the_same_morning_is_refused_naming_the_first(app, uid):
    with app.app_context():
        first_id = log_night(get_user(uid), WAKE).id
        db.session.commit()
    with app.app_context():
        with pytest.raises(services.NightAlreadyLogged) as caught:
            log_night(get_user(uid), WAKE, bed="23:30", tried="23:30")
        db.session.rollback()
        assert caught.value.entry_id == first_id
        assert caught.value.field == "wake_day"
        assert "already logged for the morning of Sun 1 Jun 2025" in caught.value.message
        assert count(SleepEntry) == 1


def test_the_same_night_form_sent_twice_records_once(app, uid):
    with app.app_context():
        first = log_night(get_user(uid), WAKE, request_key="k1")
        again = log_night(get_user(uid), WAKE, request_key="k1")
        db.session.commit()
        assert first.id == again.id
        assert count(SleepEntry) == 1


def test_an_impossible_night_is_refused_and_nothing_is_saved(app, uid):
    with app.app_context():
        with pytest.raises(Invalid) as caught:
            log_night(get_user(uid), WAKE, sol=400, waso=200)
        db.session.rollback()
        assert caught.value.field == "waso_minutes"
        assert count(SleepEntry) == 0


def test_a_night_ending_in_the_future_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="future") as caught:
            log_night(get_user(uid), date(2025, 6, 3))
        assert caught.value.field == "out_of_bed"


def test_a_night_more_than_ten_years_ago_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="ten years") as caught:
            log_night(get_user(uid), date(2015, 5, 1))
        assert caught.value.field == "into_bed"


def test_a_comment_is_kept_and_capped(app, uid):
    with app.app_context():
        entry = log_night(get_user(uid), WAKE, note="  noisy neighbours ")
        assert entry.note == "noisy neighbours"
        with pytest.raises(Invalid) as caught:
            log_night(get_user(uid), WAKE - timedelta(days=1), note="x" * 2001)
        assert caught.value.field == "note"


def test_editing_a_night_moves_it_to_its_new_morning(app, uid):
    with app.app_context():
        entry = log_night(get_user(uid), WAKE)
        db.session.commit()
        entry_id, version = entry.id, entry.row_version
    with app.app_context():
        entry = db.session.get(SleepEntry, entry_id)
        new = a_night(WAKE - timedelta(days=2), quality=2, note="woke early")
        services.update_night(get_user(uid), entry, new, row_version=version, now=NOW)
        db.session.commit()
    with app.app_context():
        entry = db.session.get(SleepEntry, entry_id)
        assert (entry.day, entry.quality, entry.note) == (WAKE - timedelta(days=2), 2, "woke early")
        assert entry.row_version == version + 1


def test_editing_a_night_onto_a_logged_morning_is_refused(app, uid):
    with app.app_context():
        user = get_user(uid)
        kept = log_night(user, WAKE)
        moved = log_night(user, WAKE - timedelta(days=1))
        db.session.commit()
        kept_id, moved_id = kept.id, moved.id
    with app.app_context():
        moved = db.session.get(SleepEntry, moved_id)
        with pytest.raises(services.NightAlreadyLogged) as caught:
            services.update_night(get_user(uid), moved, a_night(WAKE), row_version=None, now=NOW)
        db.session.rollback()
        assert caught.value.entry_id == kept_id
        assert db.session.get(SleepEntry, moved_id).day == WAKE - timedelta(days=1)


def test_editing_a_night_from_a_stale_page_is_refused(app, uid):
    with app.app_context():
        entry = log_night(get_user(uid), WAKE)
        db.session.commit()
        with pytest.raises(Conflict):
            services.update_night(
                get_user(uid), entry, a_night(WAKE), row_version=entry.row_version + 1, now=NOW
            )


def test_deleting_a_night_removes_it(app, uid):
    with app.app_context():
        entry = log_night(get_user(uid), WAKE)
        db.session.commit()
        entries.delete_entry(get_user(uid), SleepEntry, entry.id)
        db.session.commit()
        assert count(SleepEntry) == 0


def test_the_usual_night_is_the_latest_before_the_shown_morning(app, uid):
    with app.app_context():
        user = get_user(uid)
        log_night(user, WAKE - timedelta(days=3), bed="21:00", tried="21:30", quality=2)
        log_night(user, WAKE - timedelta(days=1), bed="23:15", tried="23:20", quality=5)
        log_night(user, WAKE, bed="01:00", tried="01:10")
        db.session.commit()
    with app.app_context():
        usual = services.usual_night(get_user(uid), WAKE)
        assert usual == services.UsualNight(
            into_bed=time(23, 15),
            tried_to_sleep=time(23, 20),
            final_awakening=time(6, 30),
            out_of_bed=time(6, 43),
            sol_minutes=15,
            awakenings=2,
            waso_minutes=20,
            quality=5,
        )
        assert services.usual_night(get_user(uid), WAKE - timedelta(days=3)) is None


def test_a_nap_is_filed_under_the_local_date_it_started(app, uid):
    with app.app_context():
        # 00:30 in Berlin on 1 June is still 31 May in UTC.
        start = datetime(2025, 5, 31, 22, 30, tzinfo=UTC)
        nap = naps.record_nap(get_user(uid), start=start, minutes=40, now=NOW)
        db.session.commit()
        nap_id = nap.id
    with app.app_context():
        nap = db.session.get(Nap, nap_id)
        assert (nap.day, nap.minutes, nap.at) == (date(2025, 6, 1), 40, start)


@pytest.mark.parametrize("minutes", [0, 601, None])
def test_nap_minutes_outside_1_to_600_are_refused(app, uid, minutes):
    with app.app_context():
        with pytest.raises(Invalid) as caught:
            naps.record_nap(get_user(uid), start=NOW, minutes=minutes, now=NOW)
        assert caught.value.field == "minutes"


def test_a_nap_in_the_future_is_refused_beside_its_start(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="future") as caught:
            naps.record_nap(get_user(uid), start=NOW + timedelta(hours=1), minutes=20, now=NOW)
        assert caught.value.field == "start"


def test_a_nap_form_sent_twice_records_once_and_edits_check_the_version(app, uid):
    with app.app_context():
        user = get_user(uid)
        start = NOW - timedelta(hours=3)
        nap = naps.record_nap(user, start=start, minutes=20, request_key="n1", now=NOW)
        same = naps.record_nap(user, start=start, minutes=20, request_key="n1", now=NOW)
        db.session.commit()
        assert nap.id == same.id and count(Nap) == 1
        with pytest.raises(Conflict):
            naps.update_nap(user, nap, start=start, minutes=30, note=None, row_version=99, now=NOW)
        naps.update_nap(
            user, nap, start=start, minutes=30, note="sofa", row_version=nap.row_version, now=NOW
        )
        db.session.commit()
        assert (db.session.get(Nap, nap.id).minutes, db.session.get(Nap, nap.id).note) == (
            30,
            "sofa",
        )
        entries.delete_entry(user, Nap, nap.id)
        db.session.commit()
        assert count(Nap) == 0


def test_timeline_lists_nights_and_naps_with_plain_summaries(app, uid):
    with app.app_context():
        user = get_user(uid)
        entry = log_night(user, WAKE, note="dreams")
        nap = naps.record_nap(
            user, start=localize(WAKE, time(14), "Europe/Berlin"), minutes=25, now=NOW
        )
        log_night(user, WAKE + timedelta(days=1))  # outside the range
        db.session.commit()
        items = services.timeline_items(user, WAKE, WAKE)
        night_item, nap_item = items
        assert night_item.title == "Slept 7 h 10 min · efficiency 89% · quality good"
        assert night_item.detail == (
            "In bed 22:40–06:43 · 15 min to fall asleep · woke 2 times, 20 min awake · dreams"
        )
        assert (night_item.kind, night_item.day, night_item.entry_id) == ("sleep", WAKE, entry.id)
        assert (night_item.edit_endpoint, night_item.delete_endpoint) == (
            "sleep.edit",
            "sleep.delete",
        )
        assert (nap_item.title, nap_item.detail, nap_item.entry_id) == (
            "Nap 25 min",
            "From 14:00",
            nap.id,
        )
        assert (nap_item.edit_endpoint, nap_item.delete_endpoint) == (
            "sleep.nap_edit",
            "sleep.nap_delete",
        )


def test_another_users_nights_are_not_listed(app, uid):
    other = make_user(app, "bo@example.org")
    with app.app_context():
        log_night(get_user(other), WAKE)
        db.session.commit()
        user = get_user(uid)
        assert services.nights(user, WAKE, WAKE) == []
        assert services.recent_nights(user) == []
        assert services.timeline_items(user, WAKE, WAKE) == []
        assert services.night_on(user, WAKE) is None
