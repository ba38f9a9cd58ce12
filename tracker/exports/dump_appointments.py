"""How appointments and the questions collected for them are written."""

from __future__ import annotations

from typing import Any

from tracker.appointments.models import Appointment, Question
from tracker.exports import values as v
from tracker.exports.kinds import Kind, Refs
from tracker.exports.kinds import ref as _ref

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


KINDS: tuple[Kind, ...] = (
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
