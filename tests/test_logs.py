"""What a failed request leaves in the error log: the route and the stack, no data."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from sqlalchemy import text

from tests.conftest import config
from tracker.app import create_app
from tracker.extensions import db
from tracker.logs import scrubbed_traceback

SECRET = "my-private-note-about-sertraline"


@pytest.fixture
def production(database_url: str, tmp_path) -> Flask:  # noqa: ANN001
    """An app that answers errors with its 500 page (TESTING lets them through)."""
    app = create_app(config(database_url, str(tmp_path), TESTING=False))

    def crash(token: str) -> str:
        try:
            int(f"{token}:{SECRET}")
        except ValueError as exc:
            raise RuntimeError(f"could not read {SECRET}") from exc
        return "never"

    def bad_sql() -> str:
        db.session.execute(
            text("INSERT INTO no_such_table (note) VALUES (:note)"), {"note": SECRET}
        )
        return "never"

    app.add_url_rule("/_crash/<token>", "crash", crash, methods=["POST"])
    app.add_url_rule("/_sql", "bad_sql", bad_sql, methods=["POST"])
    return app


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    # Alembic's logging set-up (the migrated test database) disables loggers made before it.
    monkeypatch.setattr(logging.getLogger("tracker"), "disabled", False)
    caplog.set_level(logging.ERROR, logger="tracker")
    return caplog


def _text(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(logging.Formatter().format(r) for r in caplog.records)


def test_a_500_logs_the_route_template_and_the_stack_but_no_secret(production, log) -> None:
    response = production.test_client().post(f"/_crash/{SECRET}", data={"note": SECRET})
    assert response.status_code == 500
    logged = _text(log)
    assert "Exception on POST /_crash/<token>" in logged
    assert "builtins.ValueError (message not logged)" in logged
    assert "builtins.RuntimeError (message not logged)" in logged
    assert 'raise RuntimeError(f"could not read {SECRET}") from exc' in logged  # the source
    assert SECRET not in logged


def test_a_failed_statement_logs_its_sql_without_the_values(production, log) -> None:
    response = production.test_client().post("/_sql")
    assert response.status_code == 500
    logged = _text(log)
    assert "SQL: INSERT INTO no_such_table (note) VALUES" in logged
    assert SECRET not in logged


def test_an_exception_logged_by_any_code_of_the_app_is_scrubbed(production, log) -> None:
    with production.app_context():
        try:
            raise KeyError(SECRET)
        except KeyError:
            production.logger.exception("API request failed")
    logged = _text(log)
    assert "API request failed" in logged and "builtins.KeyError" in logged
    assert SECRET not in logged


def test_the_scrubbed_traceback_follows_causes_and_contexts() -> None:
    try:
        try:
            {}["x"]
        except KeyError:
            raise ValueError(SECRET)  # noqa: B904 - a context, not a cause
    except ValueError as exc:
        scrubbed = scrubbed_traceback(exc)
    assert scrubbed.index("builtins.KeyError") < scrubbed.index("builtins.ValueError")
    assert "Which caused:" in scrubbed and SECRET not in scrubbed
