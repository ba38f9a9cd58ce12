"""The API blueprint and what runs before every API view: token, scope, owned ids, JSON body.

There are no cookies here: a request is authenticated by `Authorization: Bearer <token>`
alone (a session cookie is ignored, so a cookie-only request is 401), which is also why the
blueprint is exempt from CSRF. Every answer is `Cache-Control: no-store`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, cast

from flask import Blueprint, Response, current_app, g, request
from werkzeug.exceptions import BadRequest

from tracker import ratelimit, web
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.api import errors, tokens
from tracker.api.models import ApiToken
from tracker.appointments.models import Appointment, Question
from tracker.auth.models import User
from tracker.checkins.models import MoodCheckin
from tracker.database import get_owned_or_404
from tracker.extensions import csrf, db
from tracker.labs.models import LabResult
from tracker.medications.models import DoseEvent, Medication
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.sleep.models import Nap, SleepEntry
from tracker.symptoms.models import SymptomEntry
from tracker.therapy.models import TherapySession
from tracker.timeutils import local_today
from tracker.vitals.models import VitalSign

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
errors.register(bp)

# Every id in an API path names a record of one model, loaded owned-or-404 before the view
# runs (so another user's record is 404 before its body is even read). A route with an
# argument not listed here fails at start-up.
PATH_IDS: dict[str, type] = {
    "med_id": Medication,
    "dose_id": DoseEvent,
    "symptom_entry_id": SymptomEntry,
    "checkin_id": MoodCheckin,
    "night_id": SleepEntry,
    "nap_id": Nap,
    "activity_id": ActivityEntry,
    "practice_id": PracticeEntry,
    "substance_id": SubstanceEntry,
    "session_id": TherapySession,
    "appointment_id": Appointment,
    "question_id": Question,
    "response_id": QuestionnaireResponse,
    "vital_id": VitalSign,
    "lab_id": LabResult,
}
MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id names nothing (and must not overflow)
PUBLIC = {"api.openapi"}
T = TypeVar("T")
# A list reads any range of days; the days outside these bounds hold nothing (nothing is
# filed before 1900, or past a year from today), so they are left out before a service
# sees them: year 1 or 9999 would overflow when placed in a zone, and a daily series stays
# bounded.
FIRST_DAY = date(1900, 1, 1)
DAYS_AHEAD = timedelta(days=366)
DEFAULT_DAYS = 30


def path_descriptions() -> dict[str, str]:
    """What each id argument names, for the OpenAPI document."""
    return {
        name: f"The id of one of your {model.__tablename__.replace('_', ' ')}."
        for name, model in PATH_IDS.items()
    }  # the OpenAPI document holds no one's data


READ_METHODS = {"GET", "HEAD", "OPTIONS"}
MAX_DEPTH = 64  # levels of objects and arrays in a body; ours need three


def user() -> User:
    """The user whose token authenticated this request."""
    return cast(User, g.api_user)


def now() -> datetime:
    """The request's current instant."""
    return web.now()


def today() -> date:
    """The token owner's local date."""
    return local_today(user().timezone, now())


def days(start: date | None, end: date | None) -> tuple[date, date] | None:
    """The local days a list covers: the 30 up to `end` (today) unless `start` is given;
    None when no record can be filed in them (a start after the end, a range before 1900)."""
    last = end or today()
    first = start or date.fromordinal(max(1, last.toordinal() - (DEFAULT_DAYS - 1)))
    first, last = max(first, FIRST_DAY), min(last, today() + DAYS_AHEAD)
    return (first, last) if first <= last else None


def in_days(
    start: date | None, end: date | None, read: Callable[[date, date], Sequence[T]]
) -> Sequence[T]:
    """What `read(first, last)` lists over the days of `days(start, end)`; nothing when none."""
    span = days(start, end)
    return read(*span) if span else []


def load(model: type, record_id: int) -> Any:
    """One of the user's records by id; anybody else's is 404."""
    if not 0 < record_id <= MAX_ID:
        raise errors.ApiError(404)
    return get_owned_or_404(model, record_id, user())


def _bearer() -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip() or None


def _authenticate() -> None:
    secret = _bearer()
    token = tokens.token_for(secret) if secret else None
    if token is None:
        raise errors.ApiError(401, "Send a valid token: Authorization: Bearer <token>.")
    if tokens.record_use(token, now=now()):
        db.session.commit()  # its own small transaction, before the view's work
    per_minute = int(current_app.config["API_REQUESTS_PER_MINUTE"])
    # Counted where every server process sees it (the database, or Redis when configured).
    if not ratelimit.hit(f"api-token:{token.id}", per_minute, 60, now=now()):
        raise errors.ApiError(
            429,
            f"More than {per_minute} requests in a minute with this token; wait a moment.",
            headers={"Retry-After": str(_seconds_left(now(), 60))},
        )
    g.api_token, g.api_user = token, db.session.get(User, token.user_id)


def _seconds_left(at: datetime, window: int) -> int:
    # The limiter's windows start at multiples of `window` seconds since the epoch.
    return window - int(at.timestamp()) % window


def _deeper_than(value: Any, limit: int) -> bool:
    # Without recursion: the point is that no later step (validation, json.dumps) recurses
    # through thousands of levels.
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in children)
    return False


def _check_body() -> None:
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    if not request.is_json:
        raise errors.ApiError(415, "Send the body as JSON, with Content-Type: application/json.")
    too_deep = f"The body is nested deeper than {MAX_DEPTH} levels."
    try:
        body = request.get_json()
    except BadRequest:
        raise errors.ApiError(400, "The body is not valid JSON.") from None
    except RecursionError:  # the parser's own limit, far past ours
        raise errors.ApiError(400, too_deep) from None
    if _deeper_than(body, MAX_DEPTH):
        raise errors.ApiError(400, too_deep)
    if not isinstance(body, dict):
        raise errors.ApiError(422, "Send a JSON object.")


@bp.before_request
def _before() -> None:
    if request.endpoint in PUBLIC:
        return
    _authenticate()
    if request.method not in READ_METHODS and cast(ApiToken, g.api_token).scope != "write":
        raise errors.ApiError(403, "This token may only read; make a write token in Settings.")
    for name, value in (request.view_args or {}).items():
        load(PATH_IDS[name], value)
    _check_body()


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def check_path_ids(state: Any) -> None:
    """Refuse to start with an API route whose id argument PATH_IDS does not name."""
    for rule in state.app.url_map.iter_rules():
        unknown = set(rule.arguments) - set(PATH_IDS)
        if rule.endpoint.startswith("api.") and unknown:
            raise RuntimeError(f"{rule.rule}: add {sorted(unknown)} to tracker.api.core.PATH_IDS")
