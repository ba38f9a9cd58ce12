"""The account as a FHIR R4 Bundle (type collection) for a clinician's system.

Patient (minimal: a name only when the user set one), a Medication and a MedicationStatement
per schedule version (the regimen as it was from that date), a MedicationAdministration per
logged dose (completed, or not-done with the reason for a skipped one), and the scores and
measures in fhir_scores. Written from the same plain reading of the account as the other
formats. References are the entries' `urn:uuid:` full URLs, as a collection allows.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from tracker.exports import fhir_scores
from tracker.exports.account import Account
from tracker.timeutils import localize, to_local

MEDIA_TYPE = "application/fhir+json"
UCUM = "http://unitsofmeasure.org"
UCUM_UNITS = {"mg": "mg", "µg": "ug", "g": "g", "ml": "mL", "IU": "[IU]", "drops": "[drp]"}
VERSION_LABELS = {"start": "Started", "change": "Changed", "taper": "Taper step"}


def quantity(value: float, unit: str) -> dict[str, Any]:
    """A FHIR Quantity; UCUM-coded where the unit has a UCUM code (tablets and puffs do not)."""
    out: dict[str, Any] = {"value": value, "unit": unit}
    if unit in UCUM_UNITS:
        out |= {"system": UCUM, "code": UCUM_UNITS[unit]}
    return out


class Entries:
    """The Bundle's entries as they are added, each with a fresh urn:uuid full URL."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, resource: dict[str, Any]) -> str:
        url = f"urn:uuid:{uuid.uuid4()}"
        self.items.append({"fullUrl": url, "resource": resource})
        return url


def _patient(profile: dict[str, Any]) -> dict[str, Any]:
    patient: dict[str, Any] = {"resourceType": "Patient"}
    if profile.get("display_name"):
        patient["name"] = [{"text": profile["display_name"]}]
    return patient


def _medication(med: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"resourceType": "Medication", "code": {"text": med["name"]}}
    if med["form"]:
        out["form"] = {"text": med["form"]}
    if med["strength"]:
        out["ingredient"] = [
            {
                "itemCodeableConcept": {"text": med["name"]},
                "strength": {
                    "numerator": quantity(med["strength"], med["unit"]),
                    "denominator": {"value": 1, "unit": med["form"] or "unit"},
                },
            }
        ]
    return out


def _time_of_day(clock: str) -> str:
    return clock if len(clock) == 8 else f"{clock}:00"


def _scheduled_dosage(n: int, dose: dict[str, Any], unit: str) -> dict[str, Any]:
    return {
        "sequence": n,
        "text": f"{dose['amount']:g} {unit} at {dose['at']}",
        "timing": {
            "repeat": {
                "frequency": 1,
                "period": 1,
                "periodUnit": "d",
                "timeOfDay": [_time_of_day(dose["at"])],
            }
        },
        "asNeededBoolean": False,
        "doseAndRate": [{"doseQuantity": quantity(dose["amount"], unit)}],
    }


def _as_needed_dosage(med: dict[str, Any]) -> dict[str, Any]:
    unit, words = med["unit"], ["As needed"]
    out: dict[str, Any] = {"asNeededBoolean": True}
    if med["default_amount"]:
        out["doseAndRate"] = [{"doseQuantity": quantity(med["default_amount"], unit)}]
        words.append(f"usually {med['default_amount']:g} {unit}")
    if med["max_per_24h"]:
        out["maxDosePerPeriod"] = {
            "numerator": quantity(med["max_per_24h"], unit),
            "denominator": {"value": 24, "unit": "h", "system": UCUM, "code": "h"},
        }
        words.append(f"at most {med['max_per_24h']:g} {unit} in 24 hours")
    if med["min_interval_minutes"]:
        words.append(f"at least {med['min_interval_minutes']} minutes apart")
    return {"text": ", ".join(words), **out}


def _status(start: date, end: date | None, stopped: bool, today: date) -> str:
    """MedicationStatement.status of one regimen version as of today."""
    if start > today:
        return "intended"
    if end is not None and end < today:
        return "stopped" if stopped else "completed"
    return "active"


def _statement(
    med: dict[str, Any], med_url: str, patient: str, period: tuple[date, date | None]
) -> dict[str, Any]:
    start, end = period
    effective = {"start": start.isoformat()}
    if end is not None:
        effective["end"] = max(start, end).isoformat()
    out: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "medicationReference": {"reference": med_url, "display": med["name"]},
        "subject": {"reference": patient},
        "effectivePeriod": effective,
        "informationSource": {"reference": patient},
    }
    if med["purpose"]:
        out["reasonCode"] = [{"text": med["purpose"]}]
    return out


