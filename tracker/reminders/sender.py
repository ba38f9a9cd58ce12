"""The sender: plan, claim each due reminder, send it outside any transaction, record the outcome.

Exactly once across processes and machines: a row is claimed (claimed_at, claimed_by) in a
short transaction of its own before anything is sent, and only the claimer sends it.
PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so two senders take different rows without
waiting on each other. SQLite: one UPDATE … WHERE id IN (SELECT …) that starts a BEGIN IMMEDIATE
transaction (tracker/database.py), so the pick and the claim happen under the write lock. The
claim is committed, the message sent, and the outcome recorded in another short transaction.
A claim left by a sender that died mid-send is taken again after STALE_CLAIM (the one case a
reminder could go twice: the process died after the service took it, before it was recorded)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from tracker.appointments.models import Appointment
from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.supply import RefillDue, refills_due
from tracker.questionnaires.services import due
from tracker.reminders import channels, messages, planning
from tracker.reminders.models import FAILED, PENDING, SENT, SKIPPED, Reminder
from tracker.reminders.transport import Message
from tracker.timeutils import local_today

CLAIM_BATCH = 20
STALE_CLAIM = timedelta(minutes=10)
# Waits before the 2nd, 3rd and 4th try of a failed send; then it stays failed.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15))
MAX_ATTEMPTS = len(BACKOFF) + 1


@dataclass
class Tally:
    planned: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    retrying: int = 0


@dataclass(frozen=True)
class Settings:
    secret_key: str
    public_url: str | None


def sender_name() -> str:
    """Who claimed a row: host, process and a fresh id per pass."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]


def run_pass(settings: Settings, *, now: datetime) -> Tally:
    """Plan every user's reminders, then send what is due at `now`, each once."""
    tally = Tally()
    for user in planning.users_to_remind():
        tally.planned += planning.plan(user, now=now)
        db.session.commit()
    name = sender_name()
    while ids := claim(name, now=now):
        for reminder_id in ids:
            outcome = send_one(reminder_id, settings, now=now)
            setattr(tally, outcome, getattr(tally, outcome) + 1)
    return tally


def _due(now: datetime):  # noqa: ANN202 - a select
    return (
        select(Reminder.id)
        .where(
            Reminder.status == PENDING,
            Reminder.next_try_at <= now,
            (Reminder.claimed_at.is_(None)) | (Reminder.claimed_at < now - STALE_CLAIM),
        )
        .order_by(Reminder.next_try_at, Reminder.id)
        .limit(CLAIM_BATCH)
    )


def claim(name: str, *, now: datetime) -> list[int]:
    """Claim up to CLAIM_BATCH due rows for `name` and commit; [] when none is left."""
    if db.engine.dialect.name == "postgresql":
        ids = list(db.session.scalars(_due(now).with_for_update(skip_locked=True)))
        if ids:
            db.session.execute(
                update(Reminder).where(Reminder.id.in_(ids)).values(claimed_at=now, claimed_by=name)
            )
    else:
        # The UPDATE begins the transaction (BEGIN IMMEDIATE): its subquery reads under the lock.
        db.session.execute(
            update(Reminder)
            .where(Reminder.id.in_(_due(now).scalar_subquery()))
            .values(claimed_at=now, claimed_by=name)
            .execution_options(synchronize_session=False)
        )
        ids = list(
            db.session.scalars(
                select(Reminder.id).where(Reminder.claimed_by == name, Reminder.status == PENDING)
            )
        )
    db.session.commit()
    return ids


def _dose_skip(reminder: Reminder, user: User) -> str | None:
    med = db.session.get(Medication, reminder.target_id)
    if med is None or med.user_id != user.id:
        return "The medication is no longer there."
    logged = select(DoseEvent.id).where(
        DoseEvent.medication_id == med.id,
        DoseEvent.scheduled_date == reminder.slot_day,
        DoseEvent.scheduled_time == reminder.slot_time,
    )
    if db.session.scalar(logged) is not None:
        return "The dose was already logged."
    return None


