"""The registry's guards: a journal kind left out of the registry, the timeline, the ownership
walk or the Today page fails here. (The export, API and snapshot guards live beside this file
in test_registry_*.py.)"""

import re
from datetime import date
from pathlib import Path

from flask import url_for

from tests.conftest import login, make_user
from tests.test_ownership import _record_id, _records
from tracker.auth.models import User
from tracker.extensions import db
from tracker.journal import JournalEntry
from tracker.registry import BY_KEY, KINDS
from tracker.today import page
from tracker.today.services import timeline

FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)


def _mapped_models() -> list[type]:
    return [mapper.class_ for mapper in db.Model.registry.mappers]


def test_every_journal_table_belongs_to_exactly_one_kind(app):
    owners: dict[type, list[str]] = {}
    for kind in KINDS:
        for model in kind.models:
            owners.setdefault(model, []).append(kind.key)
    entries = [m for m in _mapped_models() if issubclass(m, JournalEntry)]
    assert len(entries) >= 9  # the walk sees the journal's tables
    for model in entries:
        assert len(owners.get(model, [])) == 1, f"{model.__name__}: register it in one kind"
    for kind in KINDS:
        tables = {model.__table__ for model in kind.models}
        for model in kind.models:
            # A user's table, or one whose rows hang off another table of the same kind (a
            # schedule's doses hang off its version).
            parents = {fk.column.table for fk in model.__table__.foreign_keys}
            assert "user_id" in model.__table__.c or parents & tables, model.__name__
    assert len(BY_KEY) == len(KINDS), "two kinds share a key"


def test_every_kind_shows_on_the_timeline_and_the_ownership_walk_covers_it(app):
    uid = make_user(app, "walk@example.org")
    ids = _records(app, uid)
    with app.app_context():
        user = db.session.get(User, uid)
        rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
        for kind in KINDS:
            days = timeline(user, FIRST, LAST, kinds={kind.key})
            items = [item for d in days for item in d.items]
            assert items, f"{kind.key}: the walk's records have no entry of it on the timeline"
            for item in items:
                for endpoint in (item.edit_endpoint, item.delete_endpoint):
                    assert endpoint in rules, f"{kind.key}: {endpoint} is not a route"
                    assert item.id_arg in rules[endpoint].arguments, (endpoint, item.id_arg)
                    # The ownership walk aims at this very record as the other user's.
                    assert _record_id(ids, endpoint, item.id_arg) == item.entry_id, endpoint


def test_every_kinds_today_panel_has_a_place_on_the_page():
    keys = [key for key, _ in page.PANELS]
    assert keys == sorted(keys, key=lambda k: BY_KEY[k].panel.position)
    placed = [*page.BEFORE, *page.CHECKIN_PARTS, *page.AFTER]
    assert sorted(placed) == sorted(keys), "a panel is drawn but shown nowhere, or twice"
    assert {k.key for k in KINDS if k.panel is not None} == set(keys)


def test_the_day_shows_every_kinds_panel(app, client):
    make_user(app, "today@example.org")
    login(client, "today@example.org")
    html = client.get("/today").get_data(as_text=True)
    for key in (*page.BEFORE, *page.AFTER):
        assert f'id="part-{key}"' in html, key
    form = html.split('id="checkin-form"', 1)[1].split("</form>", 1)[0]
    for key in page.CHECKIN_PARTS:
        # The part's first element id, read from its template, is inside the check-in form.
        source = Path(app.template_folder, BY_KEY[key].panel.template).read_text()
        first_id = re.search(r'id="([\w-]+)"', source)[1]
        assert f'id="{first_id}"' in form, key


def test_the_timeline_links_every_kinds_list_page(app, client):
    make_user(app, "pages@example.org")
    login(client, "pages@example.org")
    html = client.get("/timeline").get_data(as_text=True)
    records = html.split('class="records"', 1)[1].split("</ul>", 1)[0]
    with app.test_request_context():
        for kind in KINDS:
            assert kind.blueprint is not None, f"{kind.key}: no pages"
            url = url_for(f"{kind.blueprint.name}.index")
            assert f'href="{url}"' in records, kind.key
            assert client.get(url).status_code == 200, url
