"""The report's medication parts: adherence with skip reasons, as-needed use week by week, and
the dose appendix."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from tracker.auth.models import User
from tracker.medications import doses
from tracker.medications import services as medications
from tracker.medications.history import dose_history, medication_adherence
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import DUE, STATUS_LABELS, UPCOMING
from tracker.reports.model import AdherenceRow, AsNeededRow, DoseRow
from tracker.timeutils import day_bounds, to_local

NEAR_LIMIT = 0.75  # "approached": the rolling 24 h reached three quarters of the maximum


def in_range(meds: list[Medication], first: date, last: date) -> list[Medication]:
    """The medications taken at some point of the range, by start date and name."""
    taken = [
        m for m in meds if m.started_on <= last and (m.stopped_on is None or m.stopped_on > first)
    ]
    return sorted(taken, key=lambda m: (m.as_needed, m.started_on, m.name.casefold()))


def _amount(value: float | None, unit: str) -> str:
    return f"{medications.fmt_amount(value)} {unit}" if value else ""


def adherence(
    user: User, meds: list[Medication], first: date, last: date, now: datetime
) -> list[AdherenceRow]:
    reasons = doses.skip_reasons(user, [m.id for m in meds if not m.as_needed], first, last)
    return [
        AdherenceRow(
            m.name,
            medication_adherence(user, m, first=first, last=last, now=now),
            tuple(reasons.get(m.id, Counter()).most_common()),
        )
        for m in meds
        if not m.as_needed
    ]


def completeness(
    user: User, meds: list[Medication], first: date, last: date, now: datetime
) -> tuple[int, int]:
    """(scheduled doses due in the range, of those with a status recorded)."""
    scheduled = [m for m in meds if not m.as_needed]
    due = [
        s
        for s in doses.slots_between(user, scheduled, first, last, now)
        if s.status not in (DUE, UPCOMING)
    ]
    return len(due), sum(1 for s in due if s.event is not None)


def _peaks(taken: list[DoseEvent], limit: float | None) -> tuple[float, int]:
    """The most taken in any rolling 24 hours, and the doses that brought it near the limit."""
    highest, near = 0.0, 0
    for n, event in enumerate(taken):
        start = event.taken_at - timedelta(hours=24)
        window = sum(e.amount or 0 for e in taken[: n + 1] if e.taken_at > start)
        highest = max(highest, window)
        if limit and window >= NEAR_LIMIT * limit:
            near += 1
    return highest, near


def _weekly(taken: list[DoseEvent], first: date, last: date, tz: str) -> tuple[int, ...]:
    """Doses in each 7-day block from the range's first day (the last block may be shorter)."""
    counts = [0] * ((last - first).days // 7 + 1)
    for event in taken:
        n = (to_local(event.taken_at, tz).date() - first).days // 7
        if 0 <= n < len(counts):
            counts[n] += 1
    return tuple(counts)


def as_needed(user: User, meds: list[Medication], first: date, last: date) -> list[AsNeededRow]:
    start, _ = day_bounds(first, user.timezone)
    _, end = day_bounds(last, user.timezone)
    weeks = ((last - first).days + 1) / 7
    rows = []
    for med in (m for m in meds if m.as_needed):
        taken = [e for e in doses.prn_taken_between(user, med, start, end) if e.taken_at < end]
        highest, near = _peaks(taken, med.max_per_24h)
        rated = [e.helped for e in taken if e.helped is not None]
        rows.append(
            AsNeededRow(
                name=med.name,
                unit=med.unit,
                doses=len(taken),
                per_week=len(taken) / weeks,
                max_per_24h=med.max_per_24h,
                highest_24h=highest,
                near_limit=near,
                over_limit=sum(1 for e in taken if e.over_limit),
                weekly=_weekly(taken, first, last, user.timezone),
                helped=sum(rated) / len(rated) if rated else None,
                helped_n=len(rated),
            )
        )
    return rows


def appendix(
    user: User, meds: list[Medication], first: date, last: date, now: datetime
) -> list[DoseRow]:
    """Every dose of the range, oldest first, per medication."""
    rows = []
    for med in meds:
        for h in reversed(dose_history(user, med, first=first, last=last, now=now)):
            event = h.event
            actual = ""
            if event is not None and event.taken_at is not None:
                actual = f"{to_local(event.taken_at, user.timezone):%Y-%m-%d %H:%M}"
            parts = (event.reason, event.note, event.over_limit) if event else ()
            note = "; ".join(x for x in parts if x)
            rows.append(
                DoseRow(
                    medication=med.name,
                    day=h.day,
                    scheduled=f"{h.at:%H:%M}" if h.scheduled and h.at else "",
                    actual=actual,
                    status=STATUS_LABELS.get(h.status, h.status.capitalize()),
                    amount=_amount(h.amount, med.unit),
                    note=note,
                )
            )
    return rows
