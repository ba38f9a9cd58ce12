"""Deleting an entry, written once (tracker/entries.py): the owner's row goes, anybody else's
is not found and stays, and a page made from an older version is refused."""

from datetime import timedelta

import pytest
from werkzeug.exceptions import NotFound

from tests.conftest import NOW, make_user
from tests.therapy.factories import count, get_user, session
from tracker import entries
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.therapy.models import TherapySession


def test_the_owner_deletes_their_entry(app):
    uid = make_user(app)
    with app.app_context():
        entry_id = session(get_user(uid)).id
        db.session.commit()
        entries.delete_entry(get_user(uid), TherapySession, entry_id, row_version=1)
        db.session.commit()
        assert count() == 0


def test_another_users_entry_is_not_found_and_stays(app):
    mine, theirs = make_user(app, "a@example.org"), make_user(app, "b@example.org")
    with app.app_context():
        entry_id = session(get_user(theirs)).id
        db.session.commit()
        with pytest.raises(NotFound):
            entries.delete_entry(get_user(mine), TherapySession, entry_id)
        db.session.rollback()
        assert count() == 1


def test_a_delete_from_a_stale_page_is_refused(app):
    uid = make_user(app)
    with app.app_context():
        entry = session(get_user(uid))
        db.session.commit()
        entry.topics = "changed elsewhere"  # the row is now at version 2
        db.session.commit()
        with pytest.raises(Conflict):
            entries.delete_entry(get_user(uid), TherapySession, entry.id, row_version=1)
        db.session.rollback()
        assert count() == 1


def test_entries_between_reads_the_users_days_newest_first_or_earliest_first(app):
    mine, theirs = make_user(app, "a@example.org"), make_user(app, "b@example.org")
    with app.app_context():
        user = get_user(mine)
        early = session(user, at=NOW - timedelta(days=1, hours=2))
        late = session(user, at=NOW - timedelta(hours=1))
        session(user, at=NOW - timedelta(days=5))  # before the days read
        session(get_user(theirs), at=NOW - timedelta(hours=1))
        db.session.commit()
        first, last = (NOW - timedelta(days=2)).date(), NOW.date()
        assert entries.entries_between(TherapySession, user, first, last) == [late, early]
        read = entries.entries_between(TherapySession, user, first, last, earliest_first=True)
        assert read == [early, late]
        assert entries.all_entries(TherapySession, user)[:2] == [late, early]
        with pytest.raises(Invalid):
            entries.entries_between(TherapySession, user, last, first)


def test_new_entry_files_the_local_day_and_records_once_per_request_key(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        fields = {"modality": "cbt", "duration_minutes": 50}
        first = entries.new_entry(
            user, TherapySession, at=None, now=NOW, request_key="k1", **fields
        )
        again = entries.new_entry(
            user, TherapySession, at=None, now=NOW, request_key="k1", **fields
        )
        assert again.id == first.id and count() == 1
        assert (first.at, first.tz, first.created_at) == (NOW, user.timezone, NOW)
        with pytest.raises(Invalid):
            entries.new_entry(user, TherapySession, at=NOW + timedelta(hours=1), now=NOW, **fields)
