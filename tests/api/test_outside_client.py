"""What schemathesis's command line found as an outside client (issue 14), one test a defect:
every list reads any range of dates, 429 says when to retry, deep JSON is a 400, bodies take
no bool for a number, and what the document allows is accepted."""

from __future__ import annotations

import pytest

from tests.api.factories import bearer, journal, token
from tests.conftest import config, make_user
from tests.medications.factories import get_user
from tracker.app import create_app
from tracker.extensions import db

LISTS_BY_DAY = [
    "/api/v1/checkins",
    "/api/v1/practices",
    "/api/v1/activities",
    "/api/v1/substances",
    "/api/v1/sleep/nights",
    "/api/v1/sleep/naps",
    "/api/v1/symptom-entries",
]


@pytest.fixture
def auth(app):
    uid = make_user(app)
    with app.app_context():
        journal(get_user(uid))
        db.session.commit()
    return bearer(token(app, uid))


@pytest.mark.parametrize("url", LISTS_BY_DAY)
def test_a_list_reads_any_range_of_dates_and_an_old_one_is_empty(client, auth, url):
    for query in (
        "end=0001-01-01",  # was a 500 (OverflowError): 29 days before year 1
        "start=0001-01-01&end=0001-01-01",
        "end=2000-01-01",  # more than ten years ago: was 422
        "start=2025-02-01&end=2025-01-01",  # backwards: no day in it
        "start=9999-12-01&end=9999-12-31",
    ):
        response = client.get(f"{url}?{query}", headers=auth)
        assert response.status_code == 200, (query, response.text)
        assert response.json["items"] == [] and response.json["next"] is None, query


@pytest.mark.parametrize("url", LISTS_BY_DAY)
def test_a_range_from_year_one_to_9999_holds_todays_entry(client, auth, url):
    response = client.get(f"{url}?start=0001-01-01&end=9999-12-31", headers=auth)
    assert response.status_code == 200 and len(response.json["items"]) == 1


def test_a_daily_series_of_any_range_lists_its_days_from_1900_on(client, auth):
    url = "/api/v1/summaries/daily"
    old = client.get(f"{url}?end=2000-01-01", headers=auth)  # was 422: past ten years
    assert old.status_code == 200 and len(old.json["items"]) == 30
    assert not any(day["mood"] for day in old.json["items"])
    for query in ("end=0001-01-01", "start=2025-02-01&end=2025-01-01", "start=9999-12-01"):
        response = client.get(f"{url}?{query}", headers=auth)
        assert response.status_code == 200 and response.json["items"] == [], query


def test_a_daily_series_over_centuries_is_paged_without_building_every_day(client, auth):
    url = "/api/v1/summaries/daily?start=1900-01-01&end=9999-12-31&limit=2"
    first = client.get(url, headers=auth).json
    assert [d["day"] for d in first["items"]] == ["1900-01-01", "1900-01-02"]
    second = client.get(f"{url}&cursor={first['next']}", headers=auth).json
    assert [d["day"] for d in second["items"]] == ["1900-01-03", "1900-01-04"]


