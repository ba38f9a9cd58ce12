"""The FHIR R4 Bundle: every resource validates with fhir.resources' R4B models, and the codes,
statuses and score ranges are checked here (the models check structure only)."""

import json
from collections import Counter

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from tests.conftest import NOW
from tests.exports.factories import empty_user, full_account
from tracker.exports import services

LOINC = "http://loinc.org"
SURVEY = {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}
ACTIVITY = {**SURVEY, "code": "activity"}
RANGES = {"44261-6": (0, 27), "70274-6": (0, 21), "44260-8": (0, 3)}


@pytest.fixture
def bundle(app):
    with app.app_context():
        return json.loads(services.export(full_account(), "fhir", now=NOW).data)


def _resources(bundle, kind):  # noqa: ANN001, ANN202
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _loinc(resource):  # noqa: ANN001, ANN202
    """The LOINC code of a resource; None for one coded otherwise (our own self-ratings) or by
    its text alone (a lab test without a confirmed code)."""
    codings = resource["code"].get("coding", [])
    return codings[0]["code"] if codings and codings[0]["system"] == LOINC else None


def _category(resource):  # noqa: ANN001, ANN202
    (category,) = resource["category"]
    (coding,) = category["coding"]
    return {"system": coding["system"], "code": coding["code"]}


def test_the_bundle_and_every_resource_validate_as_r4b(bundle):
    assert bundle["type"] == "collection"
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"].startswith("urn:uuid:")
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert kinds["Patient"] == 1 and kinds["Medication"] == 3
    assert kinds["Questionnaire"] == 3 and kinds["QuestionnaireResponse"] == 4
    assert kinds["CodeSystem"] == 2  # the self-ratings, FIBSER's answers


def test_every_reference_points_at_an_entry_of_the_bundle(bundle):
    urls = {e["fullUrl"] for e in bundle["entry"]}
    text = json.dumps(bundle)
    refs = [part.split('"')[0] for part in text.split('"reference": "')[1:]]
    assert refs and set(refs) <= urls


def test_score_observations_have_exact_loinc_codes_survey_category_and_ranges(bundle):
    scores = [o for o in _resources(bundle, "Observation") if _loinc(o) in RANGES]
    assert Counter(_loinc(o) for o in scores) == {"44261-6": 2, "44260-8": 2, "70274-6": 1}
    for obs in scores:
        low, high = RANGES[_loinc(obs)]
        assert low <= obs["valueInteger"] <= high
        assert _category(obs) == SURVEY and obs["status"] == "final"
    totals = sorted(o["valueInteger"] for o in scores if _loinc(o) == "44261-6")
    assert totals == [0, 11] and [o["valueInteger"] for o in scores if _loinc(o) == "70274-6"] == [
        21
    ]
    flagged = [o for o in scores if _loinc(o) == "44260-8" and o["valueInteger"] > 0]
    assert len(flagged) == 1 and "self-harm" in flagged[0]["note"][0]["text"]


def test_sleep_and_steps_are_activity_observations_with_their_codes(bundle):
    obs = _resources(bundle, "Observation")
    (sleep,) = [o for o in obs if _loinc(o) == "93832-4"]
    assert _category(sleep) == ACTIVITY
    # 23:30 → 07:00 across the spring-forward night is 6.5 h; minus 20 min SOL and 15 WASO.
    assert sleep["valueQuantity"] == {
        "value": 355, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"
    }  # fmt: skip
    steps = [o for o in obs if _loinc(o) == "41950-7"]
    assert [(o["effectiveDateTime"], o["valueQuantity"]["value"]) for o in steps] == [
        ("2025-05-25", 6000)
    ]
    assert all(_category(o) == ACTIVITY for o in steps)


