"""Check-in rules through the services, committed and read back."""

from datetime import date, time, timedelta

import pytest

from tests.checkins.factories import checkin, count, get_user
from tests.conftest import NOW, make_user
from tracker import entries
from tracker.checkins import services
from tracker.checkins.models import MoodCheckin
from tracker.checkins.scales import ScaleSummary
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.timeutils import localize

TZ = "Europe/Berlin"  # conftest's user zone; NOW is 12:00 there on Mon 2 Jun 2025


def berlin(day: date, hh: int, mm: int = 0):
    return localize(day, time(hh, mm), TZ)


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


def test_checkin_defaults_to_now_and_is_filed_under_the_local_day(app, uid):
    with app.app_context():
        entry_id = checkin(get_user(uid), mood=6, anxiety=3, note="  after lunch ").id
        db.session.commit()
    with app.app_context():
        entry = db.session.get(MoodCheckin, entry_id)
        assert (entry.at, entry.day, entry.tz) == (NOW, date(2025, 6, 2), TZ)
        assert (entry.mood, entry.anxiety, entry.irritability) == (6, 3, None)
        assert entry.note == "after lunch"


def test_a_checkin_after_local_midnight_belongs_to_the_next_local_day(app, uid):
    with app.app_context():
        user = get_user(uid)
        late = checkin(user, at=berlin(date(2025, 6, 1), 23, 30), mood=4)
        early = checkin(user, at=berlin(date(2025, 6, 2), 0, 30), mood=4)
        db.session.commit()
        assert (late.day, early.day) == (date(2025, 6, 1), date(2025, 6, 2))


def test_back_dated_checkin_is_kept_at_its_time(app, uid):
    with app.app_context():
        at = berlin(date(2025, 5, 28), 21, 15)
        entry_id = checkin(get_user(uid), at=at, energy=2).id
        db.session.commit()
    with app.app_context():
        entry = db.session.get(MoodCheckin, entry_id)
        assert (entry.at, entry.day, entry.energy) == (at, date(2025, 5, 28), 2)


def test_checkin_in_the_future_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="future") as exc:
            checkin(get_user(uid), at=NOW + timedelta(hours=1), mood=5)
        assert exc.value.field == "at"
        db.session.rollback()
        assert count() == 0


def test_several_checkins_a_day_are_allowed(app, uid):
    with app.app_context():
        user = get_user(uid)
        for hh in (8, 13, 21):
            checkin(user, at=berlin(date(2025, 6, 1), hh), mood=hh // 2)
        db.session.commit()
        assert count() == 3


def test_checkin_with_no_scale_rated_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="Rate at least one scale."):
            services.record_checkin(
                get_user(uid), ratings={"mood": None, "anxiety": None}, note="hm", now=NOW
            )
        db.session.rollback()
        assert count() == 0


@pytest.mark.parametrize("value", [11, -1])
def test_rating_outside_zero_to_ten_is_refused_beside_its_scale(app, uid, value):
    with app.app_context():
        with pytest.raises(Invalid, match="Choose from 0 to 10.") as exc:
            checkin(get_user(uid), mood=5, anxiety=value)
        assert exc.value.field == "anxiety"


def test_ends_of_the_scale_are_accepted(app, uid):
    with app.app_context():
        entry = checkin(get_user(uid), mood=0, focus=10)
        assert (entry.mood, entry.focus) == (0, 10)


def test_unknown_scale_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="no scale called 'sleep'"):
            checkin(get_user(uid), mood=5, sleep=3)


def test_note_longer_than_2000_characters_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="under 2000") as exc:
            checkin(get_user(uid), mood=5, note="x" * 2001)
        assert exc.value.field == "note"
        assert checkin(get_user(uid), mood=5, note="x" * 2000).note == "x" * 2000


def test_same_request_key_twice_records_once(app, uid):
    with app.app_context():
        user = get_user(uid)
        first = checkin(user, mood=5, request_key="abc123")
        second = checkin(user, mood=5, request_key="abc123")
        db.session.commit()
        assert first.id == second.id
        assert count() == 1


