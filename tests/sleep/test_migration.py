"""Revision b81d4e6f2a10 on SQLite: nights logged before it keep every value and their times."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from tests.conftest import config
from tracker.app import create_app
from tracker.extensions import db

BEFORE, AFTER = "a7c3e91d5b20", "b81d4e6f2a10"
NIGHT = {
    "user_id": 1,
    "at": "2025-05-31 20:40:00.000000+00:00",
    "tz": "Europe/Berlin",
    "day": "2025-06-01",
    "tried_to_sleep_at": "2025-05-31 20:45:00.000000+00:00",
    "final_awakening_at": "2025-06-01 04:30:00.000000+00:00",
    "out_of_bed_at": "2025-06-01 04:43:00.000000+00:00",
    "sol_minutes": 15,
    "awakenings": 2,
    "waso_minutes": 20,
    "quality": 4,
    "note": "woke at 3",
    "created_at": "2025-06-01 05:00:00.000000+00:00",
    "row_version": 1,
}


@pytest.fixture
def fresh(tmp_path):
    app = create_app(config("sqlite:///" + str(tmp_path / "fresh.db"), str(tmp_path)))
    with app.app_context():
        yield app
        db.engine.dispose()


def _insert_night(values: dict) -> None:
    columns = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    db.session.execute(text(f"INSERT INTO sleep_entries ({columns}) VALUES ({params})"), values)  # noqa: S608


def _user() -> None:
    db.session.execute(
        text(
            "INSERT INTO users (id, email, password_hash, timezone, on_time_window_minutes,"
            " created_at, data_version) VALUES (1, 'ada@example.org', 'x', 'Europe/Berlin', 60,"
            " '2025-06-01 05:00:00.000000+00:00', 0)"
        )
    )


def test_a_night_logged_before_the_upgrade_keeps_its_values_and_has_known_times(fresh):
    upgrade(revision=BEFORE)
    _user()
    _insert_night(NIGHT)
    db.session.commit()
    upgrade(revision=AFTER)
    row = db.session.execute(text("SELECT * FROM sleep_entries")).mappings().one()
    db.session.remove()  # its transaction holds SQLite's write lock (BEGIN IMMEDIATE)
    assert {k: row[k] for k in NIGHT} == NIGHT
    assert row["times_known"] == 1
    # The batch copy of the table keeps the named one-night-per-morning rule and its indexes.
    schema = inspect(db.engine)
    assert {"uq_sleep_entries_user_id_day", "uq_sleep_entries_request_key"} <= {
        u["name"] for u in schema.get_unique_constraints("sleep_entries")
    }
    assert {"ix_sleep_entries_day", "ix_sleep_entries_user_id"} <= {
        i["name"] for i in schema.get_indexes("sleep_entries")
    }
    assert next(c for c in schema.get_columns("sleep_entries") if c["name"] == "quality")[
        "nullable"
    ]


def test_after_the_upgrade_a_night_may_be_unrated_and_the_downgrade_refuses_to_drop_that(
    fresh, capfd
):
    upgrade(revision=AFTER)
    _user()
    _insert_night({**NIGHT, "quality": None})
    db.session.commit()
    db.session.remove()
    with pytest.raises(SystemExit):  # Flask-Migrate logs the migration's error, then exits
        downgrade(revision=BEFORE)
    assert "without a quality rating or without bed and wake times: 1." in capfd.readouterr().err
    assert db.session.execute(text("SELECT quality FROM sleep_entries")).scalar_one() is None
    db.session.execute(text("DELETE FROM sleep_entries"))
    db.session.commit()
    db.session.remove()
    downgrade(revision=BEFORE)
    names = {c["name"] for c in inspect(db.engine).get_columns("sleep_entries")}
    assert "times_known" not in names
