"""Tapers: entered once as a plan that creates its future schedule versions (and the stop)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.medications.models import STOP_REASONS, Medication, ScheduleVersion, TaperPlan
from tracker.medications.plan import PlannedDose, taper_steps
from tracker.medications.services import (
    add_version,
    check_positive,
    current_version_date,
    drop_future_versions,
)


@dataclass(frozen=True)
class TaperInput:
    starts_on: date
    start_amount: float
    step: float
    interval_days: int
    end_amount: float
    ends_in_stop: bool
    at: time
    stop_reason: str | None = None


def _check_taper(med: Medication, plan: TaperInput, today: date) -> tuple[list, date | None]:
    if med.as_needed:
        raise Invalid("As-needed medications have no schedule to taper.", "start_amount")
    check_positive(plan.start_amount, "start_amount")
    check_positive(plan.step, "step")
    if not 1 <= plan.interval_days <= 365:
        raise Invalid("Enter between 1 and 365 days.", "interval_days")
    if plan.end_amount < 0 or plan.end_amount >= plan.start_amount:
        raise Invalid("The end amount must be below the start amount.", "end_amount")
    if plan.ends_in_stop and plan.stop_reason not in STOP_REASONS:
        raise Invalid("Choose why the medication stops.", "stop_reason")
    steps, stop = taper_steps(
        starts_on=plan.starts_on,
        start_amount=plan.start_amount,
        step=plan.step,
        interval_days=plan.interval_days,
        end_amount=plan.end_amount,
        ends_in_stop=plan.ends_in_stop,
    )
    if len(steps) > 60:
        raise Invalid("That makes more than 60 steps; use a larger step.", "step")
    current = current_version_date(med, today)
    if plan.starts_on < med.started_on or (current and plan.starts_on <= current < today):
        raise Invalid("Start the taper after the current schedule began.", "starts_on")
    if med.stopped_on is not None and med.stopped_on <= today:
        raise Invalid("The medication is stopped.", "starts_on")
    return steps, stop


def plan_taper(
    user: User, med: Medication, plan: TaperInput, *, today: date, now: datetime
) -> TaperPlan:
    """Enter a taper once; it creates one future schedule version per step (and the stop)."""
    steps, stop = _check_taper(med, plan, today)
    row = TaperPlan(
        user_id=user.id,
        medication_id=med.id,
        starts_on=plan.starts_on,
        start_amount=plan.start_amount,
        step=plan.step,
        interval_days=plan.interval_days,
        end_amount=plan.end_amount,
        ends_in_stop=plan.ends_in_stop,
        at=plan.at.replace(second=0, microsecond=0),
        created_at=now,
    )
    db.session.add(row)
    drop_future_versions(med, plan.starts_on, today)
    for v in list(med.versions):
        if v.effective_from == plan.starts_on:
            med.versions.remove(v)
    db.session.flush()
    for s in steps:
        add_version(
            med,
            effective_from=s.starts_on,
            doses=[PlannedDose(row.at, s.amount)],
            kind="taper",
            note=None,
            now=now,
            taper_plan_id=row.id,
        )
    if stop is not None:
        med.stopped_on, med.stop_reason = stop, plan.stop_reason
    db.session.flush()
    return row


def cancel_version(user: User, med: Medication, version: ScheduleVersion, *, today: date) -> None:
    """Cancel a planned version that has not started; a taper step cancels the rest of it."""
    if version.medication_id != med.id or version.effective_from <= today:
        raise Invalid("Only changes that have not started yet can be cancelled.", None)
    doomed = [
        v
        for v in med.versions
        if v is version
        or (
            version.taper_plan_id is not None
            and v.taper_plan_id == version.taper_plan_id
            and v.effective_from >= version.effective_from
        )
    ]
    for v in doomed:
        med.versions.remove(v)
    if version.taper_plan_id is not None and med.stopped_on and med.stopped_on > today:
        plan = db.session.get(TaperPlan, version.taper_plan_id)
        if plan is not None and plan.ends_in_stop:
            med.stopped_on = med.stop_reason = None
    db.session.flush()


def taper_plans(user: User, med: Medication) -> list[TaperPlan]:
    """The medication's taper plans, oldest first (what each step was planned as)."""
    query = (
        select(TaperPlan)
        .where(TaperPlan.user_id == user.id, TaperPlan.medication_id == med.id)
        .order_by(TaperPlan.starts_on, TaperPlan.id)
    )
    return list(db.session.scalars(query))
