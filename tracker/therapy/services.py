"""Therapy session rules: log, edit, delete, homework done, and counts for the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from tracker import entries
from tracker.auth.models import User
from tracker.checkins.scales import HIGH, LOW
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import TimelineItem, check_version, entry_time, in_range, text
from tracker.therapy.models import TherapySession

MODALITIES: dict[str, str] = {
    "cbt": "CBT",
    "dbt": "DBT",
    "psychodynamic": "Psychodynamic",
    "emdr": "EMDR",
    "erp": "ERP",
    "act": "ACT",
    "ipt": "IPT",
    "group": "Group",
    "couples_family": "Couples/family",
    "other": "Other",
}
# Longer names for the picker; the short ones are what clinicians and reports use.
MODALITY_HINTS: dict[str, str] = {
    "cbt": "Cognitive behavioural therapy",
    "dbt": "Dialectical behaviour therapy",
    "emdr": "Eye movement desensitisation and reprocessing",
    "erp": "Exposure and response prevention (OCD)",
    "act": "Acceptance and commitment therapy",
    "ipt": "Interpersonal therapy",
}
DEFAULT_MINUTES = 50
MIN_MINUTES, MAX_MINUTES = 1, 600
TEXT_LIMIT = 2000
NOTES_LIMIT = 5000


@dataclass(frozen=True)
class SessionFields:
    """What the user enters about a session; `at` is its start (None: now)."""

    modality: str
    at: datetime | None = None
    therapist: str | None = None
    duration_minutes: int | None = DEFAULT_MINUTES
    topics: str | None = None
    skills: str | None = None
    homework: str | None = None
    homework_done: bool | None = None  # None: not yet known
    mood_before: int | None = None  # 0-10, the check-in's mood scale
    mood_after: int | None = None
    notes: str | None = None  # private: shown only to the user, never in reports


def clean_session(f: SessionFields) -> dict:
    """Every field checked; raises Invalid beside the first one that breaks a rule."""
    if f.modality not in MODALITIES:
        raise Invalid("Choose the kind of therapy from the list.", "modality")
    minutes = DEFAULT_MINUTES if f.duration_minutes is None else f.duration_minutes
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise Invalid(f"Enter between {MIN_MINUTES} and {MAX_MINUTES} minutes.", "duration_minutes")
    for field in ("mood_before", "mood_after"):
        in_range(getattr(f, field), LOW, HIGH, field)
    homework = text(f.homework, TEXT_LIMIT, "homework")
    return {
        "modality": f.modality,
        "therapist": text(f.therapist, 100, "therapist"),
        "duration_minutes": minutes,
        "topics": text(f.topics, TEXT_LIMIT, "topics"),
        "skills": text(f.skills, TEXT_LIMIT, "skills"),
        "homework": homework,
        "homework_done": f.homework_done if homework else None,
        "mood_before": f.mood_before,
        "mood_after": f.mood_after,
        "note": text(f.notes, NOTES_LIMIT, "notes"),
    }


def record_session(
    user: User, fields: SessionFields, *, request_key: str | None = None, now: datetime
) -> TherapySession:
    """Log a session (back-dating allowed, the future not); the same form sent twice logs once."""
    values = clean_session(fields)
    return entries.new_entry(
        user, TherapySession, at=fields.at, now=now, request_key=request_key, **values
    )


def update_session(
    user: User,
    session: TherapySession,
    fields: SessionFields,
    *,
    row_version: int | None,
    now: datetime,
) -> None:
    """Edit a session; a form opened before another change to it is refused, not merged.

    A new start time files the session under its local day in the user's current zone.
    """
    check_version(session, row_version)
    values = clean_session(fields)
    if fields.at is not None and fields.at != session.at:
        session.at, session.day = entry_time(user.timezone, fields.at, now=now)
        session.tz = user.timezone
    for name, value in values.items():
        setattr(session, name, value)
    db.session.flush()


def session_fields(session: TherapySession) -> SessionFields:
    """A session's current fields, private notes included, to change some of them."""
    return SessionFields(
        modality=session.modality,
        at=session.at,
        therapist=session.therapist,
        duration_minutes=session.duration_minutes,
        topics=session.topics,
        skills=session.skills,
        homework=session.homework,
        homework_done=session.homework_done,
        mood_before=session.mood_before,
        mood_after=session.mood_after,
        notes=session.note,
    )


def mark_homework_done(user: User, session: TherapySession, *, row_version: int | None) -> None:
    """One tap: the session's homework is done. Tapping again changes nothing."""
    if session.homework_done:
        return
    check_version(session, row_version)
    if not session.homework:
        raise Invalid("This session has no homework to mark.", None)
    session.homework_done = True
    db.session.flush()


