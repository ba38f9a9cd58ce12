"""Schema only through migrations: one head, empty to head works, models match migrations."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from tests.conftest import config
from tracker.app import create_app
from tracker.config import ROOT
from tracker.extensions import db


def test_migrations_have_one_head(app):
    with app.app_context():
        script = ScriptDirectory(os.path.join(ROOT, "migrations"))
        assert len(script.get_heads()) == 1


def test_every_revision_has_a_real_message():
    script = ScriptDirectory(os.path.join(ROOT, "migrations"))
    for revision in script.walk_revisions():
        assert revision.doc and len(revision.doc) > 15, revision.revision


def test_models_match_the_migrated_database(app):
    """Runs on the suite's database: SQLite, and PostgreSQL when it is configured."""
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
        )
        assert diff == []


def test_sqlite_upgrades_from_empty_to_head_and_back(tmp_path):
    url = "sqlite:///" + str(tmp_path / "fresh.db")
    app = create_app(config(url, str(tmp_path)))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "medications", "schedule_versions", "dose_events"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        db.engine.dispose()


@pytest.mark.skipif(
    not os.environ.get("TRACKER_TEST_DATABASE_URL"),
    reason="PostgreSQL not configured (TRACKER_TEST_DATABASE_URL)",
)
def test_postgresql_database_was_built_by_migrations(app):
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        tables = set(inspect(db.engine).get_table_names())
        assert "alembic_version" in tables and "dose_events" in tables