def test_all_five_scales_are_shown_by_default(app, uid):
    with app.app_context():
        assert services.shown_scales(get_user(uid)) == [
            "mood",
            "anxiety",
            "irritability",
            "energy",
            "focus",
        ]


def test_chosen_scales_are_stored_in_scale_order(app, uid):
    with app.app_context():
        services.set_shown_scales(get_user(uid), ["focus", "mood", "focus"])
        db.session.commit()
    with app.app_context():
        user = get_user(uid)
        assert user.mood_scales == "mood,focus"
        assert services.shown_scales(user) == ["mood", "focus"]


def test_set_shown_scales_refuses_an_empty_choice(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="at least one") as exc:
            services.set_shown_scales(get_user(uid), [])
        assert exc.value.field == "scales"
        db.session.rollback()
        assert len(services.shown_scales(get_user(uid))) == 5


def test_set_shown_scales_refuses_unknown_keys(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="from the list"):
            services.set_shown_scales(get_user(uid), ["mood", "libido"])


def test_hidden_scales_are_not_required(app, uid):
    with app.app_context():
        user = get_user(uid)
        services.set_shown_scales(user, ["anxiety"])
        entry = checkin(user, anxiety=4)
        db.session.commit()
        assert (entry.anxiety, entry.mood) == (4, None)


def test_only_a_hidden_scale_rated_does_not_count_as_a_checkin(app, uid):
    with app.app_context():
        user = get_user(uid)
        services.set_shown_scales(user, ["anxiety"])
        with pytest.raises(Invalid, match="Rate at least one scale."):
            checkin(user, mood=4)


def test_edit_changes_ratings_and_note_and_keeps_the_time(app, uid):
    with app.app_context():
        entry = checkin(get_user(uid), at=berlin(date(2025, 6, 1), 9), mood=3)
        db.session.commit()
        entry_id, version = entry.id, entry.row_version
    with app.app_context():
        entry = db.session.get(MoodCheckin, entry_id)
        services.update_checkin(
            get_user(uid),
            entry,
            ratings={"mood": 5, "focus": 2},
            note="better",
            at=entry.at,
            row_version=version,
            now=NOW,
        )
        db.session.commit()
    with app.app_context():
        entry = db.session.get(MoodCheckin, entry_id)
        assert (entry.mood, entry.focus, entry.note) == (5, 2, "better")
        assert (entry.day, entry.row_version) == (date(2025, 6, 1), version + 1)


def test_edit_to_another_time_moves_the_checkin_to_that_local_day(app, uid):
    with app.app_context():
        entry = checkin(get_user(uid), mood=3)
        services.update_checkin(
            get_user(uid),
            entry,
            ratings={"mood": 3},
            note=None,
            at=berlin(date(2025, 5, 31), 22),
            row_version=entry.row_version,
            now=NOW,
        )
        db.session.commit()
        assert entry.day == date(2025, 5, 31)


def test_edit_from_a_stale_page_is_refused(app, uid):
    with app.app_context():
        entry = checkin(get_user(uid), mood=3)
        db.session.commit()
        stale = entry.row_version
        services.update_checkin(
            get_user(uid),
            entry,
            ratings={"mood": 4},
            note=None,
            at=None,
            row_version=stale,
            now=NOW,
        )
        db.session.commit()
        with pytest.raises(Conflict, match="changed elsewhere"):
            services.update_checkin(
                get_user(uid),
                entry,
                ratings={"mood": 9},
                note=None,
                at=None,
                row_version=stale,
                now=NOW,
            )
        db.session.rollback()
        assert db.session.get(MoodCheckin, entry.id).mood == 4


def test_edit_that_clears_every_rating_is_refused(app, uid):
    with app.app_context():
        entry = checkin(get_user(uid), mood=3)
        with pytest.raises(Invalid, match="Rate at least one scale."):
            services.update_checkin(
                get_user(uid),
                entry,
                ratings={"mood": None},
                note="x",
                at=None,
                row_version=entry.row_version,
                now=NOW,
            )


