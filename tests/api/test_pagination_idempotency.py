"""Lists come in pages (?limit=, an opaque ?cursor=, `next` in the body); a POST retried
with its Idempotency-Key records once and gets the first answer again."""

from datetime import timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import NOW, make_user
from tracker.api import idempotency
from tracker.api.models import IdempotentRequest
from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications.models import DoseEvent, Medication


@pytest.fixture
def ada(app):
    return make_user(app)


@pytest.fixture
def auth(app, ada):
    return bearer(token(app, ada))


def _add(client, auth, name: str, **headers):
    body = {"name": name, "doses": [{"at": "08:00", "amount": 50}]}
    return client.post("/api/v1/medications", json=body, headers={**auth, **headers})


def test_a_list_is_walked_page_by_page_to_the_end(client, auth):
    names = [f"med {i:02d}" for i in range(7)]
    for name in names:
        assert _add(client, auth, name).status_code == 201
    seen, url, pages = [], "/api/v1/medications?limit=3", 0
    while url:
        page = client.get(url, headers=auth).json
        assert len(page["items"]) <= 3
        seen += [m["name"] for m in page["items"]]
        pages += 1
        url = f"/api/v1/medications?limit=3&cursor={page['next']}" if page["next"] else None
    assert seen == names and pages == 3


def test_the_default_page_is_50_and_at_most_200_may_be_asked(client, auth):
    for i in range(51):
        _add(client, auth, f"m{i:02d}")
    first = client.get("/api/v1/medications", headers=auth).json
    assert len(first["items"]) == 50 and first["next"]
    rest = client.get(f"/api/v1/medications?cursor={first['next']}", headers=auth).json
    assert [m["name"] for m in rest["items"]] == ["m50"] and rest["next"] is None
    assert client.get("/api/v1/medications?limit=200", headers=auth).status_code == 200
    for bad in ("limit=201", "limit=0", "limit=x", "cursor=%21%21", "cursor=bzotMQ"):
        response = client.get(f"/api/v1/medications?{bad}", headers=auth)
        assert response.status_code == 422, bad
        assert response.json["error"]["field"] in ("limit", "cursor")


def test_an_unknown_query_parameter_is_refused_not_ignored(client, auth):
    response = client.get("/api/v1/medications?limt=3", headers=auth)
    assert response.status_code == 422 and response.json["error"]["field"] == "limt"


def test_a_retried_post_records_once_and_gets_the_first_answer(app, client, auth):
    first = _add(client, auth, "sertraline", **{"Idempotency-Key": "k-1"})
    again = _add(client, auth, "sertraline", **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert count(app, Medication) == 1 and count(app, IdempotentRequest) == 1


def test_a_retried_dose_is_logged_once(app, client, auth):
    body = {"name": "lorazepam", "as_needed": True, "default_amount": 0.5}
    med = client.post("/api/v1/medications", json=body, headers=auth).json["id"]
    url = f"/api/v1/medications/{med}/doses/as-needed"
    key = {**auth, "Idempotency-Key": "dose-7f"}
    answers = [client.post(url, json={"amount": 0.5}, headers=key) for _ in range(3)]
    assert {a.json["id"] for a in answers} == {answers[0].json["id"]}
    assert count(app, DoseEvent) == 1


def test_two_requests_racing_with_one_key_record_once(app, client, auth, monkeypatch):
    first = _add(client, auth, "sertraline", **{"Idempotency-Key": "race"})
    real, looked = idempotency.stored, []

    def not_yet_committed(user, key, *, now):  # the other request had not committed yet
        looked.append(key)
        return None if len(looked) == 1 else real(user, key, now=now)

    monkeypatch.setattr(idempotency, "stored", not_yet_committed)
    again = _add(client, auth, "sertraline", **{"Idempotency-Key": "race"})
    assert len(looked) == 2  # the unique key refused the second answer, which was replayed
    assert again.status_code == 201 and again.json == first.json
    assert count(app, Medication) == 1 and count(app, IdempotentRequest) == 1


def test_the_same_key_with_another_body_is_refused_and_records_nothing(app, client, auth):
    _add(client, auth, "sertraline", **{"Idempotency-Key": "k-2"})
    other = _add(client, auth, "bupropion", **{"Idempotency-Key": "k-2"})
    assert other.status_code == 409  # the key's first use is what it conflicts with
    assert other.json["error"]["code"] == "idempotency_key_reused"
    assert other.json["error"]["field"] == "Idempotency-Key"
    assert count(app, Medication) == 1


def test_a_refused_post_is_not_kept_so_the_fixed_one_may_reuse_its_key(app, client, auth):
    bad = client.post(
        "/api/v1/medications",
        json={"name": "x", "doses": []},
        headers={**auth, "Idempotency-Key": "k-3"},
    )
    assert bad.status_code == 409
    assert count(app, IdempotentRequest) == 0
    assert _add(client, auth, "sertraline", **{"Idempotency-Key": "k-3"}).status_code == 201


def test_keys_belong_to_their_user(app, client, auth):
    bo = bearer(token(app, make_user(app, "bo@example.org")))
    assert _add(client, auth, "sertraline", **{"Idempotency-Key": "shared"}).status_code == 201
    theirs = _add(client, bo, "sertraline", **{"Idempotency-Key": "shared"})
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs.headers
    assert count(app, Medication) == 2


def test_an_invalid_key_is_422(client, auth):
    for key in ("has space", "x" * 101, "é"):
        response = _add(client, auth, "sertraline", **{"Idempotency-Key": key})
        assert response.status_code == 422, key
        assert response.json["error"]["field"] == "Idempotency-Key"


def test_kept_answers_expire_after_a_day(app, ada):
    with app.app_context():
        user = db.session.get(User, ada)
        idempotency.remember(user, "k", fingerprint="f", status=201, body="{}", now=NOW)
        db.session.commit()
        assert idempotency.stored(user, "k", now=NOW + timedelta(hours=23)) is not None
        assert idempotency.stored(user, "k", now=NOW + timedelta(hours=25)) is None
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count(IdempotentRequest.id))) == 0
