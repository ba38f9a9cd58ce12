"""Own practices over HTTP: the Choose practices page, add / edit / delete pages, logging one
from its form and from Today; rejected forms come back filled, another user's is 404."""

import re

import pytest

from tests.conftest import NOW, login, make_user
from tracker.activity import own
from tracker.activity.models import OwnPractice, PracticeEntry
from tracker.auth.models import User
from tracker.extensions import db


@pytest.fixture
def logged_in(app, client):
    make_user(app)
    login(client)
    return client


def _add(app, email: str = "ada@example.org", name: str = "Prayer", mode: str = "yes_no") -> int:
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=email))
        practice = own.add_own_practice(user, name=name, mode=mode, now=NOW)
        db.session.commit()
        return practice.id


def _own(app) -> list[tuple[str, str, bool]]:
    with app.app_context():
        rows = db.session.scalars(db.select(OwnPractice).order_by(OwnPractice.id))
        return [(p.name, p.mode, p.followed) for p in rows]


def test_an_own_practice_is_added_from_the_choose_practices_page(app, logged_in):
    page = logged_in.get("/activity/settings").get_data(as_text=True)
    assert '<h2 id="own-heading">Your own practices</h2>' in page
    assert 'action="/activity/own/new"' in page
    data = {"name": " Somatic exercises ", "mode": "minutes", "hint": "Shaking out", "next": ""}
    response = logged_in.post("/activity/own/new", data={**data, "followed": "y"})
    assert response.headers["Location"] == "/activity/settings"
    page = logged_in.get("/activity/settings").get_data(as_text=True)
    assert "Somatic exercises is added." in page
    with app.app_context():
        added = db.session.scalar(db.select(OwnPractice.id))
    assert f'checked id="own_{added}"' in page  # followed, its checkbox ticked
    assert '<strong>Somatic exercises</strong> <span class="muted">In minutes</span>' in page
    assert _own(app) == [("Somatic exercises", "minutes", True)]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a name for the practice."),
        ("Journaling", "That is one of the listed practices: choose it from the list instead."),
        ("x" * 61, "Keep the name to 60 characters or fewer."),
        ("PRAYER", "You already have a practice with that name."),
    ],
)
def test_a_bad_name_comes_back_filled_with_the_message_by_the_field(app, logged_in, name, message):
    _add(app)
    data = {"name": name, "mode": "minutes", "hint": "kept hint"}
    response = logged_in.post("/activity/own/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="name-error">{message}</p>' in page
    assert 'value="kept hint"' in page
    assert re.search(r'<input checked id="mode-0" name="mode" type="radio" value="minutes">', page)
    assert len(_own(app)) == 1


def test_following_is_chosen_with_the_listed_practices(app, logged_in):
    prayer = _add(app)
    _add(app, name="Bodywork", mode="minutes")
    response = logged_in.post("/activity/settings", data={"water": "y", f"own_{prayer}": "y"})
    assert response.headers["Location"] == "/activity"
    assert [followed for _, _, followed in _own(app)] == [True, False]
    page = logged_in.get("/activity").get_data(as_text=True)
    assert "Practices shown on Today:\n    Enough water, Prayer." in page


def test_rename_and_unfollow_on_the_edit_page(app, logged_in):
    prayer = _add(app)
    page = logged_in.get(f"/activity/own/{prayer}/edit").get_data(as_text=True)
    assert 'value="Prayer"' in page and "<h1>Edit Prayer</h1>" in page
    data = {"name": "Prayer or meditation walk", "mode": "yes_no", "hint": ""}
    response = logged_in.post(f"/activity/own/{prayer}/edit", data=data)
    assert response.headers["Location"] == "/activity/settings"
    assert _own(app) == [("Prayer or meditation walk", "yes_no", False)]


def test_an_edit_to_a_taken_name_comes_back_filled(app, logged_in):
    prayer = _add(app)
    _add(app, name="Bodywork")
    data = {"name": "bodywork", "mode": "yes_no", "hint": "mine", "followed": "y"}
    response = logged_in.post(f"/activity/own/{prayer}/edit", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "You already have a practice with that name." in page
    assert 'value="bodywork"' in page and 'value="mine"' in page
    assert _own(app)[0] == ("Prayer", "yes_no", True)


def test_a_practice_without_entries_is_deleted_after_confirming(app, logged_in):
    prayer = _add(app)
    page = logged_in.get(f"/activity/own/{prayer}/delete").get_data(as_text=True)
    assert "<h1>Delete Prayer?</h1>" in page and "It has no entries." in page
    response = logged_in.post(f"/activity/own/{prayer}/delete")
    assert response.headers["Location"] == "/activity/settings"
    assert _own(app) == []


def test_a_practice_with_entries_is_kept_and_says_why(app, logged_in):
    prayer = _add(app)
    logged_in.post("/activity/practices/new", data={"practice": f"own:{prayer}", "done": "yes"})
    page = logged_in.get(f"/activity/own/{prayer}/delete").get_data(as_text=True)
    assert "Prayer has 1 logged entry, so it is kept with them." in page
    response = logged_in.post(f"/activity/own/{prayer}/delete")
    assert response.status_code == 422
    assert _own(app) == [("Prayer", "yes_no", True)]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(PracticeEntry.id))) == 1


