"""Test set-up: one migrated database per run (SQLite file, or PostgreSQL when
TRACKER_TEST_DATABASE_URL is set), emptied after every test; an app per test.

Every test gets a new app from create_app() with its own instance folder, so nothing a test
changes on its app reaches the next one: its config, its extensions with the in-process caches
(Today's parts and page cache live in app.extensions), the rate limiter (counters in the
database, or in Redis under a prefix of the test's own) and login state (a new test client).
What the database holds (users, sessions, data versions, rate-limit counters) is deleted after
the test. What the run shares is only what every app builds the same way and never changes
afterwards, kept outside any app:

- each template's compiled code (Jinja's bytecode cache, keyed by the template's name and
  checked against a hash of its source): each app still makes its own Template objects with
  its own globals and filters, it only skips parsing and compiling;
- the URL builders werkzeug generates for each route (plain functions of the route's parts).

Compiling both again took most of an app's making and its first requests (about 0.1 s a test
on this machine). Two more costs are cut for the whole run: password hashing (LIGHT_HASHER)
and garbage collection (pytest_configure).
"""

from __future__ import annotations

import builtins
import gc
import io
import os
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import Connection, create_engine, text
from werkzeug.routing import Rule

from tracker.app import create_app
from tracker.auth import services as auth_services
from tracker.extensions import db
from tracker.shares import services as share_services

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL")


def pytest_configure(config: pytest.Config) -> None:
    # Python's default thresholds (700, 10, 10) ran a full collection over the ~400,000 objects
    # of the imported libraries every few tests: a third of the suite's time went to it. Less
    # often, the same garbage is still collected (each test's app holds reference cycles).
    gc.set_threshold(50_000, 20, 20)


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


# argon2's lightest settings (still argon2id): a user, a log-in or a share PIN costs well under
# a millisecond instead of about 0.2 s of the production settings, which nearly every test pays
# for once or twice. Tests marked real_password_hashing keep the production hasher: those of
# its parameters and of a weaker hash strengthened at log-in, and the bursts of parallel log-ins
# and PINs whose lock-out must hold while each check takes as long as it really does.
LIGHT_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
LIGHT_DUMMY_HASH = LIGHT_HASHER.hash("timing-equaliser")


@pytest.fixture(autouse=True)
def _light_password_hashing(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if request.node.get_closest_marker("real_password_hashing"):
        return
    monkeypatch.setattr(auth_services, "_hasher", LIGHT_HASHER)
    # A refusal for an unknown email hashes as much as a wrong password, with the same hasher.
    monkeypatch.setattr(auth_services, "_DUMMY_HASH", LIGHT_DUMMY_HASH)
    monkeypatch.setattr(share_services, "_hasher", LIGHT_HASHER)


class TemplateCode(BytecodeCache):
    """Compiled templates in memory for the whole run; Jinja reuses one only while the
    template's source is unchanged (a checksum is kept with the code)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


Builder = Callable[..., tuple[str, str]]


def _shared_url_builders(compile_builder: Callable[[Rule, bool], Builder]) -> Callable:
    """Rule._compile_builder remembered by what the builder is made of: the route's parts and
    the names of its defaults (the rule it serves comes as its `self`). A route whose default
    fills one of its own variables is compiled each time (that builder holds the converted
    default)."""
    builders: dict[tuple, Builder] = {}

    def remembered(rule: Rule, append_unknown: bool = True) -> Builder:
        defaults = rule.defaults or {}
        if any(dynamic and name in defaults for dynamic, name in rule._trace):
            return compile_builder(rule, append_unknown)
        key = (rule.rule, tuple(rule._trace), tuple(defaults), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    return remembered


@pytest.fixture(scope="session", autouse=True)
def _shared_compiled_code() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            Flask, "jinja_options", {**Flask.jinja_options, "bytecode_cache": TemplateCode()}
        )
        # A private method of werkzeug's: where a later werkzeug has none, routes compile as usual.
        compile_builder = getattr(Rule, "_compile_builder", None)
        if compile_builder is not None:
            patch.setattr(Rule, "_compile_builder", _shared_url_builders(compile_builder))
        yield


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated from empty to head once for the whole run."""
    if PG_URL:
        _reset_postgres(PG_URL)
        url = PG_URL
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "tracker.db")
    return migrated(url, str(tmp_path_factory.mktemp("instance")))


