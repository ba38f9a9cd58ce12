"""Route decorators that validate with the same schemas the OpenAPI document is made from.

`@get`, `@post`, `@patch` and `@delete` add a view to the API blueprint through spectree
(the resources that are not a journal kind's; a kind's go through its `crud.Resource`):
its request models (the view's `json:`, `query:` and `headers:` annotations) are checked
before it runs, its answer is checked against the model declared here, and both appear in
`/api/v1/openapi.json`, generated from them on request; nobody keeps a copy. Writes commit
once, after the view returned; a POST with an Idempotency-Key is answered from what was
kept when that key was seen before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Blueprint, Response, jsonify, request
from pydantic import BaseModel
from spectree import Response as Responses
from spectree import SpecTree
from spectree.models import SecureType, SecurityScheme, SecuritySchemeData
from sqlalchemy.exc import IntegrityError

from tracker.api import core, idempotency
from tracker.api.errors import ApiError, ErrorBody, from_validation
from tracker.api.schema import ApiQuery, unset
from tracker.extensions import db

# Record ids in paths. Not int(min=, max=): werkzeug then answers 405 instead of 404 for an
# out-of-range id on a path that has other methods; core.load answers 404 for those instead.
ID = "int"

DESCRIPTION = """The tracker's JSON API. Authenticate every request with a personal access
token from Settings: `Authorization: Bearer <token>`. Read tokens may only GET.
Every error has the body `{"error": {"status", "code", "message", "field"?, "warnings"?}}`.
Lists take `?limit=` (1–200, default 50) and `?cursor=` (the previous page's `next`).
A POST with an `Idempotency-Key` header is recorded once; a retry within 24 hours gets the
first answer again, and the same key with another body is refused with 409.
A request the document refuses is 422, naming the `field`. A well-formed request that a rule
the document cannot state refuses (a time in the future, a stop before the start, an edit
of a stale `row_version`, a limit passed) is 409, with the code `invalid` and the `field`
for a rule of the journal. Past this token's requests a minute: 429, with `Retry-After`."""


def _refuse_invalid(req: Any, resp: Any, error: Exception | None, *_: Any) -> None:
    # spectree would answer with its own body; ours has the same shape as every other error.
    if error is not None:
        raise from_validation(error)  # type: ignore[arg-type]


def _refuse_bad_answer(req: Any, resp: Any, error: Exception | None, *_: Any) -> None:
    # An answer that breaks its own schema is our bug: a 500, never a silent wrong shape.
    if error is not None:
        raise RuntimeError(f"response does not match its schema: {error}")


spec = SpecTree(
    "flask",
    mode="strict",  # only the routes declared here, never the HTML pages
    title="Tracker API",
    version="1",
    description=DESCRIPTION,
    annotations=True,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    validation_error_model=ErrorBody,
    before=_refuse_invalid,
    after=_refuse_bad_answer,
    security_schemes=[
        SecurityScheme(
            name="token", data=SecuritySchemeData(type=SecureType.HTTP, scheme="bearer")
        ),
    ],
    security={"token": []},
)
# spec.register(app) is never called: it would add documentation pages that load scripts
# from CDNs, and this app makes no third-party requests.


class IdempotencyHeaders(ApiQuery):
    """The optional Idempotency-Key of a POST (other headers are not checked here)."""

    model_config = {"extra": "ignore", "populate_by_name": True}

    # `str = unset(...)`, not `str | None`: a union's constraints never reach the document,
    # which then let clients send keys the validation refused.
    idempotency_key: str = unset(
        alias="Idempotency-Key",
        min_length=1,
        max_length=100,
        pattern=r"^[!-~]+$",
        description="Any unique string (a UUID): a retry with it is recorded once.",
    )


READ_ERRORS = (401, 404, 409, 429, 500)
WRITE_ERRORS = (*READ_ERRORS, 400, 403, 413, 415)
RETRY_AFTER = {
    "description": "Seconds until this token's next minute starts.",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 60},
}


def _responses(status: int, model: type[BaseModel] | None, errors: tuple[int, ...]) -> Responses:
    codes: dict[str, Any] = {f"HTTP_{code}": ErrorBody for code in errors}
    codes[f"HTTP_{status}"] = model
    return Responses(**codes)


