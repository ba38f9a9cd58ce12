"""PIN limits under a burst: real threads, each its own request and database connection, against
the suite's real database. Of 48 parallel wrong PINs at most 5 are tested (each tested PIN is
an opening with pin_ok set); the link's 20-guess limit is never passed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from tests.auth.test_parallel import together
from tests.conftest import make_user
from tests.shares.factories import make_share
from tracker.extensions import db
from tracker.shares.models import ShareLink, ShareView
from tracker.timeutils import utcnow

BURST = 48
# Each burst races real password checks of their real length against the lock-out.
pytestmark = pytest.mark.real_password_hashing


def _live_pin_share(app: Flask) -> tuple[int, str]:
    today = date.today()
    return make_share(
        app,
        make_user(app),
        first=today - timedelta(days=30),
        last=today - timedelta(days=1),
        now=utcnow(),
        pin="2468",
    )


def _tested(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(ShareView).where(ShareView.pin_ok.is_not(None))
        )


def _guess(app: Flask, token: str, pin: str) -> int:
    return app.test_client().post(f"/s/{token}", data={"pin": pin}).status_code


def test_forty_eight_parallel_wrong_pins_test_at_most_five(app: Flask) -> None:
    _, token = _live_pin_share(app)

    statuses = together(BURST, lambda n: _guess(app, token, f"{n:04d}"))

    assert set(statuses) <= {404, 422}, statuses
    assert _tested(app) <= 5
    assert _guess(app, token, "2468") == 404  # locked, even for the right PIN
    assert _tested(app) <= 5


def test_parallel_guesses_never_pass_the_links_twenty(app: Flask) -> None:
    share_id, token = _live_pin_share(app)
    with app.app_context():
        db.session.execute(
            update(ShareLink).where(ShareLink.id == share_id).values(pin_failures_total=18)
        )
        db.session.commit()

    together(BURST, lambda n: _guess(app, token, f"{n:04d}"))

    with app.app_context():
        link = db.session.get(ShareLink, share_id)
        assert link.pin_failures_total == 20
    assert _tested(app) == 2
