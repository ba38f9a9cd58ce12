"""Questions collected between visits: add, mark asked, reopen, and the reads the report uses."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.appointments.factories import appointment, count, get_user, question
from tests.conftest import NOW, make_user
from tracker import entries
from tracker.appointments import questions, services
from tracker.appointments.models import Appointment, Question
from tracker.errors import Conflict, Invalid
from tracker.extensions import db

TZ = "Europe/Berlin"
TODAY = date(2025, 6, 2)


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


def _mark(user, q, appointment_id=None, answer=None, row_version=1, now=NOW):
    questions.mark_asked(
        user, q, appointment_id=appointment_id, answer=answer, row_version=row_version, now=now
    )


def test_question_is_filed_under_the_users_local_day(app, uid):
    with app.app_context():
        late = datetime(2025, 6, 1, 22, 30, tzinfo=UTC)  # 00:30 on 2 June in Berlin
        q = question(get_user(uid), "  Is the fog the dose?  ", now=late)
        assert (q.text, q.day, q.created_at, q.asked_on) == (
            "Is the fog the dose?",
            TODAY,
            late,
            None,
        )


@pytest.mark.parametrize(
    "text, message", [("   ", "Write the question."), ("x" * 501, "under 500")]
)
def test_empty_or_too_long_question_is_refused(app, uid, text, message):
    with app.app_context():
        with pytest.raises(Invalid, match=message) as exc:
            question(get_user(uid), text)
        assert exc.value.field == "text"
        assert question(get_user(uid), "x" * 500).id


def test_the_same_question_form_sent_twice_adds_one(app, uid):
    with app.app_context():
        user = get_user(uid)
        assert question(user, request_key="q1").id == question(user, request_key="q1").id
        db.session.commit()
        assert count(Question) == 1


def test_open_questions_are_oldest_first_and_leave_the_list_once_asked(app, uid):
    with app.app_context():
        user = get_user(uid)
        visit = appointment(user, day=date(2025, 6, 1))
        first = question(user, "First", now=NOW - timedelta(days=3))
        second = question(user, "Second", now=NOW - timedelta(days=1))
        third = question(user, "Third")
        db.session.commit()
        assert [q.text for q in services.open_questions(user)] == ["First", "Second", "Third"]
        _mark(user, second, visit.id, "  Wait two more weeks, then review. ")
        db.session.commit()
        assert [q.id for q in services.open_questions(user)] == [first.id, third.id]
        (asked,) = services.asked_questions(user)
        assert (asked.id, asked.asked, asked.asked_on, asked.appointment_id) == (
            second.id,
            True,
            date(2025, 6, 1),  # the visit's day, not the day it was marked
            visit.id,
        )
        assert asked.answer == "Wait two more weeks, then review."
        assert asked.appointment_title == "Prescriber appointment"


def test_question_asked_without_a_recorded_visit_is_asked_today(app, uid):
    with app.app_context():
        user = get_user(uid)
        q = question(user, now=NOW - timedelta(days=5))
        _mark(user, q)
        assert (q.asked_on, q.appointment_id) == (TODAY, None)
        assert services.open_questions(user) == []


def test_marking_asked_twice_changes_nothing(app, uid):
    with app.app_context():
        user = get_user(uid)
        q = question(user)
        visit = appointment(user)
        db.session.commit()
        _mark(user, q, visit.id, "Yes")
        db.session.commit()
        _mark(user, q, visit.id, "Yes")  # the same form sent again
        db.session.commit()
        assert (q.asked_on, q.row_version) == (date(2025, 5, 20), 2)


def test_marking_asked_from_a_stale_page_is_refused(app, uid):
    with app.app_context():
        user = get_user(uid)
        q = question(user)
        fields = questions.QuestionFields("Reworded")
        questions.update_question(user, q, fields, row_version=1, now=NOW)
        db.session.commit()
        with pytest.raises(Conflict):
            _mark(user, q, row_version=1)


def test_a_question_cannot_be_asked_at_a_visit_still_to_come(app, uid):
    with app.app_context():
        user = get_user(uid)
        q = question(user)
        upcoming = appointment(user, day=TODAY + timedelta(days=1))
        with pytest.raises(Invalid, match="still to come") as exc:
            _mark(user, q, upcoming.id)
        assert exc.value.field == "appointment_id"
        today_visit = appointment(user, day=TODAY)
        _mark(user, q, today_visit.id)
        assert q.asked_on == TODAY


def test_a_question_cannot_be_linked_to_another_users_appointment(app, uid):
    with app.app_context():
        theirs = appointment(get_user(make_user(app, "them@example.org")))
        q = question(get_user(uid))
        with pytest.raises(Invalid, match="one of your appointments"):
            _mark(get_user(uid), q, theirs.id)
        with pytest.raises(Invalid, match="one of your appointments"):
            _mark(get_user(uid), q, 999_999)


def test_answer_over_1000_characters_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="under 1000") as exc:
            _mark(get_user(uid), question(get_user(uid)), answer="x" * 1001)
        assert exc.value.field == "answer"


def test_reopening_puts_the_question_back_on_the_list(app, uid):
    with app.app_context():
        user = get_user(uid)
        q = question(user)
        _mark(user, q, appointment(user).id, "Later")
        questions.update_question(
            user, q, questions.QuestionFields("Still unsure"), row_version=2, now=NOW
        )
        assert (q.text, q.asked_on, q.appointment_id, q.answer) == (
            "Still unsure",
            None,
            None,
            None,
        )
        assert [o.id for o in services.open_questions(user)] == [q.id]


def test_deleting_the_appointment_keeps_its_questions_asked(app, uid):
    with app.app_context():
        user = get_user(uid)
        visit = appointment(user)
        q = question(user)
        _mark(user, q, visit.id, "Keep the dose")
        db.session.commit()
        entries.delete_entry(user, Appointment, visit.id)
        db.session.commit()
        (kept,) = services.asked_questions(user)
        assert (kept.id, kept.asked_on, kept.appointment_id, kept.answer) == (
            q.id,
            date(2025, 5, 20),
            None,
            "Keep the dose",
        )


def test_questions_between_are_those_added_in_the_range_asked_or_not(app, uid):
    with app.app_context():
        user = get_user(uid)
        question(user, "Before", now=NOW - timedelta(days=10))
        inside = question(user, "Inside", now=NOW - timedelta(days=5))
        question(user, "Last day", now=NOW - timedelta(days=1))
        question(user, "After")
        _mark(user, inside)
        found = services.questions_between(
            user, TODAY - timedelta(days=5), TODAY - timedelta(days=1)
        )
        assert [q.text for q in found] == ["Inside", "Last day"]
        assert found[0].asked and not found[1].asked
        assert dataclasses.is_dataclass(found[0]) and not isinstance(found[0], Question)
        with pytest.raises(Invalid):
            services.questions_between(user, TODAY, TODAY - timedelta(days=1))


def test_another_users_questions_are_never_read(app, uid):
    with app.app_context():
        question(get_user(make_user(app, "them@example.org")), "Theirs")
        mine = get_user(uid)
        assert services.open_questions(mine) == []
        assert services.questions_between(mine, TODAY, TODAY) == []


def test_timeline_shows_questions_on_the_day_added_with_what_came_of_them(app, uid):
    with app.app_context():
        user = get_user(uid)
        visit = appointment(user, day=TODAY, provider="Dr Okafor")
        asked = question(user, "Is the fog the dose?")
        _mark(user, asked, visit.id, "Review in 4 weeks")
        question(user, "Sleep?")
        items = [i for i in services.timeline_items(user, TODAY, TODAY) if i.kind == "question"]
        assert [(i.title, i.detail) for i in items] == [
            (
                "Question: Is the fog the dose?",
                "asked on 2 Jun 2025, Prescriber appointment with Dr Okafor, Review in 4 weeks",
            ),
            ("Question: Sleep?", "still to ask"),
        ]
        assert (items[0].edit_endpoint, items[0].id_arg) == (
            "appointments.question_edit",
            "question_id",
        )
