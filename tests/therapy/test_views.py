"""Therapy pages over HTTP: the list, the form, one-tap homework, and ownership."""

import re
from datetime import timedelta

import pytest

from tests.conftest import login, make_user
from tests.therapy.factories import count, get_user, session
from tracker.extensions import db
from tracker.therapy.models import TherapySession
from tracker.timeutils import local_today, to_local, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


@pytest.fixture
def logged_in(uid, client):
    login(client)
    return client


def _log(app, uid, **fields):
    with app.app_context():
        s = session(get_user(uid), now=utcnow(), at=utcnow() - timedelta(hours=1), **fields)
        db.session.commit()
        return s.id


def _only(app):
    with app.app_context():
        return db.session.scalars(db.select(TherapySession)).one()


def _form(**extra):
    return {"modality": "cbt", "duration_minutes": "50", "homework_done": "unknown", **extra}


def test_new_session_form_offers_every_field_with_defaults(logged_in):
    page = logged_in.get("/therapy/new").get_data(as_text=True)
    assert 'name="duration_minutes" required type="number" value="50"' in page
    now_wall = to_local(utcnow(), TZ).strftime("%Y-%m-%dT")
    assert f'name="at" type="datetime-local" value="{now_wall}' in page
    for label in ("CBT", "DBT", "Psychodynamic", "EMDR", "ERP", "ACT", "IPT", "Group"):
        assert f">{label}" in page
    assert "Couples/family" in page and ">Other</option>" in page
    assert "Private: shown only to you." in page
    assert page.count('name="mood_before"') == 12  # 0-10 and "not rated"
    assert "Same scale as your check-in: 0 = worst I can imagine" in page
    assert "Not yet known" in page


def test_session_is_saved_and_listed_with_modality_therapist_and_homework(app, logged_in):
    response = logged_in.post(
        "/therapy/new",
        data=_form(
            modality="emdr",
            therapist="Dr Amara",
            homework="Safe place exercise",
            mood_before="3",
            mood_after="6",
            notes="Very private words",
        ),
    )
    assert response.status_code == 302 and response.headers["Location"] == "/therapy"
    s = _only(app)
    assert (s.modality, s.therapist, s.mood_before, s.mood_after) == ("emdr", "Dr Amara", 3, 6)
    page = logged_in.get("/therapy").get_data(as_text=True)
    assert "EMDR" in page and "With Dr Amara" in page
    assert "Safe place exercise" in page and "Not yet known" in page
    assert "Very private words" not in page and "private notes" in page


def test_list_is_newest_first(app, uid, logged_in):
    _log(app, uid, modality="act")
    with app.app_context():
        session(get_user(uid), now=utcnow(), at=utcnow() - timedelta(days=8), modality="ipt")
        db.session.commit()
    page = logged_in.get("/therapy").get_data(as_text=True)
    assert page.index("ACT") < page.index("IPT")


