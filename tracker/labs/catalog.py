"""The labs prescribers of psychotropics monitor, each with its usual units (the first is
offered first) and, per unit, the LOINC code of that measurement where one is confirmed.

A LOINC code names one property (mass or moles per volume, ...), so a code goes with the
units it measures in; a unit without a confirmed code exports by its text alone. Codes come
from docs/DOMAIN notes and published value sets (HL7, laboratory catalogues); none is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LabTest:
    key: str
    label: str
    units: tuple[str, ...]
    loinc: dict[str, tuple[str, str]] = field(default_factory=dict)  # unit -> (code, display)
    trough: bool = False  # a drug level: the time since the last dose matters

    def code(self, unit: str) -> tuple[str, str] | None:
        """The LOINC (code, display) of this test measured in `unit`, if one is known."""
        return self.loinc.get(unit)


_MASS_DRUG = ("mg/L", "µg/mL", "µmol/L")
_SER = "in Serum or Plasma"

CATALOG: tuple[LabTest, ...] = (
    LabTest(
        "lithium",
        "Lithium",
        ("mmol/L", "mEq/L"),
        {"mmol/L": ("14334-7", f"Lithium [Moles/volume] {_SER}")},
        trough=True,
    ),
    LabTest(
        "valproate",
        "Valproate",
        _MASS_DRUG,
        {u: ("4086-2", f"Valproate [Mass/volume] {_SER}") for u in ("mg/L", "µg/mL")},
        trough=True,
    ),
    LabTest(
        "carbamazepine",
        "Carbamazepine",
        _MASS_DRUG,
        {u: ("3432-6", f"Carbamazepine [Mass/volume] {_SER}") for u in ("mg/L", "µg/mL")},
        trough=True,
    ),
    LabTest(
        "clozapine",
        "Clozapine",
        ("ng/mL", "µg/L"),
        {u: ("6896-5", f"Clozapine [Mass/volume] {_SER}") for u in ("ng/mL", "µg/L")},
        trough=True,
    ),
    LabTest(
        "norclozapine",
        "Norclozapine",
        ("ng/mL", "µg/L"),
        {u: ("10992-6", f"Norclozapine [Mass/volume] {_SER}") for u in ("ng/mL", "µg/L")},
        trough=True,
    ),
    LabTest(
        "tsh",
        "TSH",
        ("mIU/L", "µIU/mL"),
        {u: ("3016-3", f"Thyrotropin [Units/volume] {_SER}") for u in ("mIU/L", "µIU/mL")},
    ),
    LabTest(
        "creatinine",
        "Creatinine",
        ("µmol/L", "mg/dL"),
        {
            "µmol/L": ("14682-9", f"Creatinine [Moles/volume] {_SER}"),
            "mg/dL": ("2160-0", f"Creatinine [Mass/volume] {_SER}"),
        },
    ),
    LabTest("egfr", "eGFR", ("mL/min/1.73m²",)),
    LabTest("fasting_glucose", "Fasting glucose", ("mmol/L", "mg/dL")),
    LabTest(
        "hba1c",
        "HbA1c",
        ("mmol/mol", "%"),
        {"%": ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood")},
    ),
    LabTest(
        "cholesterol",
        "Total cholesterol",
        ("mmol/L", "mg/dL"),
        {
            "mmol/L": ("14647-2", f"Cholesterol [Moles/volume] {_SER}"),
            "mg/dL": ("2093-3", f"Cholesterol [Mass/volume] {_SER}"),
        },
    ),
    LabTest("ldl", "LDL cholesterol", ("mmol/L", "mg/dL")),
    LabTest(
        "hdl",
        "HDL cholesterol",
        ("mmol/L", "mg/dL"),
        {"mg/dL": ("2085-9", f"Cholesterol in HDL [Mass/volume] {_SER}")},
    ),
    LabTest(
        "triglycerides",
        "Triglycerides",
        ("mmol/L", "mg/dL"),
        {"mg/dL": ("2571-8", f"Triglyceride [Mass/volume] {_SER}")},
    ),
    LabTest(
        "alt",
        "ALT",
        ("U/L",),
        {"U/L": ("1742-6", f"Alanine aminotransferase [Enzymatic activity/volume] {_SER}")},
    ),
    LabTest("prolactin", "Prolactin", ("mIU/L", "ng/mL", "µg/L")),
    LabTest(
        "sodium",
        "Sodium",
        ("mmol/L", "mEq/L"),
        {"mmol/L": ("2951-2", f"Sodium [Moles/volume] {_SER}")},
    ),
    LabTest("anc", "ANC (neutrophils)", ("×10⁹/L", "/µL")),
)
BY_KEY: dict[str, LabTest] = {t.key: t for t in CATALOG}

# UCUM codes of the units offered; a unit the user typed that is not here exports as text.
UCUM: dict[str, str] = {
    "mmol/L": "mmol/L",
    "mEq/L": "meq/L",
    "mg/L": "mg/L",
    "µg/mL": "ug/mL",
    "µmol/L": "umol/L",
    "ng/mL": "ng/mL",
    "µg/L": "ug/L",
    "mIU/L": "m[IU]/L",
    "µIU/mL": "u[IU]/mL",
    "mg/dL": "mg/dL",
    "mL/min/1.73m²": "mL/min/{1.73_m2}",
    "mmol/mol": "mmol/mol",
    "%": "%",
    "U/L": "U/L",
    "×10⁹/L": "10*9/L",
    "/µL": "/uL",
}


def lookup(key: str | None) -> LabTest | None:
    return BY_KEY.get(key or "")
