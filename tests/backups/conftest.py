"""A real SQLite file per test, copied from one database migrated to head for the module."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from tests.conftest import config
from tracker.app import create_app
from tracker.extensions import db


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup-template") / "tracker.db"
    app = create_app(config("sqlite:///" + str(path), str(path.parent)))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def db_file(migrated_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "instance" / "tracker.db"
    path.parent.mkdir()
    shutil.copyfile(migrated_file, path)
    return path


@pytest.fixture
def sqlite_app(db_file: Path) -> Iterator[Flask]:
    app = create_app(config("sqlite:///" + str(db_file), str(db_file.parent)))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def run(app: Flask, *args: str):  # noqa: ANN201
    """Invoke `flask tracker ARGS` and return click's result."""
    return app.test_cli_runner().invoke(args=["tracker", *args])


def tables(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        found = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
        return [r[0] for r in found]
    finally:
        conn.close()


def rows(path: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
    finally:
        conn.close()


def all_rows(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, in rowid order."""
    return {t: rows(path, t) for t in tables(path)}


def execute(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()
