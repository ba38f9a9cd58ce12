"""The OpenAPI 3.1 document is generated from the schemas the routes validate with: every
API route is in it, with its request and answer models and every error status."""

import re

from tracker.api.errors import ErrorBody
from tracker.api.medications import MedicationIn


def _doc(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.json


def test_the_document_is_openapi_3_1_with_bearer_auth(client):
    doc = _doc(client)
    assert doc["openapi"] == "3.1.0"
    assert doc["components"]["securitySchemes"] == {"token": {"type": "http", "scheme": "bearer"}}
    assert doc["security"] == [{"token": []}]


def test_every_api_route_is_an_operation_of_the_document(app, client):
    doc = _doc(client)
    documented = {(method.upper(), path) for path, item in doc["paths"].items() for method in item}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi":
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            routes |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented
    assert len(routes) >= 14
    assert not [r for r in app.url_map.iter_rules() if "apidoc" in r.rule]  # no CDN pages


def test_request_and_error_schemas_are_the_models_themselves(client):
    schemas = _doc(client)["components"]["schemas"]
    model = MedicationIn.model_json_schema(ref_template="#/components/schemas/{model}")
    model.pop("$defs")
    assert schemas["MedicationIn"] == model
    assert schemas["MedicationIn"]["additionalProperties"] is False
    assert set(schemas["ErrorDetail"]["properties"]) == set(
        ErrorBody.model_json_schema()["$defs"]["ErrorDetail"]["properties"]
    )


def test_every_operation_documents_its_errors_and_writes_their_key(client):
    doc = _doc(client)
    for path, item in doc["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            assert {"401", "404", "422", "500"} <= codes, (method, path)
            if method != "get":
                assert {"403", "409"} <= codes, (method, path)
            names = {p["name"] for p in op.get("parameters", [])}
            assert ("Idempotency-Key" in names) == (method == "post"), (method, path)
            if method == "get" and path.endswith(("medications", "doses", "versions")):
                assert {"limit", "cursor"} <= names, path
