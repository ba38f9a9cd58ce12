"""FIBSER in the FHIR Bundle: a QuestionnaireResponse to our own FIBSER Questionnaire, its
three items (frequency, intensity, burden) each answered 0–6 with the answers' meaning, coded
in the instance's FIBSER answers CodeSystem."""

import json

from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tests.conftest import NOW
from tests.exports.factories import fibser_account
from tracker.exports import services
from tracker.questionnaires import instruments as ins

NAMED = ("frequency", "intensity", "burden")


def _fhir(app) -> dict:  # noqa: ANN001
    with app.app_context():
        bundle = json.loads(services.export(fibser_account(), "fhir", now=NOW).data)
    return {
        kind: [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]
        for kind in ("Questionnaire", "QuestionnaireResponse", "CodeSystem")
    }


def test_fibser_goes_out_as_a_questionnaire_response_with_its_three_items(app):
    resources = _fhir(app)
    (questionnaire,) = [q for q in resources["Questionnaire"] if q["name"] == "FIBSER"]
    (response,) = [
        r
        for r in resources["QuestionnaireResponse"]
        if r["questionnaire"] == f"{questionnaire['url']}|{questionnaire['version']}"
    ]
    QuestionnaireResponse.model_validate(response)
    assert response["status"] == "completed" and response["authored"]
    answers = {
        item["linkId"]: item["answer"][0]["valueCoding"] for item in response["item"]
    }  # no total: FIBSER's items stand alone
    assert list(answers) == list(NAMED)
    assert {k: (c["code"], c["display"]) for k, c in answers.items()} == {
        "frequency": ("frequency-5", "Present 90% of the time"),
        "intensity": ("intensity-1", "Trivial"),
        "burden": ("burden-3", "Moderate impairment"),
    }
    assert [c["extension"][0]["valueDecimal"] for c in answers.values()] == [5, 1, 3]


def test_the_fibser_questionnaire_gives_each_item_its_seven_answers_and_their_meaning(app):
    resources = _fhir(app)
    (questionnaire,) = [q for q in resources["Questionnaire"] if q["name"] == "FIBSER"]
    Questionnaire.model_validate(questionnaire)
    assert [i["linkId"] for i in questionnaire["item"]] == list(NAMED)
    (system,) = [c for c in resources["CodeSystem"] if c["name"] == "FibserAnswers"]
    CodeSystem.model_validate(system)
    concepts = {c["code"]: c["display"] for c in system["concept"]}
    for item, own in zip(questionnaire["item"], ins.FIBSER_INSTRUMENT.items, strict=True):
        assert item["type"] == "choice" and item["text"] == own.text
        options = [o["valueCoding"] for o in item["answerOption"]]
        assert [o["extension"][0]["valueDecimal"] for o in options] == list(range(7))
        assert [o["display"] for o in options] == [label for _, label in own.answers]
        assert all(o["system"] == system["url"] for o in options)
        assert all(concepts[o["code"]] == o["display"] for o in options)
    assert len(concepts) == 21
