"""Today and the timeline kept for the minute: a reload is answered from the page cache, never
with another session's page, an old page, a spent flash or a spent request key."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from flask import Flask
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from tests.conftest import PASSWORD, config, login, make_user
from tracker import web
from tracker.activity.forms import SubstanceForm
from tracker.activity.models import SubstanceEntry
from tracker.app import create_app
from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications import services as meds
from tracker.requestkeys import Keyed, drawing
from tracker.timeutils import local_today
from tracker.today.pagecache import page_key

KEY = re.compile(r'name="(?:[\w-]+-)?request_key" type="hidden" value="([0-9a-f]{32})"')
COFFEE = re.compile(
    r'<input type="hidden" name="substance" value="caffeine">.*?'
    r'name="request_key" type="hidden" value="([0-9a-f]{32})"',
    re.S,
)


def form_key(html: str) -> str:
    return re.search(r'value="(\w+)"', html)[1]


def _cache(app):
    return app.extensions["page_cache"]


def _one_minute(monkeypatch) -> None:  # noqa: ANN001
    """Hold the clock for the whole test: pages are kept for the minute, and a slow machine
    must not cross into the next one between two requests that count on a cache hit."""
    fixed = web.now()
    monkeypatch.setattr(web, "now", lambda: fixed)


def _coffee(client, page: str):
    key = COFFEE.search(page)[1]
    return client.post(
        "/activity/substances/new",
        data={"substance": "caffeine", "amount": "1", "next": "/today", "request_key": key},
    )


def _coffees(app) -> int:
    with app.app_context():
        return len(db.session.scalars(db.select(SubstanceEntry)).all())


def test_a_reload_is_answered_from_the_cache_with_fresh_request_keys(app, client, monkeypatch):
    make_user(app)
    login(client)
    _one_minute(monkeypatch)
    first = client.get("/today").get_data(as_text=True)
    again = client.get("/today").get_data(as_text=True)
    assert _cache(app).hits == 1
    assert KEY.sub("", first) == KEY.sub("", again)  # the same page…
    keys = KEY.findall(again)
    assert keys and not set(keys) & set(KEY.findall(first))  # …with keys of its own
    assert len(set(keys)) == len(keys)


def test_two_tabs_of_one_kept_page_record_two_coffees(app, client):
    make_user(app)
    login(client)
    tab_one = client.get("/today").get_data(as_text=True)
    tab_two = client.get("/today").get_data(as_text=True)
    _coffee(client, tab_one)
    _coffee(client, tab_two)
    assert _coffees(app) == 2


def test_a_change_is_shown_at_once_and_its_flash_once(app, client):
    make_user(app)
    login(client)
    page = client.get("/today").get_data(as_text=True)
    assert "0 drinks with caffeine" in page
    _coffee(client, page)
    after = client.get("/today").get_data(as_text=True)
    assert "1 drink with caffeine" in after and "Caffeine: 1 drink saved." in after
    later = client.get("/today").get_data(as_text=True)
    assert "1 drink with caffeine" in later and "saved." not in later


def test_the_timeline_is_kept_per_query(app, client, monkeypatch):
    make_user(app)
    login(client)
    _one_minute(monkeypatch)
    week = client.get("/timeline").get_data(as_text=True)
    one_day = client.get("/timeline?first=2025-06-01&last=2025-06-01").get_data(as_text=True)
    assert week != one_day and _cache(app).hits == 0
    assert client.get("/timeline").get_data(as_text=True) == week
    assert _cache(app).hits == 1


@pytest.fixture
def csrf_app(app, database_url: str, tmp_path) -> Iterator[Flask]:  # noqa: ANN001
    """An app with CSRF on, over the `app` fixture's database (emptied after the test)."""
    guarded = create_app(config(database_url, str(tmp_path / "guarded"), WTF_CSRF_ENABLED=True))
    yield guarded
    with guarded.app_context():
        db.session.remove()
        db.engine.dispose()


