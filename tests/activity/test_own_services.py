"""The user's own practices through the services: names, modes, following, deleting, logging,
and how the snapshot, the series and the report name them."""

from datetime import date, timedelta

import pytest

from tests.activity.factories import at, get_user
from tests.conftest import NOW, make_user
from tracker.activity import own, services
from tracker.activity.models import OwnPractice, PracticeEntry
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.reports import life
from tracker.snapshot import read_range
from tracker.trends.data import activity_series

DAY = date(2025, 6, 1)


@pytest.fixture
def uid(app):
    return make_user(app)


def refused(call, field: str | None, match: str) -> None:
    with pytest.raises(Invalid, match=match) as caught:
        call()
    assert caught.value.field == field
    db.session.rollback()


def add(user, name: str = "Prayer", mode: str = "yes_no", **extra) -> OwnPractice:
    return own.add_own_practice(user, name=name, mode=mode, now=NOW, **extra)


def test_a_name_is_trimmed_and_kept_with_its_mode_and_hint(app, uid):
    with app.app_context():
        practice = add(get_user(uid), "  Somatic   exercises ", "minutes", hint=" body scan ")
        db.session.commit()
        row = db.session.get(OwnPractice, practice.id)
        assert (row.name, row.mode, row.hint, row.followed) == (
            "Somatic exercises",
            "minutes",
            "body scan",
            True,
        )


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("", "Enter a name"),
        ("   ", "Enter a name"),
        ("x" * 61, "60 characters"),
        ("journaling", "one of the listed practices"),
        ("Time Outdoors", "one of the listed practices"),
        ("Pray\x00er", "control character"),
    ],
)
def test_a_name_empty_too_long_or_a_listed_practices_is_refused(app, uid, name, match):
    with app.app_context():
        refused(lambda: add(get_user(uid), name), "name", match)


def test_names_are_unique_per_user_whatever_their_case(app, uid):
    other = make_user(app, "other@example.org")
    with app.app_context():
        add(get_user(uid), "Prayer")
        add(get_user(other), "prayer")  # another user's names are theirs
        db.session.commit()
        refused(lambda: add(get_user(uid), "PRAYER"), "name", "already have")


def test_an_unknown_mode_is_refused(app, uid):
    with app.app_context():
        refused(lambda: add(get_user(uid), mode="hours"), "mode", "minutes or yes/no")


def test_rename_keeps_the_name_unique_and_may_change_its_case(app, uid):
    with app.app_context():
        user = get_user(uid)
        add(user, "Bodywork", "minutes")
        prayer = add(user, "Prayer")
        own.update_own_practice(
            user, prayer, name="prayer", mode="yes_no", hint=None, followed=True
        )
        assert prayer.name == "prayer"
        refused(
            lambda: own.update_own_practice(
                user, prayer, name="bodywork", mode="yes_no", hint=None, followed=True
            ),
            "name",
            "already have",
        )


def test_the_mode_changes_only_while_the_practice_has_no_entries(app, uid):
    with app.app_context():
        user = get_user(uid)
        practice = add(user)
        own.update_own_practice(
            user, practice, name="Prayer", mode="minutes", hint=None, followed=True
        )
        assert practice.mode == "minutes"
        services.record_practice(user, own_practice_id=practice.id, minutes=10, now=NOW)
        db.session.commit()
        refused(
            lambda: own.update_own_practice(
                user, practice, name="Prayer", mode="yes_no", hint=None,
                followed=True,
            ),
            "mode",
            "has entries",
        )  # fmt: skip


def test_following_sets_the_catalog_list_and_the_own_flags_together(app, uid):
    with app.app_context():
        user = get_user(uid)
        prayer, bodywork = add(user), add(user, "Bodywork", "minutes")
        services.set_followed(user, ["water", f"own:{bodywork.id}"])
        db.session.commit()
        user = get_user(uid)
        assert user.followed_practices == "water"
        assert [p.label for p in services.followed(user)] == ["Enough water", "Bodywork"]
        assert not db.session.get(OwnPractice, prayer.id).followed


def test_a_practice_without_entries_is_deleted(app, uid):
    with app.app_context():
        practice = add(get_user(uid))
        own.delete_own_practice(get_user(uid), practice)
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count(OwnPractice.id))) == 0


