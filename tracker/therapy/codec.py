"""The therapy kind in the export file: sessions with their modality, skills, homework and
moods; the private notes go in the JSON file only, never in the CSV or FHIR."""

from __future__ import annotations

from typing import Any

from tracker.exports.context import Context, Loader, entry_fields
from tracker.exports.entries import HEAD, chronological, entry
from tracker.exports.kinds import Kind, Refs, cells
from tracker.exports.values import Fields
from tracker.therapy.models import TherapySession
from tracker.therapy.services import SessionFields, clean_session

THERAPY_FIELDS = (
    "modality",
    "therapist",
    "duration_minutes",
    "topics",
    "skills",
    "homework",
    "homework_done",
    "mood_before",
    "mood_after",
)


def _therapy(e: TherapySession, refs: Refs) -> dict[str, Any]:
    body = entry(e, {n: getattr(e, n) for n in THERAPY_FIELDS})
    body["notes"] = body.pop("note")  # the private notes: in the JSON file, never in CSV or FHIR
    return body


TABLES: tuple[Kind, ...] = (
    Kind(
        "therapy_sessions",
        TherapySession,
        (*HEAD, *THERAPY_FIELDS, "notes", "created_at"),
        _therapy,
        order=chronological,
        private=("notes",),
        cells=cells(
            numbers=("duration_minutes", "mood_before", "mood_after"),
            flags=("homework_done",),
        ),
    ),
)


def therapy_session(ctx: Context, f: Fields) -> TherapySession:
    values = clean_session(
        SessionFields(
            modality=f.text("modality", 20) or "",
            therapist=f.text("therapist", 100),
            duration_minutes=f.integer("duration_minutes", required=True),
            topics=f.text("topics", 2000),
            skills=f.text("skills", 2000),
            homework=f.text("homework", 2000),
            homework_done=f.flag("homework_done", required=False),
            mood_before=f.integer("mood_before"),
            mood_after=f.integer("mood_after"),
            notes=f.text("notes", 5000),
        )
    )
    return TherapySession(**entry_fields(ctx, f, note=False), **values)


LOADERS: dict[str, Loader] = {"therapy_sessions": therapy_session}
