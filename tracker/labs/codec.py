"""Lab results in the export (JSON, CSV) and back in through the import, in the shape of the
other journal kinds (tracker/exports/dump_journal.py, load_journal.py): the shared head (the
draw's instant in its zone, zone, local day), the result, the shared tail (note, created).

`test` is the catalog's key (null for a test the user named in `name`); `last_dose_at` is
written in the zone of the draw.
"""

from __future__ import annotations

from typing import Any

from tracker.exports import values as v
from tracker.exports.context import Context, Loader, entry_fields
from tracker.exports.kinds import Kind, Refs, cells
from tracker.exports.values import Fields
from tracker.labs import catalog
from tracker.labs.models import LabResult
from tracker.labs.services import NAME_LIMIT, UNIT_LIMIT, LabFields, clean_lab

TABLE = "lab_results"
FIELDS = ("test", "name", "value", "unit", "ref_low", "ref_high")
COLUMNS = ("at", "tz", "day", *FIELDS, "last_dose_at", "note", "created_at")


def dump(e: LabResult, refs: Refs) -> dict[str, Any]:
    return {
        "at": v.instant(e.at, e.tz),
        "tz": e.tz,
        "day": v.day(e.day),
        **{name: getattr(e, name) for name in FIELDS},
        "last_dose_at": v.instant(e.last_dose_at, e.tz),
        "note": e.note,
        "created_at": v.utc(e.created_at),
    }


def load(ctx: Context, f: Fields) -> LabResult:
    """A result through the same rules as the form (catalog, numbers, range, dose before)."""
    head = entry_fields(ctx, f)
    test = f.choice("test", tuple(catalog.BY_KEY), required=False)
    fields = LabFields(
        test=test,
        name=f.text("name", NAME_LIMIT),
        value=f.number("value", required=True),
        unit=f.text("unit", UNIT_LIMIT, required=True),
        ref_low=f.number("ref_low"),
        ref_high=f.number("ref_high"),
        last_dose_at=ctx.instant(f, "last_dose_at", required=False),
    )
    if test is not None and fields.name is not None:
        raise f.refuse("name", "a test of the catalog has no name of its own.")
    values = clean_lab(fields, head["at"])  # an Invalid names its field: the importer adds the path
    values.pop("note")  # the note is read with the shared columns
    return LabResult(**head, **values)


TABLES: tuple[Kind, ...] = (
    Kind(
        TABLE,
        LabResult,
        COLUMNS,
        dump,
        order=lambda row: (row.at, row.id),
        cells=cells(numbers=("value", "ref_low", "ref_high")),
        table_added_later=True,  # exports from before the kind: no rows
    ),
)
LOADERS: dict[str, Loader] = {TABLE: load}
