"""Appointments and the questions collected for them: the same services as the pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from tracker.api import core
from tracker.api.crud import Create, Crud, Listing, Operation, Resource, Update, crud
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
    text,
    unset,
)
from tracker.api.spec import ID
from tracker.appointments import questions, services
from tracker.appointments.models import Appointment, Question
from tracker.auth.models import User

TAG = "appointments"
QUESTION = f"/appointment-questions/<{ID}:question_id>"
API = Resource({"appointment_id": Appointment, "question_id": Question})
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


def _upcoming_then_past(user: User, _query: PageQuery) -> list:
    upcoming, past = services.upcoming_and_past(user, today=core.today())
    return upcoming + past


def _record(user: User, json: AppointmentIn, now: datetime) -> Appointment:
    fields = services.AppointmentFields(**json.model_dump())
    return services.record_appointment(user, fields, now=now)


def _update(user: User, entry: Appointment, json: AppointmentPatch, now: datetime) -> None:
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(services.appointment_fields(entry), **changes)
    services.update_appointment(user, entry, fields, row_version=json.row_version, now=now)


crud(
    API,
    Crud(TAG, "/appointments", "appointment_id", Appointment, AppointmentOut, _appointment),
    listing=Listing(
        "list_appointments",
        "Appointments from today on (soonest first), then the earlier ones (newest first).",
        AppointmentPage,
        _upcoming_then_past,
        AppointmentOut.model_validate,
        query=PageQuery,
    ),
    create=Create(
        "record_appointment", "Add a past or upcoming appointment.", AppointmentIn, _record
    ),
    read=Operation("get_appointment", "One appointment."),
    update=Update(
        "update_appointment",
        "Change an appointment or write its notes afterwards.",
        AppointmentPatch,
        _update,
    ),
    delete=Operation(
        "delete_appointment",
        "Delete an appointment; questions asked there stay, asked, without the link.",
    ),
)


def _questions(user: User, query: QuestionQuery) -> list:
    rows = [] if query.status == "asked" else services.open_questions(user)
    if query.status != "open":
        rows += services.asked_questions(user)
    return rows


def _add_question(user: User, json: QuestionIn, now: datetime) -> Question:
    return questions.add_question(user, json.text, now=now)


def _update_question(user: User, entry: Question, json: QuestionPatch, now: datetime) -> None:
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(questions.question_fields(entry), **changes)
    questions.update_question(user, entry, fields, row_version=json.row_version, now=now)


crud(
    API,
    Crud(TAG, "/appointment-questions", "question_id", Question, QuestionOut, _question),
    listing=Listing(
        "list_questions",
        "Questions for your visits, oldest first: those still to ask, then the asked ones.",
        QuestionPage,
        _questions,
        QuestionOut.model_validate,
        query=QuestionQuery,
    ),
    create=Create("add_question", "Add a question for the next visit.", QuestionIn, _add_question),
    read=Operation("get_question", "One question."),
    update=Update(
        "update_question",
        "Change a question's wording, where it was asked and its answer, or reopen it.",
        QuestionPatch,
        _update_question,
    ),
    delete=Operation("delete_question", "Delete a question."),
)


@API.post(f"{QUESTION}/asked", QuestionOut, tag=TAG, status=200)
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
