"""Vitals in the export (JSON, CSV) and back in through the import, in the shape of the
other journal kinds (tracker/exports/dump_journal.py, load_journal.py): the shared head (instant
in its zone, zone, local day), the measures, the shared tail (note, created).

The weight is written as entered with its unit, so export → import → export is identical.
"""

from __future__ import annotations

from typing import Any

from tracker.exports import values as v
from tracker.exports.context import Context, Loader, entry_fields
from tracker.exports.kinds import Kind, ProfileSetting, Refs, cells
from tracker.exports.values import Fields
from tracker.vitals.models import VitalSign
from tracker.vitals.services import UNITS, VitalFields, clean_vitals, set_weight_unit

TABLE = "vital_signs"
FIELDS = ("weight", "weight_unit", "systolic", "diastolic", "pulse", "heart_rate")
COLUMNS = ("at", "tz", "day", *FIELDS, "note", "created_at")


def dump(e: VitalSign, refs: Refs) -> dict[str, Any]:
    return {
        "at": v.instant(e.at, e.tz),
        "tz": e.tz,
        "day": v.day(e.day),
        **{name: getattr(e, name) for name in FIELDS},
        "note": e.note,
        "created_at": v.utc(e.created_at),
    }


def load(ctx: Context, f: Fields) -> VitalSign:
    """A vitals row through the same rules as the form (ranges, both BP numbers, a unit)."""
    unit = f.choice("weight_unit", ("kg", "lb"), required=False)
    fields = VitalFields(
        weight=f.number("weight"),
        weight_unit=unit,
        systolic=f.integer("systolic"),
        diastolic=f.integer("diastolic"),
        pulse=f.integer("pulse"),
        heart_rate=f.integer("heart_rate"),
    )
    if fields.weight is not None and unit is None:
        raise f.refuse("weight_unit", "a weight needs its unit, kg or lb.")
    values = clean_vitals(fields, "kg")  # an Invalid names its field: the importer adds the path
    values.pop("note")  # the note is read with the shared columns
    return VitalSign(**entry_fields(ctx, f), **values)


TABLES: tuple[Kind, ...] = (
    Kind(
        TABLE,
        VitalSign,
        COLUMNS,
        dump,
        order=lambda row: (row.at, row.id),
        cells=cells(numbers=("weight", "systolic", "diastolic", "pulse", "heart_rate")),
        table_added_later=True,  # exports from before the kind: no rows
    ),
)
LOADERS: dict[str, Loader] = {TABLE: load}


PROFILE = (
    ProfileSetting(
        "weight_unit",  # "kg" or "lb": how weights are entered and shown
        dump=lambda user: user.weight_unit,
        # Exports from before the choice have none: weights in kg, the default.
        read=lambda f: f.choice("weight_unit", UNITS, required=False) or "kg",
        apply=set_weight_unit,
    ),
)
