"""The check-ins kind in the FHIR Bundle: each rated scale of a mood check-in as an Observation
(category survey), and the `self-ratings` CodeSystem it shares with the symptoms kind.

No published code names these self-ratings, so they are coded in a CodeSystem of this
instance (`self-ratings`, carried in the Bundle whenever one is used): the check-in scales
by their keys (`mood`, `anxiety`, `irritability`, `energy`, `focus`), the catalog's symptoms
as `symptom-<key>` (`symptom-brain_fog`), and a symptom the user named as `symptom-own` with
its name as the text. Each concept's definition gives the 0–10 meaning. The value is a
`valueInteger` 0–10 (a rating, not a measured quantity: no unit), effective at the entry's
instant with the offset of the zone it was made in; one Observation per rated scale.
"""

from __future__ import annotations

from typing import Any

from tracker.checkins.scales import SCALES
from tracker.exports.fhir_codes import (
    SURVEY,
    BundleContext,
    Canonicals,
    code_system,
    coded,
    notes,
    observation,
)
from tracker.symptoms import catalog as symptom_catalog
from tracker.symptoms.services import SCALE_HELP

NAME = "self-ratings"
OWN_SYMPTOM = "symptom-own"
OWN_DISPLAY = "A symptom the user named"


def _concepts() -> list[dict[str, Any]]:
    scales = [
        {
            "code": s.key,
            "display": s.label,
            "definition": f"Check-in: {s.question} Rated 0 to 10: {s.anchor_text}.",
        }
        for s in SCALES
    ]
    symptoms = [
        {
            "code": f"symptom-{s.key}",
            "display": s.label,
            "definition": f"{s.label}: {s.description} Severity rated 0 to 10: {SCALE_HELP}.",
        }
        for s in symptom_catalog.CATALOG
    ]
    own = {
        "code": OWN_SYMPTOM,
        "display": OWN_DISPLAY,
        "definition": "A symptom the user added by name (the Observation's code.text names it). "
        f"Severity rated 0 to 10: {SCALE_HELP}.",
    }
    return [*scales, *symptoms, own]


def self_ratings(canonicals: Canonicals) -> dict[str, Any]:
    """The CodeSystem of the check-in scales and symptoms, with what 0 and 10 mean."""
    return code_system(
        canonicals.url("CodeSystem", NAME),
        "SelfRatings",
        "Self-ratings: check-in scales and symptom severities",
        "What a person rated about themselves, each a whole number from 0 to 10: the mood "
        "check-in's scales, and the severity of side effects and symptoms.",
        _concepts(),
    )


def rating(
    ctx: BundleContext, code: dict[str, Any], row: dict[str, Any], value: int, *more: str | None
) -> dict[str, Any]:
    """A self-rating's Observation at its entry's instant, with the entry's note last."""
    fields = {"effectiveDateTime": row["at"], "valueInteger": value}
    return observation(code, SURVEY, ctx.patient, **fields, **notes(*more, row["note"]))


def add_ratings(ctx: BundleContext, observations: list[dict[str, Any]]) -> None:
    """The self-ratings CodeSystem (once, when a rating uses it), then the Observations."""
    if observations:
        ctx.entries.definition(self_ratings(ctx.canonicals))
    for obs in observations:
        ctx.entries.add(obs)


def add_to_bundle(ctx: BundleContext) -> None:
    """An Observation per rated scale of each check-in."""
    system = ctx.canonicals.url("CodeSystem", NAME)
    add_ratings(
        ctx,
        [
            rating(ctx, coded(system, s.key, s.label), row, row[s.key])
            for row in ctx.account.tables["mood_checkins"]
            for s in SCALES
            if row[s.key] is not None
        ],
    )