def test_edit_may_keep_a_rating_of_a_scale_hidden_since(app, uid):
    with app.app_context():
        user = get_user(uid)
        entry = checkin(user, mood=3, energy=6)
        services.set_shown_scales(user, ["anxiety"])
        assert services.scales_to_edit(user, entry) == ["mood", "anxiety", "energy"]
        services.update_checkin(
            user, entry, ratings={"energy": 7}, note=None, at=None, row_version=1, now=NOW
        )
        assert (entry.mood, entry.energy) == (None, 7)


def test_delete_removes_the_checkin(app, uid):
    with app.app_context():
        entry = checkin(get_user(uid), mood=3)
        db.session.commit()
        entries.delete_entry(get_user(uid), MoodCheckin, entry.id)
        db.session.commit()
        assert count() == 0


def _three_days(user):
    checkin(user, at=berlin(date(2025, 5, 30), 8), mood=2, anxiety=8)
    checkin(user, at=berlin(date(2025, 5, 30), 20), mood=5, anxiety=6)
    checkin(user, at=berlin(date(2025, 6, 1), 9), mood=7)
    checkin(user, at=berlin(date(2025, 6, 2), 9), mood=1)


def test_daily_summaries_cover_days_with_checkins_oldest_first(app, uid):
    with app.app_context():
        user = get_user(uid)
        _three_days(user)
        db.session.commit()
        assert services.daily_summaries(user, date(2025, 5, 29), date(2025, 6, 1)) == [
            (
                date(2025, 5, 30),
                {"mood": ScaleSummary(3.5, 2, 5, 2), "anxiety": ScaleSummary(7.0, 6, 8, 2)},
            ),
            (date(2025, 6, 1), {"mood": ScaleSummary(7.0, 7, 7, 1)}),
        ]


def test_daily_summaries_refuse_a_range_that_ends_before_it_starts(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="start must be before the end"):
            services.daily_summaries(get_user(uid), date(2025, 6, 2), date(2025, 6, 1))


def test_checkin_days_group_newest_day_first_with_checkins_in_time_order(app, uid):
    with app.app_context():
        user = get_user(uid)
        _three_days(user)
        db.session.commit()
        days = services.checkin_days(user, date(2025, 5, 30), date(2025, 6, 2))
        assert [d.day for d in days] == [date(2025, 6, 2), date(2025, 6, 1), date(2025, 5, 30)]
        assert [c.ratings for c in days[2].checkins] == [
            {"mood": 2, "anxiety": 8},
            {"mood": 5, "anxiety": 6},
        ]
        assert days[2].count == 2


def test_day_overview_of_a_day_without_checkins_is_empty(app, uid):
    with app.app_context():
        overview = services.day_overview(get_user(uid), date(2025, 6, 2))
        assert (overview.count, overview.summary) == (0, {})


def test_other_users_checkins_stay_out_of_summaries_and_timeline(app, uid):
    other = make_user(app, "other@example.org")
    with app.app_context():
        checkin(get_user(other), mood=9)
        db.session.commit()
        user = get_user(uid)
        assert services.daily_summaries(user, date(2025, 6, 1), date(2025, 6, 3)) == []
        assert services.timeline_items(user, date(2025, 6, 1), date(2025, 6, 3)) == []


def test_timeline_items_link_to_edit_and_delete(app, uid):
    with app.app_context():
        user = get_user(uid)
        entry = checkin(user, mood=6, anxiety=2, note="walk helped")
        db.session.commit()
        (item,) = services.timeline_items(user, date(2025, 6, 2), date(2025, 6, 2))
        assert (item.kind, item.entry_id, item.at, item.day) == (
            "mood",
            entry.id,
            NOW,
            date(2025, 6, 2),
        )
        assert item.detail == "Mood 6 · Anxiety 2 — walk helped"
        assert (item.edit_endpoint, item.delete_endpoint) == ("checkins.edit", "checkins.delete")
