"""Mood check-ins and symptom severities in the FHIR Bundle: a survey Observation per rated
scale and per symptom entry, 0–10 as valueInteger at the entry's instant with its offset,
coded in the instance's own self-ratings CodeSystem, which the Bundle carries with every code's
0–10 meaning; our definitions are named under the public URL, or by a fixed urn:uuid. Steps
are daily totals under LOINC 41950-7 only."""

import json
import uuid
from datetime import date

import pytest
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.observation import Observation

from tests.conftest import NOW
from tests.exports.factories import FORMULA, at, empty_user, full_account
from tracker.activity import services as activity
from tracker.checkins.scales import KEYS
from tracker.exports import services
from tracker.extensions import db
from tracker.symptoms import catalog as symptom_catalog

SURVEY = {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}
LOINC = "http://loinc.org"


def _bundle(user) -> dict:  # noqa: ANN001
    return json.loads(services.export(user, "fhir", now=NOW).data)


def _resources(bundle, kind):  # noqa: ANN001, ANN202
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


@pytest.fixture
def bundle(app):
    with app.app_context():
        return _bundle(full_account())


def _self_ratings(bundle) -> tuple[dict, list[dict]]:  # noqa: ANN001
    (system,) = [c for c in _resources(bundle, "CodeSystem") if c["name"] == "SelfRatings"]
    coded = [
        o
        for o in _resources(bundle, "Observation")
        if o["code"].get("coding", [{}])[0].get("system") == system["url"]  # text only: a lab
    ]
    return system, coded


def _category(resource) -> dict:  # noqa: ANN001
    (category,) = resource["category"]
    (coding,) = category["coding"]
    return {"system": coding["system"], "code": coding["code"]}


def test_each_rated_check_in_scale_is_a_survey_observation_at_its_instant(bundle):
    _, coded = _self_ratings(bundle)
    scales = [o for o in coded if o["code"]["coding"][0]["code"] in KEYS]
    values = {(o["code"]["coding"][0]["code"], o["valueInteger"]) for o in scales}
    assert values == {("mood", 3), ("anxiety", 7), ("energy", 0), ("focus", 10)}
    (mood,) = [o for o in scales if o["code"]["coding"][0]["code"] == "mood"]
    assert mood["code"]["text"] == "Mood" and mood["code"]["coding"][0]["display"] == "Mood"
    assert mood["effectiveDateTime"] == "2025-05-25T08:00:00+05:30"  # made in Kolkata
    assert mood["note"] == [{"text": FORMULA}]
    for obs in scales:
        assert _category(obs) == SURVEY and obs["status"] == "final"
        assert isinstance(obs["valueInteger"], int) and 0 <= obs["valueInteger"] <= 10
        Observation.model_validate(obs)


def test_each_symptom_entry_is_a_survey_observation_of_its_severity(bundle):
    _, coded = _self_ratings(bundle)
    symptoms = {
        o["code"]["coding"][0]["code"]: o
        for o in coded
        if o["code"]["coding"][0]["code"].startswith("symptom-")
    }
    assert set(symptoms) == {"symptom-brain_fog", "symptom-own"}
    fog, own = symptoms["symptom-brain_fog"], symptoms["symptom-own"]
    assert fog["valueInteger"] == 6 and fog["code"]["text"] == "Brain fog"
    assert fog["effectiveDateTime"] == "2025-05-25T09:15:00+05:30"
    assert {"text": "The medication the user suspects: sertraline"} in fog["note"]
    assert own["valueInteger"] == 0  # checked, not present: information too
    assert own["code"]["text"] == "Jaw clenching 😬 ada"
    assert own["effectiveDateTime"] == "2025-05-26T00:30:00+05:30"  # 21:00 Berlin, made in Kolkata
    for obs in symptoms.values():
        assert _category(obs) == SURVEY
        Observation.model_validate(obs)


def test_the_code_system_lists_every_scale_and_symptom_with_its_0_to_10_meaning(bundle):
    system, coded = _self_ratings(bundle)
    CodeSystem.model_validate(system)
    assert system["content"] == "complete" and system["count"] == len(system["concept"])
    concepts = {c["code"]: c for c in system["concept"]}
    assert len(concepts) == len(system["concept"])  # no code twice
    symptoms = {f"symptom-{s.key}" for s in symptom_catalog.CATALOG}
    assert {*KEYS, *symptoms, "symptom-own"} == set(concepts)
    for concept in concepts.values():
        assert concept["display"] and "0" in concept["definition"]
        assert "10" in concept["definition"]
    assert "0 = worst I can imagine" in concepts["mood"]["definition"]
    assert "0 = not present" in concepts["symptom-emotional_numbness"]["definition"]
    for obs in coded:
        (coding,) = obs["code"]["coding"]
        assert coding["display"] == concepts[coding["code"]]["display"]


def test_without_a_public_url_our_definitions_have_fixed_urns(app, bundle):
    system, _ = _self_ratings(bundle)
    name = "http://tracker.invalid/fhir/CodeSystem/self-ratings"
    assert system["url"] == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"
    with app.app_context():
        again = _bundle(_one_checkin_account())
    assert _self_ratings(again)[0]["url"] == system["url"]  # the same in every export
    urls = {q["name"]: q["url"] for q in _resources(bundle, "Questionnaire")}
    assert all(url.startswith("urn:uuid:") for url in urls.values())


def _one_checkin_account():  # noqa: ANN201
    from tracker.checkins import services as checkins

    user = empty_user("other@example.org")
    checkins.record_checkin(user, ratings={"mood": 5}, at=NOW, now=NOW)
    db.session.commit()
    return user


def test_with_a_public_url_our_definitions_are_named_under_it(app):
    app.config["PUBLIC_URL"] = "https://tracker.example.org/"
    with app.app_context():
        bundle = _bundle(full_account())
    system, coded = _self_ratings(bundle)
    assert system["url"] == "https://tracker.example.org/fhir/CodeSystem/self-ratings"
    assert coded
    urls = {q["name"]: q["url"] for q in _resources(bundle, "Questionnaire")}
    assert urls == {
        "PHQ9": "https://tracker.example.org/fhir/Questionnaire/phq9",
        "GAD7": "https://tracker.example.org/fhir/Questionnaire/gad7",
        "FIBSER": "https://tracker.example.org/fhir/Questionnaire/fibser",
    }
    responses = _resources(bundle, "QuestionnaireResponse")
    assert {r["questionnaire"].split("|")[0] for r in responses} == set(urls.values())


def test_steps_are_one_daily_total_per_local_day_under_41950_7_only(app):
    with app.app_context():
        user = empty_user("walker@example.org")
        user.timezone = "Pacific/Auckland"
        for day, hour, steps in ((24, 7, 4000), (24, 22, 1500), (25, 1, 300), (25, 9, None)):
            activity.record_activity(
                user,
                kind="walking",
                minutes=30,
                steps=steps,
                at=at(date(2025, 5, day), hour, tz="Pacific/Auckland"),
                now=NOW,
            )
        db.session.commit()
        bundle = _bundle(user)
    observations = _resources(bundle, "Observation")
    assert all(o["code"]["coding"] == [{"system": LOINC, "code": "41950-7",
                                        "display": "Number of steps in 24 hour Measured"}]
               for o in observations)  # fmt: skip
    totals = [(o["effectiveDateTime"], o["valueQuantity"]["value"]) for o in observations]
    assert totals == [("2025-05-24", 5500), ("2025-05-25", 300)]
    for obs in observations:
        Observation.model_validate(obs)
