"""What the kinds' FHIR mappings share: the Bundle's entries and what a mapping is given
(`BundleContext`), code systems, units, the Observation shape, and the canonical URLs of this
instance's own definitions (Questionnaires and CodeSystems).

A kind's `fhir` (tracker/kind.py) is a function of a `BundleContext`: it reads the kind's
tables from `account` (the plain reading every format is written from), adds its resources
to `entries` (its own definitions with `entries.definition`, once however many kinds use
them), and points them at the `patient`.

Our own definitions are named under the instance's public URL when it has one
(`TRACKER_PUBLIC_URL=https://tracker.example.org` gives
`https://tracker.example.org/fhir/CodeSystem/self-ratings`). Lacking it (the default: the
server does not know the address it is reached at, and the CLI export has no request), each
is named by a name-based UUID (RFC 4122 version 5, URL namespace) of its old `.invalid` URL,
`urn:uuid:…`: the same in every export of every instance, since the definitions are the
app's and mean the same everywhere, and never resolved or fetched by anyone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: the account is read from the kinds, whose mappings use these
    from tracker.exports.account import Account

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
UCUM_UNITS = {"mg": "mg", "µg": "ug", "g": "g", "ml": "mL", "IU": "[IU]", "drops": "[drp]"}
# The name the urn:uuid of a definition is derived from, when there is no public URL.
UUID_NAME_BASE = "http://tracker.invalid/fhir/"
DEFINITIONS_VERSION = "1"

SURVEY = ("survey", "Survey")
ACTIVITY = ("activity", "Activity")


class Entries:
    """The Bundle's entries as they are added, each with a fresh urn:uuid full URL."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.definitions: set[str] = set()

    def add(self, resource: dict[str, Any]) -> str:
        url = f"urn:uuid:{uuid.uuid4()}"
        self.items.append({"fullUrl": url, "resource": resource})
        return url

    def definition(self, resource: dict[str, Any]) -> None:
        """One of our Questionnaires or CodeSystems, added once by its canonical `url`."""
        if resource["url"] not in self.definitions:
            self.definitions.add(resource["url"])
            self.add(resource)


class Canonicals:
    """The canonical URLs of this instance's own Questionnaires and CodeSystems."""

    def __init__(self, public_url: str | None = None) -> None:
        base = (public_url or "").strip().rstrip("/")
        self.base = f"{base}/fhir/" if base.startswith(("https://", "http://")) else None

    def url(self, resource_type: str, name: str) -> str:
        """`https://host/fhir/CodeSystem/self-ratings`, or its fixed `urn:uuid:` without one."""
        path = f"{resource_type}/{name}"
        if self.base is not None:
            return self.base + path
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, UUID_NAME_BASE + path)}"


def quantity(value: float, unit: str) -> dict[str, Any]:
    """A FHIR Quantity; UCUM-coded where the unit has a UCUM code (tablets and puffs do not)."""
    out: dict[str, Any] = {"value": value, "unit": unit}
    if unit in UCUM_UNITS:
        out |= {"system": UCUM, "code": UCUM_UNITS[unit]}
    return out


def loinc(code: str, display: str) -> dict[str, Any]:
    return coded(LOINC, code, display)


def coded(system: str, code: str, display: str, text: str | None = None) -> dict[str, Any]:
    """A CodeableConcept of one coding, with its text (the display unless given)."""
    coding = {"system": system, "code": code, "display": display}
    return {"coding": [coding], "text": text or display}


def category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": code, "display": display}]}]


def ordinal(coding: dict[str, Any], value: int) -> dict[str, Any]:
    """A Coding with the score it stands for as its ordinal value."""
    return {"extension": [{"url": ORDINAL, "valueDecimal": value}], **coding}


def observation(
    code: dict[str, Any], kind: tuple[str, str], patient: str, **fields: Any
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": category(*kind),
        "code": code,
        "subject": {"reference": patient},
        **fields,
    }


def notes(*texts: str | None) -> dict[str, Any]:
    """`note` with each text given, or nothing when there is none."""
    kept = [{"text": t} for t in texts if t]
    return {"note": kept} if kept else {}


def code_system(
    url: str, name: str, title: str, description: str, concepts: list[dict[str, Any]]
) -> dict[str, Any]:
    """One of our CodeSystems, complete: every code with its display and definition."""
    return {
        "resourceType": "CodeSystem",
        "url": url,
        "version": DEFINITIONS_VERSION,
        "name": name,
        "title": title,
        "status": "active",
        "experimental": False,
        "description": description,
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": concepts,
    }


@dataclass(frozen=True)
class BundleContext:
    """What a kind's FHIR mapping is given: the account's reading, the entries to add to, the
    Patient's reference, the canonicals of our definitions, and the user's local date."""

    account: Account
    entries: Entries
    patient: str
    canonicals: Canonicals
    today: date  # which regimen is active
