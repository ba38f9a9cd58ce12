"""The activity part of the Today page, rendered as the Today page will include it."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from flask import render_template_string, request

from tests.conftest import login, make_user
from tracker import web
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.activity.panel import today_panel
from tracker.extensions import db
from tracker.timeutils import local_today, to_local, utcnow

TZ = "Pacific/Auckland"  # far from UTC: the panel's day must be the user's date
PAGE = """{% with panel = panels["activity"] %}{% include "activity/_today.html" %}{% endwith %}"""


def _show_panel():
    day = date.fromisoformat(request.args.get("day") or web.today().isoformat())
    panels = {"activity": today_panel(web.user(), day, web.now())}
    return render_template_string(PAGE, panels=panels)


@pytest.fixture
def panel(app, client):
    """A client logged in, and a function returning the panel's HTML for a day."""
    app.add_url_rule("/test-panel", "test_panel", _show_panel)
    make_user(app, tz=TZ)
    login(client)

    def get(day: date | None = None) -> str:
        response = client.get("/test-panel" + (f"?day={day.isoformat()}" if day else ""))
        assert response.status_code == 200
        return response.get_data(as_text=True)

    return get


def _today() -> date:
    return local_today(TZ, utcnow())


class Forms(HTMLParser):
    """The forms of a page: action, fields as a browser sends them, and the button text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._button: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action"), "data": {}, "button": ""})
        elif tag == "input" and self.forms and a.get("type") not in ("radio", "checkbox"):
            self.forms[-1]["data"][a["name"]] = a.get("value") or ""
        elif tag == "input" and self.forms and "checked" in a:
            self.forms[-1]["data"][a["name"]] = a.get("value")
        elif tag == "option" and "selected" in a:
            self.forms[-1]["data"]["kind"] = a["value"]
        elif tag == "button":
            self._button = []

    def handle_data(self, data):
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag):
        if tag == "button" and self._button is not None:
            self.forms[-1]["button"] = "".join(self._button).strip()
            self._button = None

    def by_button(self, text: str) -> dict:
        return next(f for f in self.forms if f["button"].startswith(text))


def test_panel_shows_the_days_totals_and_a_form_for_each_part(panel):
    html = panel()
    assert html.lstrip().startswith(
        '<section class="card act-panel" aria-labelledby="act-heading">'
    )
    assert '<h2 id="act-heading">Activity and habits</h2>' in html
    assert "<strong>Activity:</strong> none" in html
    buttons = [f["button"] for f in Forms(html).forms]
    assert buttons[0] == "Save activity"
    assert "Done: Mindfulness / meditation" in buttons
    assert "Done: Breathing or grounding exercises" in buttons
    assert "Done: Time outdoors" in buttons
    assert "+1 coffee/tea" in buttons and "+1 drink (1 unit)" in buttons


def test_every_form_carries_its_own_request_key_and_goes_back_to_the_day(panel):
    forms = Forms(panel()).forms
    keys = [f["data"]["request_key"] for f in forms]
    assert len(forms) == 6 and len(set(keys)) == len(keys) and all(keys)
    assert {f["data"]["next"] for f in forms} == {f"/today?day={_today().isoformat()}"}


def test_element_ids_are_unique_and_prefixed_and_every_input_is_labelled(panel):
    html = panel()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert all(i.startswith("act-") for i in ids)
    labelled = set(re.findall(r'\bfor="([^"]+)"', html))
    for tag in re.findall(r"<(?:input|select)\b[^>]*>", html):
        if 'type="hidden"' in tag or 'type="radio"' in tag:  # radios sit inside their label
            continue
        assert re.search(r'id="([^"]+)"', tag).group(1) in labelled, tag


def test_one_tap_coffee_records_one_drink_once_and_shows_in_the_totals(app, client, panel):
    coffee = Forms(panel()).by_button("+1 coffee/tea")
    first = client.post(coffee["action"], data=coffee["data"])
    client.post(coffee["action"], data=coffee["data"])  # a double tap
    assert first.headers["Location"] == f"/today?day={_today().isoformat()}"
    with app.app_context():
        entry = db.session.scalars(db.select(SubstanceEntry)).one()
        assert (entry.substance, entry.amount, entry.day) == ("caffeine", 1, _today())
    html = panel()
    assert "Today: 1 drink with caffeine, 0 units of alcohol." in html
    drink = Forms(html).by_button("+1 drink")
    client.post(drink["action"], data=drink["data"])
    assert "Today: 1 drink with caffeine, 1 unit of alcohol." in panel()


def test_quick_activity_and_practices_are_one_form_each(app, client, panel):
    forms = Forms(panel())
    quick = forms.by_button("Save activity")
    assert (quick["data"]["kind"], quick["data"]["intensity"]) == ("walking", "moderate")
    client.post(quick["action"], data={**quick["data"], "kind": "yoga", "minutes": "25"})
    outdoors = forms.by_button("Done: Time outdoors")
    client.post(outdoors["action"], data={**outdoors["data"], "minutes": "20"})
    html = panel()
    assert "<strong>Activity:</strong> 25 min" in html
    assert "Time outdoors 20 min" in html and "✓ 20 min so far" in html
    # The quick form now starts on the kind last logged.
    assert Forms(html).by_button("Save activity")["data"]["kind"] == "yoga"
    with app.app_context():
        assert db.session.scalars(db.select(ActivityEntry.day)).one() == _today()


def test_a_yes_no_practice_is_one_tap(app, client, panel):
    client.post("/activity/settings", data={"water": "y"})
    html = panel()
    water = Forms(html).by_button("Done: Enough water")
    assert "minutes" not in water["data"]
    client.post(water["action"], data=water["data"])
    with app.app_context():
        entry = db.session.scalars(db.select(PracticeEntry)).one()
        assert (entry.practice, entry.minutes, entry.done) == ("water", None, True)
    assert "✓ done" in panel()


def test_a_minute_practice_tapped_without_minutes_comes_back_with_the_message(client, panel):
    breathing = Forms(panel()).by_button("Done: Breathing")
    response = client.post(breathing["action"], data=breathing["data"])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter how many minutes." in page
    assert f'value="/today?day={_today().isoformat()}"' in page  # still goes back after a fix


def test_on_an_earlier_day_entries_are_filed_under_that_day(app, client, panel):
    day = _today() - timedelta(days=2)
    html = panel(day)
    assert "saved at 12:00 of that day" in html
    coffee = Forms(html).by_button("+1 coffee/tea")
    assert coffee["data"]["at"] == f"{day.isoformat()}T12:00"
    assert coffee["data"]["next"] == f"/today?day={day.isoformat()}"
    client.post(coffee["action"], data=coffee["data"])
    with app.app_context():
        entry = db.session.scalars(db.select(SubstanceEntry)).one()
        assert entry.day == day and to_local(entry.at, TZ).hour == 12
    assert "On this day: 1 drink with caffeine" in panel(day)
    assert "Today: 0 drinks" in panel()


def test_a_day_still_to_come_shows_totals_but_no_forms(panel):
    html = panel(_today() + timedelta(days=1))
    assert "once it has come" in html and Forms(html).forms == []


def test_the_days_entries_link_to_their_edit_pages_and_back(app, client, panel):
    coffee = Forms(panel()).by_button("+1 coffee/tea")
    client.post(coffee["action"], data=coffee["data"])
    with app.app_context():
        entry_id = db.session.scalars(db.select(SubstanceEntry.id)).one()
    html = panel()
    assert "Entries on this day (1)" in html
    link = f"/activity/substances/{entry_id}/edit?next=/today?day%3D{_today().isoformat()}"
    assert link in html


def test_no_followed_practice_points_to_the_settings(client, panel):
    client.post("/activity/settings", data={"next": ""})  # as a browser sends it, all unticked
    html = panel()
    assert "No practices chosen." in html
    assert "/activity/settings?next=" in html
