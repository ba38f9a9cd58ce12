"""Appointment and question pages over HTTP: list, forms, rejected input, conflicts, ownership."""

import re
from datetime import timedelta

import pytest

from tests.appointments.factories import appointment, count, get_user, question
from tests.conftest import login, make_user
from tracker.appointments import questions
from tracker.appointments.models import Appointment, Question
from tracker.extensions import db
from tracker.filters import day as day_label
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


@pytest.fixture
def logged_in(uid, client):
    login(client)
    return client


def _today():
    return local_today(TZ, utcnow())


def _add(app, uid, **fields):
    with app.app_context():
        a = appointment(get_user(uid), now=utcnow(), **fields)
        db.session.commit()
        return a.id


def _ask(app, uid, text="Is the fog the dose?"):
    with app.app_context():
        q = question(get_user(uid), text, now=utcnow())
        db.session.commit()
        return q.id


def _only(app, model=Appointment):
    with app.app_context():
        return db.session.scalars(db.select(model)).one()


def _form(**extra):
    return {"day": _today().isoformat(), "kind": "prescriber", **extra}


def test_empty_page_invites_a_first_appointment_and_question(logged_in):
    page = logged_in.get("/appointments").get_data(as_text=True)
    assert "No questions waiting." in page and "No past appointments recorded." in page
    assert 'action="/appointments/questions/new"' in page
    assert 'href="/appointments/new"' in page


def test_new_form_starts_today_as_a_prescriber_visit(logged_in):
    page = logged_in.get("/appointments/new").get_data(as_text=True)
    assert f'name="day" required type="date" value="{_today().isoformat()}"' in page
    assert 'name="start_time" type="time" value=""' in page
    assert 'checked id="kind-0" name="kind" required type="radio" value="prescriber"' in page
    assert "Therapist" in page and "Other" in page


def test_appointment_is_saved_and_listed_upcoming_then_past(app, uid, logged_in):
    ahead = (_today() + timedelta(days=9)).isoformat()
    response = logged_in.post(
        "/appointments/new",
        data=_form(day=ahead, start_time="14:30", provider="Dr Okafor", kind="prescriber"),
    )
    assert response.headers["Location"] == "/appointments"
    a = _only(app)
    assert (a.day.isoformat(), a.start_time.strftime("%H:%M"), a.provider) == (
        ahead,
        "14:30",
        "Dr Okafor",
    )
    page = logged_in.get("/appointments").get_data(as_text=True)
    upcoming = page.split('id="upcoming-title"')[1].split('id="past-title"')[0]
    assert "at 14:30 · Prescriber appointment with Dr Okafor" in upcoming
    _add(app, uid, day=_today() - timedelta(days=20), kind="therapist", notes="Talked about sleep.")
    past = logged_in.get("/appointments").get_data(as_text=True).split('id="past-title"')[1]
    assert "Therapist appointment" in past and "Talked about sleep." in past


