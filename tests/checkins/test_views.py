"""Check-in pages over HTTP: one tap per scale, errors beside their field, nothing lost."""

import re
from datetime import timedelta

import pytest

from tests.checkins.factories import checkin, count, get_user
from tests.conftest import login, make_user
from tracker.auth.models import User
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.timeutils import local_today, to_local, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


@pytest.fixture
def logged_in(uid, client):
    login(client)
    return client


def _record(app, uid, **ratings):
    with app.app_context():
        entry = checkin(get_user(uid), now=utcnow(), at=utcnow() - timedelta(minutes=5), **ratings)
        db.session.commit()
        return entry.id


def _only(app):
    with app.app_context():
        return db.session.scalars(db.select(MoodCheckin)).one()


def test_new_checkin_page_shows_each_scale_as_a_row_of_radio_buttons(logged_in):
    page = logged_in.get("/checkins/new").get_data(as_text=True)
    for key in ("mood", "anxiety", "irritability", "energy", "focus"):
        assert page.count(f'name="{key}"') == 11
        assert f'id="mood-{key}-0"' in page and f'<label for="mood-{key}-10">10</label>' in page
    assert "<legend>Mood</legend>" in page
    assert "0 = worst I can imagine · 5 = neutral · 10 = best I can imagine" in page
    assert "0 = cannot focus at all · 10 = sharp and focused" in page


