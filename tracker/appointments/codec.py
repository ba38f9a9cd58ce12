"""The appointments kind in the export file: appointments and the questions collected for
them. Upcoming appointments are part of the data, so an appointment's time may be in the
future; its stored instant must be its date and time in its zone."""

from __future__ import annotations

from typing import Any

from tracker.appointments.models import Appointment, Question
from tracker.appointments.questions import ANSWER_LIMIT, QUESTION_LIMIT
from tracker.appointments.services import KINDS, NOTES_LIMIT, PROVIDER_LIMIT
from tracker.exports import values as v
from tracker.exports.context import Context, Loader
from tracker.exports.kinds import Kind, Refs
from tracker.exports.kinds import ref as _ref
from tracker.exports.values import Fields
from tracker.journal import text
from tracker.timeutils import localize

APPOINTMENT_COLUMNS = (
    "day",
    "start_time",
    "at",
    "tz",
    "kind",
    "provider",
    "notes",
    "created_at",
)
QUESTION_COLUMNS = ("text", "day", "asked_on", "appointment_ref", "answer", "created_at")


def _appointment(a: Appointment, refs: Refs) -> dict[str, Any]:
    return {
        "day": v.day(a.day),
        "start_time": v.clock(a.start_time),
        "at": v.instant(a.at, a.tz),
        "tz": a.tz,
        "kind": a.kind,
        "provider": a.provider,
        "notes": a.notes,
        "created_at": v.utc(a.created_at),
    }


def _question(q: Question, refs: Refs) -> dict[str, Any]:
    return {
        "text": q.text,
        "day": v.day(q.day),
        "asked_on": v.day(q.asked_on),
        "appointment_ref": _ref(refs, "appointments", q.appointment_id),
        "answer": q.answer,
        "created_at": v.utc(q.created_at),
    }


TABLES: tuple[Kind, ...] = (
    Kind(
        "appointments",
        Appointment,
        APPOINTMENT_COLUMNS,
        _appointment,
        order=lambda a: (a.day, a.id),
        has_ref=True,
    ),
    Kind("questions", Question, QUESTION_COLUMNS, _question, order=lambda q: (q.day, q.id)),
)


def appointment(ctx: Context, f: Fields) -> Appointment:
    day, start, tz = f.date("day"), f.clock("start_time", required=False), f.zone("tz")
    at = f.instant("at", required=start is not None)
    if start is None and at is not None:
        raise f.refuse("at", "an appointment without a start time has no instant.")
    if start is not None and at != localize(day, start, tz):
        raise f.refuse("at", f"is not {day} {start} in {tz}.")
    return Appointment(
        user_id=ctx.user.id,
        day=day,
        start_time=start,
        at=at,
        tz=tz,
        kind=f.choice("kind", KINDS),
        provider=text(f.text("provider", PROVIDER_LIMIT), PROVIDER_LIMIT, "provider"),
        notes=text(f.text("notes", NOTES_LIMIT), NOTES_LIMIT, "notes"),
        created_at=ctx.instant(f, "created_at"),
    )


def question(ctx: Context, f: Fields) -> Question:
    asked_on = f.date("asked_on", required=False)
    visit = ctx.ref(f, "appointment_ref", "appointments", required=False)
    answer = text(f.text("answer", ANSWER_LIMIT), ANSWER_LIMIT, "answer")
    if asked_on is None and (visit is not None or answer is not None):
        raise f.refuse("asked_on", "a question with a visit or an answer has been asked.")
    return Question(
        user_id=ctx.user.id,
        text=text(f.text("text", QUESTION_LIMIT, required=True), QUESTION_LIMIT, "text"),
        day=f.date("day"),
        created_at=ctx.instant(f, "created_at"),
        asked_on=asked_on,
        appointment_id=visit.id if visit is not None else None,
        answer=answer,
    )


LOADERS: dict[str, Loader] = {"appointments": appointment, "questions": question}
