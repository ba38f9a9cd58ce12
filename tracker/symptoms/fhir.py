"""The symptoms kind in the FHIR Bundle: each symptom entry's 0–10 severity as an Observation
(category survey), coded in the `self-ratings` CodeSystem it shares with the check-ins
(tracker/checkins/fhir.py says how), with the medication the user suspects as a note."""

from __future__ import annotations

from typing import Any

from tracker.checkins.fhir import NAME, OWN_DISPLAY, OWN_SYMPTOM, add_ratings, rating
from tracker.exports.fhir_codes import BundleContext, coded
from tracker.symptoms import catalog as symptom_catalog


def _severity(
    ctx: BundleContext, system: str, row: dict[str, Any], symptom: dict[str, Any], med: str | None
) -> dict[str, Any]:
    known = symptom_catalog.lookup(symptom["key"])
    if known is not None:
        code = coded(system, f"symptom-{known.key}", known.label, symptom["name"])
    else:
        code = coded(system, OWN_SYMPTOM, OWN_DISPLAY, symptom["name"])
    suspect = f"The medication the user suspects: {med}" if med else None
    return rating(ctx, code, row, row["severity"], suspect)


def add_to_bundle(ctx: BundleContext) -> None:
    """An Observation per symptom entry."""
    tables = ctx.account.tables
    system = ctx.canonicals.url("CodeSystem", NAME)
    symptoms = {s["ref"]: s for s in tables["symptoms"]}
    meds = {m["ref"]: m["name"] for m in tables["medications"]}
    add_ratings(
        ctx,
        [
            _severity(
                ctx, system, row, symptoms[row["symptom_ref"]], meds.get(row["medication_ref"])
            )
            for row in tables["symptom_entries"]
        ],
    )
