"""The Today panel: one tap per followed side effect, saving, and "Same as yesterday"."""

import re
from datetime import date, time, timedelta

import pytest
from flask import render_template_string, request
from flask_login import login_required

from tests.conftest import login, make_user
from tests.symptoms.factories import TZ, get_user, log
from tracker import web
from tracker.extensions import db
from tracker.symptoms.following import update_settings
from tracker.symptoms.models import SymptomEntry
from tracker.symptoms.panel import today_panel
from tracker.timeutils import local_today, localize, utcnow

INCLUDE = '{% with panel = panels["symptoms"] %}{% include "symptoms/_today.html" %}{% endwith %}'


@pytest.fixture
def uid(app, client):
    """A logged-in user, and a page rendering the panel the way the Today page includes it."""

    def panel_page():
        day = date.fromisoformat(request.args.get("day") or web.today().isoformat())
        panels = {"symptoms": today_panel(web.user(), day, web.now())}
        return render_template_string(INCLUDE, panels=panels)

    app.add_url_rule("/test/symptoms-panel", view_func=login_required(panel_page))
    user_id = make_user(app, tz=TZ)
    login(client)
    return user_id


def _today():
    return local_today(TZ, utcnow())


def _count(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(SymptomEntry.id)))


def _log(app, uid, symptom, severity, day, hour=9):
    with app.app_context():
        when = min(localize(day, time(hour), TZ), utcnow())
        log(get_user(uid), symptom, severity, when, now=utcnow())
        db.session.commit()


def _panel(client, day=None):
    url = "/test/symptoms-panel" + (f"?day={day.isoformat()}" if day else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_panel_shows_numbness_then_fog_as_rows_of_0_to_10(client, uid):
    page = _panel(client)
    assert '<details class="card today-part symptoms-panel" id="side-effects"' in page
    assert "<legend>Emotional numbness</legend>" in page and "<legend>Brain fog</legend>" in page
    assert page.index("Emotional numbness") < page.index("Brain fog")
    assert page.count('type="radio"') == 22
    assert 'id="sym-brain_fog-0"' in page and 'id="sym-brain_fog-10"' in page
    assert "0 = not present (checked), 10 = worst imaginable" in page
    assert "Save side effects" in page and "Same as yesterday" in page
    assert f'name="next" value="/today?day={_today().isoformat()}#side-effects"' in page


def test_panel_links_to_other_symptoms_and_to_the_follow_settings(client, uid):
    page = _panel(client)
    assert re.search(r'href="/symptoms/new\?[^"]*">Other symptom</a>', page)
    assert 'href="/symptoms/settings">Choose which to follow</a>' in page


def test_panel_ids_are_unique_and_prefixed(client, uid):
    ids = re.findall(r'\bid="([^"]+)"', _panel(client))
    assert ids and len(ids) == len(set(ids))
    assert all(i.startswith("sym-") or i == "side-effects" for i in ids), ids


def test_panel_preselects_the_days_latest_value(app, client, uid):
    _log(app, uid, "brain_fog", 3, _today(), hour=0)
    _log(app, uid, "brain_fog", 7, _today(), hour=1)
    page = _panel(client)
    assert re.search(r'checked id="sym-brain_fog-7"|id="sym-brain_fog-7"[^>]*checked', page)
    assert len(re.findall(r"\schecked[\s>]", page)) == 1
    assert "Logged on this day: 7" in page


def test_panel_shows_the_followed_choice_and_an_empty_state(app, client, uid):
    with app.app_context():
        update_settings(get_user(uid), followed=["tremor"])
        db.session.commit()
    page = _panel(client)
    assert "<legend>Tremor</legend>" in page and "Brain fog" not in page
    with app.app_context():
        update_settings(get_user(uid), followed=[])
        db.session.commit()
    page = _panel(client)
    assert "You follow no side effects." in page and "Choose which to follow" in page


def test_panel_shows_yesterdays_values_beside_the_copy_button(app, client, uid):
    _log(app, uid, "brain_fog", 5, _today() - timedelta(days=1))
    assert "Yesterday: Brain fog 5." in _panel(client)
    earlier = _today() - timedelta(days=3)
    assert "The day before: nothing logged." in _panel(client, earlier)


def _save(client, values, key="panel1", day=None):
    day = day or _today()
    data = {"day": day.isoformat(), "next": f"/today?day={day.isoformat()}", "request_key": key}
    data.update({f"sym-{ref}": str(v) for ref, v in values.items()})
    return client.post("/symptoms/today", data=data)


def test_saving_the_panel_records_each_value_and_goes_back_to_the_day(app, client, uid):
    response = _save(client, {"emotional_numbness": 4, "brain_fog": 0})
    assert response.headers["Location"] == f"/today?day={_today().isoformat()}"
    assert "Side effects saved." in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        severities = db.session.scalars(db.select(SymptomEntry.severity)).all()
        assert sorted(severities) == [0, 4]


def test_saving_the_panel_with_no_value_says_so_and_saves_nothing(app, client, uid):
    response = _save(client, {})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tap a value for at least one side effect" in page and "flash-error" in page
    assert _count(app) == 0


def test_saving_the_panel_twice_records_once(app, client, uid):
    _save(client, {"brain_fog": 6})
    _save(client, {"brain_fog": 6})
    assert _count(app) == 1


def test_saving_a_value_off_the_scale_is_refused(app, client, uid):
    response = _save(client, {"brain_fog": 11})
    assert "flash-error" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _count(app) == 0


def test_same_as_yesterday_copies_into_the_shown_day(app, client, uid):
    _log(app, uid, "brain_fog", 5, _today() - timedelta(days=1))
    day = _today().isoformat()
    data = {"day": day, "next": f"/today?day={day}", "request_key": "same1"}
    response = client.post("/symptoms/same-as-yesterday", data=data)
    assert "Copied 1 side effect." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert 'id="sym-brain_fog-5"' in _panel(client) and "Logged on this day: 5" in _panel(client)
    client.post("/symptoms/same-as-yesterday", data=data)
    assert _count(app) == 2


def test_same_as_yesterday_with_nothing_from_yesterday_says_so(app, client, uid):
    day = _today().isoformat()
    data = {"day": day, "next": f"/today?day={day}", "request_key": "same2"}
    response = client.post("/symptoms/same-as-yesterday", data=data)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nothing was logged yesterday" in page
    assert _count(app) == 0