@dataclass(frozen=True)
class Session:
    """A session as pages and reports read it (the private notes are not part of it)."""

    id: int
    at: datetime
    day: date
    modality: str
    modality_label: str
    therapist: str | None
    duration_minutes: int
    topics: str | None
    skills: str | None
    homework: str | None
    homework_done: bool | None
    mood_before: int | None
    mood_after: int | None
    row_version: int
    has_notes: bool

    @property
    def homework_status(self) -> str:
        """Done, Not done, Not yet known, or None given (no homework was set)."""
        if not self.homework:
            return "None given"
        if self.homework_done is None:
            return "Not yet known"
        return "Done" if self.homework_done else "Not done"


def as_session(s: TherapySession) -> Session:
    """A stored session as the read model."""
    return Session(
        id=s.id,
        at=s.at,
        day=s.day,
        modality=s.modality,
        modality_label=MODALITIES.get(s.modality, s.modality),
        therapist=s.therapist,
        duration_minutes=s.duration_minutes,
        topics=s.topics,
        skills=s.skills,
        homework=s.homework,
        homework_done=s.homework_done,
        mood_before=s.mood_before,
        mood_after=s.mood_after,
        row_version=s.row_version,
        has_notes=bool(s.note),
    )


def _in_days(user: User, first: date, last: date) -> list[TherapySession]:
    return entries.entries_between(TherapySession, user, first, last, earliest_first=True)


def list_sessions(user: User) -> list[Session]:
    """All the user's sessions, newest first."""
    return [as_session(s) for s in session_rows(user)]


def session_rows(user: User) -> list[TherapySession]:
    """All the user's sessions with their private notes, newest first (for the user only)."""
    return entries.all_entries(TherapySession, user)


def sessions_between(user: User, first: date, last: date) -> list[Session]:
    """The sessions of local days first..last, earliest first."""
    return [as_session(s) for s in _in_days(user, first, last)]


def sessions_on(user: User, day: date) -> list[Session]:
    """The sessions on one local day, earliest first."""
    return [as_session(s) for s in _in_days(user, day, day)]


def latest_session(user: User, *, until: date) -> Session | None:
    """The most recent session on or before a local day."""
    query = select(TherapySession).where(
        TherapySession.user_id == user.id, TherapySession.day <= until
    )
    found = db.session.scalars(
        query.order_by(TherapySession.at.desc(), TherapySession.id.desc()).limit(1)
    ).first()
    return as_session(found) if found else None


def sessions_by_modality(user: User, first: date, last: date) -> dict[str, int]:
    """For the report: how many sessions of each modality from `first` to `last` (local days).

    Modalities without a session are left out; the order is the modality list's.
    """
    if first > last:
        raise Invalid("The start must be before the end.", "start")
    counts = dict(
        db.session.execute(
            select(TherapySession.modality, func.count(TherapySession.id))
            .where(TherapySession.user_id == user.id, TherapySession.day.between(first, last))
            .group_by(TherapySession.modality)
        ).all()
    )
    known = {k: counts[k] for k in MODALITIES if k in counts}
    return known | {k: v for k, v in counts.items() if k not in MODALITIES}


def homework_stats(user: User, first: date, last: date) -> tuple[int, int]:
    """For the report: (sessions that set homework, of those how many were marked done)."""
    given = [s for s in _in_days(user, first, last) if s.homework]
    return len(given), sum(1 for s in given if s.homework_done)


def timeline_items(user: User, first: date, last: date) -> list[TimelineItem]:
    """Every session from `first` to `last` (local days) as a timeline row, notes left out."""
    items = []
    for s in map(as_session, _in_days(user, first, last)):
        parts = [f"{s.duration_minutes} min"]
        if s.therapist:
            parts.insert(0, f"with {s.therapist}")
        if s.mood_before is not None or s.mood_after is not None:
            parts.append(f"mood {_or_dash(s.mood_before)} → {_or_dash(s.mood_after)}")
        if s.homework:
            parts.append(f"homework: {s.homework_status.lower()}")
        items.append(
            TimelineItem(
                kind="therapy",
                at=s.at,
                day=s.day,
                title=f"Therapy session ({s.modality_label})",
                detail=", ".join(parts),
                entry_id=s.id,
                edit_endpoint="therapy.edit",
                delete_endpoint="therapy.delete",
            )
        )
    return items


def _or_dash(value: int | None) -> str:
    return "–" if value is None else str(value)
