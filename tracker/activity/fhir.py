"""The activity kind in the FHIR Bundle: daily steps as one Observation per local day (LOINC
41950-7 is a daily total, so never one per entry), and each practice entry as an Observation
named by its text alone (no standard code covers mindfulness minutes or a user's own
"Prayer": none is guessed), both category activity. Substances and the sessions' minutes are
not in it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tracker.activity.catalog import practice_label
from tracker.exports.fhir_codes import (
    ACTIVITY,
    UCUM,
    BundleContext,
    loinc,
    notes,
    observation,
    quantity,
)

DAILY_STEPS = "41950-7"


def _daily_steps(activities: list[dict[str, Any]]) -> dict[str, int]:
    """Steps per local day, over the activity entries that have a step count."""
    days: dict[str, int] = defaultdict(int)
    for entry in activities:
        if entry["steps"] is not None:
            days[entry["day"]] += entry["steps"]
    return dict(sorted(days.items()))


def _practices(ctx: BundleContext) -> None:
    tables = ctx.account.tables
    own = {row["ref"]: row["name"] for row in tables["own_practices"]}
    for e in tables["practice_entries"]:
        name = (
            own[e["own_practice_ref"]] if e["practice"] is None else practice_label(e["practice"])
        )
        value = (
            {"valueBoolean": e["done"]}
            if e["minutes"] is None
            else {"valueQuantity": {**quantity(e["minutes"], "min"), "system": UCUM, "code": "min"}}
        )
        helpful = f"Helpful: {e['helpful']}/10" if e["helpful"] is not None else None
        ctx.entries.add(
            observation(
                {"text": name},
                ACTIVITY,
                ctx.patient,
                effectiveDateTime=e["at"],
                **value,
                **notes(helpful, e["note"]),
            )
        )


def add_to_bundle(ctx: BundleContext) -> None:
    """A steps Observation per local day with steps, and one per practice entry."""
    for day, steps in _daily_steps(ctx.account.tables["activity_entries"]).items():
        value = {"value": steps, "unit": "steps", "system": UCUM, "code": "{steps}"}
        code = loinc(DAILY_STEPS, "Number of steps in 24 hour Measured")
        ctx.entries.add(
            observation(code, ACTIVITY, ctx.patient, effectiveDateTime=day, valueQuantity=value)
        )
    _practices(ctx)