def test_a_missing_date_is_refused_beside_it_with_the_form_filled_in(app, logged_in):
    response = logged_in.post(
        "/appointments/new", data=_form(day="", provider="Dr Okafor", notes="Bring list")
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="day-error">Enter the date of the appointment.' in page
    assert 'value="Dr Okafor"' in page and "Bring list</textarea>" in page
    with app.app_context():
        assert count() == 0


def test_a_date_too_far_ahead_is_refused_by_the_service_beside_the_date(app, logged_in):
    far = (_today() + timedelta(days=800)).isoformat()
    response = logged_in.post("/appointments/new", data=_form(day=far, kind="therapist"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="day-error">That date is more than two years ahead.' in page
    assert f'value="{far}"' in page and 'checked id="kind-1"' in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("kind", "dentist", "Not a valid choice."),
        ("start_time", "25:00", "Not a valid time value."),
        ("provider", "x" * 101, "Keep this under 100 characters."),
    ],
)
def test_bad_fields_are_refused_beside_them(app, logged_in, field, value, message):
    response = logged_in.post("/appointments/new", data=_form(**{field: value}))
    assert response.status_code == 422
    assert f'id="{field}-error">{message}' in response.get_data(as_text=True)
    with app.app_context():
        assert count() == 0


def test_the_same_form_sent_twice_saves_once(app, logged_in):
    form = _form(request_key="twice01")
    assert logged_in.post("/appointments/new", data=form).status_code == 302
    assert logged_in.post("/appointments/new", data=form).status_code == 302
    with app.app_context():
        assert count() == 1


def test_edit_page_is_filled_in_and_saves_the_notes_afterwards(app, uid, logged_in):
    day = _today() - timedelta(days=1)
    appointment_id = _add(app, uid, day=day, provider="Dr Okafor", kind="other")
    page = logged_in.get(f"/appointments/{appointment_id}/edit").get_data(as_text=True)
    assert f'value="{day.isoformat()}"' in page and 'value="Dr Okafor"' in page
    assert 'checked id="kind-2"' in page and 'name="row_version" type="hidden" value="1"' in page
    response = logged_in.post(
        f"/appointments/{appointment_id}/edit",
        data=_form(
            day=day.isoformat(),
            kind="other",
            provider="",  # a browser sends the emptied field
            notes="No change for now.",
            row_version="1",
            next="/today",
        ),
    )
    assert response.headers["Location"] == "/today"
    a = _only(app)
    assert (a.notes, a.provider, a.row_version) == ("No change for now.", None, 2)


def test_edit_from_a_stale_page_is_refused_and_keeps_the_newer_version(app, uid, logged_in):
    appointment_id = _add(app, uid)
    url = f"/appointments/{appointment_id}/edit"
    logged_in.post(url, data=_form(provider="First", row_version="1"))
    response = logged_in.post(url, data=_form(provider="Second", row_version="1"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "changed elsewhere" in page and 'value="Second"' in page
    assert _only(app).provider == "First"


def test_delete_asks_first_then_deletes_keeping_the_questions(app, uid, logged_in):
    appointment_id = _add(app, uid, day=_today() - timedelta(days=2), provider="Dr Lee")
    question_id = _ask(app, uid)
    with app.app_context():
        q = db.session.get(Question, question_id)
        questions.mark_asked(
            get_user(uid),
            q,
            appointment_id=appointment_id,
            answer=None,
            row_version=1,
            now=utcnow(),
        )
        db.session.commit()
    page = logged_in.get(f"/appointments/{appointment_id}/delete").get_data(as_text=True)
    assert "Delete this appointment?" in page and "with Dr Lee" in page
    assert "The 1 question asked there stays in your list, marked asked." in page
    response = logged_in.post(f"/appointments/{appointment_id}/delete")
    assert response.headers["Location"] == "/appointments"
    with app.app_context():
        assert count() == 0
    assert _only(app, Question).asked_on is not None


def test_question_added_goes_to_next_and_shows_on_the_appointments_page_newest_last(
    app, uid, logged_in
):
    _ask(app, uid, "Older question")
    response = logged_in.post(
        "/appointments/questions/new",
        data={"text": "Ask about the brain fog since the increase", "next": "/today"},
    )
    assert response.headers["Location"] == "/today"
    page = logged_in.get("/appointments").get_data(as_text=True)
    assert page.index("Older question") < page.index("Ask about the brain fog since the increase")


def test_an_empty_question_is_refused_beside_the_field(app, logged_in):
    response = logged_in.post("/appointments/questions/new", data={"text": " ", "next": "/today"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="text-error">Write the question.' in page
    assert 'name="next" type="hidden" value="/today"' in page
    with app.app_context():
        assert count(Question) == 0


def test_a_too_long_question_comes_back_filled_in(app, logged_in):
    text = "why " * 130
    response = logged_in.post("/appointments/questions/new", data={"text": text})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="text-error">Keep this under 500 characters.' in page and text.strip() in page


def test_the_same_question_sent_twice_is_added_once(app, logged_in):
    form = {"text": "Sleep?", "request_key": "q0twice"}
    logged_in.post("/appointments/questions/new", data=form)
    logged_in.post("/appointments/questions/new", data=form)
    with app.app_context():
        assert count(Question) == 1


def test_mark_asked_offers_the_latest_visit_and_lists_the_answer_under_it(app, uid, logged_in):
    older = _add(app, uid, day=_today() - timedelta(days=40), provider="Dr A")
    latest = _add(app, uid, day=_today() - timedelta(days=1), provider="Dr B")
    _add(app, uid, day=_today() + timedelta(days=5), provider="Dr Future")
    question_id = _ask(app, uid)
    page = logged_in.get(f"/appointments/questions/{question_id}/asked").get_data(as_text=True)
    assert f'<option selected value="{latest}">' in page and f'value="{older}"' in page
    assert "Dr Future" not in page and "Not at a recorded appointment" in page
    response = logged_in.post(
        f"/appointments/questions/{question_id}/asked",
        data={"appointment_id": str(latest), "answer": "Review in 4 weeks", "row_version": "1"},
    )
    assert response.headers["Location"] == "/appointments"
    page = logged_in.get("/appointments").get_data(as_text=True)
    assert "No questions waiting." in page
    past = page.split('id="past-title"')[1]
    assert past.index("Dr B") < past.index("Asked there:") < past.index("Review in 4 weeks")


def test_mark_asked_at_an_appointment_not_offered_is_refused(app, uid, logged_in):
    question_id = _ask(app, uid)
    response = logged_in.post(
        f"/appointments/questions/{question_id}/asked", data={"appointment_id": "999999"}
    )
    assert response.status_code == 422
    assert 'id="appointment_id-error">Not a valid choice.' in response.get_data(as_text=True)
    assert _only(app, Question).asked_on is None


def test_editing_a_question_can_reopen_it(app, uid, logged_in):
    question_id = _ask(app, uid)
    url = f"/appointments/questions/{question_id}/asked"
    logged_in.post(url, data={"appointment_id": "", "row_version": "1"})
    page = logged_in.get(f"/appointments/questions/{question_id}/edit").get_data(as_text=True)
    assert 'checked id="asked"' in page and "Is the fog the dose?</textarea>" in page
    response = logged_in.post(
        f"/appointments/questions/{question_id}/edit",
        data={"text": "Is the fog the dose, or sleep?", "appointment_id": "", "row_version": "2"},
    )
    assert response.headers["Location"] == "/appointments"
    q = _only(app, Question)
    assert (q.text, q.asked_on) == ("Is the fog the dose, or sleep?", None)


def test_question_delete_asks_first(app, uid, logged_in):
    question_id = _ask(app, uid, "Delete me")
    page = logged_in.get(f"/appointments/questions/{question_id}/delete").get_data(as_text=True)
    assert "Delete this question?" in page and "Delete me" in page
    response = logged_in.post(
        f"/appointments/questions/{question_id}/delete", data={"next": "/today"}
    )
    assert response.headers["Location"] == "/today"
    with app.app_context():
        assert count(Question) == 0


def test_timeline_lists_appointments_and_questions_by_kind(app, uid, logged_in):
    day = _today() - timedelta(days=1)
    _add(app, uid, day=day, provider="Dr Okafor")
    _ask(app, uid, "What about sleep?")
    page = logged_in.get(
        f"/timeline?first={day.isoformat()}&last={_today().isoformat()}&kind=appointments"
    ).get_data(as_text=True)
    assert "Prescriber appointment with Dr Okafor" in page and "Question: What about sleep?" in page
    assert '–<span class="sr-only">no time set</span>' in page
    # The screen-reader names of its links give the day, not a made-up midnight.
    assert "Prescriber appointment with Dr Okafor, 00:00" not in page
    assert f"Prescriber appointment with Dr Okafor, {day_label(day)}</span>" in page
    assert re.search(r'href="/appointments/\d+/edit\?next=', page)


@pytest.mark.parametrize("path", ["edit", "delete"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_users_appointment_is_not_found(app, client, path, method):
    theirs = make_user(app, "them@example.org")
    appointment_id = _add(app, theirs, provider="Theirs")
    make_user(app)
    login(client)
    response = client.open(f"/appointments/{appointment_id}/{path}", method=method, data=_form())
    assert response.status_code == 404
    assert _only(app).provider == "Theirs"


@pytest.mark.parametrize("path", ["asked", "edit", "delete"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_users_question_is_not_found(app, client, path, method):
    theirs = make_user(app, "them@example.org")
    question_id = _ask(app, theirs, "Theirs")
    make_user(app)
    login(client)
    response = client.open(
        f"/appointments/questions/{question_id}/{path}",
        method=method,
        data={"text": "Mine now", "appointment_id": "", "row_version": "1"},
    )
    assert response.status_code == 404
    q = _only(app, Question)
    assert (q.text, q.asked_on) == ("Theirs", None)


def test_pages_need_a_login(client):
    response = client.get("/appointments")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
