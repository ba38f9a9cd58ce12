"""Activity, practice and substance rules, through the services, committed and read back."""

from datetime import date, timedelta

import pytest

from tests.activity.factories import at, get_user, walk
from tests.conftest import NOW, make_user
from tracker import entries
from tracker.activity import services
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.errors import Conflict, Invalid
from tracker.extensions import db

BERLIN_TODAY = date(2025, 6, 2)  # NOW is 12:00 in Berlin


@pytest.fixture
def uid(app):
    return make_user(app)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


def refused(call, field: str, match: str | None = None) -> Invalid:
    with pytest.raises(Invalid, match=match) as caught:
        call()
    assert caught.value.field == field
    db.session.rollback()
    return caught.value


# Activity -------------------------------------------------------------------------------------


def test_activity_without_a_time_is_logged_now_on_the_users_local_day(app, uid):
    with app.app_context():
        entry_id = walk(get_user(uid), steps=4200, note="  park  ").id
        db.session.commit()
    with app.app_context():
        entry = db.session.get(ActivityEntry, entry_id)
        assert (entry.at, entry.day, entry.tz) == (NOW, BERLIN_TODAY, "Europe/Berlin")
        assert (entry.kind, entry.minutes, entry.intensity, entry.steps) == (
            "walking",
            30,
            "moderate",
            4200,
        )
        assert entry.note == "park"


def test_back_dated_activity_is_filed_under_its_own_local_day(app, uid):
    with app.app_context():
        when = at(date(2025, 5, 30), 23, 30)  # 21:30 UTC
        entry_id = walk(get_user(uid), at=when).id
        db.session.commit()
    with app.app_context():
        entry = db.session.get(ActivityEntry, entry_id)
        assert (entry.at, entry.day) == (when, date(2025, 5, 30))


def test_activity_in_the_future_is_refused_and_nothing_is_added(app, uid):
    with app.app_context():
        refused(lambda: walk(get_user(uid), at=NOW + timedelta(minutes=30)), "at", "future")
        assert count(ActivityEntry) == 0


@pytest.mark.parametrize("minutes", [None, 0, 1441, -5])
def test_activity_minutes_outside_one_to_1440_are_refused(app, uid, minutes):
    with app.app_context():
        refused(lambda: walk(get_user(uid), minutes=minutes), "minutes")
        assert count(ActivityEntry) == 0


@pytest.mark.parametrize("minutes", [1, 1440])
def test_activity_minutes_at_the_edges_are_accepted(app, uid, minutes):
    with app.app_context():
        assert walk(get_user(uid), minutes=minutes).minutes == minutes


@pytest.mark.parametrize("steps", [-1, 200_001])
def test_steps_outside_zero_to_200000_are_refused(app, uid, steps):
    with app.app_context():
        refused(lambda: walk(get_user(uid), steps=steps), "steps", "steps")


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"kind": "parkour"}, "kind"), ({"intensity": "extreme"}, "intensity")],
)
def test_unknown_activity_kind_or_intensity_is_refused(app, uid, fields, field):
    values = {"kind": "walking", "minutes": 20, "intensity": "light", **fields}
    with app.app_context():
        refused(lambda: services.record_activity(get_user(uid), **values, now=NOW), field)
        assert count(ActivityEntry) == 0


def test_the_same_activity_form_sent_twice_records_once(app, uid):
    with app.app_context():
        first = walk(get_user(uid), request_key="k1").id
        db.session.commit()
    with app.app_context():
        second = walk(get_user(uid), request_key="k1").id
        db.session.commit()
        assert second == first
        assert count(ActivityEntry) == 1


def test_an_overlong_note_is_refused(app, uid):
    with app.app_context():
        refused(lambda: walk(get_user(uid), note="x" * 2001), "note", "2000")


