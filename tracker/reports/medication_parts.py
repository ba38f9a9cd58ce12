"""The report's medication parts: regimen, adherence, as-needed use and the dose appendix."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tracker.auth.models import User
from tracker.medications import doses
from tracker.medications import services as medications
from tracker.medications.history import dose_history, medication_adherence
from tracker.medications.models import STOP_REASONS, DoseEvent, Medication
from tracker.medications.plan import DUE, STATUS_LABELS, UPCOMING
from tracker.reports.model import AdherenceRow, AsNeededRow, DoseRow, RegimenRow
from tracker.timeutils import day_bounds, to_local

NEAR_LIMIT = 0.75  # "approached": the rolling 24 h reached three quarters of the maximum


def in_range(user: User, first: date, last: date) -> list[Medication]:
    """The medications taken at some point of the range, by start date and name."""
    meds = [
        m
        for m in medications.list_medications(user, with_schedules=True)
        if m.started_on <= last and (m.stopped_on is None or m.stopped_on > first)
    ]
    return sorted(meds, key=lambda m: (m.as_needed, m.started_on, m.name.casefold()))


def _amount(value: float | None, unit: str) -> str:
    return f"{medications.fmt_amount(value)} {unit}" if value else ""


def _schedule(med: Medication, last: date) -> str:
    if med.as_needed:
        parts = ["as needed"]
        if med.max_per_24h:
            parts.append(f"max {_amount(med.max_per_24h, med.unit)} per 24 h")
        if med.min_interval_minutes:
            parts.append(f"at least {med.min_interval_minutes} min apart")
        return ", ".join(parts)
    version = medications.current_version(med, last)
    if version is None or not version.doses:
        return "no doses planned"
    return ", ".join(f"{d.at:%H:%M} {_amount(d.amount, med.unit)}" for d in version.doses)


def regimen(user: User, meds: list[Medication], last: date) -> list[RegimenRow]:
    rows = []
    for med in meds:
        history = [v for v in medications.version_history(med, today=last) if not v.planned]
        change = history[0] if len(history) > 1 else None
        strength = " ".join(x for x in (_amount(med.strength, med.unit), med.form or "") if x)
        rows.append(
            RegimenRow(
                name=med.name,
                strength=strength or None,
                schedule=_schedule(med, last),
                started=med.started_on,
                last_change=change.effective_from if change else None,
                change=change.label if change else None,
                note=change.note if change else None,
                as_needed=med.as_needed,
                stopped=med.stopped_on if med.stopped_on and med.stopped_on <= last else None,
                stop_reason=STOP_REASONS.get(med.stop_reason or "", med.stop_reason),
            )
        )
    return rows


def adherence(
    user: User, meds: list[Medication], first: date, last: date, now: datetime
) -> list[AdherenceRow]:
    return [
        AdherenceRow(m.name, medication_adherence(user, m, first=first, last=last, now=now))
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


def as_needed(user: User, meds: list[Medication], first: date, last: date) -> list[AsNeededRow]:
    start, _ = day_bounds(first, user.timezone)
    _, end = day_bounds(last, user.timezone)
    weeks = ((last - first).days + 1) / 7
    rows = []
    for med in (m for m in meds if m.as_needed):
        taken = [e for e in doses.prn_taken_between(user, med, start, end) if e.taken_at < end]
        highest, near = _peaks(taken, med.max_per_24h)
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