def test_checkin_is_saved_and_shown_on_the_list(app, logged_in):
    response = logged_in.post(
        "/checkins/new", data={"mood": "7", "anxiety": "2", "note": "Calm morning"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/checkins"
    entry = _only(app)
    assert (entry.mood, entry.anxiety, entry.energy, entry.note) == (7, 2, None, "Calm morning")
    page = logged_in.get("/checkins").get_data(as_text=True)
    assert "Mood 7 · Anxiety 2" in page and "Calm morning" in page
    assert "Check-in saved." in page


def test_checkin_from_today_goes_back_to_that_day(logged_in):
    day = local_today(TZ, utcnow())
    response = logged_in.post(
        "/checkins/new", data={"mood": "5", "next": f"/today?day={day.isoformat()}"}
    )
    assert response.headers["Location"] == f"/today?day={day.isoformat()}"


def test_next_pointing_to_another_site_is_ignored(logged_in):
    response = logged_in.post("/checkins/new", data={"mood": "5", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/checkins"


def test_checkin_with_no_scale_rated_comes_back_filled_in(app, logged_in):
    response = logged_in.post("/checkins/new", data={"note": "just a note"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Rate at least one scale." in page
    assert "just a note</textarea>" in page
    with app.app_context():
        assert count() == 0


def test_scale_11_is_refused_beside_its_field_and_the_rest_is_kept(app, logged_in):
    response = logged_in.post("/checkins/new", data={"mood": "4", "anxiety": "11", "note": "rough"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(r'<p class="error" id="mood-anxiety-error">([^<]*)</p>', page)
    assert error and error.group(1) == "Choose a number from 0 to 10."
    assert 'id="mood-mood-4" value="4" checked' in page
    assert "rough</textarea>" in page
    with app.app_context():
        assert count() == 0


def test_a_time_in_the_future_is_refused_beside_the_time(app, logged_in):
    ahead = to_local(utcnow() + timedelta(hours=2), TZ).strftime("%Y-%m-%dT%H:%M")
    response = logged_in.post("/checkins/new", data={"mood": "4", "at": ahead})
    assert response.status_code == 422
    assert re.search(r'id="at-error">That time is in the future.', response.get_data(as_text=True))


def test_back_dated_checkin_is_filed_under_its_day(app, logged_in):
    day = local_today(TZ, utcnow()) - timedelta(days=3)
    logged_in.post("/checkins/new", data={"energy": "3", "at": f"{day.isoformat()}T21:30"})
    entry = _only(app)
    assert entry.day == day
    assert to_local(entry.at, TZ).strftime("%H:%M") == "21:30"


def test_the_same_form_sent_twice_records_once(app, logged_in):
    form = {"mood": "6", "request_key": "samekey1"}
    first = logged_in.post("/checkins/new", data=form)
    second = logged_in.post("/checkins/new", data=form)
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert count() == 1


def test_hidden_scales_are_neither_shown_nor_required(app, uid, logged_in):
    response = logged_in.post("/checkins/settings", data={"anxiety": "y", "focus": "y"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, uid).mood_scales == "anxiety,focus"
    page = logged_in.get("/checkins/new").get_data(as_text=True)
    assert 'name="anxiety"' in page and 'name="mood"' not in page
    assert logged_in.post("/checkins/new", data={"focus": "8"}).status_code == 302
    assert _only(app).focus == 8


def test_settings_show_the_current_choice(logged_in):
    page = logged_in.get("/checkins/settings").get_data(as_text=True)
    assert page.count("checked") == 5
    assert "0 = exhausted · 10 = full of energy" in page


def test_settings_refuse_an_empty_choice(app, uid, logged_in):
    response = logged_in.post("/checkins/settings", data={"next": "/today"})
    assert response.status_code == 422
    assert "Choose at least one scale to show." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, uid).mood_scales.count(",") == 4


def test_edit_page_is_filled_in_and_saves(app, uid, logged_in):
    entry_id = _record(app, uid, mood=3, anxiety=6)
    page = logged_in.get(f"/checkins/{entry_id}/edit").get_data(as_text=True)
    assert 'id="mood-mood-3" value="3" checked' in page
    assert 'id="mood-anxiety-6" value="6" checked' in page
    assert 'id="mood-energy-none" value="" checked' in page  # an edit can clear a rating
    wall = re.search(r'name="at" type="datetime-local" value="([^"]+)"', page).group(1)
    response = logged_in.post(
        f"/checkins/{entry_id}/edit",
        data={"mood": "5", "anxiety": "", "at": wall, "row_version": "1", "note": "edited"},
    )
    assert response.status_code == 302
    entry = _only(app)
    assert (entry.mood, entry.anxiety, entry.note, entry.row_version) == (5, None, "edited", 2)


def test_edit_from_a_stale_page_is_refused_and_keeps_the_newer_version(app, uid, logged_in):
    entry_id = _record(app, uid, mood=3)
    logged_in.post(f"/checkins/{entry_id}/edit", data={"mood": "4", "row_version": "1"})
    response = logged_in.post(f"/checkins/{entry_id}/edit", data={"mood": "9", "row_version": "1"})
    assert response.status_code == 422
    assert "changed elsewhere" in response.get_data(as_text=True)
    assert _only(app).mood == 4


def test_delete_asks_first_then_deletes(app, uid, logged_in):
    entry_id = _record(app, uid, mood=3, irritability=7)
    page = logged_in.get(f"/checkins/{entry_id}/delete").get_data(as_text=True)
    assert "Delete this check-in?" in page and "Mood 3 · Irritability 7" in page
    with app.app_context():
        assert count() == 1
    response = logged_in.post(f"/checkins/{entry_id}/delete")
    assert response.headers["Location"] == "/checkins"
    with app.app_context():
        assert count() == 0


@pytest.mark.parametrize("path", ["edit", "delete"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_users_checkin_is_not_found(app, client, path, method):
    theirs = make_user(app, "them@example.org")
    entry_id = _record(app, theirs, mood=2)
    make_user(app)
    login(client)
    response = client.open(f"/checkins/{entry_id}/{path}", method=method, data={"mood": "9"})
    assert response.status_code == 404
    assert _only(app).mood == 2


def test_list_groups_checkins_by_day_with_mean_low_and_high(app, uid, logged_in):
    for mood in (2, 3, 7):
        _record(app, uid, mood=mood)
    page = logged_in.get("/checkins").get_data(as_text=True)
    assert "3 check-ins" in page
    row = re.search(r"<th scope=\"row\">Mood</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["4.0", "2", "7"]


def test_list_without_checkins_says_how_to_start(logged_in):
    page = logged_in.get("/checkins").get_data(as_text=True)
    assert "No check-ins in these days." in page


def test_pages_need_a_login(client):
    response = client.get("/checkins/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