def test_editing_an_activity_changes_it_and_files_a_new_time_under_its_day(app, uid):
    with app.app_context():
        entry_id = walk(get_user(uid)).id
        db.session.commit()
    with app.app_context():
        entry = db.session.get(ActivityEntry, entry_id)
        services.update_activity(
            get_user(uid),
            entry,
            row_version=entry.row_version,
            kind="cycling",
            minutes=60,
            intensity="vigorous",
            steps=None,
            at=at(date(2025, 6, 1), 18),
            note="ride",
            now=NOW,
        )
        db.session.commit()
    with app.app_context():
        entry = db.session.get(ActivityEntry, entry_id)
        assert (entry.kind, entry.minutes, entry.intensity, entry.day, entry.note) == (
            "cycling",
            60,
            "vigorous",
            date(2025, 6, 1),
            "ride",
        )


def test_an_edit_from_a_stale_page_is_refused(app, uid):
    with app.app_context():
        entry = walk(get_user(uid))
        db.session.commit()
        stale = entry.row_version
        entry.minutes = 45
        db.session.commit()
        with pytest.raises(Conflict):
            services.update_activity(
                get_user(uid),
                entry,
                row_version=stale,
                kind="walking",
                minutes=10,
                intensity="light",
                steps=None,
                at=None,
                note=None,
                now=NOW,
            )
        db.session.rollback()
        assert db.session.get(ActivityEntry, entry.id).minutes == 45


def test_an_edit_cannot_move_an_entry_into_the_future(app, uid):
    with app.app_context():
        entry = walk(get_user(uid))
        db.session.commit()
        refused(
            lambda: services.update_activity(
                get_user(uid),
                entry,
                row_version=entry.row_version,
                kind="walking",
                minutes=30,
                intensity="moderate",
                steps=None,
                at=NOW + timedelta(days=1),
                note=None,
                now=NOW,
            ),
            "at",
        )
        assert db.session.get(ActivityEntry, entry.id).at == NOW


def test_deleting_an_activity_removes_it(app, uid):
    with app.app_context():
        entry = walk(get_user(uid))
        db.session.commit()
        entries.delete_entry(get_user(uid), ActivityEntry, entry.id)
        db.session.commit()
        assert count(ActivityEntry) == 0


# Practices ------------------------------------------------------------------------------------


def test_minute_practice_is_logged_with_its_minutes_and_helpfulness(app, uid):
    with app.app_context():
        entry_id = services.record_practice(
            get_user(uid), practice="mindfulness", minutes=15, helpful=7, now=NOW
        ).id
        db.session.commit()
    with app.app_context():
        entry = db.session.get(PracticeEntry, entry_id)
        assert (entry.practice, entry.minutes, entry.done, entry.helpful) == (
            "mindfulness",
            15,
            True,
            7,
        )


def test_minute_practice_without_minutes_is_refused(app, uid):
    with app.app_context():
        user = get_user(uid)
        refused(lambda: services.record_practice(user, practice="outdoors", now=NOW), "minutes")
        refused(
            lambda: services.record_practice(user, practice="outdoors", minutes=1441, now=NOW),
            "minutes",
        )


def test_yes_no_practice_is_logged_as_done_without_minutes(app, uid):
    with app.app_context():
        entry = services.record_practice(get_user(uid), practice="water", now=NOW)
        db.session.commit()
        assert (entry.minutes, entry.done) == (None, True)


def test_minutes_given_for_a_yes_no_practice_are_refused_not_dropped(app, uid):
    with app.app_context():
        refused(
            lambda: services.record_practice(get_user(uid), practice="meals", minutes=20, now=NOW),
            "minutes",
            "leave minutes empty",
        )
        assert count(PracticeEntry) == 0


def test_a_yes_no_practice_can_be_logged_as_not_done_but_a_minute_practice_cannot(app, uid):
    with app.app_context():
        user = get_user(uid)
        assert services.record_practice(user, practice="meals", done=False, now=NOW).done is False
        refused(
            lambda: services.record_practice(
                user, practice="journaling", minutes=5, done=False, now=NOW
            ),
            "done",
        )


