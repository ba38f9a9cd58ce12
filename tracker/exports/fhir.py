"""The account as a FHIR R4 Bundle (type collection) for a clinician's system.

Patient (minimal: a name only when the user set one), the regimen and every logged dose
(fhir_medications), PHQ-9, GAD-7, sleep and steps (fhir_scores), FIBSER (fhir_fibser), and
mood check-ins and symptom severities (fhir_journal), with this instance's own Questionnaires
and CodeSystems where those use them (named as fhir_codes says). Written from the same plain
reading of the account as the other formats. References are the entries' `urn:uuid:` full
URLs, as a collection allows.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from tracker.exports import fhir_fibser, fhir_journal, fhir_scores
from tracker.exports.account import Account
from tracker.exports.fhir_codes import Canonicals
from tracker.exports.fhir_medications import Regimens

MEDIA_TYPE = "application/fhir+json"


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


def bundle(
    account: Account, *, now: datetime, today: date, public_url: str | None = None
) -> dict[str, Any]:
    """The whole Bundle; `today` is the user's local date (which regimen is active), and
    `public_url` the instance's address its own definitions are named under (if it has one)."""
    entries = Entries()
    canonicals = Canonicals(public_url)
    patient = entries.add(_patient(account.profile))
    Regimens(account, entries, patient, today).add_all()
    fhir_scores.add_all(account, entries, patient, canonicals)
    fhir_fibser.add_all(account, entries, patient, canonicals)
    fhir_journal.add_all(account, entries, patient, canonicals)
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
