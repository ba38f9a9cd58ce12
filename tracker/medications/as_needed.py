"""As-needed doses: the 24-hour maximum and minimum interval, warned before a dose passes them."""

from __future__ import annotations

from datetime import datetime, timedelta

from tracker.auth.models import User
from tracker.errors import Invalid, NeedsConfirmation
from tracker.journal import text
from tracker.medications import doses
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.services import fmt_amount


def as_needed_warnings(
    med: Medication,
    recent: list[DoseEvent],
    taken_at: datetime,
    amount: float,
    *,
    exclude_id: int | None = None,
) -> list[str]:
    """What a new as-needed dose would pass: the 24-hour maximum or the minimum interval."""
    warnings = []
    others = [  # an unsaved dose (an import's own, earlier in its file) has no id yet
        e for e in recent if (e.id is None or e.id != exclude_id) and e.taken_at is not None
    ]
    if med.max_per_24h is not None:
        worst = _heaviest_day_around(others, taken_at)
        if worst + amount > med.max_per_24h:
            warnings.append(
                f"This makes {fmt_amount(worst + amount)} {med.unit} within 24 hours; "
                f"the maximum you entered is {fmt_amount(med.max_per_24h)} {med.unit}."
            )
    if med.min_interval_minutes is not None:
        gap = timedelta(minutes=med.min_interval_minutes)
        close = [e for e in others if abs(e.taken_at - taken_at) < gap]
        if close:
            nearest = min(close, key=lambda e: abs(e.taken_at - taken_at))
            minutes = int(abs(nearest.taken_at - taken_at).total_seconds() // 60)
            side = "after" if nearest.taken_at <= taken_at else "before"
            span = "less than a minute" if minutes < 1 else f"{minutes} minutes"
            warnings.append(
                f"This is {span} {side} another dose; the minimum interval you "
                f"entered is {med.min_interval_minutes} minutes."
            )
    return warnings


def _heaviest_day_around(others: list[DoseEvent], taken_at: datetime) -> float:
    """The most taken in any rolling 24 hours that would also hold a dose at `taken_at`.

    Such a window [s, s + 24 h) starts in (taken_at - 24 h, taken_at]. Its total only changes
    where a dose enters or leaves it, so the windows starting at those points are enough:
    at an earlier dose, just after a later dose's time minus 24 h, and at the two ends.
    """
    day, tick = timedelta(hours=24), timedelta(seconds=1)
    times = [e.taken_at for e in others]
    starts = [taken_at, taken_at - day + tick, *times, *(t - day + tick for t in times)]
    return max(
        sum(e.amount or 0 for e in others if s <= e.taken_at < s + day)
        for s in starts
        if taken_at - day < s <= taken_at
    )


def record_as_needed(
    user: User,
    med: Medication,
    *,
    taken_at: datetime,
    amount: float | None,
    reason: str | None,
    note: str | None = None,
    confirmed: bool = False,
    request_key: str | None = None,
    now: datetime,
    history: bool = False,
) -> DoseEvent:
    """Log an as-needed dose; passing a limit raises NeedsConfirmation unless confirmed.
    `history`: imported from another app, so older than ten years is allowed."""
    if (existing := doses.existing_for_key(user, request_key)) is not None:
        return existing
    recent = doses.prn_taken_between(
        user, med, taken_at - timedelta(days=1), taken_at + timedelta(days=1)
    )
    event = as_needed_dose(
        user, med, taken_at=taken_at, amount=amount, reason=reason, note=note,
        confirmed=confirmed, request_key=request_key, now=now, history=history, recent=recent,
    )  # fmt: skip
    return doses.save_once(user, event)


def as_needed_dose(
    user: User,
    med: Medication,
    *,
    taken_at: datetime,
    amount: float | None,
    reason: str | None,
    note: str | None = None,
    confirmed: bool = False,
    request_key: str | None = None,
    now: datetime,
    history: bool = False,
    recent: list[DoseEvent],
) -> DoseEvent:
    """The checked, unsaved as-needed dose, its limits weighed against `recent` (the doses
    taken within a day of it); `record_as_needed` saves it, an import writes many in bulk."""
    if not med.as_needed:
        raise Invalid(f"{med.name} is scheduled; mark it on its time.", "medication_id")
    doses.check_taken_at(taken_at, now, history=history)
    amount = doses.checked_amount(amount, med.default_amount)
    if amount is None:
        raise Invalid("Enter the amount you took.", "amount")
    warnings = as_needed_warnings(med, recent, taken_at, amount)
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    return DoseEvent(
        user_id=user.id,
        medication_id=med.id,
        action="taken",
        taken_at=taken_at,
        tz=user.timezone,
        amount=amount,
        reason=text(reason, 200, "reason"),
        note=text(note, 2000, "note"),
        over_limit=" ".join(warnings)[:300] or None,
        request_key=request_key,
        created_at=now,
    )