def test_unknown_practice_is_refused(app, uid):
    with app.app_context():
        refused(
            lambda: services.record_practice(get_user(uid), practice="sauna", minutes=5, now=NOW),
            "practice",
        )


@pytest.mark.parametrize("helpful", [-1, 11])
def test_helpfulness_outside_zero_to_ten_is_refused(app, uid, helpful):
    with app.app_context():
        refused(
            lambda: services.record_practice(
                get_user(uid), practice="water", helpful=helpful, now=NOW
            ),
            "helpful",
        )


def test_editing_a_practice_checks_the_new_practices_mode(app, uid):
    with app.app_context():
        entry = services.record_practice(get_user(uid), practice="journaling", minutes=10, now=NOW)
        db.session.commit()
        refused(
            lambda: services.update_practice(
                get_user(uid),
                entry,
                row_version=entry.row_version,
                practice="water",
                minutes=10,
                done=True,
                helpful=None,
                at=None,
                note=None,
                now=NOW,
            ),
            "minutes",
        )
        entry = db.session.get(PracticeEntry, entry.id)
        services.update_practice(
            get_user(uid),
            entry,
            row_version=entry.row_version,
            practice="water",
            minutes=None,
            done=True,
            helpful=3,
            at=None,
            note=None,
            now=NOW,
        )
        db.session.commit()
        entry = db.session.get(PracticeEntry, entry.id)
        assert (entry.practice, entry.minutes, entry.helpful) == ("water", None, 3)


def test_deleting_a_practice_removes_it(app, uid):
    with app.app_context():
        entry = services.record_practice(get_user(uid), practice="water", now=NOW)
        db.session.commit()
        entries.delete_entry(get_user(uid), PracticeEntry, entry.id)
        db.session.commit()
        assert count(PracticeEntry) == 0


def test_followed_practices_start_with_the_defaults(app, uid):
    with app.app_context():
        assert services.followed_practices(get_user(uid)) == [
            "mindfulness",
            "breathing",
            "outdoors",
        ]


def test_followed_practices_are_saved_in_catalog_order(app, uid):
    with app.app_context():
        services.set_followed_practices(get_user(uid), ["water", "journaling", "water"])
        db.session.commit()
    with app.app_context():
        user = get_user(uid)
        assert user.followed_practices == "journaling,water"
        assert services.followed_practices(user) == ["journaling", "water"]


def test_following_no_practice_is_allowed(app, uid):
    with app.app_context():
        assert services.set_followed_practices(get_user(uid), []) == []


def test_following_an_unknown_practice_is_refused_and_changes_nothing(app, uid):
    with app.app_context():
        refused(
            lambda: services.set_followed_practices(get_user(uid), ["water", "sauna"]),
            "practices",
        )
        assert services.followed_practices(get_user(uid)) == [
            "mindfulness",
            "breathing",
            "outdoors",
        ]


# Substances -----------------------------------------------------------------------------------


def test_caffeine_and_alcohol_are_logged_with_their_amounts(app, uid):
    with app.app_context():
        user = get_user(uid)
        coffee = services.record_substance(user, substance="caffeine", amount=2, now=NOW).id
        wine = services.record_substance(user, substance="alcohol", amount=1.5, now=NOW).id
        db.session.commit()
    with app.app_context():
        assert db.session.get(SubstanceEntry, coffee).amount == 2
        assert db.session.get(SubstanceEntry, wine).amount == 1.5


@pytest.mark.parametrize(
    ("substance", "amount", "message"),
    [
        ("caffeine", 0, "whole drinks"),
        ("caffeine", 31, "whole drinks"),
        ("caffeine", 1.5, "whole drinks"),
        ("alcohol", 0, "halves"),
        ("alcohol", 51, "halves"),
        ("alcohol", 0.3, "halves"),
        ("alcohol", None, "how many units"),
    ],
)
def test_amounts_out_of_range_are_refused_beside_the_amount(app, uid, substance, amount, message):
    with app.app_context():
        refused(
            lambda: services.record_substance(
                get_user(uid), substance=substance, amount=amount, now=NOW
            ),
            "amount",
            message,
        )
        assert count(SubstanceEntry) == 0


