"""The lock-out and PIN limits across server processes: a real gunicorn with 4 workers on the
suite's database, bursts of parallel requests from threads. Of 40 wrong logins at most 5 are
counted as tried; of 48 wrong PINs at most 5 are tested (each tested PIN is an opening)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests import serving
from tests.auth.test_parallel import together
from tests.conftest import make_user
from tests.shares.factories import make_share
from tracker.auth.models import User
from tracker.extensions import db
from tracker.shares.models import ShareView
from tracker.timeutils import utcnow

pytestmark = pytest.mark.load


@pytest.fixture
def server(app: Flask, tmp_path: Path):  # noqa: ANN201
    log = tmp_path / "gunicorn.log"
    running = serving.start(app.config["DATABASE_URL"], tmp_path / "instance", workers=4, log=log)
    yield running
    running.stop()
    logged = log.read_text()
    assert "Traceback" not in logged and "Exception on" not in logged


def test_forty_parallel_logins_across_workers_try_at_most_five(app: Flask, server) -> None:  # noqa: ANN001
    make_user(app)

    def attempt(n: int) -> int:
        form = {"email": "ada@example.org", "password": f"wrong password {n}"}
        return serving.Client(server.port).request("POST", "/login", form).status

    statuses = together(40, attempt)

    assert statuses == [422] * 40
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.login_attempts <= 5
        assert user.locked_until is not None


def test_forty_eight_parallel_pins_across_workers_test_at_most_five(app: Flask, server) -> None:  # noqa: ANN001
    today = date.today()
    _, token = make_share(
        app,
        make_user(app),
        first=today - timedelta(days=30),
        last=today - timedelta(days=1),
        now=utcnow(),
        pin="2468",
    )

    def guess(n: int) -> int:
        return (
            serving.Client(server.port).request("POST", f"/s/{token}", {"pin": f"{n:04d}"}).status
        )

    statuses = together(48, guess)

    assert set(statuses) <= {404, 422}
    with app.app_context():
        tested = db.session.scalar(
            select(func.count()).select_from(ShareView).where(ShareView.pin_ok.is_not(None))
        )
    assert tested <= 5
