"""The medications kind in the FHIR Bundle: Medication, MedicationStatement and
MedicationAdministration resources.

A medication that resolves to the catalog (a brand name to its generic) is coded with the
catalog's WHO ATC code next to its text; a free-text medication keeps its text only. A
statement per schedule version (the regimen as it was from that date); the last one of a
stopped medication is `stopped`, ends on the stop date (the app's "stopped on", the first day
without it) and carries the stop reason. An administration per logged dose: completed, or
not-done with the reason for a skipped one.

The supply (units on hand, refills, counts) is not in the Bundle: MedicationDispense is a
pharmacy's record of handing a medication over, and a count at home has no resource of its
own; it stays in the JSON and CSV exports.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from tracker.exports.fhir_codes import UCUM, BundleContext, notes, quantity
from tracker.medications import catalog
from tracker.medications.models import STOP_REASONS
from tracker.timeutils import localize, to_local

ATC = "http://www.whocc.no/atc"
# WHO's names where they differ from the catalog's generic name (INN spellings).
ATC_NAMES = {"N06BA01": "amfetamine", "N03AG01": "valproic acid"}
VERSION_LABELS = {"start": "Started", "change": "Changed", "taper": "Taper step"}
Period = tuple[date, date | None]


def medication_code(name: str) -> dict[str, Any]:
    """The name as text, with the ATC coding of the catalog entry it resolves to, if any."""
    _, entry = catalog.resolve(name)
    out: dict[str, Any] = {"text": name}
    if entry is not None and entry.atc:
        display = ATC_NAMES.get(entry.atc, entry.name)
        out["coding"] = [{"system": ATC, "code": entry.atc, "display": display}]
    return out


def _medication(med: dict[str, Any]) -> dict[str, Any]:
    code = medication_code(med["name"])
    out: dict[str, Any] = {"resourceType": "Medication", "code": code}
    if med["form"]:
        out["form"] = {"text": med["form"]}
    if med["strength"]:
        out["ingredient"] = [
            {
                "itemCodeableConcept": code,
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


def _status(period: Period, stopped: bool, today: date) -> str:
    """MedicationStatement.status of one regimen version as of `today` (the user's date);
    a stopped medication's last version ends on its stop date, the first day without it."""
    start, end = period
    if start > today:
        return "intended"
    if stopped:
        return "stopped" if end is not None and end <= today else "active"
    return "completed" if end is not None and end < today else "active"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def add_to_bundle(ctx: BundleContext) -> None:
    """Each medication, its statements (one per schedule version), and every logged dose."""
    Regimens(ctx).add_all()


class Regimens:
    """The medications kind in the FHIR Bundle: Medication, MedicationStatement and
    MedicationAdministration resources."""

    def __init__(self, ctx: BundleContext) -> None:
        self.tables, self.entries = ctx.account.tables, ctx.entries
        self.patient, self.today = ctx.patient, ctx.today
        self.urls: dict[int, str] = {}
        self.meds = {m["ref"]: m for m in self.tables["medications"]}

    def add_all(self) -> None:
        for med in self.meds.values():
            self.urls[med["ref"]] = self.entries.add(_medication(med))
            self._statements(med)
        for event in self.tables["dose_events"]:
            self.entries.add(self._administration(event))

    def _statements(self, med: dict[str, Any]) -> None:
        stopped_on = _day(med["stopped_on"])
        if med["as_needed"]:
            period = (date.fromisoformat(med["started_on"]), stopped_on)
            out = self._statement(med, period, last=True)
            self.entries.add({**out, "dosage": [_as_needed_dosage(med)]})
            return
        versions = [
            v for v in self.tables["schedule_versions"] if v["medication_ref"] == med["ref"]
        ]
        versions.sort(key=lambda v: v["effective_from"])
        for i, version in enumerate(versions):
            start = date.fromisoformat(version["effective_from"])
            following = versions[i + 1]["effective_from"] if i + 1 < len(versions) else None
            end = date.fromisoformat(following) - timedelta(days=1) if following else stopped_on
            self.entries.add(self._version(med, version, (start, end), following is None))

    def _statement(self, med: dict[str, Any], period: Period, *, last: bool) -> dict[str, Any]:
        start, end = period
        effective = {"start": start.isoformat()}
        if end is not None:
            effective["end"] = max(start, end).isoformat()
        status = _status(period, last and med["stopped_on"] is not None, self.today)
        out: dict[str, Any] = {
            "resourceType": "MedicationStatement",
            "status": status,
            "medicationReference": {"reference": self.urls[med["ref"]], "display": med["name"]},
            "subject": {"reference": self.patient},
            "effectivePeriod": effective,
            "informationSource": {"reference": self.patient},
        }
        if status == "stopped" and med["stop_reason"]:
            reason = STOP_REASONS.get(med["stop_reason"], med["stop_reason"])
            out["statusReason"] = [{"text": reason}]
        if med["purpose"]:
            out["reasonCode"] = [{"text": med["purpose"]}]
        return out

    def _version(
        self, med: dict[str, Any], version: dict[str, Any], period: Period, last: bool
    ) -> dict[str, Any]:
        doses = [
            d for d in self.tables["schedule_doses"] if d["schedule_version_ref"] == version["ref"]
        ]
        label = VERSION_LABELS.get(version["kind"], version["kind"])
        return {
            **self._statement(med, period, last=last),
            "dateAsserted": version["created_at"],
            "note": [{"text": f"{label}: {version['note']}" if version["note"] else label}],
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
        out |= notes(*_administration_notes(event))
        if event["amount"] is not None and event["action"] == "taken":
            out["dosage"] = {"dose": quantity(event["amount"], med["unit"])}
        return out


def _scheduled(event: dict[str, Any]) -> str:
    """The instant a scheduled slot was due, in the zone it was planned in."""
    day = date.fromisoformat(event["scheduled_date"])
    at = localize(day, time.fromisoformat(event["scheduled_time"]), event["tz"])
    return to_local(at, event["tz"]).isoformat()


def _administration_notes(event: dict[str, Any]) -> list[str | None]:
    out: list[str | None] = []
    if event["scheduled_date"]:
        out.append(f"Scheduled for {event['scheduled_time']} on {event['scheduled_date']}")
    if event["helped"] is not None:
        out.append(f"How much it helped: {event['helped']} of 10")
    return [*out, event["over_limit"], event["note"]]