@pytest.mark.parametrize("minutes", ["0", "601"])
def test_duration_outside_1_to_600_is_refused_beside_the_field(app, logged_in, minutes):
    response = logged_in.post("/therapy/new", data=_form(duration_minutes=minutes, therapist="Kim"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="duration_minutes-error">Enter between 1 and 600 minutes.' in page
    assert 'value="Kim"' in page and f'value="{minutes}"' in page
    with app.app_context():
        assert count() == 0


def test_mood_11_is_refused_beside_its_field(logged_in):
    response = logged_in.post("/therapy/new", data=_form(mood_after="11"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="therapy-mood_after-error">Choose a number from 0 to 10.' in page


def test_missing_modality_is_pointed_out(logged_in):
    response = logged_in.post("/therapy/new", data=_form(modality=""))
    assert response.status_code == 422
    assert 'id="modality-error">Choose the kind of therapy.' in response.get_data(as_text=True)


def test_back_dated_session_keeps_its_day_and_a_future_one_is_refused(app, logged_in):
    day = local_today(TZ, utcnow()) - timedelta(days=6)
    ahead = to_local(utcnow() + timedelta(days=1), TZ).strftime("%Y-%m-%dT%H:%M")
    refused = logged_in.post("/therapy/new", data=_form(at=ahead))
    assert refused.status_code == 422
    assert 'id="at-error">That time is in the future.' in refused.get_data(as_text=True)
    logged_in.post("/therapy/new", data=_form(at=f"{day.isoformat()}T16:00"))
    assert _only(app).day == day


def test_the_same_form_sent_twice_logs_once(app, logged_in):
    form = _form(request_key="twice01")
    assert logged_in.post("/therapy/new", data=form).status_code == 302
    assert logged_in.post("/therapy/new", data=form).status_code == 302
    with app.app_context():
        assert count() == 1


def test_edit_page_is_filled_in_and_saves(app, uid, logged_in):
    entry_id = _log(app, uid, modality="ipt", homework="Call a friend", mood_before=4, notes="n")
    page = logged_in.get(f"/therapy/{entry_id}/edit").get_data(as_text=True)
    assert '<option selected value="ipt">' in page
    assert 'id="therapy-mood_before-4" value="4" checked' in page
    assert "Call a friend</textarea>" in page and "\nn</textarea>" in page
    wall = re.search(r'name="at" type="datetime-local" value="([^"]+)"', page).group(1)
    response = logged_in.post(
        f"/therapy/{entry_id}/edit",
        data=_form(
            modality="ipt",
            at=wall,
            homework="Call a friend",
            homework_done="yes",
            row_version="1",
            next="/today",
        ),
    )
    assert response.headers["Location"] == "/today"
    s = _only(app)
    assert (s.homework_done, s.mood_before, s.note, s.row_version) == (True, None, "n", 2)


def test_edit_from_a_stale_page_is_refused(app, uid, logged_in):
    entry_id = _log(app, uid)
    logged_in.post(f"/therapy/{entry_id}/edit", data=_form(therapist="A", row_version="1"))
    response = logged_in.post(
        f"/therapy/{entry_id}/edit", data=_form(therapist="B", row_version="1")
    )
    assert response.status_code == 422 and "changed elsewhere" in response.get_data(as_text=True)
    assert _only(app).therapist == "A"


def test_an_edit_without_its_row_version_is_refused_not_topped_up(app, uid, logged_in):
    entry_id = _log(app, uid)
    response = logged_in.post(f"/therapy/{entry_id}/edit", data=_form(therapist="B"))
    assert response.status_code == 422 and "changed elsewhere" in response.get_data(as_text=True)
    assert _only(app).therapist is None


def test_delete_asks_first_then_deletes(app, uid, logged_in):
    entry_id = _log(app, uid, modality="group")
    page = logged_in.get(f"/therapy/{entry_id}/delete").get_data(as_text=True)
    assert "Delete this therapy session?" in page and "Group" in page
    assert logged_in.post(f"/therapy/{entry_id}/delete").headers["Location"] == "/therapy"
    with app.app_context():
        assert count() == 0


def test_homework_done_is_one_tap_and_returns_to_next(app, uid, logged_in):
    entry_id = _log(app, uid, homework="Worry postponement")
    response = logged_in.post(
        f"/therapy/{entry_id}/homework-done", data={"row_version": "1", "next": "/today"}
    )
    assert response.headers["Location"] == "/today"
    assert _only(app).homework_done is True
    assert "Homework marked done." in logged_in.get("/today").get_data(as_text=True)


def test_homework_done_from_a_stale_page_says_so_and_changes_nothing(app, uid, logged_in):
    entry_id = _log(app, uid, homework="Worry postponement")
    logged_in.post(f"/therapy/{entry_id}/edit", data=_form(homework="Other", row_version="1"))
    response = logged_in.post(f"/therapy/{entry_id}/homework-done", data={"row_version": "1"})
    assert response.headers["Location"] == "/therapy"
    assert _only(app).homework_done is None
    assert "changed elsewhere" in logged_in.get("/therapy").get_data(as_text=True)


def test_homework_done_needs_a_post(app, uid, logged_in):
    entry_id = _log(app, uid, homework="x")
    assert logged_in.get(f"/therapy/{entry_id}/homework-done").status_code == 405


def test_homework_done_of_another_users_session_is_not_found(app, client):
    theirs = make_user(app, "them@example.org")
    entry_id = _log(app, theirs, homework="Theirs")
    make_user(app)
    login(client)
    response = client.post(f"/therapy/{entry_id}/homework-done", data={"row_version": "1"})
    assert response.status_code == 404
    assert _only(app).homework_done is None


@pytest.mark.parametrize("path", ["edit", "delete"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_users_session_is_not_found(app, client, path, method):
    theirs = make_user(app, "them@example.org")
    entry_id = _log(app, theirs, therapist="Theirs")
    make_user(app)
    login(client)
    response = client.open(f"/therapy/{entry_id}/{path}", method=method, data=_form())
    assert response.status_code == 404
    assert _only(app).therapist == "Theirs"


def test_empty_list_invites_a_first_session(logged_in):
    page = logged_in.get("/therapy").get_data(as_text=True)
    assert "No sessions yet." in page and "Log a therapy session" in page
