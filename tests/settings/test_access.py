"""Account-wide ends: a new password revokes (when ticked, as it is by default) every API token,
calendar feed and share link; one Settings button signs out everywhere and revokes them all;
a deleted account leaves no upload file, no job, and no copy of its text in the SQLite files."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.conftest import NOW, PASSWORD, config, live_file_bytes, login, make_user
from tests.shares.factories import new_share
from tracker.api import tokens
from tracker.api.models import ApiToken
from tracker.app import create_app
from tracker.auth.models import User, UserSession
from tracker.calendars import services as calendars
from tracker.calendars.models import CalendarFeed
from tracker.extensions import db
from tracker.imports import batches
from tracker.jobs.models import Job
from tracker.shares.models import ShareLink

LINKS = (ApiToken, CalendarFeed, ShareLink)


def _give_links(app: Flask, user_id: int) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        tokens.create_token(user, name="phone", scope="read", now=NOW)
        calendars.create_feed(user, now=NOW)
        new_share(user)
        db.session.commit()


def _live(app: Flask, user_id: int) -> dict[str, int]:
    with app.app_context():
        return {
            model.__name__: db.session.scalar(
                select(func.count())
                .select_from(model)
                .where(model.user_id == user_id, model.revoked_at.is_(None))
            )
            for model in LINKS
        }


NONE_LIVE = {"ApiToken": 0, "CalendarFeed": 0, "ShareLink": 0}
ALL_LIVE = {"ApiToken": 1, "CalendarFeed": 1, "ShareLink": 1}


@pytest.fixture
def ada(app: Flask) -> int:
    user_id = make_user(app)
    make_user(app, "bob@example.org")
    _give_links(app, user_id)
    return user_id


@pytest.fixture
def client(app: Flask, ada: int) -> FlaskClient:
    client = app.test_client()
    login(client)
    return client


def test_the_password_form_offers_to_revoke_everything_ticked_by_default(client):
    page = client.get("/settings").get_data(as_text=True)
    box = page[page.index('name="revoke_access"') - 200 : page.index('name="revoke_access"') + 200]
    assert "checked" in box
    assert "Sign out everywhere and revoke all links and tokens" in page


def test_a_new_password_with_the_box_ticked_revokes_every_link_and_token(app, client, ada):
    bob = db_id(app, "bob@example.org")
    _give_links(app, bob)
    answer = client.post(
        "/settings/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a new passphrase",
            "revoke_access": "y",
        },
    )
    assert answer.status_code == 302
    assert _live(app, ada) == NONE_LIVE
    assert _live(app, bob) == ALL_LIVE


def test_a_new_password_with_the_box_unticked_keeps_them(app, client, ada):
    client.post(
        "/settings/password",
        data={"current_password": PASSWORD, "new_password": "a new passphrase"},
    )
    assert _live(app, ada) == ALL_LIVE


def test_sign_out_everywhere_ends_every_session_and_revokes_everything(app, client, ada):
    other_device = app.test_client()
    login(other_device)
    bob_client = app.test_client()
    login(bob_client, "bob@example.org")

    answer = client.post("/settings/sign-out-everywhere")

    assert answer.headers["Location"] == "/login"
    assert _live(app, ada) == NONE_LIVE
    for device in (client, other_device):
        assert device.get("/today").status_code == 302
    assert bob_client.get("/today").status_code == 200
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(UserSession).where(UserSession.user_id == ada)
            )
            == 0
        )


def db_id(app: Flask, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


SECRET = "Quetiapine-for-the-nightmares-7f3a"


def _sqlite_files(app: Flask) -> list[Path]:
    with app.app_context():
        path = Path(db.engine.url.database)
    return [p for p in (path, Path(f"{path}-wal")) if p.exists()]


def test_deleting_the_account_removes_its_uploads_jobs_and_every_copy_of_its_text(app, client, ada):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the WAL is SQLite's")
    folder = Path(app.config["IMPORT_FOLDER"])
    with app.app_context():
        user = db.session.get(User, ada)
        user.display_name = SECRET
        pending = batches.keep_upload(
            user, "daylio", "daylio.csv", io.BytesIO(SECRET.encode() * 100), folder, now=NOW
        )
        upload = folder / pending.stored_as
        db.session.add(Job(user_id=ada, kind="import.apply", state="queued", created_at=NOW))
        db.session.commit()
    assert upload.exists()
    assert any(SECRET.encode() in live_file_bytes(p) for p in _sqlite_files(app))

    assert client.post("/settings/delete", data={"password": PASSWORD}).status_code == 302

    assert not upload.exists()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    for path in _sqlite_files(app):
        assert SECRET.encode() not in live_file_bytes(path), path.name
    wal = _sqlite_files(app)[1:]
    assert all(p.stat().st_size == 0 for p in wal)


def test_the_app_makes_its_files_private_without_systemd(database_url, tmp_path):
    before = os.umask(0o022)
    try:
        app = create_app(config(database_url, str(tmp_path / "instance")))
        made = tmp_path / "made-after"
        made.write_text("x")
        mode = stat.S_IMODE(made.stat().st_mode)
        with app.app_context():
            db.engine.dispose()
    finally:
        os.umask(before)
    assert mode == 0o600
