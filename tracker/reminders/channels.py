"""The user's channels and reminder preferences: add (validated by its type), test, delete,
and the failure count that disables a channel after FAILURE_LIMIT failed sends in a row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.medications.models import Medication
from tracker.medications.services import list_medications
from tracker.reminders import vault
from tracker.reminders.models import ReminderChannel, ReminderPreferences, ReminderRepeat
from tracker.reminders.transport import TYPES, Message
from tracker.reminders.webpush import Gone

FAILURE_LIMIT = 5
MAX_CHANNELS = 10


@dataclass(frozen=True)
class Outgoing:
    """A channel ready to send: its row's id and its decrypted secret (None: unreadable)."""

    channel_id: int
    kind: str
    secret: str | None


def list_channels(user: User) -> list[ReminderChannel]:
    """The user's channels, oldest first."""
    return list(
        db.session.scalars(
            select(ReminderChannel)
            .where(ReminderChannel.user_id == user.id)
            .order_by(ReminderChannel.created_at, ReminderChannel.id)
        )
    )


def add_channel(
    user: User, *, name: str, url: str, now: datetime, secret_key: str, kind: str = "apprise"
) -> ReminderChannel:
    """Check the address with its channel type, then keep it encrypted."""
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise Invalid("Give the channel a name of up to 60 characters.", "name")
    if len(list_channels(user)) >= MAX_CHANNELS:
        raise Invalid(f"Up to {MAX_CHANNELS} channels can be added.", "url")
    url = (url or "").strip()
    label = TYPES[kind].describe(url)
    channel = ReminderChannel(
        user_id=user.id,
        kind=kind,
        name=name,
        secret=vault.seal(url, secret_key),
        label=label,
        failures=0,
        created_at=now,
    )
    db.session.add(channel)
    db.session.flush()
    return channel


def delete_channel(user: User, channel: ReminderChannel) -> None:
    """Remove a channel (loaded through get_owned_or_404)."""
    assert channel.user_id == user.id  # noqa: S101 - the caller loaded it as the user's
    db.session.delete(channel)
    db.session.flush()


def outgoing(user: User, secret_key: str) -> list[Outgoing]:
    """The user's enabled channels, decrypted for one send."""
    found = []
    for channel in list_channels(user):
        if channel.disabled_at is not None:
            continue
        try:
            secret = vault.open_sealed(channel.secret, secret_key)
        except vault.Unreadable:
            secret = None
        found.append(Outgoing(channel.id, channel.kind, secret))
    return found


def deliver(target: Outgoing, message: Message) -> str | None:
    """Send through the channel's type: None on success, else the error in plain words."""
    if target.secret is None:
        return "This channel was saved under another secret key of the server; add it again."
    return TYPES[target.kind].send(target.secret, message)


def send_test(
    user: User, channel: ReminderChannel, *, now: datetime, secret_key: str
) -> str | None:
    """Send a test message now; it counts like a reminder's send (success turns it on again)."""
    target = Outgoing(channel.id, channel.kind, _readable(channel, secret_key))
    error = deliver(target, Message("Test from your tracker", "Reminders will arrive like this."))
    record_outcome(channel, error, now=now)
    if error is None:
        channel.disabled_at = None
    return error


def _readable(channel: ReminderChannel, secret_key: str) -> str | None:
    try:
        return vault.open_sealed(channel.secret, secret_key)
    except vault.Unreadable:
        return None


def record_outcome(channel: ReminderChannel, error: str | None, *, now: datetime) -> None:
    """Count failures in a row; the FAILURE_LIMIT-th disables the channel. Success writes
    only when there was a failure to forget (each write moves the user's data version)."""
    if error is None:
        if channel.failures or channel.last_error:
            channel.failures, channel.last_error = 0, None
        return
    channel.failures += 1
    channel.last_error = error[:300]
    # A push subscription that is gone (404/410) will never work again: off at once.
    gone = isinstance(error, Gone)
    if (gone or channel.failures >= FAILURE_LIMIT) and channel.disabled_at is None:
        channel.disabled_at = now
    db.session.flush()


def disabled_channels(user: User) -> list[ReminderChannel]:
    """Channels the sender gave up on (Today shows a notice for each)."""
    return [c for c in list_channels(user) if c.disabled_at is not None]


def preferences(user: User) -> ReminderPreferences:
    """The user's preferences (defaults when never saved: no quiet hours, no drug names)."""
    found = db.session.get(ReminderPreferences, user.id)
    return found or ReminderPreferences(user_id=user.id, name_drug=False)


def save_preferences(
    user: User, *, quiet_start: time | None, quiet_end: time | None, name_drug: bool
) -> ReminderPreferences:
    """Quiet hours need both ends (or neither); they may cross midnight (22:00–07:00)."""
    if (quiet_start is None) != (quiet_end is None):
        raise Invalid("Give both the start and the end of quiet hours, or neither.", "quiet_end")
    if quiet_start is not None and quiet_start == quiet_end:
        raise Invalid("Quiet hours need an end different from their start.", "quiet_end")
    prefs = db.session.get(ReminderPreferences, user.id)
    if prefs is None:
        prefs = ReminderPreferences(user_id=user.id)
        db.session.add(prefs)
    prefs.quiet_start, prefs.quiet_end, prefs.name_drug = quiet_start, quiet_end, bool(name_drug)
    db.session.flush()
    return prefs


REPEAT_EVERY = (15, 30, 60)
REPEAT_TIMES = range(1, 7)


@dataclass(frozen=True)
class RepeatRow:
    """A scheduled medication of Settings → Reminders with its repeat (None: off)."""

    medication_id: int
    name: str
    every_minutes: int | None
    times: int


def repeat_rows(user: User, today: date) -> list[RepeatRow]:
    """The current scheduled medications with their repeats, by name."""
    found = {
        r.medication_id: r
        for r in db.session.scalars(select(ReminderRepeat).where(ReminderRepeat.user_id == user.id))
    }
    rows = []
    for med in list_medications(user):
        if med.as_needed or (med.stopped_on is not None and med.stopped_on <= today):
            continue
        repeat = found.get(med.id)
        every, times = (repeat.every_minutes, repeat.times) if repeat else (None, 2)
        rows.append(RepeatRow(med.id, med.name, every, times))
    return rows


def set_repeat(user: User, med: Medication, *, every_minutes: int | None, times: int) -> None:
    """Repeat the medication's reminder every 15, 30 or 60 minutes up to `times` more (1–6)
    until the dose is logged or its window closes; None turns repeating off."""
    if med.as_needed:
        raise Invalid("As-needed medications have no reminders.", "every_minutes")
    if every_minutes is not None and every_minutes not in REPEAT_EVERY:
        raise Invalid("Choose every 15, 30 or 60 minutes.", "every_minutes")
    if times not in REPEAT_TIMES:
        raise Invalid("Choose from 1 to 6 repeats.", "times")
    repeat = db.session.get(ReminderRepeat, med.id)
    if every_minutes is None:
        if repeat is not None:
            db.session.delete(repeat)
    elif repeat is None:
        db.session.add(
            ReminderRepeat(
                medication_id=med.id, user_id=user.id, every_minutes=every_minutes, times=times
            )
        )
    else:
        repeat.every_minutes, repeat.times = every_minutes, times
    db.session.flush()
