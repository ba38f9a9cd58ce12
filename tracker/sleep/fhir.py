"""The sleep kind in the FHIR Bundle: each night's total sleep time as an Observation (LOINC
93832-4, minutes, category activity). Naps are not in it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.exports.fhir_codes import ACTIVITY, UCUM, BundleContext, loinc, observation
from tracker.sleep import measures

SLEEP_DURATION = "93832-4"


def _sleep(night: dict[str, Any], patient: str) -> dict[str, Any]:
    asleep = measures.total_sleep_time(
        datetime.fromisoformat(night["tried_to_sleep_at"]),
        datetime.fromisoformat(night["final_awakening_at"]),
        night["sol_minutes"],
        night["waso_minutes"],
    )
    # A night known only by its length has placed times: only its morning is a real date.
    if night["times_known"]:
        when = {"start": night["tried_to_sleep_at"], "end": night["final_awakening_at"]}
        effective: dict[str, Any] = {"effectivePeriod": when}
    else:
        effective = {"effectiveDateTime": night["day"]}
    quantity = {"value": asleep, "unit": "min", "system": UCUM, "code": "min"}
    unrecorded = night["times_known"] and measures.counts_unknown(
        night["sol_minutes"], night["waso_minutes"]
    )
    if unrecorded:  # total sleep counted them as none: the most the night can have been
        quantity["comparator"] = "<="
    return observation(
        loinc(SLEEP_DURATION, "Sleep duration"),
        ACTIVITY,
        patient,
        **effective,
        valueQuantity=quantity,
    )


def add_to_bundle(ctx: BundleContext) -> None:
    """A sleep duration Observation per night."""
    for night in ctx.account.tables["sleep_entries"]:
        ctx.entries.add(_sleep(night, ctx.patient))
