"""The import's loaders of the medications kind: medications, their taper plans, schedule
versions and doses, dose events, supply settings and events (the tables
`tracker.medications.codec` writes).

Each field goes through the medication rules (names, classes, units, amounts, limits); rules
that depend on "today" (a change must start after the current version) are about entering
new data and are not applied to history being restored.
"""

from __future__ import annotations

from typing import Any

from tracker.exports.context import NOTE_LIMIT, Context, Loader
from tracker.exports.values import Fields, ImportRefused
from tracker.journal import text
from tracker.medications.doses import checked_amount
from tracker.medications.models import (
    STOP_REASONS,
    SUPPLY_EVENT_KINDS,
    VERSION_KINDS,
    DoseEvent,
    Medication,
    MedicationSupply,
    ScheduleDose,
    ScheduleVersion,
    SupplyEvent,
    TaperPlan,
)
from tracker.medications.services import MedicationFields, apply_fields, check_positive
from tracker.medications.supply import MAX_UNITS, SupplyFields, check_fields


def medication(ctx: Context, f: Fields) -> Medication:
    fields = MedicationFields(
        name=f.text("name", 100, required=True) or "",
        drug_class=f.text("drug_class", 40),
        form=f.text("form", 20),
        strength=f.number("strength"),
        unit=f.text("unit", 10, required=True) or "",
        as_needed=bool(f.flag("as_needed")),
        purpose=f.text("purpose", 200),
        prescriber=f.text("prescriber", 100),
        started_on=f.date("started_on"),
        default_amount=f.number("default_amount"),
        max_per_24h=f.number("max_per_24h"),
        min_interval_minutes=f.integer("min_interval_minutes"),
        notes=f.text("notes", 2000),
    )
    med = Medication(user_id=ctx.user.id, created_at=ctx.instant(f, "created_at"))
    apply_fields(med, fields)  # the same checks as the medication form
    med.started_on = fields.started_on
    med.stopped_on = f.date("stopped_on", required=False)
    med.stop_reason = f.choice("stop_reason", STOP_REASONS, required=False)
    if med.stopped_on is not None and med.stopped_on <= med.started_on:
        raise f.refuse("stopped_on", "the stop must come after the start.")
    if (med.stopped_on is None) != (med.stop_reason is None):
        raise f.refuse("stop_reason", "a stop date and its reason go together.")
    return med


def taper_plan(ctx: Context, f: Fields) -> TaperPlan:
    med = ctx.ref(f, "medication_ref", "medications")
    start = check_positive(f.number("start_amount", required=True), "start_amount")
    step = check_positive(f.number("step", required=True), "step")
    interval = f.integer("interval_days", 1, 365, required=True)
    end = f.number("end_amount", required=True)
    if end is None or start is None or not 0 <= end < start:
        raise f.refuse("end_amount", "the end amount must be below the start amount.")
    return TaperPlan(
        user_id=ctx.user.id,
        medication_id=med.id,
        starts_on=f.date("starts_on"),
        start_amount=start,
        step=step,
        interval_days=interval,
        end_amount=end,
        ends_in_stop=f.flag("ends_in_stop"),
        at=f.clock("at"),
        created_at=ctx.instant(f, "created_at"),
    )


def schedule_version(ctx: Context, f: Fields) -> ScheduleVersion:
    med = ctx.ref(f, "medication_ref", "medications")
    if med.as_needed:
        raise f.refuse("medication_ref", f"{med.name} is taken as needed and has no schedule.")
    effective_from = f.date("effective_from")
    if effective_from < med.started_on:
        raise f.refuse("effective_from", f"comes before the start ({med.started_on}).")
    ctx.once(
        f, "effective_from", f"version:{id(med)}", effective_from, "a second version that day."
    )
    taper = ctx.ref(f, "taper_plan_ref", "taper_plans", required=False)
    if taper is not None and taper.medication_id != med.id:
        raise f.refuse("taper_plan_ref", "that taper belongs to another medication.")
    return ScheduleVersion(
        user_id=ctx.user.id,
        medication_id=med.id,
        effective_from=effective_from,
        kind=f.choice("kind", VERSION_KINDS),
        taper_plan_id=taper.id if taper is not None else None,
        note=text(f.text("note", 200), 200, "note"),
        created_at=ctx.instant(f, "created_at"),
    )