def _login_with_token(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    response = client.post(
        "/login", data={"email": "ada@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_each_session_gets_its_own_page_and_its_forms_work(csrf_app):
    make_user(csrf_app)
    phone, laptop = csrf_app.test_client(), csrf_app.test_client()
    _login_with_token(phone)
    _login_with_token(laptop)
    phone.get("/today")
    page = laptop.get("/today").get_data(as_text=True)
    assert _cache(csrf_app).hits == 0
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    key = COFFEE.search(page)[1]
    response = laptop.post(
        "/activity/substances/new",
        data={
            "substance": "caffeine",
            "amount": "1",
            "next": "/today",
            "request_key": key,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/today"
    assert _coffees(csrf_app) == 1


QUICK_COFFEE = re.compile(
    r'<form method="post" action="/activity/substances/new" class="inline" novalidate>'
    r'((?:(?!</form>).)*?value="caffeine".*?)</form>',
    re.S,
)


def _coffee_form(page: str) -> dict[str, str]:
    """The fields of the activity part's one-tap coffee form, as a browser sends them."""
    return dict(re.findall(r'name="(\w+)"[^>]*?value="([^"]*)"', QUICK_COFFEE.search(page)[1]))


def test_the_kept_quick_forms_carry_each_sessions_token_and_new_request_keys(csrf_app):
    """The activity part's quick forms are drawn once per process for the values they start
    from (tracker.today.parts.kept): each session still gets forms with its own CSRF token, and
    every answer new request keys."""
    make_user(csrf_app)
    phone, laptop = csrf_app.test_client(), csrf_app.test_client()
    _login_with_token(phone)
    _login_with_token(laptop)
    first = _coffee_form(phone.get("/today").get_data(as_text=True))
    response = phone.post("/activity/substances/new", data=first)
    assert response.status_code == 302 and _coffees(csrf_app) == 1
    again = _coffee_form(phone.get("/today").get_data(as_text=True))  # the part drawn anew
    assert again["csrf_token"] == first["csrf_token"]
    assert again["request_key"] != first["request_key"]
    other = _coffee_form(laptop.get("/today").get_data(as_text=True))
    assert other["csrf_token"] != first["csrf_token"]
    response = laptop.post("/activity/substances/new", data=other)
    assert response.status_code == 302 and _coffees(csrf_app) == 2
    assert phone.post("/activity/substances/new", data=again).status_code == 302
    assert _coffees(csrf_app) == 3


def test_the_key_moves_with_the_minute_the_data_and_the_session():
    user = User(id=1, data_version=4, timezone="Europe/Berlin")
    now = datetime(2025, 6, 2, 10, 0, 5, tzinfo=UTC)
    key = page_key(user, "/today?", "token", now=now)
    assert page_key(user, "/today?", "token", now=now + timedelta(seconds=50)) == key
    assert page_key(user, "/today?", "token", now=now + timedelta(seconds=55)) != key
    assert page_key(user, "/today?", "other", now=now) != key
    assert page_key(user, "/timeline?", "token", now=now) != key
    user.data_version = 5
    assert page_key(user, "/today?", "token", now=now) != key


MORNING = datetime(2025, 6, 2, 5, 30, tzinfo=UTC)  # 07:30 in Berlin


def _medication(app, name: str, today) -> None:  # noqa: ANN001
    with app.app_context():
        user = db.session.scalar(db.select(User))
        meds.create_medication(
            user,
            meds.MedicationFields(name=name, started_on=today),
            doses=[(time(8), 50), (time(20), 50)],
            today=today,
            now=web.now(),
        )
        db.session.commit()


def test_text_that_looks_like_a_request_key_field_is_shown_as_written(app, client, monkeypatch):
    """Keys are renewed where the page was drawn with them, never found by their pattern: a
    medication named like a key field, holding a key an earlier page showed, comes back as
    written from the page cache and from the kept part, beside forms with keys of their own."""
    make_user(app)
    login(client)
    monkeypatch.setattr(web, "now", lambda: MORNING)  # the 08:00 dose ahead, its name shown
    today = local_today("Europe/Berlin", MORNING)
    earlier = KEY.findall(client.get("/today").get_data(as_text=True))[0]
    name = f'name="request_key" type="hidden" value="{earlier}"'
    _medication(app, name, today)
    drawn = client.get("/today").get_data(as_text=True)
    kept = client.get("/today").get_data(as_text=True)  # the page cache
    part = client.get(f"/today?day={today.isoformat()}").get_data(as_text=True)  # kept parts
    assert _cache(app).hits == 1
    for page in (drawn, kept, part):
        assert page.count(str(escape(name))) >= 1 and earlier not in KEY.findall(page)
    keys = [set(KEY.findall(page)) for page in (drawn, kept, part)]
    assert all(keys) and not keys[0] & keys[1] and not keys[0] & keys[2]
    assert KEY.sub("", drawn) == KEY.sub("", kept)


def test_keys_are_cut_where_they_were_drawn_and_filled_anew_each_time():
    html = 'a <input name="request_key" value="K1"> b K2 c K1'
    keyed = Keyed.cut(html, ["K1", "K2"])
    assert keyed.pieces == ('a <input name="request_key" value="', '"> b ', " c ", "")
    with drawing() as around:
        first, second = keyed.fill(), keyed.fill()
    assert "K1" not in first and "K2" not in first and first != second
    assert len(around.keys) == 6 and all(key in first + second for key in around.keys)
    assert Keyed.unpack(keyed.pack()) == keyed
    assert Keyed.cut("nothing drawn", []).fill() == "nothing drawn"


def test_a_key_field_showing_a_key_it_did_not_make_marks_the_drawing_stale(app):
    with app.test_request_context():
        with drawing() as made:
            form = SubstanceForm(formdata=None)
            fresh = form.request_key()
        with drawing() as sent_back:
            form = SubstanceForm(formdata=MultiDict({"request_key": "a" * 32}))
            posted = form.request_key()
    assert not made.stale and made.keys == [form_key(fresh)]
    assert sent_back.stale and sent_back.keys == [] and "a" * 32 in posted
