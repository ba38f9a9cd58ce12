"""The Today page's "Last night" panel, rendered as the Today page includes it."""

from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from flask import render_template_string

from tests.conftest import login, make_user
from tests.sleep.factories import get_user, log_night
from tracker.extensions import db
from tracker.sleep.models import SleepEntry
from tracker.sleep.panel import today_panel
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"
INCLUDE = '{% with panel = panels["sleep"] %}{% include "sleep/_today.html" %}{% endwith %}'


class Inputs(HTMLParser):
    """Ids, and what a browser would send for the panel's form."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "input" and a.get("name"):
            if a.get("type") == "radio" and "checked" not in a:
                return
            self.data[a["name"]] = a.get("value") or ""


def render(app, uid, day):
    with app.app_context(), app.test_request_context("/today"):
        panel = today_panel(get_user(uid), day, utcnow())
        html = render_template_string(INCLUDE, panels={"sleep": panel})
    parser = Inputs()
    parser.feed(html)
    return html, parser


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


def _yesterday():
    return local_today(TZ, utcnow()) - timedelta(days=1)


def test_panel_without_any_night_offers_an_empty_form_for_the_shown_morning(app, uid):
    day = _yesterday()
    html, inputs = render(app, uid, day)
    assert '<details class="card today-part" id="sleep" data-part open>' in html
    assert '<h2 id="sleep-heading">Last night</h2>' in html
    assert (
        f"This night is filed under {day:%a} {day.day} {day:%b %Y}, the morning you woke up."
        in (html)
    )
    assert f'formaction="/sleep/today" name="next" value="/today?day={day}#sleep"' in html
    assert inputs.data["sleep-wake_day"] == day.isoformat()
    assert inputs.data["sleep-into_bed"] == ""
    assert html.count('type="radio"') == 5
    assert f'href="/sleep/naps/new?day={day.isoformat()}' in html and "Log a nap" in html


def test_panel_ids_are_prefixed_and_unique(app, uid):
    _, inputs = render(app, uid, _yesterday())
    assert inputs.ids and all(i.startswith("sleep-") or i == "sleep" for i in inputs.ids)
    assert [i for i, n in Counter(inputs.ids).items() if n > 1] == []
    assert "sleep-quality-0" in inputs.ids and "sleep-into_bed" in inputs.ids


def test_a_usual_night_is_one_tap_on_save(app, client, uid):
    day = _yesterday()
    with app.app_context():
        log_night(get_user(uid), day - timedelta(days=1), quality=4, now=utcnow())
        db.session.commit()
    html, inputs = render(app, uid, day)
    assert "Filled in from your last logged night" in html
    assert inputs.data["sleep-into_bed"] == "22:40" and inputs.data["sleep-out_of_bed"] == "06:43"
    assert inputs.data["sleep-quality"] == "4"
    login(client)
    next_url = f"/today?day={day.isoformat()}#sleep"
    response = client.post("/sleep/today", data={**inputs.data, "next": next_url})
    assert response.headers["Location"] == next_url
    with app.app_context():
        days = sorted(e.day for e in db.session.scalars(db.select(SleepEntry)))
        assert days == [day - timedelta(days=1), day]


def test_panel_with_the_night_logged_shows_its_summary_and_an_edit_link(app, uid):
    day = _yesterday()
    with app.app_context():
        entry_id = log_night(get_user(uid), day, now=utcnow()).id
        db.session.commit()
    html, inputs = render(app, uid, day)
    assert "Slept 7 h 10 min · efficiency 89% · quality good" in html
    assert f'href="/sleep/{entry_id}/edit?next=/today?day%3D{day.isoformat()}"' in html
    assert "<form" not in html and "Log a nap" in html
