"""The password again before the full export, a new API token and a new share link when it was
typed more than 10 minutes ago in this session; account deletion and a new password ask for it
on their own form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from tests.conftest import PASSWORD, login, make_user
from tracker.api.models import ApiToken
from tracker.auth.models import UserSession
from tracker.extensions import db
from tracker.shares.models import ShareLink


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    make_user(app)
    client = app.test_client()
    login(client)
    return client


def _password_typed(app: Flask, minutes_ago: int) -> None:
    with app.app_context():
        db.session.execute(
            update(UserSession).values(
                password_at=datetime.now(UTC) - timedelta(minutes=minutes_ago)
            )
        )
        db.session.commit()


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


SHARE = {"label": "Dr. Okafor", "start": "2025-05-01", "end": "2025-06-01", "days": "14"}


@pytest.mark.parametrize("path", ["/settings/export/json", "/settings/export/csv"])
def test_an_export_asks_for_the_password_again_after_ten_minutes(app, client, path):
    assert client.get(path).status_code == 200  # just logged in
    _password_typed(app, minutes_ago=11)

    asked = client.get(path)

    assert asked.status_code == 302
    target = urlsplit(asked.headers["Location"])
    assert target.path == "/reauth"
    wrong = client.post(asked.headers["Location"], data={"password": "not it"})
    assert wrong.status_code == 422
    right = client.post(asked.headers["Location"], data={"password": PASSWORD})
    assert right.headers["Location"] == path
    assert client.get(path).status_code == 200


def test_a_share_link_is_not_made_with_an_old_password_until_it_is_typed_again(app, client):
    _password_typed(app, minutes_ago=11)

    asked = client.post("/shares", data=SHARE)

    assert urlsplit(asked.headers["Location"]).path == "/reauth"
    assert _count(app, ShareLink) == 0
    back = client.post(asked.headers["Location"], data={"password": PASSWORD})
    assert back.headers["Location"] == "/shares"
    assert client.post("/shares", data=SHARE).status_code == 201
    assert _count(app, ShareLink) == 1


def test_an_api_token_is_not_made_with_an_old_password(app, client):
    _password_typed(app, minutes_ago=11)

    asked = client.post("/settings/api-tokens", data={"name": "phone", "scope": "read"})

    assert urlsplit(asked.headers["Location"]).path == "/reauth"
    assert _count(app, ApiToken) == 0
    client.post(asked.headers["Location"], data={"password": PASSWORD})
    made = client.post("/settings/api-tokens", data={"name": "phone", "scope": "read"})
    assert made.status_code == 201


def test_within_ten_minutes_nothing_is_asked_again(app, client):
    _password_typed(app, minutes_ago=9)
    assert client.post("/shares", data=SHARE).status_code == 201


def test_reauth_never_sends_the_browser_to_another_site(app, client):
    _password_typed(app, minutes_ago=11)
    answer = client.post("/reauth?next=//evil.example/", data={"password": PASSWORD})
    assert answer.headers["Location"] == "/settings"


def test_deleting_the_account_and_a_new_password_need_the_password_on_their_form(app, client):
    _password_typed(app, minutes_ago=60)
    new = client.post(
        "/settings/password", data={"current_password": "", "new_password": "another one!"}
    )
    assert new.status_code == 422
    gone = client.post("/settings/delete", data={"password": ""})
    assert gone.status_code == 422
