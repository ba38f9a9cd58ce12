"""Mood check-ins and symptom severities as Observations (category survey).

No published code names these self-ratings, so they are coded in a CodeSystem of this
instance (`self-ratings`, carried in the Bundle whenever one is used): the check-in scales
by their keys (`mood`, `anxiety`, `irritability`, `energy`, `focus`), the catalog's symptoms
as `symptom-<key>` (`symptom-brain_fog`), and a symptom the user named as `symptom-own` with
its name as the text. Each concept's definition gives the 0–10 meaning. The value is a
`valueInteger` 0–10 (a rating, not a measured quantity: no unit), effective at the entry's
instant with the offset of the zone it was made in; one Observation per rated scale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.checkins.scales import SCALES
from tracker.exports.fhir_codes import SURVEY, Canonicals, code_system, coded, notes, observation
from tracker.symptoms import catalog as symptom_catalog
from tracker.symptoms.services import SCALE_HELP

if TYPE_CHECKING:
    from tracker.exports.account import Account
    from tracker.exports.fhir import Entries

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


class _Ratings:
    """The Observations of the check-ins and symptom entries, coded in `self-ratings`."""

    def __init__(self, account: Account, patient: str, system: str) -> None:
        self.tables, self.patient, self.system = account.tables, patient, system
        self.symptoms = {s["ref"]: s for s in account.tables["symptoms"]}
        self.meds = {m["ref"]: m["name"] for m in account.tables["medications"]}

    def all(self) -> list[dict[str, Any]]:
        out = [o for row in self.tables["mood_checkins"] for o in self._checkin(row)]
        return out + [self._symptom(row) for row in self.tables["symptom_entries"]]

    def _rating(
        self, code: dict[str, Any], row: dict[str, Any], value: int, *more: str | None
    ) -> dict[str, Any]:
        fields = {"effectiveDateTime": row["at"], "valueInteger": value}
        return observation(code, SURVEY, self.patient, **fields, **notes(*more, row["note"]))

    def _checkin(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            self._rating(coded(self.system, s.key, s.label), row, row[s.key])
            for s in SCALES
            if row[s.key] is not None
        ]

    def _symptom(self, row: dict[str, Any]) -> dict[str, Any]:
        symptom = self.symptoms[row["symptom_ref"]]
        known = symptom_catalog.lookup(symptom["key"])
        if known is not None:
            code = coded(self.system, f"symptom-{known.key}", known.label, symptom["name"])
        else:
            code = coded(self.system, OWN_SYMPTOM, OWN_DISPLAY, symptom["name"])
        med = self.meds.get(row["medication_ref"])
        suspect = f"The medication the user suspects: {med}" if med else None
        return self._rating(code, row, row["severity"], suspect)


def add_all(account: Account, entries: Entries, patient: str, canonicals: Canonicals) -> None:
    """The self-ratings CodeSystem (when used), then each rating's Observation."""
    ratings = _Ratings(account, patient, canonicals.url("CodeSystem", NAME)).all()
    if ratings:
        entries.add(self_ratings(canonicals))
    for obs in ratings:
        entries.add(obs)
