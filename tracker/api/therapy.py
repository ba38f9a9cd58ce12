"""Therapy sessions, private notes included: the API answers only the user themself."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from pydantic import Field

from tracker.api import core
from tracker.api.crud import Create, Crud, Listing, Operation, Resource, Update, crud
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Instant,
    PageQuery,
    Scale,
    one_of,
    page_of,
    text,
    unset,
    whole,
)
from tracker.api.spec import ID
from tracker.auth.models import User
from tracker.therapy import services
from tracker.therapy.models import TherapySession

TAG = "therapy"
ONE = f"/therapy/sessions/<{ID}:session_id>"
MODALITIES = one_of(list(services.MODALITIES))


class SessionOut(ApiOut):
    id: int
    at: datetime  # the session's start
    tz: str
    day: date
    modality: str
    therapist: str | None
    duration_minutes: int
    topics: str | None
    skills: str | None
    homework: str | None
    homework_done: bool | None  # null: not yet known (or no homework)
    mood_before: int | None  # 0-10, the check-in's mood scale
    mood_after: int | None
    notes: str | None = Field(validation_alias="note")  # private: never in reports or shares
    row_version: int


Therapist = text(100)
Topic = text(services.TEXT_LIMIT)  # topics, skills, homework
Notes = text(services.NOTES_LIMIT)
Duration = whole(services.MIN_MINUTES, services.MAX_MINUTES)


class SessionIn(ApiIn):
    """A session, back-dated or now (never ahead)."""

    modality: MODALITIES
    at: Instant | None = None
    therapist: Therapist | None = None
    duration_minutes: Duration = services.DEFAULT_MINUTES
    topics: Topic | None = None
    skills: Topic | None = None
    homework: Topic | None = None
    homework_done: bool | None = None
    mood_before: Scale | None = None
    mood_after: Scale | None = None
    notes: Notes | None = None


class SessionPatch(ApiIn):
    """The fields to change; `row_version` refuses a stale edit with 409."""

    modality: MODALITIES = unset()
    at: Instant = unset()
    therapist: Therapist | None = None
    duration_minutes: Duration = unset()
    topics: Topic | None = None
    skills: Topic | None = None
    homework: Topic | None = None
    homework_done: bool | None = None
    mood_before: Scale | None = None
    mood_after: Scale | None = None
    notes: Notes | None = None
    row_version: int | None = None


class HomeworkDoneIn(ApiIn):
    row_version: int | None = None


SessionPage = page_of(SessionOut)


def _record(user: User, json: SessionIn, now: datetime) -> TherapySession:
    return services.record_session(user, services.SessionFields(**json.model_dump()), now=now)


def _update(user: User, entry: TherapySession, json: SessionPatch, now: datetime) -> None:
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(services.session_fields(entry), **changes)
    services.update_session(user, entry, fields, row_version=json.row_version, now=now)


API = Resource({"session_id": TherapySession})
crud(
    API,
    Crud(TAG, "/therapy/sessions", "session_id", TherapySession, SessionOut),
    listing=Listing(
        "list_sessions",
        "Every session, newest first.",
        SessionPage,
        lambda user, _query: services.session_rows(user),
        SessionOut.model_validate,
        query=PageQuery,
    ),
    create=Create("record_session", "Log a therapy session.", SessionIn, _record),
    read=Operation("get_session", "One session."),
    update=Update(
        "update_session",
        "Edit a session (a new start files it under that day).",
        SessionPatch,
        _update,
    ),
    delete=Operation("delete_session", "Delete a session and its notes."),
)


@API.post(f"{ONE}/homework-done", SessionOut, tag=TAG, status=200)
def mark_homework_done(session_id: int, json: HomeworkDoneIn) -> SessionOut:
    """Mark the session's homework done (again: no change)."""
    entry = core.load(TherapySession, session_id)
    services.mark_homework_done(core.user(), entry, row_version=json.row_version)
    return SessionOut.model_validate(entry)