def test_every_cursor_the_document_allows_names_a_page(client, auth):
    doc = client.get("/api/v1/openapi.json").json
    (cursor,) = [p for p in doc["paths"]["/api/v1/checkins"]["get"]["parameters"]
                 if p["name"] == "cursor"]  # fmt: skip
    assert cursor["schema"]["pattern"] == "^o[0-9]{1,9}$"
    for allowed in ("o0", "o1", "o000", "o999999999"):  # "0000…" and "" were refused
        response = client.get(f"/api/v1/checkins?cursor={allowed}", headers=auth)
        assert response.status_code == 200, (allowed, response.text)
    assert client.get("/api/v1/checkins?cursor=o999999999", headers=auth).json["items"] == []
    for refused in ("", "0000", "o", "o1234567890", "bzo1MA"):  # outside the pattern
        response = client.get(f"/api/v1/checkins?cursor={refused}", headers=auth)
        assert response.status_code == 422 and response.json["error"]["field"] == "cursor"


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/practices", {"practice": "meals", "helpful": False}, "helpful"),  # was 0
        ("/api/v1/practices", {"practice": "meals", "done": 1}, "done"),
        ("/api/v1/activities", {"kind": "walking", "minutes": "30"}, "minutes"),
        ("/api/v1/activities", {"kind": "walking", "minutes": 30.5}, "minutes"),
        ("/api/v1/checkins", {"ratings": {"mood": True}}, "ratings.mood"),
        ("/api/v1/substances", {"substance": "alcohol", "amount": "1.5"}, "amount"),
    ],
)
def test_a_body_takes_json_types_as_the_document_says_and_never_coerces(
    client, auth, url, body, field
):
    response = client.post(url, json=body, headers=auth)
    assert response.status_code == 422, response.text
    assert response.json["error"]["field"] == field


def test_strict_bodies_still_read_dates_times_and_whole_numbers_for_decimals(client, auth):
    walk = {"kind": "walking", "minutes": 30.0}  # JSON Schema's integer: no fraction
    assert client.post("/api/v1/activities", json=walk, headers=auth).json["minutes"] == 30
    drink = client.post("/api/v1/substances", json={"substance": "caffeine", "amount": 1},
                        headers=auth)  # fmt: skip
    assert drink.status_code == 201 and drink.json["amount"] == 1.0
    visit = {"day": "2026-12-24", "start_time": "09:30", "kind": "prescriber"}
    assert client.post("/api/v1/appointments", json=visit, headers=auth).status_code == 201
    assert client.get("/api/v1/checkins?limit=5", headers=auth).status_code == 200


def test_429_says_when_to_retry_and_every_operation_documents_it(database_url, tmp_path):
    app = create_app(config(database_url, str(tmp_path), API_REQUESTS_PER_MINUTE=1))
    try:
        headers = bearer(token(app, make_user(app)))
        client = app.test_client()
        assert client.get("/api/v1/medications", headers=headers).status_code == 200
        refused = client.get("/api/v1/medications", headers=headers)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        doc = client.get("/api/v1/openapi.json").json
        for path, item in doc["paths"].items():
            for method, operation in item.items():
                limited = operation["responses"].get("429")
                assert limited, (method, path)
                assert limited["headers"]["Retry-After"]["required"] is True
                assert limited["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorBody"
                }
    finally:
        with app.app_context():
            db.session.remove()
            with db.engine.begin() as conn:
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(table.delete())
            db.engine.dispose()


@pytest.mark.parametrize("levels", [65, 1000, 100_000])
def test_json_nested_deeper_than_64_levels_is_400_not_a_500(client, auth, levels):
    inner = "[" * (levels - 1) + "]" * (levels - 1)
    body = '{"ratings": {"mood": 5}, "note": ' + inner + "}"
    response = client.post(
        "/api/v1/checkins", data=body, content_type="application/json", headers=auth
    )
    assert response.status_code == 400, response.text[:200]
    assert "nested deeper than 64" in response.json["error"]["message"]


def test_json_64_levels_deep_is_read_and_refused_by_its_schema(client, auth):
    body = '{"ratings": {"mood": 5}, "note": ' + "[" * 63 + "]" * 63 + "}"
    response = client.post(
        "/api/v1/checkins", data=body, content_type="application/json", headers=auth
    )
    assert response.status_code == 422 and response.json["error"]["field"] == "note"


def _schema(client, name: str) -> dict:
    return client.get("/api/v1/openapi.json").json["components"]["schemas"][name]


