"""The two demo accounts of bench/serve.py: seeded, counted and cleaned up in process."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass

PASSWORD = "demo-password"  # noqa: S105 - the demo account's


@dataclass(frozen=True)
class Account:
    label: str
    days: int
    email: str
    url: str


def _app(url: str, instance: str):  # noqa: ANN202 - a Flask app
    from tracker.app import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "INSTANCE_PATH": instance,
            "DATABASE_URL": url,
        }
    )


def seed(account: Account, instance: str) -> None:
    """Upgrade the database and build the demo account over `days` days under its email."""
    from datetime import UTC, datetime

    from flask_migrate import upgrade
    from sqlalchemy import select

    from tracker.auth.models import User
    from tracker.cli.demo import build_demo
    from tracker.extensions import db

    app = _app(account.url, instance)
    with app.app_context():
        upgrade()
        if db.session.scalar(select(User.id).where(User.email == account.email)) is None:
            start = time.perf_counter()
            user = build_demo(days=account.days, timezone="Europe/Berlin", now=datetime.now(UTC))
            user.email = account.email  # the next build_demo keeps it: both fit in one database
            db.session.commit()
            print(
                f"{account.label}: {account.days} days built in {time.perf_counter() - start:.0f} s"
            )
        db.session.remove()
        db.engine.dispose()


def bumper(account: Account):  # noqa: ANN201 - a callable
    """Moves the account's data version and every table's version: its next chart and every part
    of its next Today are drawn anew (a first GET of the day, not the GET after one save)."""
    from sqlalchemy import create_engine, text

    url = account.url
    for prefix in ("postgres://", "postgresql://"):  # psycopg 3, as tracker/config.py does
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    engine = create_engine(url)
    statement = text("UPDATE users SET data_version = data_version + 1 WHERE email = :email")
    # Every table "moved" (ANY_TABLE): Today draws each of its parts anew, as on a new day.
    parts = text(
        "INSERT INTO table_versions (user_id, table_name, version) "
        "SELECT id, '*', 1 FROM users WHERE email = :email "
        "ON CONFLICT (user_id, table_name) DO UPDATE SET version = table_versions.version + 1"
    )

    def bump() -> None:
        with engine.begin() as conn:
            conn.execute(statement, {"email": account.email})
            conn.execute(parts, {"email": account.email})

    return bump


def query_counts(account: Account, instance: str, pages: list) -> dict[str, int]:
    """SQL statements of each page's request, in process, counted with an event listener on
    the engine: a repeated GET, or for a first GET one with the caches emptied."""
    from sqlalchemy import event

    from tracker.extensions import db

    app = _app(account.url, instance)
    client = app.test_client()
    client.post("/login", data={"email": account.email, "password": PASSWORD})
    counts: dict[str, int] = {}
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    for page in pages:
        client.get(page.path)
        if page.cold:
            for cache in ("chart_cache", "page_cache", "today_parts"):
                if cache in app.extensions:
                    app.extensions[cache].clear()
        headers = {}
        if page.expect == 304:
            headers["If-None-Match"] = client.get(page.path).headers["ETag"]
        event.listen(engine, "before_cursor_execute", count)
        response = client.get(page.path, headers=headers)
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == page.expect, (page.path, response.status_code)
        counts[page.name] = len(statements)
        statements.clear()
    with app.app_context():
        db.engine.dispose()
    return counts


def drop_accounts(url: str, accounts: list[Account]) -> None:
    """Delete the bench's accounts from a PostgreSQL database (their rows go by cascade)."""
    from sqlalchemy import delete

    from tracker.auth.models import User
    from tracker.extensions import db

    app = _app(url, tempfile.gettempdir())
    with app.app_context():
        db.session.execute(delete(User).where(User.email.in_([a.email for a in accounts])))
        db.session.commit()
        db.engine.dispose()
