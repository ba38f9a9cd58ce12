"""Medications in the FHIR Bundle: the catalog's WHO ATC code next to the text (a brand name
resolves to its generic; free text and uncoded supplements keep text only), and a stopped
medication's last statement: status stopped, its reason, and its period ending on the stop
date."""

import json
from datetime import date, time

import pytest
from fhir.resources.R4B.medication import Medication as FhirMedication
from fhir.resources.R4B.medicationstatement import MedicationStatement

from tests.conftest import NOW
from tests.exports.factories import at, empty_user, full_account
from tracker.exports import services
from tracker.extensions import db
from tracker.medications import catalog
from tracker.medications import services as meds
from tracker.medications.fhir import medication_code

ATC = "http://www.whocc.no/atc"

# Checked one by one against the WHO ATC/DDD Index (and DOMAIN.md for clonazepam N03AE01,
# lithium N05AN01, atomoxetine N06BA09; clonidine and guanfacine are C02AC, ADHD use too).
# A catalog change that is not checked here fails this test before it reaches an export.
VERIFIED_ATC = {
    "fluoxetine": "N06AB03", "sertraline": "N06AB06", "escitalopram": "N06AB10",
    "citalopram": "N06AB04", "paroxetine": "N06AB05", "fluvoxamine": "N06AB08",
    "venlafaxine": "N06AX16", "desvenlafaxine": "N06AX23", "duloxetine": "N06AX21",
    "levomilnacipran": "N06AX28", "milnacipran": "N06AX17", "bupropion": "N06AX12",
    "mirtazapine": "N06AX11", "trazodone": "N06AX05", "vortioxetine": "N06AX26",
    "vilazodone": "N06AX24", "agomelatine": "N06AX22", "amitriptyline": "N06AA09",
    "nortriptyline": "N06AA10", "clomipramine": "N06AA04", "phenelzine": "N06AF03",
    "tranylcypromine": "N06AF04", "alprazolam": "N05BA12", "lorazepam": "N05BA06",
    "diazepam": "N05BA01", "clonazepam": "N03AE01", "chlordiazepoxide": "N05BA02",
    "temazepam": "N05CD07", "zolpidem": "N05CF02", "zopiclone": "N05CF01",
    "eszopiclone": "N05CF04", "buspirone": "N05BE01", "hydroxyzine": "N05BB01",
    "pregabalin": "N03AX16", "propranolol": "C07AA05", "lithium": "N05AN01",
    "lamotrigine": "N03AX09", "valproate": "N03AG01", "carbamazepine": "N03AF01",
    "oxcarbazepine": "N03AF02", "quetiapine": "N05AH04", "aripiprazole": "N05AX12",
    "brexpiprazole": "N05AX16", "cariprazine": "N05AX15", "olanzapine": "N05AH03",
    "risperidone": "N05AX08", "lurasidone": "N05AE05", "ziprasidone": "N05AE04",
    "clozapine": "N05AH02", "haloperidol": "N05AD01", "methylphenidate": "N06BA04",
    "dexmethylphenidate": "N06BA11", "amphetamine": "N06BA01", "lisdexamfetamine": "N06BA12",
    "modafinil": "N06BA07", "atomoxetine": "N06BA09", "guanfacine": "C02AC02",
    "clonidine": "C02AC01", "viloxazine": "N06AX09", "melatonin": "N05CH01",
    "st john's wort": None, "omega-3": None, "vitamin d": None, "magnesium": None,
}  # fmt: skip


def _bundle(user) -> dict:  # noqa: ANN001
    return json.loads(services.export(user, "fhir", now=NOW).data)


def _resources(bundle, kind):  # noqa: ANN001, ANN202
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_catalogs_atc_codes_are_the_verified_ones():
    assert {e.name: e.atc for e in catalog.CATALOG} == VERIFIED_ATC


@pytest.mark.parametrize(
    ("name", "code", "display"),
    [
        ("Klonopin", "N03AE01", "clonazepam"),
        ("lithobid", "N05AN01", "lithium"),
        ("Strattera (atomoxetine)", "N06BA09", "atomoxetine"),
        ("Adderall", "N06BA01", "amfetamine"),  # WHO's INN spelling
        ("Depakote", "N03AG01", "valproic acid"),
        ("Zoloft", "N06AB06", "sertraline"),
    ],
)
def test_a_brand_name_is_coded_with_its_generics_atc_code_next_to_its_text(name, code, display):
    assert medication_code(name) == {
        "text": name,
        "coding": [{"system": ATC, "code": code, "display": display}],
    }