@pytest.mark.parametrize(
    ("url", "model", "field", "body"),
    [  # required text that was "" in the document and 422 from the service
        ("/api/v1/appointment-questions", "QuestionIn", "text", {}),
        ("/api/v1/symptoms", "SymptomIn", "name", {}),
        ("/api/v1/medications", "MedicationIn", "name", {"doses": [{"at": "08:00", "amount": 5}]}),
        ("/api/v1/questionnaires/scores", "ScoreIn", "name",
         {"total": 3, "taken_on": "2025-06-01"}),
    ],
)  # fmt: skip
def test_required_text_says_it_is_required_in_the_document(client, auth, url, model, field, body):
    rule = _schema(client, model)["properties"][field]
    assert rule["minLength"] == 1 and rule["pattern"] and rule["maxLength"]
    for blank in ("", "   ", "x\x00"):
        response = client.post(url, json={**body, field: blank}, headers=auth)
        assert response.status_code == 422 and response.json["error"]["field"] == field


@pytest.mark.parametrize(
    ("model", "field", "low", "high"),
    [  # minute and scale bounds the services held and the document did not
        ("ActivityIn", "minutes", 1, 1440),
        ("NapIn", "minutes", 1, 600),
        ("NightLengthIn", "asleep_minutes", 1, 1440),
        ("NightIn", "sol_minutes", 0, 720),
        ("NightIn", "quality", 1, 5),
        ("PracticeIn", "helpful", 0, 10),
        ("EntryIn", "severity", 0, 10),
        ("SessionIn", "duration_minutes", 1, 600),
        ("SessionIn", "mood_before", 0, 10),
        ("SubstanceIn", "amount", 0.5, 50),
        ("ScoreIn", "total", 0, 999),
    ],
)
def test_minute_and_scale_bounds_are_in_the_document(client, model, field, low, high):
    rule = _schema(client, model)["properties"][field]
    rule = next((r for r in rule.get("anyOf", [rule]) if r.get("type") != "null"), rule)
    assert (rule["minimum"], rule["maximum"]) == (low, high)


@pytest.mark.parametrize(
    ("url", "model", "field"),
    [  # a partial update's field left out is unchanged; null was allowed and then refused
        ("/api/v1/activities/{activity_id}", "ActivityPatch", "minutes"),
        ("/api/v1/appointments/{appointment_id}", "AppointmentPatch", "day"),
        ("/api/v1/symptom-entries/{symptom_entry_id}", "EntryPatch", "severity"),
        ("/api/v1/therapy/sessions/{session_id}", "SessionPatch", "modality"),
        ("/api/v1/substances/{substance_id}", "SubstancePatch", "amount"),
    ],
)
def test_a_patch_field_never_null_is_not_nullable_in_the_document(app, client, url, model, field):
    rule = _schema(client, model)["properties"][field]
    assert "anyOf" not in rule and "default" not in rule and rule.get("type") != "null"
    uid = make_user(app, "patch@example.org")
    with app.app_context():
        ids = journal(get_user(uid))
        db.session.commit()
    response = client.patch(url.format(**ids), json={field: None}, headers=bearer(token(app, uid)))
    assert response.status_code == 422 and response.json["error"]["field"] == field


def test_a_well_formed_request_a_rule_refuses_is_a_documented_409(client, auth):
    ahead = {"ratings": {"mood": 5}, "at": "2999-01-01T08:00:00Z"}  # schema-valid, ahead
    response = client.post("/api/v1/checkins", json=ahead, headers=auth)
    assert response.status_code == 409  # was 422: schemathesis counts that a failure
    assert response.json["error"] == {
        "status": 409, "code": "invalid", "message": "That time is in the future.", "field": "at"
    }  # fmt: skip
    key = {**auth, "Idempotency-Key": "same"}
    first = client.post("/api/v1/checkins", json={"ratings": {"mood": 5}}, headers=key)
    assert first.status_code == 201
    reused = client.post("/api/v1/checkins", json={"ratings": {"mood": 6}}, headers=key)
    assert reused.status_code == 409 and reused.json["error"]["code"] == "idempotency_key_reused"
    operation = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/checkins"]["post"]
    assert {"409", "422"} <= set(operation["responses"])
