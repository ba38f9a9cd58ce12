"""The therapy card on the Today page: the day's session, open homework, a link to log."""

import re
from collections import Counter
from datetime import date, time, timedelta

import pytest
from flask import render_template_string

from tests.conftest import NOW, login, make_user
from tests.therapy.factories import get_user, session
from tracker.extensions import db
from tracker.therapy.models import TherapySession
from tracker.therapy.panel import today_panel
from tracker.timeutils import local_today, localize, utcnow

TZ = "Europe/Berlin"
INCLUDE = '{% with panel = panels["therapy"] %}{% include "therapy/_today.html" %}{% endwith %}'


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


def _render(app, uid, day, now=NOW):
    with app.test_request_context("/today"):
        panel = today_panel(get_user(uid), day, now)
        return panel, render_template_string(INCLUDE, panels={"therapy": panel})


def test_panel_without_sessions_offers_to_log_one(app, uid):
    panel, html = _render(app, uid, date(2025, 6, 2))
    assert '<section class="card" aria-labelledby="therapy-title">' in html
    assert '<h2 id="therapy-title">Therapy</h2>' in html
    assert 'href="/therapy/new?next=/today?day%3D2025-06-02">Log a therapy session</a>' in html
    assert panel["homework"] is None and "<form" not in html


def test_panel_shows_the_days_session_and_its_open_homework_with_one_tap(app, uid):
    with app.app_context():
        s = session(
            get_user(uid),
            modality="dbt",
            therapist="Dr Ruiz",
            at=localize(date(2025, 6, 2), time(9), TZ),
            homework="Practise opposite action",
        )
        db.session.commit()
        session_id = s.id
    panel, html = _render(app, uid, date(2025, 6, 2))
    assert [x.id for x in panel["sessions"]] == [session_id]
    assert "<strong>DBT</strong>" in html and "with Dr Ruiz" in html
    assert "Practise opposite action" in html and "Not yet known" in html
    assert f'action="/therapy/{session_id}/homework-done"' in html
    assert 'name="row_version" type="hidden" value="1"' in html
    assert 'name="next" type="hidden" value="/today?day=2025-06-02"' in html
    assert ">Homework done</button>" in html


def test_panel_on_a_later_day_shows_the_latest_homework(app, uid):
    with app.app_context():
        user = get_user(uid)
        session(user, at=localize(date(2025, 5, 20), time(9), TZ), homework="Old homework")
        session(user, at=localize(date(2025, 5, 27), time(9), TZ), homework="Behaviour chain")
        db.session.commit()
    panel, html = _render(app, uid, date(2025, 6, 2))
    assert panel["sessions"] == []
    assert "Homework from Tue 27 May" in html and "Behaviour chain" in html
    assert "Old homework" not in html


def test_panel_hides_the_button_once_homework_is_done(app, uid):
    with app.app_context():
        session(get_user(uid), homework="Sleep diary", homework_done=True)
        db.session.commit()
    panel, html = _render(app, uid, date(2025, 6, 2))
    assert panel["done_form"] is None
    assert "Sleep diary" in html and "Done" in html and "<form" not in html


def test_panel_looks_only_at_sessions_up_to_the_day_shown(app, uid):
    with app.app_context():
        session(get_user(uid), homework="Later homework")
        db.session.commit()
    panel, _ = _render(app, uid, date(2025, 6, 1))
    assert panel["homework"] is None


def test_panel_ids_are_unique_and_prefixed(app, uid):
    with app.app_context():
        session(get_user(uid), homework="x")
        db.session.commit()
    _, html = _render(app, uid, date(2025, 6, 2))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert ids and all(i.startswith("therapy-") for i in ids)
    assert not [i for i, n in Counter(ids).items() if n > 1]


def test_tapping_homework_done_on_today_marks_it_and_returns(app, uid, client):
    login(client)
    with app.app_context():
        session(get_user(uid), now=utcnow(), at=utcnow() - timedelta(hours=2), homework="Walk")
        db.session.commit()
    day = local_today(TZ, utcnow())
    _, html = _render(app, uid, day, utcnow())
    action = re.search(r'action="(/therapy/\d+/homework-done)"', html).group(1)
    hidden = dict(re.findall(r'name="(row_version|next)" type="hidden" value="([^"]+)"', html))
    response = client.post(action, data=hidden)
    assert response.headers["Location"] == f"/today?day={day}"
    with app.app_context():
        assert db.session.scalars(db.select(TherapySession)).one().homework_done is True