def test_free_text_and_uncoded_catalog_names_keep_their_text_only(app):
    assert medication_code("Grandma's valerian tea") == {"text": "Grandma's valerian tea"}
    assert medication_code("St John's wort") == {"text": "St John's wort"}
    with app.app_context():
        user = empty_user("tea@example.org")
        for name in ("Klonopin", "Grandma's valerian tea"):
            meds.create_medication(
                user,
                meds.MedicationFields(name=name, form="tablet", strength=1),
                doses=[(time(8), 1)],
                today=date(2025, 5, 1),
                now=at(date(2025, 5, 1), 9),
            )
        db.session.commit()
        bundle = _bundle(user)
    medications = {m["code"]["text"]: m for m in _resources(bundle, "Medication")}
    assert set(medications) == {"clonazepam", "Grandma's valerian tea"}  # stored as the generic
    assert medications["clonazepam"]["code"]["coding"][0]["code"] == "N03AE01"
    assert medications["clonazepam"]["ingredient"][0]["itemCodeableConcept"]["coding"]
    assert "coding" not in medications["Grandma's valerian tea"]["code"]
    for resource in medications.values():
        FhirMedication.model_validate(resource)


def test_the_full_accounts_catalog_medications_carry_their_atc_codes(app):
    with app.app_context():
        bundle = _bundle(full_account())
    codes = {
        m["code"]["text"]: [(c["system"], c["code"]) for c in m["code"]["coding"]]
        for m in _resources(bundle, "Medication")
    }
    assert codes == {
        "sertraline": [(ATC, "N06AB06")],
        "lorazepam": [(ATC, "N05BA06")],
        "melatonin": [(ATC, "N05CH01")],
    }


def test_a_stopped_medication_has_status_stopped_its_reason_and_ends_on_the_stop_date(app):
    with app.app_context():
        bundle = _bundle(full_account())
    statements = _resources(bundle, "MedicationStatement")
    (melatonin,) = [s for s in statements if s["medicationReference"]["display"] == "melatonin"]
    assert melatonin["status"] == "stopped"
    assert melatonin["statusReason"] == [{"text": "Not effective"}]
    assert melatonin["effectivePeriod"] == {"start": "2025-01-01", "end": "2025-02-01"}
    unstopped = [s for s in statements if s is not melatonin]
    assert all("statusReason" not in s for s in unstopped)
    MedicationStatement.model_validate(melatonin)


def _as_needed(user, name: str, stopped_on: date, reason: str) -> None:  # noqa: ANN001
    med = meds.create_medication(
        user,
        meds.MedicationFields(name=name, as_needed=True, started_on=date(2025, 1, 10)),
        today=date(2025, 1, 10),
        now=at(date(2025, 1, 10), 9),
    )
    meds.stop_medication(user, med, stopped_on=stopped_on, reason=reason, today=date(2025, 6, 1))


def test_an_as_needed_stop_carries_its_reason_and_a_planned_stop_is_still_active(app):
    with app.app_context():
        user = empty_user("prn@example.org")
        _as_needed(user, "hydroxyzine", date(2025, 5, 20), "side_effects")
        _as_needed(user, "propranolol", date(2025, 7, 1), "course_completed")
        db.session.commit()
        bundle = _bundle(user)
    by_name = {
        s["medicationReference"]["display"]: s for s in _resources(bundle, "MedicationStatement")
    }
    stopped, planned = by_name["hydroxyzine"], by_name["propranolol"]
    assert stopped["status"] == "stopped"
    assert stopped["statusReason"] == [{"text": "Side effects"}]
    assert stopped["effectivePeriod"]["end"] == "2025-05-20"
    assert planned["status"] == "active" and "statusReason" not in planned
    assert planned["effectivePeriod"]["end"] == "2025-07-01"
    for statement in by_name.values():
        MedicationStatement.model_validate(statement)
