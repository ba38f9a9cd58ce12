"""A row repeated inside one file is imported once (a 1,186-row Daylio export repeated to 60,000
rows made 60,000 check-ins): each repeat is listed with its line and the line it repeats, and
counted. Two different entries in one minute are still two."""

import io
from datetime import UTC, datetime

from sqlalchemy import func, select

from tests.conftest import make_user
from tests.medications.factories import get_user
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.imports import services
from tracker.imports.mapping import Account
from tracker.imports.parsers import bearable, daylio
from tracker.imports.plan import plan
from tracker.imports.records import Mood, Night

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
DAYLIO = "full_date,date,weekday,time,mood,activities,scales,note_title,note\n"
ENTRIES = (
    '2026-05-03,May 3,Sunday,9:03 PM,good,"walk | read","Sleep Time:\u00a07:30","",""\n'
    '2026-05-02,May 2,Saturday,20:39,meh,"","","Title","a note"\n'
    '2026-05-02,May 2,Saturday,20:39,bad,"","","",""\n'  # another entry in the same minute
)
BEARABLE = '"date","weekday","time of day","category","rating/amount","detail","notes"\n'
OBSERVATIONS = (
    '"2nd May 2026","Sat","am","Mood","7","",""\n'
    '"2nd May 2026","Sat","08:30","Meds/Supplements","50","Hydroxyzine (mg)",""\n'
    '"2nd May 2026","Sat","mid","Symptom","2","Stress (Moderate)",""\n'
    '"2nd May 2026","Sat","","Sleep","7:15","",""\n'
)


def test_a_daylio_file_repeated_twenty_times_reads_each_entry_once():
    parsed = daylio.parse((DAYLIO + ENTRIES * 20).encode())
    assert parsed.rows == 60 and parsed.repeated == 57
    moods = [r for r in parsed.records if isinstance(r, Mood)]
    assert [(m.line, m.label) for m in moods] == [(2, "good"), (3, "meh"), (4, "bad")]
    assert len([r for r in parsed.records if isinstance(r, Night)]) == 1
    assert len(parsed.skipped) == 57
    assert parsed.skipped[0].line == 5 and "line 2" in parsed.skipped[0].reason
    assert parsed.skipped[-1].line == 61 and "line 4" in parsed.skipped[-1].reason


def test_a_repeated_bearable_file_reads_each_observation_once():
    parsed = bearable.parse((BEARABLE + OBSERVATIONS * 3).encode())
    once = bearable.parse((BEARABLE + OBSERVATIONS).encode())
    assert parsed.repeated == 8 and once.repeated == 0
    assert [r.key for r in parsed.records] == [r.key for r in once.records]
    assert [s.line for s in parsed.skipped] == list(range(6, 14))


def test_the_plan_carries_the_count_of_repeated_rows():
    parsed = daylio.parse((DAYLIO + ENTRIES * 2).encode())
    planned = plan(parsed, Account("UTC"), {}, imported=set(), now=NOW)
    assert planned.repeated == 3
    assert [a.kind for a in planned.actions].count("checkin") == 3


def test_importing_a_repeated_daylio_file_adds_each_check_in_once(app):
    uid = make_user(app)
    data = (DAYLIO + ENTRIES * 20).encode()
    with app.app_context():
        user = get_user(uid)
        services.run(user, "daylio", io.BytesIO(data), "d.csv", {}, now=NOW)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(MoodCheckin)) == 3


def test_the_preview_says_how_many_rows_were_read_once():
    """The preview stored with the upload (and the CLI's lines) count the repeats."""
    parsed = daylio.parse((DAYLIO + ENTRIES * 3).encode())
    planned = plan(parsed, Account("UTC"), {}, imported=set(), now=NOW)
    preview = services.from_json(services.to_json(services._preview(planned, services.Outcome())))
    assert preview.repeated == 6
    assert "Rows repeated in the file, read once: 6." in services.summary_lines(preview)