@dataclass(frozen=True)
class Route:
    """One operation: its method and rule, its answer (status and model) and its view, whose
    name is its operationId and whose docstring its summary."""

    method: str
    rule: str
    status: int
    model: type[BaseModel] | None
    tag: str
    view: Callable


def add_route(bp: Blueprint, route: Route, path_ids: Mapping[str, type]) -> Callable:
    """Validate `route`'s view with its schemas, commit after a write, and add it to `bp`;
    `path_ids` describes the ids in its rule for the document."""
    errors = READ_ERRORS if route.method == "GET" else WRITE_ERRORS
    validated = spec.validate(
        headers=IdempotencyHeaders if route.method == "POST" else None,
        resp=_responses(route.status, route.model, errors),
        tags=[route.tag],
        operation_id=route.view.__name__,
        path_parameter_descriptions=core.path_descriptions(path_ids),
    )(route.view)
    wrapped = validated if route.method == "GET" else _committed(validated)
    bp.add_url_rule(
        route.rule, endpoint=route.view.__name__, view_func=wrapped, methods=[route.method]
    )
    return wrapped


def _route(
    method: str, rule: str, status: int, model: type[BaseModel] | None, tag: str
) -> Callable[[Callable], Callable]:
    def decorate(view: Callable) -> Callable:
        route = Route(method, rule, status, model, tag, view)
        return add_route(core.bp, route, core.PATH_IDS)

    return decorate


def created(model: BaseModel, location: str | None = None) -> tuple:
    """The answer of a POST that made a record: 201, with its address when it has one."""
    return model, 201, ({"Location": location} if location else {})


def get(rule: str, model: type[BaseModel], *, tag: str) -> Callable[[Callable], Callable]:
    """A read route answering 200 with `model`."""
    return _route("GET", rule, 200, model, tag)


def post(
    rule: str, model: type[BaseModel], *, tag: str, status: int = 201
) -> Callable[[Callable], Callable]:
    """A POST answering `status` (201) with `model`, taking an optional Idempotency-Key."""
    return _route("POST", rule, status, model, tag)


def patch(rule: str, model: type[BaseModel], *, tag: str) -> Callable[[Callable], Callable]:
    """A partial update answering 200 with `model`."""
    return _route("PATCH", rule, 200, model, tag)


def delete(rule: str, *, tag: str) -> Callable[[Callable], Callable]:
    """A delete answering 204 with no body."""
    return _route("DELETE", rule, 204, None, tag)


def _committed(view: Callable) -> Callable:
    """Commit once after a successful write; replay a POST's answer kept for its key."""

    @wraps(view)
    def run(**kwargs: Any) -> Response:
        key = request.headers.get("Idempotency-Key") if request.method == "POST" else None
        if not key:
            response = view(**kwargs)
            db.session.commit()
            return response
        user, now = core.user(), core.now()
        asked = idempotency.fingerprint(request.method, request.path, request.get_data())
        if (kept := idempotency.stored(user, key, now=now)) is not None:
            return _replay(kept, asked)
        response = view(**kwargs)
        body = response.get_data(as_text=True)
        try:
            idempotency.remember(
                user, key, fingerprint=asked, status=response.status_code, body=body, now=now
            )
            db.session.commit()
        except IntegrityError:  # the same key in a request that committed first
            db.session.rollback()
            if (kept := idempotency.stored(user, key, now=now)) is None:
                raise
            return _replay(kept, asked)
        return response

    return run


def _replay(kept: Any, asked: str) -> Response:
    if kept.fingerprint != asked:
        raise ApiError(
            409,
            "This Idempotency-Key was used for a different request. Use a new key.",
            code="idempotency_key_reused",
            field="Idempotency-Key",
        )
    response = Response(kept.body, kept.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def document() -> dict[str, Any]:
    """spectree's document with what its models cannot carry: the headers of an answer."""
    doc = spec.spec  # generated once, then kept
    # By name, whatever order the kinds' routes were added in.
    doc["tags"] = sorted(doc["tags"], key=lambda tag: tag["name"])
    for item in doc["paths"].values():
        for operation in item.values():
            operation["responses"]["429"]["headers"] = {"Retry-After": RETRY_AFTER}
    return doc


@core.bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document, generated from the routes' schemas."""
    return jsonify(document())
