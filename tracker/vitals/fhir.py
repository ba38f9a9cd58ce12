"""Vitals as FHIR R4 Observations (category vital-signs), with LOINC codes and UCUM units:
body weight 29463-7 (in the unit it was entered in: kg, or [lb_av]), the blood pressure panel
85354-9 with systolic 8480-6 and diastolic 8462-4 (mm[Hg]), and heart rate 8867-4 (/min) for
both the pulse taken with a blood pressure and the resting heart rate (a note says which).

`add_to_bundle(ctx)` is the kind's FHIR part, read from the same
plain reading of the account as the other formats (the `vital_signs` table).
"""

from __future__ import annotations

from typing import Any

from tracker.exports.fhir_codes import UCUM, BundleContext, loinc, notes, observation
from tracker.vitals.codec import TABLE

VITAL_SIGNS = ("vital-signs", "Vital Signs")
WEIGHT = ("29463-7", "Body weight")
BP_PANEL = ("85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = ("8480-6", "Systolic blood pressure")
DIASTOLIC = ("8462-4", "Diastolic blood pressure")
HEART_RATE = ("8867-4", "Heart rate")
WEIGHT_UCUM = {"kg": "kg", "lb": "[lb_av]"}


def _quantity(value: float, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def _mmhg(value: int) -> dict[str, Any]:
    return _quantity(value, "mmHg", "mm[Hg]")


def _per_minute(value: int) -> dict[str, Any]:
    return _quantity(value, "beats/minute", "/min")


def observations(row: dict[str, Any], patient: str) -> list[dict[str, Any]]:
    """One vitals row's Observations: weight, blood pressure, pulse, resting heart rate."""

    def obs(code: tuple[str, str], *more: str | None, **fields: Any) -> dict[str, Any]:
        return observation(
            loinc(*code),
            VITAL_SIGNS,
            patient,
            effectiveDateTime=row["at"],
            **fields,
            **notes(*more, row["note"]),
        )

    out = []
    if row["weight"] is not None:
        unit = row["weight_unit"]
        weight = _quantity(row["weight"], unit, WEIGHT_UCUM[unit])
        out.append(obs(WEIGHT, valueQuantity=weight))
    if row["systolic"] is not None:
        parts = ((SYSTOLIC, row["systolic"]), (DIASTOLIC, row["diastolic"]))
        components = [{"code": loinc(*c), "valueQuantity": _mmhg(v)} for c, v in parts]
        out.append(obs(BP_PANEL, component=components))
    if row["pulse"] is not None:
        taken = "Pulse taken with the blood pressure reading."
        out.append(obs(HEART_RATE, taken, valueQuantity=_per_minute(row["pulse"])))
    if row["heart_rate"] is not None:
        resting = "Resting heart rate."
        out.append(obs(HEART_RATE, resting, valueQuantity=_per_minute(row["heart_rate"])))
    return out


def add_to_bundle(ctx: BundleContext) -> None:
    """Every vitals row's Observations."""
    for row in ctx.account.tables[TABLE]:
        for obs in observations(row, ctx.patient):
            ctx.entries.add(obs)
