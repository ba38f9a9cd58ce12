"""gunicorn.conf.py: the access log names routes, never paths or query strings, and a
server in debug mode refuses to start."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from tests import serving

pytestmark = pytest.mark.load

SECRET = "Zq7-share-token-that-opens-a-report"


def test_the_access_log_has_route_templates_and_no_secret(app: Flask, tmp_path: Path) -> None:
    log = tmp_path / "gunicorn.log"
    server = serving.start(app.config["DATABASE_URL"], tmp_path / "i", workers=1, log=log)
    client = serving.Client(server.port)
    try:
        for path in (
            f"/s/{SECRET}",
            f"/calendar/{SECRET}.ics",
            f"/login?next=/s/{SECRET}",
            f"/no/such/{SECRET}",
        ):
            assert client.get(path).status in (200, 404), path
        client.request("POST", "/login", {"email": "ada@example.org", "password": SECRET})
    finally:
        server.stop()
    logged = log.read_text()
    assert SECRET not in logged
    assert "Warmed the app before forking: " in logged  # templates compiled in the master
    for line in (
        '"GET /s/<token>" 404',
        '"GET /calendar/<token>.ics" 404',
        '"GET /login" 200',
        '"GET (no route)" 404',
        '"POST /login" 422',
    ):
        assert line in logged, logged[-3000:]


def test_a_server_in_debug_mode_refuses_to_start(app: Flask, tmp_path: Path) -> None:
    log = tmp_path / "gunicorn.log"
    with pytest.raises(RuntimeError, match="gunicorn exited"):
        serving.start(
            app.config["DATABASE_URL"],
            tmp_path / "i",
            workers=1,
            log=log,
            extra={"TRACKER_DEBUG": "true"},
        )
    assert "Refusing to serve with DEBUG or TESTING on" in log.read_text()
