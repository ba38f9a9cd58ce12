"""Appointments and the questions collected between them: rules, and the reads the report
and the charts rely on ("since the last appointment", "your questions for this visit")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, select

from tracker.appointments.models import Appointment, Question
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import TimelineItem, check_version, save_once, text
from tracker.timeutils import local_today, localize, to_local

KINDS: dict[str, str] = {"prescriber": "Prescriber", "therapist": "Therapist", "other": "Other"}
PROVIDER_LIMIT = 100
NOTES_LIMIT = 5000
OLDEST = timedelta(days=3660)
FURTHEST = timedelta(days=731)


@dataclass(frozen=True)
class AppointmentFields:
    """What the user enters about an appointment; the time is the local wall-clock time."""

    day: date | None
    kind: str
    start_time: time | None = None
    provider: str | None = None
    notes: str | None = None  # what was said, written afterwards


@dataclass(frozen=True)
class AppointmentView:
    """An appointment as pages, the report and the charts read it."""

    id: int
    day: date  # the user's local date of the visit
    start_time: time | None  # local wall-clock time, None when only the date is known
    at: datetime | None  # the same as a UTC instant
    kind: str
    kind_label: str
    provider: str | None
    notes: str | None
    row_version: int

    @property
    def title(self) -> str:
        """'Prescriber appointment with Dr Okafor'."""
        return f"{self.kind_label} appointment" + (
            f" with {self.provider}" if self.provider else ""
        )


def _clean(user: User, f: AppointmentFields, *, now: datetime) -> dict:
    """Every field checked; raises Invalid beside the first one that breaks a rule."""
    if f.day is None:
        raise Invalid("Enter the date of the appointment.", "day")
    today = local_today(user.timezone, now)
    if f.day < today - OLDEST:
        raise Invalid("That date is more than ten years ago.", "day")
    if f.day > today + FURTHEST:
        raise Invalid("That date is more than two years ahead.", "day")
    if f.kind not in KINDS:
        raise Invalid("Choose who the appointment is with.", "kind")
    at = start = None
    if f.start_time is not None:
        at = localize(f.day, f.start_time.replace(second=0, microsecond=0), user.timezone)
        # A time in a DST gap moves forward with the clock; keep the one the clock shows.
        start = to_local(at, user.timezone).time().replace(tzinfo=None)
    return {
        "day": f.day,
        "start_time": start,
        "at": at,
        "tz": user.timezone,
        "kind": f.kind,
        "provider": text(f.provider, PROVIDER_LIMIT, "provider"),
        "notes": text(f.notes, NOTES_LIMIT, "notes"),
    }


def record_appointment(
    user: User, fields: AppointmentFields, *, request_key: str | None = None, now: datetime
) -> Appointment:
    """Add a past or upcoming appointment; the same form sent twice adds it once."""
    appointment = Appointment(
        user_id=user.id,
        created_at=now,
        request_key=request_key or None,
        **_clean(user, fields, now=now),
    )
    saved = save_once(user, appointment)
    db.session.flush()
    return saved


def appointment_fields(a: Appointment) -> AppointmentFields:
    """An appointment's current fields, to change some of them."""
    return AppointmentFields(a.day, a.kind, a.start_time, a.provider, a.notes)


def update_appointment(
    user: User,
    appointment: Appointment,
    fields: AppointmentFields,
    *,
    row_version: int | None,
    now: datetime,
) -> None:
    """Edit an appointment; a form opened before another change to it is refused, not merged."""
    check_version(appointment, row_version)
    for name, value in _clean(user, fields, now=now).items():
        setattr(appointment, name, value)
    db.session.flush()


def as_view(a: Appointment) -> AppointmentView:
    """A stored appointment as the read model."""
    return AppointmentView(
        id=a.id,
        day=a.day,
        start_time=a.start_time,
        at=a.at,
        kind=a.kind,
        kind_label=KINDS.get(a.kind, a.kind),
        provider=a.provider,
        notes=a.notes,
        row_version=a.row_version,
    )


def _mine(user: User) -> Select[tuple[Appointment]]:
    return select(Appointment).where(Appointment.user_id == user.id)


# Within a day an appointment without a time comes before the timed ones.
EARLIEST_FIRST = (Appointment.day, Appointment.start_time.asc().nulls_first(), Appointment.id)
LATEST_FIRST = (
    Appointment.day.desc(),
    Appointment.start_time.desc().nulls_last(),
    Appointment.id.desc(),
)


def _views(query: Select[tuple[Appointment]]) -> list[AppointmentView]:
    return [as_view(a) for a in db.session.scalars(query)]


def last_appointment(
    user: User, *, today: date, kind: str | None = "prescriber"
) -> AppointmentView | None:
    """The latest appointment on or before `today` (a local date) of `kind`; None kind: any.

    An appointment later on `today` counts: pass the day before to look past today's visit.
    """
    query = _mine(user).where(Appointment.day <= today)
    if kind is not None:
        query = query.where(Appointment.kind == kind)
    found = _views(query.order_by(*LATEST_FIRST).limit(1))
    return found[0] if found else None


def next_appointment(user: User, *, today: date) -> AppointmentView | None:
    """The first appointment on or after `today` (a local date), of any kind."""
    found = _views(_mine(user).where(Appointment.day >= today).order_by(*EARLIEST_FIRST).limit(1))
    return found[0] if found else None


def appointments_between(user: User, first: date, last: date) -> list[AppointmentView]:
    """Appointments on the local days `first` to `last`, earliest first."""
    if first > last:
        raise Invalid("The start must be on or before the end.", "first")
    query = _mine(user).where(Appointment.day.between(first, last))
    return _views(query.order_by(*EARLIEST_FIRST))


