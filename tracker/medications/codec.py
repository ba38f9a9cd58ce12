"""The medications kind in the export file: medications, taper plans, schedule versions and
their doses, dose events, supply settings and supply events, one plain dict per row,
references as file refs (the import reads them back with `tracker.medications.loaders`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from tracker.auth.models import User
from tracker.exports import values as v
from tracker.exports.kinds import Kind, Refs, cells
from tracker.exports.kinds import ref as _ref
from tracker.medications.models import (
    DoseEvent,
    Medication,
    MedicationSupply,
    ScheduleDose,
    ScheduleVersion,
    SupplyEvent,
    TaperPlan,
)


def _medication(m: Medication, refs: Refs) -> dict[str, Any]:
    return {
        "name": m.name,
        "drug_class": m.drug_class,
        "form": m.form,
        "strength": m.strength,
        "unit": m.unit,
        "as_needed": m.as_needed,
        "purpose": m.purpose,
        "prescriber": m.prescriber,
        "started_on": v.day(m.started_on),
        "stopped_on": v.day(m.stopped_on),
        "stop_reason": m.stop_reason,
        "default_amount": m.default_amount,
        "max_per_24h": m.max_per_24h,
        "min_interval_minutes": m.min_interval_minutes,
        "notes": m.notes,
        "created_at": v.utc(m.created_at),
    }


def _taper(t: TaperPlan, refs: Refs) -> dict[str, Any]:
    return {
        "medication_ref": _ref(refs, "medications", t.medication_id),
        "starts_on": v.day(t.starts_on),
        "start_amount": t.start_amount,
        "step": t.step,
        "interval_days": t.interval_days,
        "end_amount": t.end_amount,
        "ends_in_stop": t.ends_in_stop,
        "at": v.clock(t.at),
        "created_at": v.utc(t.created_at),
    }


def _version(s: ScheduleVersion, refs: Refs) -> dict[str, Any]:
    return {
        "medication_ref": _ref(refs, "medications", s.medication_id),
        "effective_from": v.day(s.effective_from),
        "kind": s.kind,
        "taper_plan_ref": _ref(refs, "taper_plans", s.taper_plan_id),
        "note": s.note,
        "created_at": v.utc(s.created_at),
    }


def _schedule_dose(d: ScheduleDose, refs: Refs) -> dict[str, Any]:
    return {
        "schedule_version_ref": _ref(refs, "schedule_versions", d.version_id),
        "at": v.clock(d.at),
        "amount": d.amount,
    }


def _dose_event(e: DoseEvent, refs: Refs) -> dict[str, Any]:
    return {
        "medication_ref": _ref(refs, "medications", e.medication_id),
        "scheduled_date": v.day(e.scheduled_date),
        "scheduled_time": v.clock(e.scheduled_time),
        "action": e.action,
        "taken_at": v.instant(e.taken_at, e.tz),
        "tz": e.tz,
        "amount": e.amount,
        "reason": e.reason,
        "note": e.note,
        "helped": e.helped,
        "over_limit": e.over_limit,
        "created_at": v.utc(e.created_at),
    }


def _supply(s: MedicationSupply, refs: Refs) -> dict[str, Any]:
    return {
        "medication_ref": _ref(refs, "medications", s.medication_id),
        "unit_kind": s.unit_kind,
        "unit_size": s.unit_size,
        "size_unit": s.size_unit,
        "warn_days": s.warn_days,
        "created_at": v.utc(s.created_at),
    }


def _supply_event(e: SupplyEvent, refs: Refs) -> dict[str, Any]:
    return {
        "medication_ref": _ref(refs, "medications", e.medication_id),
        "kind": e.kind,
        "at": v.instant(e.at, e.tz),
        "tz": e.tz,
        "units": e.units,
        "note": e.note,
        "created_at": v.utc(e.created_at),
    }


def _schedule_doses(user: User) -> Select:
    return (
        select(ScheduleDose)
        .join(ScheduleVersion, ScheduleVersion.id == ScheduleDose.version_id)
        .where(ScheduleVersion.user_id == user.id)
    )


MEDICATION_COLUMNS = (
    "name",
    "drug_class",
    "form",
    "strength",
    "unit",
    "as_needed",
    "purpose",
    "prescriber",
    "started_on",
    "stopped_on",
    "stop_reason",
    "default_amount",
    "max_per_24h",
    "min_interval_minutes",
    "notes",
    "created_at",
)
TAPER_COLUMNS = (
    "medication_ref",
    "starts_on",
    "start_amount",
    "step",
    "interval_days",
    "end_amount",
    "ends_in_stop",
    "at",
    "created_at",
)
VERSION_COLUMNS = (
    "medication_ref",
    "effective_from",
    "kind",
    "taper_plan_ref",
    "note",
    "created_at",
)
DOSE_EVENT_COLUMNS = (
    "medication_ref",
    "scheduled_date",
    "scheduled_time",
    "action",
    "taken_at",
    "tz",
    "amount",
    "reason",
    "note",
    "helped",
    "over_limit",
    "created_at",
)

SUPPLY_COLUMNS = (
    "medication_ref",
    "unit_kind",
    "unit_size",
    "size_unit",
    "warn_days",
    "created_at",
)
SUPPLY_EVENT_COLUMNS = ("medication_ref", "kind", "at", "tz", "units", "note", "created_at")

TABLES: tuple[Kind, ...] = (
    Kind(
        "medications",
        Medication,
        MEDICATION_COLUMNS,
        _medication,
        has_ref=True,
        cells=cells(
            numbers=("strength", "default_amount", "max_per_24h", "min_interval_minutes"),
            flags=("as_needed",),
        ),
    ),
    Kind(
        "taper_plans",
        TaperPlan,
        TAPER_COLUMNS,
        _taper,
        has_ref=True,
        cells=cells(
            numbers=("start_amount", "step", "interval_days", "end_amount"),
            flags=("ends_in_stop",),
        ),
    ),
    Kind("schedule_versions", ScheduleVersion, VERSION_COLUMNS, _version, has_ref=True),
    Kind(
        "schedule_doses",
        ScheduleDose,
        ("schedule_version_ref", "at", "amount"),
        _schedule_dose,
        order=lambda d: (d.version_id, d.at, d.id),
        query=_schedule_doses,
        cells=cells(numbers=("amount",)),
    ),
    Kind(
        "dose_events",
        DoseEvent,
        DOSE_EVENT_COLUMNS,
        _dose_event,
        cells=cells(numbers=("amount", "helped")),
    ),
    Kind(
        "medication_supplies",
        MedicationSupply,
        SUPPLY_COLUMNS,
        _supply,
        cells=cells(numbers=("unit_size", "warn_days")),
        table_added_later=True,  # exports from before supply tracking: no rows
    ),
    Kind(
        "supply_events",
        SupplyEvent,
        SUPPLY_EVENT_COLUMNS,
        _supply_event,
        order=lambda e: (e.medication_id, e.at, e.id),
        cells=cells(numbers=("units",)),
        table_added_later=True,
    ),
)
