"""Therapy sessions, private notes included: the API answers only the user themself."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from flask import url_for
from pydantic import BaseModel, Field

from tracker.api import core
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Instant,
    PageQuery,
    Scale,
    one_of,
    page_of,
    paginate,
    text,
    unset,
    whole,
)
from tracker.api.spec import ID, created, delete, get, patch, post
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


@get("/therapy/sessions", SessionPage, tag=TAG)
def list_sessions(query: PageQuery) -> BaseModel:
    """Every session, newest first."""
    rows = services.session_rows(core.user())
    return paginate(SessionPage, rows, query, SessionOut.model_validate)


@post("/therapy/sessions", SessionOut, tag=TAG)
def record_session(json: SessionIn) -> tuple:
    """Log a therapy session."""
    fields = services.SessionFields(**json.model_dump())
    entry = services.record_session(core.user(), fields, now=core.now())
    location = url_for("api.get_session", session_id=entry.id)
    return created(SessionOut.model_validate(entry), location)


@get(ONE, SessionOut, tag=TAG)
def get_session(session_id: int) -> SessionOut:
    """One session."""
    return SessionOut.model_validate(core.load(TherapySession, session_id))


@patch(ONE, SessionOut, tag=TAG)
def update_session(session_id: int, json: SessionPatch) -> SessionOut:
    """Edit a session (a new start files it under that day)."""
    entry = core.load(TherapySession, session_id)
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(services.session_fields(entry), **changes)
    services.update_session(
        core.user(), entry, fields, row_version=json.row_version, now=core.now()
    )
    return SessionOut.model_validate(entry)


@post(f"{ONE}/homework-done", SessionOut, tag=TAG, status=200)
def mark_homework_done(session_id: int, json: HomeworkDoneIn) -> SessionOut:
    """Mark the session's homework done (again: no change)."""
    entry = core.load(TherapySession, session_id)
    services.mark_homework_done(core.user(), entry, row_version=json.row_version)
    return SessionOut.model_validate(entry)


@delete(ONE, tag=TAG)
def delete_session(session_id: int) -> tuple:
    """Delete a session and its notes."""
    services.delete_session(core.user(), core.load(TherapySession, session_id))
    return "", 204
