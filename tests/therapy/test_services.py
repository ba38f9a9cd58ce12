"""Therapy session rules through the services, committed and read back."""

from datetime import date, time, timedelta

import pytest

from tests.conftest import NOW, make_user
from tests.therapy.factories import count, get_user, session
from tracker import entries
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.therapy import services
from tracker.therapy.models import TherapySession
from tracker.timeutils import localize

TZ = "Europe/Berlin"


def berlin(day: date, hh: int, mm: int = 0):
    return localize(day, time(hh, mm), TZ)


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


def test_session_is_logged_with_every_field_and_read_back(app, uid):
    with app.app_context():
        s = session(
            get_user(uid),
            modality="dbt",
            at=berlin(date(2025, 5, 29), 17),
            therapist=" Dr Okafor ",
            duration_minutes=60,
            topics="Distress tolerance",
            skills="TIPP",
            homework="Diary card daily",
            homework_done=False,
            mood_before=3,
            mood_after=5,
            notes="Talked about work.",
        )
        db.session.commit()
        session_id = s.id
    with app.app_context():
        s = db.session.get(TherapySession, session_id)
        assert (s.modality, s.therapist, s.duration_minutes) == ("dbt", "Dr Okafor", 60)
        assert (s.day, s.tz, s.at) == (date(2025, 5, 29), TZ, berlin(date(2025, 5, 29), 17))
        assert (s.topics, s.skills, s.homework, s.homework_done) == (
            "Distress tolerance",
            "TIPP",
            "Diary card daily",
            False,
        )
        assert (s.mood_before, s.mood_after, s.note) == (3, 5, "Talked about work.")


def test_session_defaults_to_now_and_50_minutes(app, uid):
    with app.app_context():
        s = session(get_user(uid), duration_minutes=None)
        assert (s.at, s.day, s.duration_minutes) == (NOW, date(2025, 6, 2), 50)
        assert services.SessionFields(modality="cbt").duration_minutes == 50


def test_session_in_the_future_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="future") as exc:
            session(get_user(uid), at=NOW + timedelta(hours=2))
        assert exc.value.field == "at"


@pytest.mark.parametrize("minutes", [0, 601, -5])
def test_duration_outside_1_to_600_minutes_is_refused(app, uid, minutes):
    with app.app_context():
        with pytest.raises(Invalid, match="between 1 and 600 minutes") as exc:
            session(get_user(uid), duration_minutes=minutes)
        assert exc.value.field == "duration_minutes"
        db.session.rollback()
        assert count() == 0


@pytest.mark.parametrize("minutes", [1, 600])
def test_duration_limits_are_accepted(app, uid, minutes):
    with app.app_context():
        assert session(get_user(uid), duration_minutes=minutes).duration_minutes == minutes


def test_unknown_modality_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="kind of therapy") as exc:
            session(get_user(uid), modality="hypnosis")
        assert exc.value.field == "modality"


def test_all_ten_modalities_are_offered():
    assert list(services.MODALITIES.values()) == [
        "CBT",
        "DBT",
        "Psychodynamic",
        "EMDR",
        "ERP",
        "ACT",
        "IPT",
        "Group",
        "Couples/family",
        "Other",
    ]


@pytest.mark.parametrize("field", ["mood_before", "mood_after"])
@pytest.mark.parametrize("value", [-1, 11])
def test_mood_outside_the_checkin_scale_is_refused(app, uid, field, value):
    with app.app_context():
        with pytest.raises(Invalid, match="0 to 10") as exc:
            session(get_user(uid), **{field: value})
        assert exc.value.field == field


@pytest.mark.parametrize(
    "field, limit",
    [("therapist", 100), ("topics", 2000), ("skills", 2000), ("homework", 2000), ("notes", 5000)],
)
def test_text_over_its_limit_is_refused_beside_its_field(app, uid, field, limit):
    with app.app_context():
        with pytest.raises(Invalid, match=f"under {limit}") as exc:
            session(get_user(uid), **{field: "x" * (limit + 1)})
        assert exc.value.field == field
        assert session(get_user(uid), **{field: "x" * limit}).id


def test_homework_done_without_homework_is_not_kept(app, uid):
    with app.app_context():
        assert session(get_user(uid), homework="  ", homework_done=True).homework_done is None


def test_same_request_key_twice_logs_once(app, uid):
    with app.app_context():
        user = get_user(uid)
        assert session(user, request_key="k1").id == session(user, request_key="k1").id
        db.session.commit()
        assert count() == 1


def test_edit_changes_the_session_and_a_stale_page_is_refused(app, uid):
    with app.app_context():
        s = session(get_user(uid), at=berlin(date(2025, 6, 1), 10))
        db.session.commit()
        fields = services.SessionFields(
            modality="act", at=s.at, therapist="Sam", duration_minutes=45, homework="Values list"
        )
        services.update_session(get_user(uid), s, fields, row_version=1, now=NOW)
        db.session.commit()
        assert (s.modality, s.therapist, s.duration_minutes, s.row_version) == ("act", "Sam", 45, 2)
        with pytest.raises(Conflict):
            services.update_session(get_user(uid), s, fields, row_version=1, now=NOW)


