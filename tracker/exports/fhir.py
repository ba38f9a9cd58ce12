"""The account as a FHIR R4 Bundle (type collection) for a clinician's system.

Patient (minimal: a name only when the user set one), then each kind's resources in the
registry's order, added by the kind's own mapping (its `fhir`, e.g. the medications' regimen
and every logged dose, the questionnaires' PHQ-9, GAD-7 and FIBSER, sleep durations, daily
steps, mood and symptom ratings), with this instance's own Questionnaires and CodeSystems
where those use them (named as fhir_codes says). Written from the same plain reading of the
account as the other formats. References are the entries' `urn:uuid:` full URLs, as a
collection allows.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from tracker import registry
from tracker.exports.account import Account
from tracker.exports.fhir_codes import BundleContext, Canonicals, Entries

MEDIA_TYPE = "application/fhir+json"


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
    patient = entries.add(_patient(account.profile))
    ctx = BundleContext(account, entries, patient, Canonicals(public_url), today)
    for kind in registry.KINDS:
        if kind.fhir is not None:
            kind.fhir(ctx)
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