def _refill(reminder: Reminder, user: User, now: datetime) -> RefillDue | None:
    """The medication's supply warning as it stands now (None: no longer short)."""
    return next((r for r in refills_due(user, now) if r.medication_id == reminder.target_id), None)


def _skip_reason(reminder: Reminder, user: User, now: datetime) -> str | None:
    if now > reminder.send_at + planning.LATE_LIMIT:
        return "More than an hour late; not sent."
    if reminder.kind == planning.DOSE:
        return _dose_skip(reminder, user)
    if reminder.kind == planning.REFILL:
        if _refill(reminder, user, now) is None:
            return "The supply was topped up or is no longer tracked."
        return None
    if reminder.kind == planning.QUESTIONNAIRE:
        key = planning.QUESTIONNAIRES[reminder.target_id]
        if key not in due(user, local_today(user.timezone, now)):
            return "The questionnaire was already answered."
        return None
    found = db.session.get(Appointment, reminder.target_id)
    if found is None or found.user_id != user.id:
        return "The appointment is no longer there."
    return None


def _message(reminder: Reminder, user: User, settings: Settings, now: datetime) -> Message:
    if reminder.kind == planning.DOSE:
        return messages.dose_message(
            reminder, db.session.get(Medication, reminder.target_id), user,
            channels.preferences(user), public_url=settings.public_url,
            secret_key=settings.secret_key,
        )  # fmt: skip
    if reminder.kind == planning.QUESTIONNAIRE:
        return messages.questionnaire_message()
    if reminder.kind == planning.REFILL:
        refill = _refill(reminder, user, now)
        return messages.refill_message(refill, user, channels.preferences(user))
    return messages.appointment_message(reminder, user, today=local_today(user.timezone, now))


def _prepare(
    reminder: Reminder, settings: Settings, now: datetime
) -> tuple[str | None, Message | None, list[channels.Outgoing]]:
    user = db.session.get(User, reminder.user_id)
    reason = _skip_reason(reminder, user, now)
    targets = channels.outgoing(user, settings.secret_key) if reason is None else []
    if reason is None and not targets:
        reason = "No channel is turned on."
    if reason is not None:
        return reason, None, []
    return None, _message(reminder, user, settings, now), targets


def send_one(
    reminder_id: int,
    settings: Settings,
    *,
    now: datetime,
    deliver: Callable[[channels.Outgoing, Message], str | None] = channels.deliver,
) -> str:
    """Send one claimed row to every channel of its user; returns the tally's field."""
    reminder = db.session.get(Reminder, reminder_id)
    reason, message, targets = _prepare(reminder, settings, now)
    if reason is not None:
        _finish(reminder, SKIPPED, reason, now)
        db.session.commit()
        return "skipped"
    db.session.rollback()  # no transaction stays open while the services answer
    errors = {t.channel_id: deliver(t, message) for t in targets}
    outcome = _record(reminder_id, errors, now)
    db.session.commit()
    return outcome


def _record(reminder_id: int, errors: dict[int, str | None], now: datetime) -> str:
    reminder = db.session.get(Reminder, reminder_id)
    for channel_id, error in errors.items():
        channel = db.session.get(channels.ReminderChannel, channel_id)
        if channel is not None:
            channels.record_outcome(channel, error, now=now)
    failures = [e for e in errors.values() if e is not None]
    reminder.attempts += 1
    if len(failures) < len(errors):  # reached at least one channel
        reminder.sent_at = now
        _finish(reminder, SENT, "; ".join(failures) or None, now)
        return "sent"
    if reminder.attempts >= MAX_ATTEMPTS:
        _finish(reminder, FAILED, failures[0], now)
        return "failed"
    reminder.next_try_at = now + BACKOFF[reminder.attempts - 1]
    _finish(reminder, PENDING, failures[0], now)
    return "retrying"


def _finish(reminder: Reminder, status: str, error: str | None, now: datetime) -> None:
    reminder.status = status
    reminder.error = error[:300] if error else None
    reminder.claimed_at = reminder.claimed_by = None