def test_unknown_substance_is_refused(app, uid):
    with app.app_context():
        refused(
            lambda: services.record_substance(
                get_user(uid), substance="nicotine", amount=1, now=NOW
            ),
            "substance",
        )


def test_editing_and_deleting_a_substance_entry(app, uid):
    with app.app_context():
        entry = services.record_substance(get_user(uid), substance="alcohol", amount=1, now=NOW)
        db.session.commit()
        services.update_substance(
            get_user(uid),
            entry,
            row_version=entry.row_version,
            substance="alcohol",
            amount=2.5,
            at=None,
            note="wedding",
            now=NOW,
        )
        db.session.commit()
        assert (db.session.get(SubstanceEntry, entry.id).amount, entry.note) == (2.5, "wedding")
        entries.delete_entry(get_user(uid), SubstanceEntry, entry.id)
        db.session.commit()
        assert count(SubstanceEntry) == 0


# Reading --------------------------------------------------------------------------------------


def test_day_totals_add_up_the_days_entries(app, uid):
    with app.app_context():
        user = get_user(uid)
        walk(user, minutes=30, steps=3000)
        services.record_activity(
            user, kind="yoga", minutes=20, intensity="light", steps=None, now=NOW
        )
        walk(user, minutes=99, at=at(date(2025, 6, 1), 20))  # yesterday
        services.record_practice(user, practice="mindfulness", minutes=10, now=NOW)
        services.record_practice(user, practice="mindfulness", minutes=5, now=NOW)
        services.record_practice(user, practice="water", now=NOW)
        services.record_practice(user, practice="meals", done=False, now=NOW)
        for _ in range(3):
            services.record_substance(user, substance="caffeine", amount=1, now=NOW)
        services.record_substance(user, substance="alcohol", amount=1.5, now=NOW)
        db.session.commit()
    with app.app_context():
        totals = services.day_totals(get_user(uid), BERLIN_TODAY)
        assert (totals.activity_minutes, totals.steps, totals.caffeine, totals.alcohol) == (
            50,
            3000,
            3,
            1.5,
        )
        assert totals.practices_done == {"mindfulness": 15, "water": True}


def test_a_day_with_nothing_logged_totals_zero(app, uid):
    with app.app_context():
        totals = services.day_totals(get_user(uid), BERLIN_TODAY)
        assert (totals.activity_minutes, totals.steps, totals.practices_done) == (0, None, {})
        assert (totals.caffeine, totals.alcohol) == (0, 0)


def test_day_totals_follow_the_local_midnight_in_auckland_not_utc(app):
    uid = make_user(app, tz="Pacific/Auckland")
    tz = "Pacific/Auckland"
    with app.app_context():
        user = get_user(uid)
        # Both are 1 June in UTC (11:30 and 12:30), either side of midnight in Auckland.
        late = at(date(2025, 6, 1), 23, 30, tz)
        after_midnight = at(date(2025, 6, 2), 0, 30, tz)
        assert late.date() == after_midnight.date() == date(2025, 6, 1)
        services.record_substance(user, substance="alcohol", amount=2, at=late, now=NOW)
        services.record_substance(user, substance="alcohol", amount=1, at=after_midnight, now=NOW)
        # 07:00 on 2 June in Auckland is still 1 June in UTC.
        walk(user, minutes=40, at=at(date(2025, 6, 2), 7, 0, tz))
        db.session.commit()
    with app.app_context():
        user = get_user(uid)
        first, second = (
            services.day_totals(user, date(2025, 6, 1)),
            services.day_totals(user, date(2025, 6, 2)),
        )
        assert (first.alcohol, first.activity_minutes) == (2, 0)
        assert (second.alcohol, second.activity_minutes) == (1, 40)