def test_edit_to_another_day_moves_the_session(app, uid):
    with app.app_context():
        s = session(get_user(uid))
        moved = services.SessionFields(modality="cbt", at=berlin(date(2025, 5, 20), 9))
        services.update_session(get_user(uid), s, moved, row_version=1, now=NOW)
        assert s.day == date(2025, 5, 20)


def test_homework_done_marks_it_once_and_a_repeat_changes_nothing(app, uid):
    with app.app_context():
        s = session(get_user(uid), homework="Thought record")
        db.session.commit()
        services.mark_homework_done(get_user(uid), s, row_version=1)
        db.session.commit()
        services.mark_homework_done(get_user(uid), s, row_version=1)  # a double tap
        db.session.commit()
        assert (s.homework_done, s.row_version) == (True, 2)


def test_homework_done_from_a_stale_page_is_refused(app, uid):
    with app.app_context():
        s = session(get_user(uid), homework="Thought record")
        fields = services.SessionFields(modality="cbt", homework="Two thought records")
        services.update_session(get_user(uid), s, fields, row_version=1, now=NOW)
        db.session.commit()
        with pytest.raises(Conflict):
            services.mark_homework_done(get_user(uid), s, row_version=1)


def test_homework_done_needs_homework(app, uid):
    with app.app_context():
        s = session(get_user(uid))
        with pytest.raises(Invalid, match="no homework"):
            services.mark_homework_done(get_user(uid), s, row_version=1)


def test_delete_removes_the_session(app, uid):
    with app.app_context():
        s = session(get_user(uid))
        entries.delete_entry(get_user(uid), TherapySession, s.id)
        db.session.commit()
        assert count() == 0


def _month(user):
    session(user, modality="cbt", at=berlin(date(2025, 5, 5), 9), homework="A", homework_done=True)
    session(user, modality="cbt", at=berlin(date(2025, 5, 12), 9), homework="B")
    session(user, modality="group", at=berlin(date(2025, 5, 14), 18))
    session(
        user, modality="cbt", at=berlin(date(2025, 5, 19), 9), homework="C", homework_done=False
    )
    session(
        user, modality="emdr", at=berlin(date(2025, 4, 28), 9), homework="D", homework_done=True
    )


def test_sessions_by_modality_counts_the_range_in_list_order(app, uid):
    with app.app_context():
        user = get_user(uid)
        _month(user)
        db.session.commit()
        counts = services.sessions_by_modality(user, date(2025, 5, 1), date(2025, 5, 31))
        assert counts == {"cbt": 3, "group": 1}
        assert list(services.sessions_by_modality(user, date(2025, 4, 1), date(2025, 5, 31))) == [
            "cbt",
            "emdr",
            "group",
        ]


def test_homework_stats_count_given_and_done(app, uid):
    with app.app_context():
        user = get_user(uid)
        _month(user)
        db.session.commit()
        assert services.homework_stats(user, date(2025, 5, 1), date(2025, 5, 31)) == (3, 1)
        assert services.homework_stats(user, date(2025, 6, 1), date(2025, 6, 30)) == (0, 0)


def test_report_counts_leave_out_other_users(app, uid):
    other = make_user(app, "other@example.org")
    with app.app_context():
        _month(get_user(other))
        db.session.commit()
        user = get_user(uid)
        assert services.sessions_by_modality(user, date(2025, 4, 1), date(2025, 5, 31)) == {}
        assert services.homework_stats(user, date(2025, 4, 1), date(2025, 5, 31)) == (0, 0)


def test_list_is_newest_first_and_latest_session_looks_back_from_a_day(app, uid):
    with app.app_context():
        user = get_user(uid)
        _month(user)
        db.session.commit()
        days = [s.day for s in services.list_sessions(user)]
        assert days == sorted(days, reverse=True) and len(days) == 5
        assert services.latest_session(user, until=date(2025, 5, 13)).homework == "B"
        assert services.latest_session(user, until=date(2025, 4, 1)) is None


def test_timeline_items_describe_the_session_without_private_notes(app, uid):
    with app.app_context():
        user = get_user(uid)
        s = session(
            user,
            modality="erp",
            therapist="Dr Lee",
            mood_before=4,
            homework="Exposure ladder",
            notes="secret",
        )
        db.session.commit()
        (item,) = services.timeline_items(user, date(2025, 6, 2), date(2025, 6, 2))
        assert (item.kind, item.entry_id, item.title) == ("therapy", s.id, "Therapy session (ERP)")
        assert item.detail == "with Dr Lee, 50 min, mood 4 → –, homework: not yet known"
        assert (item.edit_endpoint, item.delete_endpoint) == ("therapy.edit", "therapy.delete")
        assert "secret" not in repr(item)
