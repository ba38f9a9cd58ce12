"""Appointments and the questions collected for them: the same services as the pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from flask import url_for
from pydantic import BaseModel

from tracker.api import core
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Day,
    LocalTime,
    PageQuery,
    RecordId,
    name,
    one_of,
    page_of,
    paginate,
    text,
    unset,
)
from tracker.api.spec import ID, created, delete, get, patch, post
from tracker.appointments import questions, services
from tracker.appointments.models import Appointment, Question

TAG = "appointments"
ONE = f"/appointments/<{ID}:appointment_id>"
QUESTION = f"/appointment-questions/<{ID}:question_id>"
KINDS = one_of(list(services.KINDS))


class AppointmentOut(ApiOut):
    id: int
    day: date  # the local date of the visit
    start_time: LocalTime | None  # local wall-clock time; null when only the date is known
    at: datetime | None  # the same as an instant
    kind: str  # prescriber, therapist, other
    title: str  # "Prescriber appointment with Dr Okafor"
    provider: str | None
    notes: str | None  # what was said, written afterwards
    row_version: int


Provider = text(services.PROVIDER_LIMIT)
Notes = text(services.NOTES_LIMIT)
QuestionText = name(questions.QUESTION_LIMIT)
Answer = text(questions.ANSWER_LIMIT)


class AppointmentIn(ApiIn):
    """A past or upcoming visit (ten years back to two years ahead); the time is optional."""

    day: Day
    kind: KINDS = "prescriber"
    start_time: LocalTime | None = None
    provider: Provider | None = None
    notes: Notes | None = None


class AppointmentPatch(ApiIn):
    """The fields to change; `row_version` refuses a stale edit with 409."""

    day: Day = unset()
    kind: KINDS = unset()
    start_time: LocalTime | None = None
    provider: Provider | None = None
    notes: Notes | None = None
    row_version: int | None = None


class QuestionOut(ApiOut):
    id: int
    text: str
    day: date  # the local day it was added
    added_at: datetime
    asked: bool
    asked_on: date | None  # null: still to ask
    appointment_id: int | None  # the visit it was asked at, when the user said so
    appointment_day: date | None
    appointment_title: str | None
    answer: str | None  # a short note of the answer or outcome
    row_version: int


class QuestionIn(ApiIn):
    text: QuestionText


class QuestionPatch(ApiIn):
    """The fields to change; `asked: false` puts it back on the list for the next visit."""

    text: QuestionText = unset()
    asked: bool = unset()
    appointment_id: RecordId | None = None
    answer: Answer | None = None
    row_version: int | None = None


class AskedIn(ApiIn):
    """Asked at a visit (an appointment up to today, optional), with a short answer."""

    appointment_id: RecordId | None = None
    answer: Answer | None = None
    row_version: int | None = None


class QuestionQuery(PageQuery):
    status: one_of(["open", "asked"]) = unset(
        description="open (still to ask) or asked; left out: open ones, then asked ones."
    )


AppointmentPage = page_of(AppointmentOut)
QuestionPage = page_of(QuestionOut)


def _appointment(entry: Appointment) -> AppointmentOut:
    return AppointmentOut.model_validate(services.as_view(entry))


def _question(entry: Question) -> QuestionOut:
    return QuestionOut.model_validate(services.as_question(entry))


@get("/appointments", AppointmentPage, tag=TAG)
def list_appointments(query: PageQuery) -> BaseModel:
    """Appointments from today on (soonest first), then the earlier ones (newest first)."""
    upcoming, past = services.upcoming_and_past(core.user(), today=core.today())
    return paginate(AppointmentPage, upcoming + past, query, AppointmentOut.model_validate)


@post("/appointments", AppointmentOut, tag=TAG)
def record_appointment(json: AppointmentIn) -> tuple:
    """Add a past or upcoming appointment."""
    fields = services.AppointmentFields(**json.model_dump())
    entry = services.record_appointment(core.user(), fields, now=core.now())
    location = url_for("api.get_appointment", appointment_id=entry.id)
    return created(_appointment(entry), location)


@get(ONE, AppointmentOut, tag=TAG)
def get_appointment(appointment_id: int) -> AppointmentOut:
    """One appointment."""
    return _appointment(core.load(Appointment, appointment_id))


@patch(ONE, AppointmentOut, tag=TAG)
def update_appointment(appointment_id: int, json: AppointmentPatch) -> AppointmentOut:
    """Change an appointment or write its notes afterwards."""
    entry = core.load(Appointment, appointment_id)
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(services.appointment_fields(entry), **changes)
    services.update_appointment(
        core.user(), entry, fields, row_version=json.row_version, now=core.now()
    )
    return _appointment(entry)


@delete(ONE, tag=TAG)
def delete_appointment(appointment_id: int) -> tuple:
    """Delete an appointment; questions asked there stay, asked, without the link."""
    services.delete_appointment(core.user(), core.load(Appointment, appointment_id))
    return "", 204


@get("/appointment-questions", QuestionPage, tag=TAG)
def list_questions(query: QuestionQuery) -> BaseModel:
    """Questions for your visits, oldest first: those still to ask, then the asked ones."""
    user = core.user()
    rows = [] if query.status == "asked" else services.open_questions(user)
    if query.status != "open":
        rows += services.asked_questions(user)
    return paginate(QuestionPage, rows, query, QuestionOut.model_validate)


@post("/appointment-questions", QuestionOut, tag=TAG)
def add_question(json: QuestionIn) -> tuple:
    """Add a question for the next visit."""
    entry = questions.add_question(core.user(), json.text, now=core.now())
    location = url_for("api.get_question", question_id=entry.id)
    return created(_question(entry), location)


@get(QUESTION, QuestionOut, tag=TAG)
def get_question(question_id: int) -> QuestionOut:
    """One question."""
    return _question(core.load(Question, question_id))


@patch(QUESTION, QuestionOut, tag=TAG)
def update_question(question_id: int, json: QuestionPatch) -> QuestionOut:
    """Change a question's wording, where it was asked and its answer, or reopen it."""
    entry = core.load(Question, question_id)
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(questions.question_fields(entry), **changes)
    questions.update_question(
        core.user(), entry, fields, row_version=json.row_version, now=core.now()
    )
    return _question(entry)


@post(f"{QUESTION}/asked", QuestionOut, tag=TAG, status=200)
def mark_question_asked(question_id: int, json: AskedIn) -> QuestionOut:
    """Mark a question asked (at a visit, with a short answer); the same again changes nothing."""
    entry = core.load(Question, question_id)
    questions.mark_asked(
        core.user(),
        entry,
        appointment_id=json.appointment_id,
        answer=json.answer,
        row_version=json.row_version,
        now=core.now(),
    )
    return _question(entry)


@delete(QUESTION, tag=TAG)
def delete_question(question_id: int) -> tuple:
    """Delete a question."""
    questions.delete_question(core.user(), core.load(Question, question_id))
    return "", 204
