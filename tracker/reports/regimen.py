"""The report's regimen: each medication's line of history over the range and the 12 months
before it (start, dose changes with their notes, taper steps, stop with its reason)."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.medications import services as medications
from tracker.medications.models import STOP_REASONS, Medication, TaperPlan
from tracker.medications.reading import MedicationPlan
from tracker.reports.model import RegimenEvent, RegimenRow

HISTORY_DAYS = 365  # the regimen's history reaches this far before the range


def _amount(value: float | None, unit: str) -> str:
    return f"{medications.fmt_amount(value)} {unit}" if value else ""


def schedule(med: Medication, last: date) -> str:
    """The plan in effect on `last`: "08:00 50 mg", or the as-needed limits."""
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


def _stop_reason(med: Medication) -> str | None:
    """The reason's label as it reads inside a sentence ("side effects")."""
    label = STOP_REASONS.get(med.stop_reason or "")
    return label[0].lower() + label[1:] if label else med.stop_reason


def _events(med: Medication, reach: date, last: date, today: date) -> list[RegimenEvent]:
    """Schedule versions and the stop from `reach` to `last`, then the steps still planned
    after today (a change between the range's end and today is outside the report)."""
    events = []
    for n, row in enumerate(reversed(medications.version_history(med, today=today))):
        day = med.started_on if n == 0 else row.effective_from
        events.append(RegimenEvent(day, row.label, row.note, planned=day > today))
    if med.as_needed:
        events.append(RegimenEvent(med.started_on, "Started, as needed", None))
    if med.stopped_on is not None:
        reason = _stop_reason(med)
        text = "Stopped" + (f" ({reason})" if reason else "")
        events.append(RegimenEvent(med.stopped_on, text, None, planned=med.stopped_on > today))
    shown = [e for e in events if e.planned or reach <= e.day <= last]
    return sorted(shown, key=lambda e: (e.planned, e.day))


def _taper_text(med: Medication, plan: TaperPlan, reach: date) -> str | None:
    """What a taper plan is and how it ends, as its remaining steps stand; None when every
    step was cancelled or the last one came before `reach`."""
    steps = [v for v in med.versions if v.taper_plan_id == plan.id]
    if not steps or steps[-1].effective_from < reach:
        return None
    unit = med.unit
    text = (
        f"taper from {plan.starts_on.isoformat()}: {_amount(plan.start_amount, unit)} a day, "
        f"{_amount(plan.step, unit)} less every {plan.interval_days} days"
    )
    if plan.ends_in_stop and med.stopped_on is not None:
        return f"{text}, ending in a stop on {med.stopped_on.isoformat()}"
    end = steps[-1].daily_total
    return f"{text}, ending at {_amount(end, unit)} a day from {steps[-1].effective_from}"


def _tapers(plans: MedicationPlan, med: Medication, reach: date) -> str | None:
    if med.as_needed:
        return None
    texts = [
        text
        for plan in plans.taper_plans(med)
        if (text := _taper_text(med, plan, reach)) is not None
    ]
    return "; ".join(texts) or None


def _row(
    plans: MedicationPlan, med: Medication, first: date, last: date, today: date
) -> RegimenRow:
    reach = first - timedelta(days=HISTORY_DAYS)
    strength = " ".join(x for x in (_amount(med.strength, med.unit), med.form or "") if x)
    stopped = med.stopped_on if med.stopped_on is not None and med.stopped_on <= last else None
    return RegimenRow(
        name=med.name,
        strength=strength or None,
        schedule=schedule(med, min(last, med.stopped_on - timedelta(days=1)) if stopped else last),
        started=med.started_on,
        as_needed=med.as_needed,
        stopped=stopped,
        stop_reason=_stop_reason(med) if med.stopped_on else None,
        indication=med.purpose,
        prescriber=med.prescriber,
        events=tuple(_events(med, reach, last, today)),
        taper=_tapers(plans, med, reach),
    )


def _order(med: Medication) -> tuple:
    return (med.as_needed, med.started_on, med.name.casefold())


def regimen(
    plans: MedicationPlan, first: date, last: date, *, today: date
) -> tuple[list[RegimenRow], list[RegimenRow]]:
    """(Medications taken in the range and not stopped by its end; those stopped in the range
    or in the 12 months before it), each ordered scheduled first, then by start."""
    reach = first - timedelta(days=HISTORY_DAYS)
    meds = sorted(plans.medications, key=_order)
    current = [
        m for m in meds if m.started_on <= last and (m.stopped_on is None or m.stopped_on > last)
    ]
    stopped = [m for m in meds if m.stopped_on is not None and reach <= m.stopped_on <= last]
    return (
        [_row(plans, m, first, last, today) for m in current],
        [_row(plans, m, first, last, today) for m in stopped],
    )
