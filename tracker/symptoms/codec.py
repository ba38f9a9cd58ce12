"""The symptoms kind in the export file: the user's symptoms (catalog or own, followed or
not) and their rated entries, written and read back by the import through the symptom rules."""

from __future__ import annotations

from typing import Any

from tracker.exports.context import Context, Loader, entry_fields
from tracker.exports.entries import entry, journal
from tracker.exports.kinds import Kind, Refs, cells
from tracker.exports.kinds import ref as _ref
from tracker.exports.values import Fields
from tracker.symptoms import catalog as symptom_catalog
from tracker.symptoms.following import NAME_LIMIT
from tracker.symptoms.models import Symptom, SymptomEntry


def _symptom(s: Symptom, refs: Refs) -> dict[str, Any]:
    return {"key": s.key, "name": s.name, "followed": s.followed, "position": s.position}


def _symptom_entry(e: SymptomEntry, refs: Refs) -> dict[str, Any]:
    return entry(
        e,
        {
            "symptom_ref": _ref(refs, "symptoms", e.symptom_id),
            "severity": e.severity,
            "medication_ref": _ref(refs, "medications", e.medication_id),
        },
    )


TABLES: tuple[Kind, ...] = (
    Kind(
        "symptoms",
        Symptom,
        ("key", "name", "followed", "position"),
        _symptom,
        has_ref=True,
        cells=cells(numbers=("position",), flags=("followed",)),
    ),
    journal(
        "symptom_entries",
        SymptomEntry,
        ("symptom_ref", "severity", "medication_ref"),
        _symptom_entry,
        cells=cells(numbers=("severity",)),
    ),
)


def symptom(ctx: Context, f: Fields) -> Symptom:
    key = f.text("key", 40)
    if key is not None and symptom_catalog.lookup(key) is None:
        raise f.refuse("key", f"{key!r} is not a symptom of the catalog.")
    name = " ".join((f.text("name", NAME_LIMIT, required=True) or "").split())
    ctx.once(f, "name", "symptom-name", name, "a second symptom with that name.")
    if key is not None:
        ctx.once(f, "key", "symptom-key", key, "that catalog symptom is listed twice.")
    return Symptom(
        user_id=ctx.user.id,
        key=key,
        name=name,
        followed=f.flag("followed"),
        position=f.integer("position", 0, 1_000_000, required=True),
    )


def symptom_entry(ctx: Context, f: Fields) -> SymptomEntry:
    row = ctx.ref(f, "symptom_ref", "symptoms")
    med = ctx.ref(f, "medication_ref", "medications", required=False)
    return SymptomEntry(
        **entry_fields(ctx, f),
        symptom_id=row.id,
        severity=f.integer("severity", 0, 10, required=True),
        medication_id=med.id if med is not None else None,
    )


LOADERS: dict[str, Loader] = {"symptoms": symptom, "symptom_entries": symptom_entry}
