"""Therapy session forms: shape only; the rules live in therapy.services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.checkins.forms import ScaleField, wall_instant
from tracker.checkins.scales import BY_KEY
from tracker.forms import RequestKeyField, choices, wall_time_field
from tracker.therapy.services import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MIN_MINUTES,
    MODALITIES,
    MODALITY_HINTS,
    NOTES_LIMIT,
    TEXT_LIMIT,
    SessionFields,
)
from tracker.timeutils import to_wall

MODALITY_CHOICES = choices(
    [
        ("", "Choose…"),
        *(
            (k, f"{v} – {MODALITY_HINTS[k]}" if k in MODALITY_HINTS else v)
            for k, v in MODALITIES.items()
        ),
    ]
)
HOMEWORK_DONE = {"unknown": None, "yes": True, "no": False}
HOMEWORK_CHOICES = choices([("unknown", "Not yet known"), ("yes", "Yes"), ("no", "No")])
MOOD_ANCHORS = f"Same scale as your check-in: {BY_KEY['mood'].anchor_text}."


def _text(limit: int) -> list:
    return [Optional(), Length(max=limit, message=f"Keep this under {limit} characters.")]


class SessionForm(FlaskForm):
    at = wall_time_field(
        "Date and time",
        validators=[Optional()],
        description="When the session started. Empty means now.",
    )
    modality = SelectField(
        "Kind of therapy",
        choices=MODALITY_CHOICES,
        validators=[DataRequired("Choose the kind of therapy.")],
    )
    therapist = StringField("Therapist", validators=_text(100))
    duration_minutes = IntegerField(
        "Length in minutes",
        default=DEFAULT_MINUTES,
        validators=[
            InputRequired("Enter the length in minutes."),
            NumberRange(
                MIN_MINUTES, MAX_MINUTES, f"Enter between {MIN_MINUTES} and {MAX_MINUTES} minutes."
            ),
        ],
    )
    mood_before = ScaleField("Mood before the session", description=MOOD_ANCHORS)
    mood_after = ScaleField("Mood after the session", description=MOOD_ANCHORS)
    topics = TextAreaField("Topics", validators=_text(TEXT_LIMIT))
    skills = TextAreaField("Skills practised", validators=_text(TEXT_LIMIT))
    homework = TextAreaField("Homework", validators=_text(TEXT_LIMIT))
    homework_done = RadioField("Homework done?", choices=HOMEWORK_CHOICES, default="unknown")
    notes = TextAreaField(
        "Private notes", validators=_text(NOTES_LIMIT), description="Private: shown only to you."
    )
    next = HiddenField()
    request_key = RequestKeyField()

    def fields(self, tz: str, original_at: datetime | None = None) -> SessionFields:
        """The service's input; the time is read in the user's zone."""
        return SessionFields(
            modality=self.modality.data,
            at=wall_instant(self.at, tz, original_at),
            therapist=self.therapist.data,
            duration_minutes=self.duration_minutes.data,
            topics=self.topics.data,
            skills=self.skills.data,
            homework=self.homework.data,
            homework_done=HOMEWORK_DONE.get(self.homework_done.data),
            mood_before=self.mood_before.data,
            mood_after=self.mood_after.data,
            notes=self.notes.data,
        )


class SessionEditForm(SessionForm):
    row_version = HiddenField()


def edit_data(session: Any, tz: str) -> dict[str, Any]:
    """What the edit form starts with."""
    done = {True: "yes", False: "no"}.get(session.homework_done, "unknown")
    names = ("modality", "therapist", "duration_minutes", "topics", "skills", "homework")
    return {
        **{name: getattr(session, name) for name in names},
        "mood_before": session.mood_before,
        "mood_after": session.mood_after,
        "homework_done": done,
        "notes": session.note,
        "at": to_wall(session.at, tz),
        "row_version": session.row_version,
    }


class HomeworkDoneForm(FlaskForm):
    """One tap; the row version makes a tap on a stale page ask for a reload."""

    row_version = HiddenField()
    next = HiddenField()
