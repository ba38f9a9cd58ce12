"""FIBSER (Frequency, Intensity, and Burden of Side Effects Rating) as our own Questionnaire
with a QuestionnaireResponse per completed one: its three items, frequency, intensity and
burden, each answered 0–6.

FIBSER has no LOINC panel or answer list we can confirm, so the answers are coded in a small
CodeSystem of this instance (`fibser-answers`, carried in the Bundle): one code per item and
score (`burden-3`), its words as display, the score as its ordinal value. FIBSER has no total:
burden alone says what to discuss (0–2 nothing, 3–4 reducing the side effect, 5–6 a dose
reduction or a switch), so no total is written.
"""

from __future__ import annotations

from typing import Any

from tracker.exports.fhir_codes import (
    DEFINITIONS_VERSION,
    BundleContext,
    Canonicals,
    code_system,
    ordinal,
)
from tracker.questionnaires import instruments as ins
from tracker.questionnaires.codec import FIBSER_ITEMS

ANSWERS_NAME = "fibser-answers"
ITEMS = tuple(zip(FIBSER_ITEMS, ins.FIBSER_INSTRUMENT.items, strict=True))


def _answer(system: str, link: str, item: ins.Item, value: int) -> dict[str, Any]:
    coding = {"system": system, "code": f"{link}-{value}", "display": item.label(value)}
    return ordinal(coding, value)


def answers_code_system(canonicals: Canonicals) -> dict[str, Any]:
    """Every answer of the three items: `frequency-0` … `burden-6`, with their words."""
    concepts = [
        {
            "code": f"{link}-{value}",
            "display": label,
            "definition": f"FIBSER {link}, scored {value} of 6: {label}.",
        }
        for link, item in ITEMS
        for value, label in item.answers
    ]
    return code_system(
        canonicals.url("CodeSystem", ANSWERS_NAME),
        "FibserAnswers",
        "FIBSER answers",
        "The answers to FIBSER's three items (frequency, intensity, burden), each scored "
        "0 to 6 over the past week; the code is the item and the score.",
        concepts,
    )


def questionnaire(canonicals: Canonicals) -> dict[str, Any]:
    """Our FIBSER: frequency, intensity and burden, each a choice of seven scored answers."""
    system = canonicals.url("CodeSystem", ANSWERS_NAME)
    items = [
        {
            "linkId": link,
            "text": item.text,
            "type": "choice",
            "required": True,
            "answerOption": [
                {"valueCoding": _answer(system, link, item, value)} for value, _ in item.answers
            ],
        }
        for link, item in ITEMS
    ]
    return {
        "resourceType": "Questionnaire",
        "url": canonicals.url("Questionnaire", ins.FIBSER),
        "version": DEFINITIONS_VERSION,
        "name": "FIBSER",
        "title": ins.FIBSER_INSTRUMENT.full_name,
        "status": "active",
        "subjectType": ["Patient"],
        "description": ins.FIBSER_INSTRUMENT.stem,
        "item": items,
    }


def response(row: dict[str, Any], patient: str, canonicals: Canonicals) -> dict[str, Any]:
    """One completed FIBSER: each item's answer by its name."""
    system = canonicals.url("CodeSystem", ANSWERS_NAME)
    items = [
        {
            "linkId": link,
            "text": item.text,
            "answer": [{"valueCoding": _answer(system, link, item, row[link])}],
        }
        for link, item in ITEMS
    ]
    url = canonicals.url("Questionnaire", ins.FIBSER)
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{url}|{DEFINITIONS_VERSION}",
        "status": "completed",
        "subject": {"reference": patient},
        "author": {"reference": patient},
        "authored": row["at"],
        "item": items,
    }


def add_to_bundle(ctx: BundleContext) -> None:
    """The Questionnaire and its answers' CodeSystem (when there is a FIBSER), the responses."""
    rows = ctx.account.tables["questionnaire_responses"]
    rows = [r for r in rows if r["instrument"] == ins.FIBSER]
    if not rows:
        return
    ctx.entries.definition(answers_code_system(ctx.canonicals))
    ctx.entries.definition(questionnaire(ctx.canonicals))
    for row in rows:
        ctx.entries.add(response(row, ctx.patient, ctx.canonicals))
