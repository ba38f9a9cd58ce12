"""Today's parts are reused while the tables they read stand still, and never once one moved:
each part reads only the tables it names, and every kind of save shows on the next GET."""

import re

import pytest
from sqlalchemy import event

from tests.conftest import login
from tracker import web
from tracker.activity.models import SubstanceEntry
from tracker.auth.models import User
from tracker.checkins import services as checkins
from tracker.cli.demo import EMAIL, PASSWORD, build_demo
from tracker.dataversion import ANY_TABLE, moved, table_versions
from tracker.extensions import db
from tracker.timeutils import local_today, utcnow
from tracker.today import page, parts

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.I)


@pytest.fixture
def demo(app, client, monkeypatch):
    """The demo account over 30 days, signed in, with the clock held for the minute (the doses
    part is kept for the minute it was drawn in)."""
    with app.app_context():
        build_demo(days=30, timezone="Europe/Berlin", now=utcnow())
        db.session.commit()
    fixed = web.now()
    monkeypatch.setattr(web, "now", lambda: fixed)
    login(client, EMAIL, PASSWORD)
    return app


def _parts(app):
    return app.extensions["today_parts"]


def _page(client) -> str:
    response = client.get("/today")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _drawn(client, app) -> int:
    """How many parts the next GET of Today draws anew (the whole-page cache emptied first)."""
    app.extensions["page_cache"].clear()
    drawn = []
    real = parts.render_part
    parts.render_part = lambda *args: drawn.append(args[0]) or real(*args)
    try:
        _page(client)
    finally:
        parts.render_part = real
    return len(drawn)


def test_each_part_reads_only_the_tables_it_names(demo):
    with demo.test_request_context(), demo.app_context():
        user = db.session.scalar(db.select(User).where(User.email == EMAIL))
        now = utcnow()
        day = local_today(user.timezone, now)
        read: list[str] = []

        def note(conn, cursor, statement, *args):  # noqa: ANN001, ANN202
            read.extend(TABLE.findall(statement))

        engine = db.engine
        for name, panel in page.PANELS:
            read.clear()
            event.listen(engine, "before_cursor_execute", note)
            panel.build(user, day, now)
            event.remove(engine, "before_cursor_execute", note)
            assert read, f"{name} read nothing: the test did not see its statements"
            assert set(read) <= set(panel.tables), (name, set(read) - set(panel.tables))


def test_a_save_draws_only_the_parts_that_read_its_table(demo, client):
    _page(client)
    assert _drawn(client, demo) == 0  # nothing moved: every part reused
    page_html = _page(client)
    key = re.search(
        r'name="substance" value="caffeine">.*?name="request_key" type="hidden" value="(\w+)"',
        page_html,
        re.S,
    )[1]
    before = page_html.count("Caffeine")
    response = client.post(
        "/activity/substances/new",
        data={"substance": "caffeine", "amount": "1", "next": "/today", "request_key": key},
    )
    assert response.status_code == 302
    assert _drawn(client, demo) == 1  # the activity part only
    with demo.app_context():
        coffees = db.session.scalars(db.select(SubstanceEntry)).all()
    assert coffees
    assert _page(client).count("Caffeine") >= before


def test_every_kind_of_save_shows_on_the_next_get(demo, client):
    html = _page(client)
    day = re.search(r'name="checkin_day" value="([\d-]+)"', html)[1]
    client.post(
        "/checkins/today",
        data={"checkin_day": day, "checkin-mood": "2", "checkin-anxiety": "9", "next": "/today"},
    )
    html = _page(client)
    assert re.search(r"Mood 2\b.*?Anxiety 9\b", html, re.S), "the new check-in is not shown"
    client.post("/symptoms/today", data={"day": day, "sym-brain_fog": "8", "next": "/today"})
    html = _page(client)
    assert re.search(r"Brain fog\D{0,40}8\b", html), "the new side-effect rating is not shown"
    client.post(
        "/appointments/questions/new",
        data={"text": "Is the fog from the dose?", "next": "/today"},
    )
    assert "Is the fog from the dose?" in _page(client)


def test_a_setting_redraws_the_parts_that_read_it(demo, client):
    assert 'name="checkin-irritability"' in _page(client)
    with demo.app_context():
        user = db.session.scalar(db.select(User).where(User.email == EMAIL))
        user.mood_scales = "mood,anxiety"
        db.session.commit()
    assert 'name="checkin-irritability"' not in _page(client)


def test_a_writer_around_the_orm_that_moves_any_table_redraws_every_part(demo, client):
    _page(client)
    with demo.app_context():
        user = db.session.scalar(db.select(User).where(User.email == EMAIL))
        moved(db.session, [(user.id, ANY_TABLE)])
        db.session.commit()
        assert table_versions(user)[ANY_TABLE] == 1
    assert _drawn(client, demo) == len(page.PANELS)


def test_a_save_by_another_process_is_seen(demo, client):
    """Another server process has its own parts: the versions, read from the database on each
    GET, decide. A check-in written straight to the database (as that process would) shows."""
    _page(client)
    with demo.app_context():
        user = db.session.scalar(db.select(User).where(User.email == EMAIL))
        checkins.record_checkin(user, ratings={"mood": 1, "anxiety": 10}, now=utcnow())
        db.session.commit()
    assert re.search(r"Mood 1\b.*?Anxiety 10\b", _page(client), re.S)


def test_another_session_never_gets_these_forms(demo, client, app):
    first = _page(client)
    other = app.test_client()
    login(other, EMAIL, PASSWORD)
    second = other.get("/today").get_data(as_text=True)
    token = re.compile(r'name="csrf_token" value="([^"]+)"')
    assert set(token.findall(first)).isdisjoint(token.findall(second))


@pytest.mark.parametrize(("in_place", "drawn"), [(True, 1), (False, 3)])
def test_a_check_in_saved_in_place_draws_only_its_part_again(demo, client, in_place, drawn):
    """today.js saves a part in place and keeps the other parts' choices on the page: the Today
    it is answered with draws only the saved part. Without it, the other check-in parts are
    drawn again with the choices carried back (so nothing chosen is lost)."""
    html = _page(client)
    day = re.search(r'name="checkin_day" value="([\d-]+)"', html)[1]
    headers = {"X-Requested-With": "fetch"} if in_place else {}
    response = client.post(
        "/checkins/today",
        data={
            "checkin_day": day,
            "checkin-mood": "4",
            "sym-brain_fog": "6",  # chosen in another part, not saved
            "next": f"/today?day={day}#checkin",
        },
        headers=headers,
    )
    assert response.status_code == 302
    assert _drawn(client, demo) == drawn