def test_a_practice_with_entries_is_kept_with_them(app, uid):
    with app.app_context():
        user = get_user(uid)
        practice = add(user)
        services.record_practice(user, own_practice_id=practice.id, now=NOW)
        db.session.commit()
        with pytest.raises(Conflict, match="has 1 logged entry, so it is kept"):
            own.delete_own_practice(user, practice)
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(PracticeEntry.id))) == 1
        assert db.session.get(OwnPractice, practice.id) is not None


def test_an_entry_follows_its_own_practices_mode(app, uid):
    with app.app_context():
        user = get_user(uid)
        prayer, somatic = add(user), add(user, "Somatic exercises", "minutes")
        entry = services.record_practice(user, own_practice_id=prayer.id, helpful=7, now=NOW)
        db.session.commit()
        assert (entry.practice, entry.own_practice_id, entry.minutes) == (None, prayer.id, None)
        assert (entry.label, entry.practice_key) == ("Prayer", f"own:{prayer.id}")
        refused(
            lambda: services.record_practice(user, own_practice_id=prayer.id, minutes=5, now=NOW),
            "minutes",
            "Prayer is logged as done or not",
        )
        refused(
            lambda: services.record_practice(user, own_practice_id=somatic.id, now=NOW),
            "minutes",
            "how many minutes",
        )


def test_an_entry_names_one_practice_of_the_user_never_two_or_anothers(app, uid):
    other = make_user(app, "other@example.org")
    with app.app_context():
        theirs = add(get_user(other), "Bodywork")
        mine = add(get_user(uid))
        db.session.commit()
        user = get_user(uid)
        for call in (
            lambda: services.record_practice(user, own_practice_id=theirs.id, now=NOW),
            lambda: services.record_practice(
                user, practice="water", own_practice_id=mine.id, now=NOW
            ),
            lambda: services.record_practice(user, now=NOW),
        ):
            refused(call, "practice", "Choose a practice from the list")


def test_an_entry_moves_between_a_listed_and_an_own_practice(app, uid):
    with app.app_context():
        user = get_user(uid)
        prayer = add(user)
        entry = services.record_practice(user, practice="water", now=NOW)
        common = {"minutes": None, "done": True, "helpful": None, "at": None, "note": None}
        services.update_practice(
            user, entry, row_version=None, practice=None, own_practice_id=prayer.id, now=NOW,
            **common,
        )  # fmt: skip
        db.session.commit()
        assert (entry.practice, entry.own_practice_id, entry.label) == (None, prayer.id, "Prayer")
        services.update_practice(user, entry, row_version=None, practice="meals", now=NOW, **common)
        db.session.commit()
        assert (entry.practice, entry.own_practice_id, entry.label) == (
            "meals",
            None,
            "Regular meals",
        )


def test_the_day_totals_and_the_timeline_name_an_own_practice(app, uid):
    with app.app_context():
        user = get_user(uid)
        somatic = add(user, "Somatic exercises", "minutes")
        services.record_practice(
            user, own_practice_id=somatic.id, minutes=15, helpful=8, at=at(DAY, 20), now=NOW
        )
        totals, items = services.day_entries(user, DAY)
        assert totals.practices_done == {f"own:{somatic.id}": 15}
        assert [i.title for i in items] == ["Somatic exercises, 15 min"]
        assert services.practice_labels(user)[f"own:{somatic.id}"] == "Somatic exercises"


def test_the_series_and_the_report_name_own_practices_from_the_snapshot(app, uid):
    with app.app_context():
        user = get_user(uid)
        services.set_followed_practices(user, ["water"])
        prayer, somatic = add(user), add(user, "Somatic exercises", "minutes", followed=False)
        for n in range(3):
            day = DAY - timedelta(days=n)
            services.record_practice(user, own_practice_id=prayer.id, at=at(day, 8), now=NOW)
            services.record_practice(
                user, own_practice_id=somatic.id, minutes=10, at=at(day, 21), now=NOW
            )
        services.record_practice(user, practice="water", at=at(DAY, 9), now=NOW)
        db.session.commit()
        snap = read_range(get_user(uid), DAY - timedelta(days=6), DAY, now=NOW)
        rows = life.practices(snap)  # followed first (catalog, then own), then the others
        series = activity_series(snap, DAY - timedelta(days=6), DAY)
        assert [(r.label, r.days, r.minutes) for r in rows] == [
            ("Enough water", 1, None),
            ("Prayer", 3, None),
            ("Somatic exercises", 3, 30),
        ]
        assert series.days[-1].practice_minutes == {"Somatic exercises": 10}
