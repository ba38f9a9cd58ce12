"""One error body for every error the API answers, whatever raised it.

`{"error": {"status": 422, "code": "invalid", "message": "...", "field": "amount"}}`: domain
errors (Invalid, NotFound, Conflict, NeedsConfirmation), HTTP errors (400 … 429), request
validation and anything unexpected (500) all come out in this shape, and the session is
rolled back first, so a refused request changes nothing. A request that breaks the OpenAPI
document is 422; a well-formed one that a rule refuses (one the document cannot state) is
409 with the code "invalid" and the field.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from tracker.errors import Conflict, Invalid, NeedsConfirmation, NotFound
from tracker.extensions import db

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}
MESSAGES = {
    400: "The request was not understood.",
    401: "Send a valid token: Authorization: Bearer <token>.",
    403: "This token may only read.",
    404: "There is nothing here.",
    405: "That method is not allowed here.",
    413: "What you sent is too large.",
    415: "Send the body as application/json.",
    429: "Too many requests; try again later.",
    500: "Something went wrong. Nothing was saved.",
}


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    field: str | None = None  # the body field (or query parameter, or header) it is about
    warnings: list[str] | None = None  # what an as-needed dose would pass, with 409


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class ApiError(Exception):
    """An error answered as it is: status, code, message and the field it is about."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        code: str | None = None,
        field: str | None = None,
        warnings: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.detail = ErrorDetail(
            status=status,
            code=code or CODES.get(status, "error"),
            message=message or MESSAGES.get(status, "The request failed."),
            field=field,
            warnings=warnings,
        )
        self.headers = headers or {}


def error_response(error: ApiError) -> Response:
    """The JSON response for an error (uncached, like every API answer)."""
    body = ErrorBody(error=error.detail).model_dump_json(exclude_none=True)
    response = Response(body, error.detail.status, mimetype="application/json")
    response.headers.update(error.headers)
    response.headers["Cache-Control"] = "no-store"
    if error.detail.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="tracker"'
    return response


def from_validation(exc: ValidationError, *, where: str | None = None) -> ApiError:
    """A request that does not match its schema: 422 naming the first field at fault."""
    first = exc.errors(include_url=False)[0]
    loc = [str(part) for part in first.get("loc", ())]
    field = ".".join(loc) or where
    return ApiError(422, first.get("msg", "Invalid value."), field=field)


def from_http(exc: HTTPException) -> ApiError:
    """A werkzeug HTTP error (abort(404), a bad route, a too-large body) in our shape."""
    status = exc.code or 500
    headers = {}
    if status == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
    return ApiError(status, MESSAGES.get(status) or exc.description, headers=headers)


def http_error_response(exc: HTTPException) -> Response:
    """The JSON answer to an HTTP error on an /api/ path outside any API route (404, 405)."""
    return error_response(from_http(exc))


def _domain(exc: Exception) -> ApiError:
    if isinstance(exc, NeedsConfirmation):
        message = "This dose passes a limit you entered. Send it again with confirm: true."
        return ApiError(409, message, code="needs_confirmation", warnings=exc.warnings)
    if isinstance(exc, Invalid):
        # The schemas refuse what breaks the document (422) before a service runs; what a
        # service refuses then is a rule the document cannot state: the time now, what is
        # stored, or two fields against each other.
        return ApiError(409, exc.message, code="invalid", field=exc.field)
    if isinstance(exc, NotFound):
        return ApiError(404, exc.message)
    if isinstance(exc, Conflict):
        return ApiError(409, exc.message)
    return ApiError(409, "This was changed elsewhere at the same moment. Load it and try again.")


def register(bp: Blueprint) -> None:
    """Answer every error raised inside the API blueprint with the error body."""

    @bp.errorhandler(ApiError)
    def _api(exc: ApiError) -> Response:
        db.session.rollback()
        return error_response(exc)

    @bp.errorhandler(Invalid)
    @bp.errorhandler(NotFound)
    @bp.errorhandler(Conflict)
    @bp.errorhandler(NeedsConfirmation)
    @bp.errorhandler(StaleDataError)
    def _rule(exc: Exception) -> Response:
        db.session.rollback()
        return error_response(_domain(exc))

    @bp.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        db.session.rollback()
        return error_response(from_http(exc))

    @bp.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        db.session.rollback()
        current_app.logger.exception("API request failed")
        return error_response(ApiError(500))
