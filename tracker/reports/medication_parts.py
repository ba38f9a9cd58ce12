"""The report's medication parts: adherence with skip reasons, as-needed use week by week, and
the dose appendix, each a pure function of the snapshot (its dose log and `now`)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from tracker.medications import doses
from tracker.medications import services as medications
from tracker.medications.history import history_rows
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import DUE, STATUS_LABELS, UPCOMING, Outcome
from tracker.medications.plan import adherence as outcome_adherence
from tracker.reports.model import AdherenceRow, AsNeededRow, DoseRow
from tracker.snapshot import Snapshot
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


def _slots(snap: Snapshot, meds: list[Medication]) -> list[doses.Slot]:
    """The scheduled doses of the range with their status at the snapshot's `now`."""
    events = snap.of("doses").by_slot(snap.first, snap.last)
    return list(doses.slots_of(snap.user, meds, events, snap.first, snap.last, snap.now))


def adherence(snap: Snapshot, meds: list[Medication]) -> list[AdherenceRow]:
    scheduled = [m for m in meds if not m.as_needed]
    reasons = snap.of("doses").skip_reasons([m.id for m in scheduled], snap.first, snap.last)
    slots = _slots(snap, scheduled)
    return [
        AdherenceRow(
            m.name,
            outcome_adherence(Outcome(s.scheduled, s.status) for s in slots if s.medication is m),
            tuple(reasons.get(m.id, Counter()).most_common()),
        )
        for m in scheduled
    ]


def completeness(snap: Snapshot, meds: list[Medication]) -> tuple[int, int]:
    """(scheduled doses due in the range, of those with a status recorded)."""
    scheduled = [m for m in meds if not m.as_needed]
    due = [s for s in _slots(snap, scheduled) if s.status not in (DUE, UPCOMING)]
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


def as_needed(snap: Snapshot, meds: list[Medication]) -> list[AsNeededRow]:
    first, last, tz = snap.first, snap.last, snap.user.timezone
    start, _ = day_bounds(first, tz)
    _, end = day_bounds(last, tz)
    weeks = ((last - first).days + 1) / 7
    rows = []
    for med in (m for m in meds if m.as_needed):
        taken = [e for e in snap.of("doses").taken(med.id, start, end) if e.taken_at < end]
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
                weekly=_weekly(taken, first, last, tz),
                helped=sum(rated) / len(rated) if rated else None,
                helped_n=len(rated),
            )
        )
    return rows


def appendix(snap: Snapshot, meds: list[Medication]) -> list[DoseRow]:
    """Every dose of the range, oldest first, per medication."""
    first, last, tz = snap.first, snap.last, snap.user.timezone
    log = snap.of("doses")
    rows = []
    for med in meds:
        slots = _slots(snap, [med])
        for h in reversed(history_rows(slots, log.in_days(med.id, first, last))):
            event = h.event
            actual = ""
            if event is not None and event.taken_at is not None:
                actual = f"{to_local(event.taken_at, tz):%Y-%m-%d %H:%M}"
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