class _Regimens:
    """Medication, MedicationStatement and MedicationAdministration resources."""

    def __init__(self, account: Account, entries: Entries, patient: str, today: date) -> None:
        self.tables, self.entries = account.tables, entries
        self.patient, self.today = patient, today
        self.urls: dict[int, str] = {}
        self.meds = {m["ref"]: m for m in account.tables["medications"]}

    def add_all(self) -> None:
        for med in self.meds.values():
            self.urls[med["ref"]] = self.entries.add(_medication(med))
            self._statements(med)
        for event in self.tables["dose_events"]:
            self.entries.add(self._administration(event))

    def _statements(self, med: dict[str, Any]) -> None:
        stopped_on = date.fromisoformat(med["stopped_on"]) if med["stopped_on"] else None
        last_day = stopped_on - timedelta(days=1) if stopped_on else None
        url = self.urls[med["ref"]]
        if med["as_needed"]:
            start = date.fromisoformat(med["started_on"])
            out = _statement(med, url, self.patient, (start, last_day))
            status = _status(start, last_day, stopped_on is not None, self.today)
            self.entries.add({**out, "status": status, "dosage": [_as_needed_dosage(med)]})
            return
        versions = [
            v for v in self.tables["schedule_versions"] if v["medication_ref"] == med["ref"]
        ]
        versions.sort(key=lambda v: v["effective_from"])
        for i, version in enumerate(versions):
            start = date.fromisoformat(version["effective_from"])
            following = versions[i + 1]["effective_from"] if i + 1 < len(versions) else None
            end = date.fromisoformat(following) - timedelta(days=1) if following else last_day
            self.entries.add(self._version(med, version, (start, end), following is None))

    def _version(
        self, med: dict[str, Any], version: dict[str, Any], period: tuple, last: bool
    ) -> dict[str, Any]:
        doses = [
            d for d in self.tables["schedule_doses"] if d["schedule_version_ref"] == version["ref"]
        ]
        out = _statement(med, self.urls[med["ref"]], self.patient, period)
        stopped = last and med["stopped_on"] is not None
        note = VERSION_LABELS.get(version["kind"], version["kind"])
        return {
            **out,
            "status": _status(period[0], period[1], stopped, self.today),
            "dateAsserted": version["created_at"],
            "note": [{"text": f"{note}: {version['note']}" if version["note"] else note}],
            "dosage": [_scheduled_dosage(n, d, med["unit"]) for n, d in enumerate(doses, 1)],
        }

    def _administration(self, event: dict[str, Any]) -> dict[str, Any]:
        med = self.meds[event["medication_ref"]]
        out: dict[str, Any] = {
            "resourceType": "MedicationAdministration",
            "status": "completed" if event["action"] == "taken" else "not-done",
            "medicationReference": {"reference": self.urls[med["ref"]], "display": med["name"]},
            "subject": {"reference": self.patient},
            "effectiveDateTime": event["taken_at"] or _scheduled(event),
        }
        if event["action"] == "skipped":
            out["statusReason"] = [{"text": event["reason"] or "Skipped"}]
        elif event["reason"]:
            out["reasonCode"] = [{"text": event["reason"]}]
        notes = _administration_notes(event)
        if notes:
            out["note"] = [{"text": n} for n in notes]
        if event["amount"] is not None and event["action"] == "taken":
            out["dosage"] = {"dose": quantity(event["amount"], med["unit"])}
        return out


def _scheduled(event: dict[str, Any]) -> str:
    """The instant a scheduled slot was due, in the zone it was planned in."""
    day = date.fromisoformat(event["scheduled_date"])
    at = localize(day, time.fromisoformat(event["scheduled_time"]), event["tz"])
    return to_local(at, event["tz"]).isoformat()


def _administration_notes(event: dict[str, Any]) -> list[str]:
    notes = []
    if event["scheduled_date"]:
        notes.append(f"Scheduled for {event['scheduled_time']} on {event['scheduled_date']}")
    if event["helped"] is not None:
        notes.append(f"How much it helped: {event['helped']} of 10")
    if event["over_limit"]:
        notes.append(event["over_limit"])
    if event["note"]:
        notes.append(event["note"])
    return notes


def bundle(account: Account, *, now: datetime, today: date) -> dict[str, Any]:
    """The whole Bundle; `today` is the user's local date (which regimen is active)."""
    entries = Entries()
    patient = entries.add(_patient(account.profile))
    _Regimens(account, entries, patient, today).add_all()
    fhir_scores.add_all(account, entries, patient)
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{uuid.uuid4()}"},
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": entries.items,
    }


def dumps(resource: dict[str, Any]) -> bytes:
    """FHIR JSON as UTF-8, indented."""
    return (json.dumps(resource, ensure_ascii=False, indent=2) + "\n").encode()
