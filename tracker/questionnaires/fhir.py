"""The questionnaires kind in the FHIR Bundle: PHQ-9 and GAD-7 as our own Questionnaires with
their QuestionnaireResponses and Observations for the totals and PHQ-9 item 9 (category
survey), LOINC codes as published; then FIBSER (`fhir_fibser`). A score given by name only
(another instrument) is not in the Bundle.

The official R4 PHQ-9 Questionnaire example leaves item 9 out; ours has all nine items.
"""

from __future__ import annotations

from typing import Any

from tracker.exports.fhir_codes import (
    DEFINITIONS_VERSION,
    LOINC,
    SURVEY,
    BundleContext,
    Canonicals,
    loinc,
    observation,
    ordinal,
)
from tracker.questionnaires import fhir_fibser
from tracker.questionnaires import instruments as ins

PHQ9_PANEL, PHQ9_TOTAL, PHQ9_ITEM9 = "44249-1", "44261-6", "44260-8"
GAD7_PANEL, GAD7_TOTAL = "69737-5", "70274-6"
ITEM_CODES = {
    ins.PHQ9: ("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5")
    + ("44253-3", PHQ9_ITEM9),
    ins.GAD7: ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
}
PANELS = {ins.PHQ9: PHQ9_PANEL, ins.GAD7: GAD7_PANEL}
TOTALS = {
    ins.PHQ9: (PHQ9_TOTAL, "PHQ-9 total score"),
    ins.GAD7: (GAD7_TOTAL, "GAD-7 total score"),
}
# LOINC answer list LL358-3: "Not at all" … "Nearly every day", scored 0 to 3.
ANSWER_CODES = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")


def answer_coding(value: int) -> dict[str, Any]:
    """A 0–3 frequency answer as its LOINC answer code, with its score as the ordinal value."""
    display = dict(ins.FREQUENCY_ANSWERS)[value]
    return ordinal({"system": LOINC, "code": ANSWER_CODES[value], "display": display}, value)


def questionnaire(key: str, canonicals: Canonicals) -> dict[str, Any]:
    """Our PHQ-9 or GAD-7 Questionnaire: every item, the total, PHQ-9's difficulty question."""
    instrument = ins.instrument(key)
    items = [
        {
            "linkId": str(n),
            "code": [{"system": LOINC, "code": code}],
            "text": item.text,
            "type": "choice",
            "required": True,
            "answerOption": [{"valueCoding": answer_coding(v)} for v, _ in item.answers],
        }
        for n, (item, code) in enumerate(zip(instrument.items, ITEM_CODES[key], strict=True), 1)
    ]
    code, display = TOTALS[key]
    items.append(
        {
            "linkId": "total",
            "code": [{"system": LOINC, "code": code}],
            "text": display,
            "type": "integer",
            "readOnly": True,
        }
    )
    if key == ins.PHQ9:
        items.append(
            {
                "linkId": "difficulty",
                "text": ins.DIFFICULTY_QUESTION,
                "type": "choice",
                "answerOption": [{"valueString": label} for _, label in ins.DIFFICULTY_ANSWERS],
            }
        )
    return {
        "resourceType": "Questionnaire",
        "url": canonicals.url("Questionnaire", key),
        "version": DEFINITIONS_VERSION,
        "name": key.upper(),
        "title": instrument.full_name,
        "status": "active",
        "subjectType": ["Patient"],
        "code": [{"system": LOINC, "code": PANELS[key], "display": instrument.title}],
        "item": items,
    }


def response(row: dict[str, Any], patient: str, canonicals: Canonicals) -> dict[str, Any]:
    """One completed PHQ-9 or GAD-7 with each item's answer and the total."""
    instrument = ins.instrument(row["instrument"])
    items = [
        {"linkId": str(n), "text": item.text, "answer": [{"valueCoding": answer_coding(value)}]}
        for n, (item, value) in enumerate(zip(instrument.items, row["answers"], strict=True), 1)
    ]
    items.append({"linkId": "total", "answer": [{"valueInteger": row["total"]}]})
    if row["difficulty"] is not None:
        label = dict(ins.DIFFICULTY_ANSWERS)[row["difficulty"]]
        items.append({"linkId": "difficulty", "answer": [{"valueString": label}]})
    url = canonicals.url("Questionnaire", row["instrument"])
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{url}|{DEFINITIONS_VERSION}",
        "status": "completed",
        "subject": {"reference": patient},
        "author": {"reference": patient},
        "authored": row["at"],
        "item": items,
    }


def _scores(row: dict[str, Any], response_url: str, patient: str) -> list[dict[str, Any]]:
    code, display = TOTALS[row["instrument"]]
    common = {"effectiveDateTime": row["at"], "derivedFrom": [{"reference": response_url}]}
    out = [observation(loinc(code, display), SURVEY, patient, valueInteger=row["total"], **common)]
    if row["instrument"] == ins.PHQ9:
        item9 = observation(
            loinc(PHQ9_ITEM9, "PHQ-9 item 9: thoughts of being better off dead or of self-harm"),
            SURVEY,
            patient,
            valueInteger=row["item9"],
            **common,
        )
        if row["item9"]:
            item9["note"] = [{"text": ins.item9_flag(row["item9"])}]
        out.append(item9)
    return out


def add_to_bundle(ctx: BundleContext) -> None:
    """The PHQ-9 and GAD-7 Questionnaires (those answered), each response with its score
    Observations, then FIBSER's."""
    entries, canonicals = ctx.entries, ctx.canonicals
    rows = ctx.account.tables["questionnaire_responses"]
    scored = [r for r in rows if r["instrument"] in TOTALS]
    for key in TOTALS:
        if any(r["instrument"] == key for r in scored):
            entries.definition(questionnaire(key, canonicals))
    for row in scored:
        url = entries.add(response(row, ctx.patient, canonicals))
        for obs in _scores(row, url, ctx.patient):
            entries.add(obs)
    fhir_fibser.add_to_bundle(ctx)