def upcoming_and_past(
    user: User, *, today: date
) -> tuple[list[AppointmentView], list[AppointmentView]]:
    """(today and later, soonest first; before today, newest first)."""
    upcoming = _views(_mine(user).where(Appointment.day >= today).order_by(*EARLIEST_FIRST))
    past = _views(_mine(user).where(Appointment.day < today).order_by(*LATEST_FIRST))
    return upcoming, past


CHOICES = 20


def recent_appointments(
    user: User, *, today: date, keep: int | None = None
) -> list[AppointmentView]:
    """The appointments a question can be marked asked at: the latest up to today, and `keep`."""
    query = _mine(user).where(Appointment.day <= today).order_by(*LATEST_FIRST).limit(CHOICES)
    found = _views(query)
    if keep is not None and keep not in {a.id for a in found}:
        found += _views(_mine(user).where(Appointment.id == keep))
    return found


def timeline_items(user: User, first: date, last: date) -> list[TimelineItem]:
    """Every appointment from `first` to `last` (local days) as a timeline row."""
    items = []
    for a in appointments_between(user, first, last):
        notes = f"notes: {_shorten(a.notes)}" if a.notes else ""
        items.append(
            TimelineItem(
                kind="appointment",
                # Untimed visits sort at the start of their day and are shown without a time.
                at=a.at or localize(a.day, time(0), user.timezone),
                day=a.day,
                title=a.title,
                detail=notes,
                entry_id=a.id,
                edit_endpoint="appointments.edit",
                delete_endpoint="appointments.delete",
                id_arg="appointment_id",
                timed=a.at is not None,
            )
        )
    return items + [_question_item(q) for q in questions_between(user, first, last)]


def _shorten(value: str, limit: int = 120) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


# --- the questions' read side (their rules are in appointments.questions) --------------------


@dataclass(frozen=True)
class QuestionView:
    """A question as pages and the report read it."""

    id: int
    text: str
    day: date  # the user's local day it was added
    added_at: datetime
    asked_on: date | None  # None: still to ask
    appointment_id: int | None  # the visit it was asked at, when the user said so
    appointment_day: date | None
    appointment_title: str | None
    answer: str | None  # a short note of the answer or outcome
    row_version: int

    @property
    def asked(self) -> bool:
        return self.asked_on is not None


def as_question(q: Question) -> QuestionView:
    """A stored question as the read model."""
    a = q.appointment
    return QuestionView(
        id=q.id,
        text=q.text,
        day=q.day,
        added_at=q.created_at,
        asked_on=q.asked_on,
        appointment_id=q.appointment_id,
        appointment_day=a.day if a else None,
        appointment_title=as_view(a).title if a else None,
        answer=q.answer,
        row_version=q.row_version,
    )


def _questions(user: User, *where: ColumnElement[bool]) -> list[QuestionView]:
    query = select(Question).where(Question.user_id == user.id, *where)
    ordered = query.order_by(Question.day, Question.created_at, Question.id)
    return [as_question(q) for q in db.session.scalars(ordered)]


def open_questions(user: User) -> list[QuestionView]:
    """The questions not yet asked, oldest first."""
    return _questions(user, Question.asked_on.is_(None))


def asked_questions(user: User) -> list[QuestionView]:
    """The questions marked asked, oldest first."""
    return _questions(user, Question.asked_on.is_not(None))


def questions_asked_at(user: User, appointment_id: int) -> list[QuestionView]:
    """The questions marked asked at one appointment, oldest first."""
    return _questions(user, Question.appointment_id == appointment_id)


def questions_between(user: User, first: date, last: date) -> list[QuestionView]:
    """The questions added on the local days `first` to `last`, asked or not, oldest first."""
    if first > last:
        raise Invalid("The start must be on or before the end.", "first")
    return _questions(user, Question.day.between(first, last))


def _question_item(q: QuestionView) -> TimelineItem:
    if q.asked_on is None:
        detail = "still to ask"
    else:
        parts = [
            f"asked on {q.asked_on.day} {q.asked_on:%b %Y}",
            q.appointment_title,
            q.answer and _shorten(q.answer),
        ]
        detail = ", ".join(p for p in parts if p)
    return TimelineItem(
        kind="question",
        at=q.added_at,
        day=q.day,
        title=f"Question: {_shorten(q.text)}",
        detail=detail,
        entry_id=q.id,
        edit_endpoint="appointments.question_edit",
        delete_endpoint="appointments.question_delete",
        id_arg="question_id",
    )


@dataclass(frozen=True)
class Overview:
    """The appointments page: what to ask next time, what is coming, what happened."""

    open_questions: list[QuestionView]  # oldest first, so the newest is last
    upcoming: list[AppointmentView]  # today and later, soonest first
    past: list[AppointmentView]  # before today, newest first
    asked_at: dict[int, list[QuestionView]]  # asked questions by appointment id
    asked_elsewhere: list[QuestionView]  # asked, not at a recorded appointment


def overview(user: User, *, today: date) -> Overview:
    """Everything the appointments page shows."""
    upcoming, past = upcoming_and_past(user, today=today)
    asked_at: dict[int, list[QuestionView]] = {}
    elsewhere = []
    for q in asked_questions(user):
        if q.appointment_id is None:
            elsewhere.append(q)
        else:
            asked_at.setdefault(q.appointment_id, []).append(q)
    return Overview(open_questions(user), upcoming, past, asked_at, elsewhere)
