"""Appointment and question forms: shape only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from tracker.appointments.models import Appointment, Question
from tracker.appointments.questions import ANSWER_LIMIT, QUESTION_LIMIT, QuestionFields
from tracker.appointments.services import (
    KINDS,
    NOTES_LIMIT,
    PROVIDER_LIMIT,
    AppointmentFields,
    AppointmentView,
)
from tracker.filters import day as day_text
from tracker.forms import RequestKeyField, choices

TIME_FORMATS = ["%H:%M", "%H:%M:%S"]  # browsers send seconds when a step below 60 is set
NOT_LINKED = ""


def _text(limit: int) -> list:
    return [Optional(), Length(max=limit, message=f"Keep this under {limit} characters.")]


class AppointmentForm(FlaskForm):
    day = DateField("Date", validators=[InputRequired("Enter the date of the appointment.")])
    start_time = TimeField(
        "Time",
        format=TIME_FORMATS,
        validators=[Optional()],
        description="Optional: leave it empty if you only know the date.",
    )
    kind = RadioField(
        "Who with",
        choices=choices(KINDS.items()),
        default="prescriber",
        validators=[InputRequired("Choose who the appointment is with.")],
    )
    provider = StringField(
        "Name", validators=_text(PROVIDER_LIMIT), description="Optional: a person or a clinic."
    )
    notes = TextAreaField(
        "Notes afterwards",
        validators=_text(NOTES_LIMIT),
        description="What was said or decided, written after the visit.",
    )
    next = HiddenField()
    request_key = RequestKeyField()

    def validate_day(self, field: DateField) -> None:
        # Year 1 and the like would overflow when placed in a zone; the services judge the rest.
        if field.data is not None and not 1900 <= field.data.year <= 9000:
            raise ValidationError("Enter a real date, like 2025-03-30.")

    def fields(self) -> AppointmentFields:
        """The service's input."""
        return AppointmentFields(
            day=self.day.data,
            kind=self.kind.data,
            start_time=self.start_time.data,
            provider=self.provider.data,
            notes=self.notes.data,
        )


class AppointmentEditForm(AppointmentForm):
    row_version = HiddenField()


def appointment_data(a: Appointment) -> dict[str, Any]:
    """What the edit form starts with."""
    names = ("day", "start_time", "kind", "provider", "notes", "row_version")
    return {name: getattr(a, name) for name in names}


def _question(description: str | None = None) -> TextAreaField:
    return TextAreaField(
        "A question for your next visit",
        validators=[
            InputRequired("Write the question."),
            Length(max=QUESTION_LIMIT, message=f"Keep this under {QUESTION_LIMIT} characters."),
        ],
        description=description,
    )


class QuestionForm(FlaskForm):
    text = _question("It waits on your appointments page until you mark it asked.")
    next = HiddenField()
    request_key = RequestKeyField()


def visit_choices(options: list[AppointmentView]) -> list:
    """The appointments a question can be marked asked at, newest first."""
    return choices(
        [
            (NOT_LINKED, "Not at a recorded appointment"),
            *((str(a.id), f"{day_text(a.day)} · {a.title}") for a in options),
        ]
    )


class AskedForm(FlaskForm):
    """Mark a question asked: at which visit, and what came of it."""

    appointment_id = SelectField("Asked at", validate_choice=True)
    answer = TextAreaField(
        "Answer or outcome",
        validators=_text(ANSWER_LIMIT),
        description="Optional: a short note of what you were told.",
    )
    row_version = HiddenField()
    next = HiddenField()

    def with_visits(self, options: list[AppointmentView]) -> AskedForm:
        """Offer these appointments (set before validating)."""
        self.appointment_id.choices = visit_choices(options)
        return self

    def visit_id(self) -> int | None:
        value = self.appointment_id.data
        return int(value) if value and value.isdigit() else None


class QuestionEditForm(AskedForm):
    text = _question()
    asked = BooleanField("Asked", description="Untick to put it back on the list for next time.")

    def fields(self) -> QuestionFields:
        """The service's input."""
        return QuestionFields(
            text=self.text.data,
            asked=bool(self.asked.data),
            appointment_id=self.visit_id(),
            answer=self.answer.data,
        )


def question_data(q: Question) -> dict[str, Any]:
    """What the edit form starts with."""
    return {
        "text": q.text,
        "asked": q.asked_on is not None,
        "appointment_id": str(q.appointment_id) if q.appointment_id else NOT_LINKED,
        "answer": q.answer,
        "row_version": q.row_version,
    }


def asked_data(q: Question, latest: AppointmentView | None) -> dict[str, Any]:
    """The mark-asked form starts at the visit it is linked to, else the latest one."""
    visit = q.appointment_id or (latest.id if latest else None)
    return {
        "appointment_id": str(visit) if visit else NOT_LINKED,
        "answer": q.answer,
        "row_version": q.row_version,
    }