@pytest.fixture(scope="session", autouse=True)
def _live_sqlite_files_are_opened_by_sqlite_only(database_url: str) -> Iterator[None]:
    """Fail any open of the run's SQLite files by Python's own file calls. Closing such a
    descriptor drops every POSIX lock this process holds on the file, SQLite's included; the
    next server to close its connection then takes itself for the last one and deletes the
    -wal and -shm under this run's connections ("disk I/O error", damaged files). Read them
    through another process instead (`live_file_bytes`)."""
    if not database_url.startswith("sqlite:///"):
        yield
        return
    path = os.path.abspath(database_url.removeprefix("sqlite:///"))
    guarded = {path + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    real_open, real_os_open = io.open, os.open

    def check(name: object) -> None:
        if isinstance(name, str | bytes | os.PathLike) and (
            os.path.abspath(os.fsdecode(name)) in guarded
        ):
            raise AssertionError(f"{name} is the run's live SQLite file: use live_file_bytes")

    def guarded_open(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        check(file)
        return real_open(file, *args, **kwargs)

    def guarded_os_open(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        check(file)
        return real_os_open(file, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(io, "open", guarded_open)
        patch.setattr(builtins, "open", guarded_open)
        patch.setattr(os, "open", guarded_os_open)
        yield


def live_file_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a file SQLite has open in this process, read by another process (`cat`),
    so no descriptor of it is closed here (see the guard above)."""
    return subprocess.run(["cat", os.fspath(path)], capture_output=True, check=True).stdout


def migrated(url: str, instance: str) -> str:
    """The database at `url` migrated from empty to head; returns `url`."""
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": instance})
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def config(database_url: str, instance: str, **extra: object) -> dict:
    """The config every test app starts from."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": instance,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret",
        # Every test client logs in from 127.0.0.1: the per-address throttle is tested on its
        # own (tests/auth/test_throttle.py) with its real limits.
        "AUTH_PER_IP_PER_MINUTE": 100_000,
        "AUTH_PER_IP_PER_HOUR": 100_000,
        **extra,
    }


@pytest.fixture
def app(database_url: str, tmp_path) -> Iterator[Flask]:  # noqa: ANN001
    app = create_app(config(database_url, str(tmp_path)))
    yield app
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            _empty_every_table(conn)
        db.engine.dispose()


def _empty_every_table(conn: Connection) -> None:
    """DELETE from every table, children first. PostgreSQL gets them in one round trip (about
    2 ms instead of 8; TRUNCATE takes 0.4 s: it makes every table's files anew); SQLite's
    driver runs one statement at a time, each about as cheap as a batch would be."""
    tables = list(reversed(db.metadata.sorted_tables))
    if conn.dialect.name == "postgresql":
        quote = conn.dialect.identifier_preparer.format_table
        conn.exec_driver_sql("; ".join(f"DELETE FROM {quote(table)}" for table in tables))
        return
    for table in tables:
        conn.execute(table.delete())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


NOW = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def make_user(
    app: Flask,
    email: str = "ada@example.org",
    *,
    tz: str = "Europe/Berlin",
    password: str = PASSWORD,
) -> int:
    """Create a user through the service and return its id."""
    from tracker.auth.services import create_user

    with app.app_context():
        user = create_user(email, password, tz, now=NOW)
        db.session.commit()
        return user.id


def login(client: FlaskClient, email: str = "ada@example.org", password: str = PASSWORD):  # noqa: ANN201
    """Log in through the form; returns the response."""
    return client.post("/login", data={"email": email, "password": password})
