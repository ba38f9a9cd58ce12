"""Lab results as FHIR R4 Observations (category laboratory): coded with LOINC where the
catalog has a confirmed code for the test in that unit (tracker/labs/catalog.py), by its
text alone otherwise; the value in UCUM where the unit has a UCUM code; the lab's range as
entered as `referenceRange` (text "As printed by the lab"); the last dose before the draw as
a note. No `interpretation`: the app never judges a value.

`add_to_bundle(ctx)` is the kind's FHIR part, read from the same
plain reading of the account as the other formats (the `lab_results` table).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.exports.fhir_codes import UCUM, BundleContext, loinc, notes, observation
from tracker.labs import catalog
from tracker.labs.codec import TABLE

LABORATORY = ("laboratory", "Laboratory")
RANGE_TEXT = "As printed by the lab"


def quantity(value: float, unit: str) -> dict[str, Any]:
    """A Quantity, UCUM-coded when the unit is one the catalog knows."""
    out: dict[str, Any] = {"value": value, "unit": unit}
    if unit in catalog.UCUM:
        out |= {"system": UCUM, "code": catalog.UCUM[unit]}
    return out


def code(row: dict[str, Any]) -> dict[str, Any]:
    """The test's CodeableConcept: LOINC for a known test in a unit of its code, else text."""
    test = catalog.lookup(row["test"])
    if test is None:
        return {"text": row["name"]}
    found = test.code(row["unit"])
    if found is None:
        return {"text": test.label}
    return {**loinc(*found), "text": test.label}


def reference_range(row: dict[str, Any]) -> dict[str, Any]:
    ends = {"low": row["ref_low"], "high": row["ref_high"]}
    given = {k: quantity(v, row["unit"]) for k, v in ends.items() if v is not None}
    return {"referenceRange": [{**given, "text": RANGE_TEXT}]} if given else {}


def _dose_note(row: dict[str, Any]) -> str | None:
    if row["last_dose_at"] is None:
        return None
    gap = datetime.fromisoformat(row["at"]) - datetime.fromisoformat(row["last_dose_at"])
    hours = gap.total_seconds() / 3600
    return f"Last dose before the draw: {row['last_dose_at']} ({hours:.1f} h before)."


def observation_of(row: dict[str, Any], patient: str) -> dict[str, Any]:
    """One result's Observation."""
    return observation(
        code(row),
        LABORATORY,
        patient,
        effectiveDateTime=row["at"],
        valueQuantity=quantity(row["value"], row["unit"]),
        **reference_range(row),
        **notes(_dose_note(row), row["note"]),
    )


def add_to_bundle(ctx: BundleContext) -> None:
    """Every result's Observation."""
    for row in ctx.account.tables[TABLE]:
        ctx.entries.add(observation_of(row, ctx.patient))
