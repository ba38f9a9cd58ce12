"""Personal access tokens: made and revoked in Settings, shown once, kept as a SHA-256,
sent as a Bearer header only; read tokens read, write tokens write; cookies open nothing."""

import hashlib
import re
from datetime import timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import NOW, config, login, make_user
from tracker.api import tokens
from tracker.api.models import ApiToken
from tracker.app import create_app
from tracker.extensions import db
from tracker.medications.models import Medication

SECRET = re.compile(r"trk_[A-Za-z0-9_-]{40,}")


@pytest.fixture
def ada(app):
    return make_user(app)


def _make_in_settings(client, name="phone shortcut", scope="write"):
    response = client.post("/settings/api-tokens", data={"name": name, "scope": scope})
    assert response.status_code == 201
    return SECRET.search(response.text).group(0)


def test_a_token_made_in_settings_is_shown_once_and_kept_only_as_its_hash(app, client, ada):
    login(client)
    secret = _make_in_settings(client)
    settings = client.get("/settings").text
    assert "phone shortcut" in settings and "read and write" in settings
    assert secret not in settings  # only on the answer that made it
    with app.app_context():
        row = db.session.scalars(db.select(ApiToken)).one()
        assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in (row.name, row.token_hash, row.scope)
    assert app.test_client().get("/api/v1/medications", headers=bearer(secret)).status_code == 200


def test_a_revoked_token_is_refused_at_once_with_the_error_body(app, client, ada):
    login(client)
    secret = _make_in_settings(client)
    with app.app_context():
        token_id = db.session.scalar(db.select(ApiToken.id))
    response = client.post(f"/settings/api-tokens/{token_id}/revoke")
    assert response.headers["Location"].endswith("/settings#api")
    assert "revoked" in client.get("/settings").text
    answer = app.test_client().get("/api/v1/medications", headers=bearer(secret))
    assert answer.status_code == 401
    assert answer.json == {
        "error": {
            "status": 401,
            "code": "unauthorized",
            "message": "Send a valid token: Authorization: Bearer <token>.",
        }
    }
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_needs_a_name_and_a_scope_from_the_list(app, client, ada):
    login(client)
    for data in ({"name": "", "scope": "write"}, {"name": "x", "scope": "admin"}):
        refused = client.post("/settings/api-tokens", data=data)
        assert refused.headers["Location"].endswith("/settings#api")
    assert count(app, ApiToken) == 0


def test_another_users_token_cannot_be_revoked(app, client, ada):
    other = token(app, make_user(app, "bo@example.org"))
    login(client)
    with app.app_context():
        theirs = db.session.scalar(db.select(ApiToken.id))
    assert client.post(f"/settings/api-tokens/{theirs}/revoke").status_code == 404
    assert app.test_client().get("/api/v1/medications", headers=bearer(other)).status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer trk_not-a-real-token",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "trk_no-scheme",
    ],
)
def test_unknown_or_malformed_credentials_are_401(app, client, ada, header):
    token(app, ada)
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/medications", headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_a_session_cookie_alone_opens_nothing(app, client, ada):
    login(client)
    assert client.get("/today").status_code == 200  # the cookie is good for the pages
    response = client.get("/api/v1/medications")
    assert response.status_code == 401
    body = {"name": "sertraline", "doses": [{"at": "08:00", "amount": 50}]}
    assert client.post("/api/v1/medications", json=body).status_code == 401
    assert count(app, Medication) == 0


def test_a_read_token_reads_but_may_not_write(app, client, ada):
    read = token(app, ada, scope="read")
    assert client.get("/api/v1/medications", headers=bearer(read)).status_code == 200
    body = {"name": "sertraline", "doses": [{"at": "08:00", "amount": 50}]}
    response = client.post("/api/v1/medications", json=body, headers=bearer(read))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert count(app, Medication) == 0


def test_the_api_needs_no_csrf_token_but_the_settings_form_does(app, ada, database_url, tmp_path):
    guarded = create_app(config(database_url, str(tmp_path), WTF_CSRF_ENABLED=True))
    secret = token(guarded, ada)
    client = guarded.test_client()
    body = {"name": "sertraline", "doses": [{"at": "08:00", "amount": 50}]}
    assert client.post("/api/v1/medications", json=body, headers=bearer(secret)).status_code == 201
    page = client.get("/login").text
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": "ada@example.org", "password": "correct horse battery",
                                "csrf_token": csrf})  # fmt: skip
    assert (
        client.post("/settings/api-tokens", data={"name": "x", "scope": "read"}).status_code == 400
    )
    with guarded.app_context():
        assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 1
        db.engine.dispose()


def test_last_use_is_recorded_at_most_once_a_minute(app, ada):
    secret = token(app, ada)
    with app.app_context():
        row = tokens.token_for(secret)
        assert tokens.record_use(row, now=NOW) is True
        assert tokens.record_use(row, now=NOW + timedelta(seconds=59)) is False
        db.session.expire_all()
        assert row.last_used_at == NOW
        assert tokens.record_use(row, now=NOW + timedelta(seconds=61)) is True
        db.session.expire_all()
        assert row.last_used_at == NOW + timedelta(seconds=61)


def test_a_request_records_the_tokens_last_use(app, client, ada):
    secret = token(app, ada)
    client.get("/api/v1/medications", headers=bearer(secret))
    with app.app_context():
        first = db.session.scalar(db.select(ApiToken.last_used_at))
    client.get("/api/v1/medications", headers=bearer(secret))
    with app.app_context():
        assert first is not None
        assert db.session.scalar(db.select(ApiToken.last_used_at)) == first  # no write per request
