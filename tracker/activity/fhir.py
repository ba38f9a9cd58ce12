"""The activity kind in the FHIR Bundle: daily steps as one Observation per local day (LOINC
41950-7 is a daily total, so never one per entry), category activity. Practices, substances
and the sessions' minutes are not in it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tracker.exports.fhir_codes import ACTIVITY, UCUM, BundleContext, loinc, observation

DAILY_STEPS = "41950-7"


def _daily_steps(activities: list[dict[str, Any]]) -> dict[str, int]:
    """Steps per local day, over the activity entries that have a step count."""
    days: dict[str, int] = defaultdict(int)
    for entry in activities:
        if entry["steps"] is not None:
            days[entry["day"]] += entry["steps"]
    return dict(sorted(days.items()))


def add_to_bundle(ctx: BundleContext) -> None:
    """A steps Observation per local day with steps."""
    for day, steps in _daily_steps(ctx.account.tables["activity_entries"]).items():
        value = {"value": steps, "unit": "steps", "system": UCUM, "code": "{steps}"}
        code = loinc(DAILY_STEPS, "Number of steps in 24 hour Measured")
        ctx.entries.add(
            observation(code, ACTIVITY, ctx.patient, effectiveDateTime=day, valueQuantity=value)
        )