def test_questionnaire_responses_answer_all_items_with_scores_adding_up(bundle):
    questionnaires = {q["name"]: q for q in _resources(bundle, "Questionnaire")}
    urls = {q["url"]: q for q in questionnaires.values()}
    responses = _resources(bundle, "QuestionnaireResponse")
    scored = [r for r in responses if urls[r["questionnaire"].split("|")[0]]["name"] != "FIBSER"]
    assert len(scored) == 3
    for response in scored:
        questionnaire = urls[response["questionnaire"].split("|")[0]]
        assert response["status"] == "completed"
        items = {i["linkId"]: i for i in response["item"]}
        numbered = [items[str(n)] for n in range(1, 10) if str(n) in items]
        values = [
            int(i["answer"][0]["valueCoding"]["extension"][0]["valueDecimal"]) for i in numbered
        ]
        assert all(0 <= v <= 3 for v in values)
        assert sum(values) == items["total"]["answer"][0]["valueInteger"]
        codes = [q["code"][0]["code"] for q in questionnaire["item"] if q["linkId"].isdigit()]
        assert len(codes) == len(values)
    phq9 = questionnaires["PHQ9"]
    assert phq9["code"][0]["code"] == "44249-1"
    assert phq9["item"][8]["code"][0]["code"] == "44260-8"  # item 9 is there, unlike the example
    gad7 = questionnaires["GAD7"]
    assert gad7["code"][0]["code"] == "69737-5" and len(gad7["item"]) == 8


def test_a_statement_per_schedule_version_with_timing_and_as_needed_flag(bundle):
    statements = _resources(bundle, "MedicationStatement")
    names = Counter(s["medicationReference"]["display"] for s in statements)
    assert names == {"sertraline": 6, "lorazepam": 1, "melatonin": 1}
    sertraline = [s for s in statements if s["medicationReference"]["display"] == "sertraline"]
    assert [s["status"] for s in sertraline] == ["completed"] * 4 + ["active", "intended"]
    change = sertraline[1]
    assert [d["timing"]["repeat"]["timeOfDay"] for d in change["dosage"]] == [
        ["08:00:00"], ["20:00:00"]
    ]  # fmt: skip
    assert all(d["asNeededBoolean"] is False for s in sertraline for d in s["dosage"])
    (prn,) = [s for s in statements if s["medicationReference"]["display"] == "lorazepam"]
    assert prn["dosage"][0]["asNeededBoolean"] is True
    assert prn["dosage"][0]["maxDosePerPeriod"]["denominator"]["code"] == "h"
    (melatonin,) = [s for s in statements if s["medicationReference"]["display"] == "melatonin"]
    assert melatonin["status"] == "stopped"


def test_each_dose_is_an_administration_completed_or_not_done_with_its_reason(bundle):
    given = _resources(bundle, "MedicationAdministration")
    assert Counter(a["status"] for a in given) == {"completed": 4, "not-done": 1}
    (skipped,) = [a for a in given if a["status"] == "not-done"]
    assert skipped["statusReason"] == [{"text": "-felt sick"}]
    assert skipped["effectiveDateTime"] == "2025-04-10T20:00:00+02:00" and "dosage" not in skipped
    taken = [a for a in given if a["status"] == "completed"]
    assert all(a["dosage"]["dose"]["unit"] == "mg" for a in taken)
    assert "2025-04-11T08:05:00-04:00" in {a["effectiveDateTime"] for a in taken}


def test_the_patient_is_minimal_with_a_name_only_when_the_user_set_one(app, bundle):
    (patient,) = _resources(bundle, "Patient")
    assert patient == {"resourceType": "Patient", "name": [{"text": "Zoë ada"}]}
    with app.app_context():
        empty = json.loads(services.export(empty_user(), "fhir", now=NOW).data)
    assert [e["resource"] for e in empty["entry"]] == [{"resourceType": "Patient"}]
    Bundle.model_validate(empty)


def test_private_therapy_notes_stay_out_of_the_fhir_bundle(bundle):
    assert "Private ada" not in json.dumps(bundle, ensure_ascii=False)