def schedule_dose(ctx: Context, f: Fields) -> ScheduleDose:
    version = ctx.ref(f, "schedule_version_ref", "schedule_versions")
    at = f.clock("at")
    ctx.once(f, "at", f"dose:{id(version)}", at, "each time of day can appear once a version.")
    return ScheduleDose(
        version_id=version.id,
        at=at,
        amount=check_positive(f.number("amount", required=True), "amount"),
    )


def _has_doses(ctx: Context) -> None:
    """A schedule version without a single dose time is not a schedule."""
    versions = ctx.refs.get("schedule_versions", {})
    for ref, version in versions.items():
        if not ctx.seen.get(f"dose:{id(version)}"):
            raise ImportRefused(f"schedule_versions (ref {ref})", "has no dose in schedule_doses.")


def _slot(ctx: Context, f: Fields, med: Medication, action: str) -> tuple[Any, Any]:
    day = f.date("scheduled_date", required=not med.as_needed)
    at = f.clock("scheduled_time", required=not med.as_needed)
    if med.as_needed and (day is not None or at is not None):
        raise f.refuse("scheduled_date", f"{med.name} is taken as needed: no scheduled slot.")
    if med.as_needed and action != "taken":
        raise f.refuse("action", "an as-needed dose is logged only when taken.")
    if day is not None:
        ctx.once(f, "scheduled_time", f"slot:{id(med)}", (day, at), "that slot is logged twice.")
    return day, at


def dose_event(ctx: Context, f: Fields) -> DoseEvent:
    med = ctx.ref(f, "medication_ref", "medications")
    action = f.choice("action", ("taken", "skipped")) or ""
    day, at = _slot(ctx, f, med, action)
    taken_at = ctx.instant(f, "taken_at", required=action == "taken")
    if action == "skipped" and taken_at is not None:
        raise f.refuse("taken_at", "a skipped dose has no time taken.")
    amount = f.number("amount")
    return DoseEvent(
        user_id=ctx.user.id,
        medication_id=med.id,
        scheduled_date=day,
        scheduled_time=at,
        action=action,
        taken_at=taken_at,
        tz=f.zone("tz"),
        amount=checked_amount(amount, None) if amount is not None else None,
        reason=text(f.text("reason", 200), 200, "reason"),
        note=text(f.text("note", NOTE_LIMIT), NOTE_LIMIT, "note"),
        helped=f.integer("helped", 0, 10),
        over_limit=f.text("over_limit", 300),
        created_at=ctx.instant(f, "created_at"),
    )


def medication_supply(ctx: Context, f: Fields) -> MedicationSupply:
    med = ctx.ref(f, "medication_ref", "medications")
    ctx.once(f, "medication_ref", "supply", id(med), "a second supply for one medication.")
    fields = check_fields(  # the same checks as the supply form
        med,
        SupplyFields(
            unit_kind=f.text("unit_kind", 20, required=True) or "",
            unit_size=f.number("unit_size", required=True),
            size_unit=f.text("size_unit", 10, required=True),
            warn_days=f.integer("warn_days", 0, 90, required=True),
        ),
    )
    return MedicationSupply(
        user_id=ctx.user.id,
        medication_id=med.id,
        unit_kind=fields.unit_kind,
        unit_size=fields.unit_size,
        size_unit=fields.size_unit,
        warn_days=fields.warn_days,
        created_at=ctx.instant(f, "created_at"),
    )


def supply_event(ctx: Context, f: Fields) -> SupplyEvent:
    med = ctx.ref(f, "medication_ref", "medications")
    kind = f.choice("kind", SUPPLY_EVENT_KINDS) or ""
    units = f.number("units", required=True)
    low_ok = units is not None and (units >= 0 if kind == "count" else units > 0)
    if units is None or not low_ok or units > MAX_UNITS:
        raise f.refuse("units", "a count is 0 or more units, a refill above 0.")
    return SupplyEvent(
        user_id=ctx.user.id,
        medication_id=med.id,
        kind=kind,
        at=ctx.instant(f, "at"),
        tz=f.zone("tz"),
        units=units,
        note=text(f.text("note", 200), 200, "note"),
        created_at=ctx.instant(f, "created_at"),
    )


LOADERS: dict[str, Loader] = {
    "medications": medication,
    "taper_plans": taper_plan,
    "schedule_versions": schedule_version,
    "schedule_doses": schedule_dose,
    "dose_events": dose_event,
    "medication_supplies": medication_supply,
    "supply_events": supply_event,
}
CHECKS = {"schedule_doses": _has_doses}  # once all its rows are read