def test_a_late_evening_entry_west_of_utc_stays_on_the_users_date(app):
    uid = make_user(app, tz="America/Los_Angeles")
    with app.app_context():
        evening = at(date(2025, 6, 1), 22, 0, "America/Los_Angeles")  # 05:00 UTC on 2 June
        services.record_substance(
            get_user(uid), substance="caffeine", amount=1, at=evening, now=NOW
        )
        db.session.commit()
    with app.app_context():
        user = get_user(uid)
        assert services.day_totals(user, date(2025, 6, 1)).caffeine == 1
        assert services.day_totals(user, date(2025, 6, 2)).caffeine == 0


def test_totals_and_timeline_hold_only_the_users_own_entries(app, uid):
    other = make_user(app, "b@example.org")
    with app.app_context():
        walk(get_user(other), minutes=80)
        services.record_substance(get_user(other), substance="caffeine", amount=5, now=NOW)
        db.session.commit()
        user = get_user(uid)
        assert services.day_totals(user, BERLIN_TODAY).activity_minutes == 0
        assert services.timeline_items(user, BERLIN_TODAY, BERLIN_TODAY) == []


def test_timeline_items_cover_all_three_kinds_with_their_pages(app, uid):
    with app.app_context():
        user = get_user(uid)
        a = walk(user, steps=1234, at=at(BERLIN_TODAY, 8)).id
        p = services.record_practice(
            user, practice="outdoors", minutes=25, helpful=8, at=at(BERLIN_TODAY, 9), now=NOW
        ).id
        s = services.record_substance(
            user, substance="caffeine", amount=2, at=at(BERLIN_TODAY, 7), now=NOW
        ).id
        walk(user, at=at(date(2025, 5, 31), 8))  # outside the range
        db.session.commit()
        items = services.timeline_items(user, date(2025, 6, 1), BERLIN_TODAY)
    assert [(i.kind, i.entry_id) for i in items] == [
        ("substance", s),
        ("activity", a),
        ("practice", p),
    ]
    substance, activity, practice = items
    assert (substance.title, substance.edit_endpoint, substance.delete_endpoint) == (
        "Caffeine: 2 drinks",
        "activity.substance_edit",
        "activity.substance_delete",
    )
    assert (activity.title, activity.detail) == ("Walking, 30 min", "Moderate · 1,234 steps")
    assert (activity.edit_endpoint, activity.delete_endpoint) == (
        "activity.edit",
        "activity.delete",
    )
    assert (practice.title, practice.detail) == ("Time outdoors, 25 min", "helpful 8/10")
    assert practice.edit_endpoint == "activity.practice_edit"
    assert practice.delete_endpoint == "activity.practice_delete"


def test_daily_series_gives_each_day_its_sums(app, uid):
    with app.app_context():
        user = get_user(uid)
        walk(user, minutes=30, steps=5000, at=at(date(2025, 5, 31), 9))
        walk(user, minutes=15, at=at(date(2025, 6, 2), 9))
        services.record_substance(
            user, substance="alcohol", amount=2, at=at(date(2025, 6, 1), 21), now=NOW
        )
        db.session.commit()
        series = services.daily_series(user, date(2025, 5, 31), date(2025, 6, 2))
    assert [(p.day, p.activity_minutes, p.steps, p.caffeine, p.alcohol) for p in series] == [
        (date(2025, 5, 31), 30, 5000, 0, 0),
        (date(2025, 6, 1), 0, None, 0, 2),
        (date(2025, 6, 2), 15, None, 0, 0),
    ]


def test_daily_series_refuses_a_reversed_range(app, uid):
    with app.app_context():
        refused(
            lambda: services.daily_series(get_user(uid), date(2025, 6, 2), date(2025, 6, 1)),
            "start",
        )
