"""Revision 8b79d26a6941 on SQLite: the sleep counts become nullable, nights logged before it
keep every value, and the downgrade refuses to turn a count not recorded into a made-up 0."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from tests.sleep.test_migration import NIGHT, _insert_night, _user, fresh  # noqa: F401
from tracker.extensions import db

BEFORE, AFTER = "d7e1c0c4a2b3", "8b79d26a6941"
COUNTS = ("sol_minutes", "awakenings", "waso_minutes")


def _nullable() -> dict[str, bool]:
    columns = inspect(db.engine).get_columns("sleep_entries")
    return {c["name"]: c["nullable"] for c in columns if c["name"] in COUNTS}


def test_a_night_logged_before_keeps_its_counts_and_they_become_optional(fresh):  # noqa: F811
    upgrade(revision=BEFORE)
    assert _nullable() == dict.fromkeys(COUNTS, False)
    _user()
    _insert_night(NIGHT)
    db.session.commit()
    upgrade(revision=AFTER)
    row = db.session.execute(text("SELECT * FROM sleep_entries")).mappings().one()
    db.session.remove()  # its transaction holds SQLite's write lock (BEGIN IMMEDIATE)
    assert {k: row[k] for k in NIGHT} == NIGHT
    assert _nullable() == dict.fromkeys(COUNTS, True)
    assert "uq_sleep_entries_user_id_day" in {
        u["name"] for u in inspect(db.engine).get_unique_constraints("sleep_entries")
    }


def test_the_downgrade_refuses_while_a_count_is_not_recorded(fresh, capfd):  # noqa: F811
    upgrade(revision=AFTER)
    _user()
    _insert_night({**NIGHT, "sol_minutes": None})
    db.session.commit()
    db.session.remove()
    with pytest.raises(SystemExit):  # Flask-Migrate logs the migration's error, then exits
        downgrade(revision=BEFORE)
    assert "without minutes to fall asleep, awakenings or minutes awake: 1." in (
        capfd.readouterr().err
    )
    assert db.session.execute(text("SELECT sol_minutes FROM sleep_entries")).scalar_one() is None
    db.session.execute(text("UPDATE sleep_entries SET sol_minutes = 15"))
    db.session.commit()
    db.session.remove()
    downgrade(revision=BEFORE)
    assert _nullable() == dict.fromkeys(COUNTS, False)
