"""Plain-text notes keep their text, angle brackets and all, on every way in (Daylio, Bearable,
our own JSON export, the check-in form, the API), and the timeline escapes them on the way out.
Only the formatting tags Daylio writes (`<br>`, `<b>`, `<p>` ...) are read as HTML."""

import io
import json
from datetime import UTC, datetime

from sqlalchemy import select

from tests.api.factories import bearer, token
from tests.conftest import login, make_user
from tests.medications.factories import get_user
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.imports import services
from tracker.imports.parsers import bearable, daylio

TYPED = "x<y and z>w told him <whatever> ok"
ESCAPED = "x&lt;y and z&gt;w told him &lt;whatever&gt; ok"
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
DAYLIO = "full_date,date,weekday,time,mood,activities,note_title,note\n"
BEARABLE = '"date","weekday","time of day","category","rating/amount","detail","notes"\n'


def _daylio_note(title: str, note: str) -> str | None:
    row = f'2026-05-01,May 1,Friday,20:00,good,"","{title}","{note}"\n'
    (mood,) = daylio.parse((DAYLIO + row).encode()).records
    return mood.note


def test_a_daylio_note_with_angle_brackets_keeps_them():
    assert _daylio_note("", TYPED) == TYPED
    assert _daylio_note(TYPED, "") == TYPED


def test_a_daylio_note_keeps_unknown_tags_and_still_reads_daylios_formatting():
    assert _daylio_note("", "<b>bold</b> a<br>b <whatever> 3 < 4") == "bold a\nb <whatever> 3 < 4"
    assert _daylio_note("", "if a<b and c>d") == "if a<b and c>d"
    assert _daylio_note("", "Tom &amp; Jerry <3") == "Tom & Jerry <3"


def test_a_bearable_note_keeps_its_angle_brackets():
    row = f'"1st May 2026","Fri","20:00","Mood","7","","{TYPED}"\n'
    (mood,) = bearable.parse((BEARABLE + row).encode()).records
    assert mood.note == TYPED


def test_an_imported_daylio_note_is_stored_as_typed(app):
    uid = make_user(app)
    data = (DAYLIO + f'2026-05-01,May 1,Friday,20:00,good,"","","{TYPED}"\n').encode()
    with app.app_context():
        services.run(get_user(uid), "daylio", io.BytesIO(data), "d.csv", {}, now=NOW)
        db.session.commit()
        assert db.session.scalars(select(MoodCheckin.note)).one() == TYPED


def test_our_own_json_export_keeps_the_note_as_typed(app):
    uid = make_user(app)
    with app.app_context():
        from tracker.checkins.services import record_checkin
        from tracker.exports import services as exports

        user = get_user(uid)
        record_checkin(user, ratings={"mood": 6}, note=TYPED, at=NOW, now=NOW)
        db.session.commit()
        document = json.loads(exports.export(user, "json", now=NOW).data)
        other = get_user(make_user(app, "bo@example.org"))
        exports.import_json(other, json.dumps(document).encode(), now=NOW)
        db.session.commit()
        notes = db.session.scalars(select(MoodCheckin.note).where(MoodCheckin.user_id == other.id))
        assert list(notes) == [TYPED]


def test_our_own_csv_export_keeps_the_note_as_typed(app):
    uid = make_user(app)
    with app.app_context():
        from tracker.checkins.services import record_checkin
        from tracker.exports import services as exports

        user = get_user(uid)
        record_checkin(user, ratings={"mood": 6}, note=TYPED, at=NOW, now=NOW)
        db.session.commit()
        zipped = exports.export(user, "csv", now=NOW).data
        other = get_user(make_user(app, "bo@example.org"))
        exports.import_csv(other, zipped, now=NOW)
        db.session.commit()
        notes = db.session.scalars(select(MoodCheckin.note).where(MoodCheckin.user_id == other.id))
        assert list(notes) == [TYPED]


def test_the_checkin_form_stores_the_note_as_typed_and_the_timeline_escapes_it(app, client):
    make_user(app)
    login(client)
    sent = client.post("/checkins/new", data={"mood": "6", "note": TYPED})
    assert sent.status_code in (302, 303), sent.text
    with app.app_context():
        assert db.session.scalars(select(MoodCheckin.note)).one() == TYPED
    page = client.get("/timeline").get_data(as_text=True)
    assert ESCAPED in page and TYPED not in page


def test_the_api_stores_the_note_as_typed(app, client):
    auth = bearer(token(app, make_user(app)))
    sent = client.post(
        "/api/v1/checkins", json={"ratings": {"mood": 6}, "note": TYPED}, headers=auth
    )
    assert sent.status_code == 201, sent.text
    assert sent.json["note"] == TYPED
    with app.app_context():
        assert db.session.scalars(select(MoodCheckin.note)).one() == TYPED