def test_an_own_practice_is_logged_listed_and_edited_by_its_name(app, logged_in):
    somatic = _add(app, name="Somatic exercises", mode="minutes")
    form = logged_in.get("/activity/practices/new").get_data(as_text=True)
    assert f'<option value="own:{somatic}">Somatic exercises</option>' in form
    data = {"practice": f"own:{somatic}", "minutes": "15", "done": "yes", "helpful": "7"}
    response = logged_in.post("/activity/practices/new", data=data)
    assert response.headers["Location"] == "/activity"
    page = logged_in.get("/activity").get_data(as_text=True)
    assert "Somatic exercises saved." in page
    assert "<strong>Somatic exercises, 15 min</strong>" in page
    assert "Somatic exercises 15 min" in page  # today's totals
    with app.app_context():
        entry_id = db.session.scalar(db.select(PracticeEntry.id))
    edit = logged_in.get(f"/activity/practices/{entry_id}/edit").get_data(as_text=True)
    assert f'<option selected value="own:{somatic}">Somatic exercises</option>' in edit


def test_minutes_for_a_yes_no_own_practice_come_back_by_the_field(app, logged_in):
    prayer = _add(app)
    data = {"practice": f"own:{prayer}", "minutes": "10", "done": "yes"}
    response = logged_in.post("/activity/practices/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Prayer is logged as done or not: leave minutes empty." in page
    assert f'<option selected value="own:{prayer}">Prayer</option>' in page


def test_another_users_practice_cannot_be_logged(app, logged_in):
    make_user(app, "other@example.org")
    theirs = _add(app, "other@example.org")
    response = logged_in.post("/activity/practices/new", data={"practice": f"own:{theirs}"})
    assert response.status_code == 422
    assert "Choose a practice from the list." in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["edit", "delete"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_users_practice_is_not_found(app, logged_in, page, method):
    make_user(app, "other@example.org")
    theirs = _add(app, "other@example.org")
    response = logged_in.open(f"/activity/own/{theirs}/{page}", method=method, data={})
    assert response.status_code == 404
    assert _own(app) == [("Prayer", "yes_no", True)]


def test_today_shows_a_followed_own_practice_and_logs_it_in_one_tap(app, logged_in):
    prayer = _add(app)
    page = logged_in.get("/today").get_data(as_text=True)
    assert f'<input type="hidden" name="practice" value="own:{prayer}">' in page
    assert '<p class="act-practice-name">Prayer</p>' in page
    response = logged_in.post(
        "/activity/practices/new", data={"practice": f"own:{prayer}", "next": "/today"}
    )
    assert response.headers["Location"] == "/today"
    page = logged_in.get("/today").get_data(as_text=True)
    assert "Prayer saved." in page
    assert "Prayer done" in page  # the day's totals
    with app.app_context():
        entry = db.session.scalars(db.select(PracticeEntry)).one()
        assert (entry.practice, entry.own_practice_id, entry.done) == (None, prayer, True)


def test_today_leaves_out_an_unfollowed_own_practice(app, logged_in):
    prayer = _add(app)
    logged_in.post(f"/activity/own/{prayer}/edit", data={"name": "Prayer", "mode": "yes_no"})
    page = logged_in.get("/today").get_data(as_text=True)
    assert f'value="own:{prayer}"' not in page
