"""Taken / Skip from a reminder, without logging in: a signed token bound to the user, the
medication and the slot, valid until the slot's on-time window closes.

It is single-use through the slot itself: the dose is recorded by the medications' own service,
and a slot holds one record, so a second tap finds it and says "already logged". The token is
signed (itsdangerous, HMAC with the SECRET_KEY) and carries no secret of its own: changing it
breaks the signature, and one user's token never names another user's medication."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from tracker.auth.models import User
from tracker.errors import NotFound
from tracker.extensions import db
from tracker.medications import doses
from tracker.medications.models import DoseEvent, Medication
from tracker.reminders.channels import preferences

SALT = "reminder-action-v1"
LABELS = {"taken": "Taken", "skipped": "Skip"}
OPEN, DONE, LOGGED, EXPIRED = "open", "done", "logged", "expired"


@dataclass(frozen=True)
class Offer:
    """What the confirm page shows for a token, and what happened when it was used."""

    state: str
    action: str
    user: User
    medication: Medication
    day: date
    at: time
    expires: datetime
    # The drug's name only when the user chose to name it in reminders.
    shown_name: str = "your medication"


def make_token(
    *, user_id: int, medication_id: int, day: date, at: time, action: str, expires: datetime,
    secret_key: str,
) -> str:  # fmt: skip
    """The signed token of one action on one slot."""
    payload = {
        "u": user_id, "m": medication_id, "d": day.isoformat(), "t": at.strftime("%H:%M"),
        "a": action, "e": int(expires.timestamp()),
    }  # fmt: skip
    return URLSafeSerializer(secret_key, salt=SALT).dumps(payload)


def look(token: str, *, now: datetime, secret_key: str) -> Offer:
    """The token's slot and whether it can still be used; NotFound when it names nothing."""
    try:
        data = URLSafeSerializer(secret_key, salt=SALT).loads(token)
        action = data["a"]
        day, at = date.fromisoformat(data["d"]), time.fromisoformat(data["t"])
        expires = datetime.fromtimestamp(int(data["e"]), UTC)
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise NotFound("This link is not valid.") from exc
    user = db.session.get(User, data["u"])
    med = db.session.get(Medication, data["m"])
    if action not in LABELS or user is None or med is None or med.user_id != user.id:
        raise NotFound("This link is not valid.")
    state = LOGGED if _logged(med, day, at) else EXPIRED if now > expires else OPEN
    shown = med.name if preferences(user).name_drug else "your medication"
    return Offer(state, action, user, med, day, at, expires, shown)


def _logged(med: Medication, day: date, at: time) -> bool:
    found = select(DoseEvent.id).where(
        DoseEvent.medication_id == med.id,
        DoseEvent.scheduled_date == day,
        DoseEvent.scheduled_time == at,
    )
    return db.session.scalar(found) is not None


def use(token: str, *, now: datetime, secret_key: str) -> Offer:
    """Record the dose taken (now) or skipped, once; a used or expired token changes nothing."""
    offer = look(token, now=now, secret_key=secret_key)
    if offer.state != OPEN:
        return offer
    doses.record_scheduled(
        offer.user, offer.medication, day=offer.day, at=offer.at, action=offer.action,
        taken_at=now if offer.action == "taken" else None, now=now,
    )  # fmt: skip
    return Offer(DONE, *_rest(offer))


def _rest(offer: Offer) -> tuple:
    return (
        offer.action, offer.user, offer.medication, offer.day, offer.at, offer.expires,
        offer.shown_name,
    )  # fmt: skip
