"""The questionnaires kind in the export file: each response's instrument, answers, total and
PHQ-9's item 9, FIBSER's three items by name too; a score given by name keeps only its total.

The import scores the answers again with the questionnaires' own rules: a stored total or
item 9 that does not match the answers is refused rather than trusted. FIBSER's items come by
name (frequency, intensity, burden) and in `answers` from newer exports, in `answers` only
from older ones.
"""

from __future__ import annotations

from typing import Any

from tracker.errors import Invalid
from tracker.exports.context import Context, Loader, entry_fields
from tracker.exports.entries import entry, journal
from tracker.exports.kinds import Kind, ProfileSetting, Refs, cells
from tracker.exports.values import Fields
from tracker.journal import text
from tracker.questionnaires import instruments as ins
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.questionnaires.services import set_cadence

# FIBSER's three items by name (0–6 each); null for every other instrument. `answers` keeps
# them too, in this order, and `total` is the burden item, as the app stores and charts it.
FIBSER_ITEMS = ("frequency", "intensity", "burden")
QUESTIONNAIRE_FIELDS = (
    "instrument",
    "name",
    "answers",
    "difficulty",
    "total",
    "item9",
    *FIBSER_ITEMS,
)


def _fibser_items(instrument: str, answers: list[int]) -> dict[str, int | None]:
    named = answers if instrument == ins.FIBSER and answers else [None] * len(FIBSER_ITEMS)
    return dict(zip(FIBSER_ITEMS, named, strict=True))


def _questionnaire(e: QuestionnaireResponse, refs: Refs) -> dict[str, Any]:
    answers, difficulty = ins.split_answers(e.instrument, e.answers)
    return entry(
        e,
        {
            "instrument": e.instrument,
            "name": e.name,
            "answers": answers or None,
            "difficulty": difficulty,
            "total": e.total,
            "item9": e.item9,
            **_fibser_items(e.instrument, answers),
        },
    )


TABLES: tuple[Kind, ...] = (
    journal(
        "questionnaire_responses",
        QuestionnaireResponse,
        QUESTIONNAIRE_FIELDS,
        _questionnaire,
        cells=cells(numbers=("difficulty", "total", "item9", *FIBSER_ITEMS), scores=("answers",)),
        added_later=FIBSER_ITEMS,  # older exports had FIBSER's items only in `answers`
    ),
)


def _fibser_named(f: Fields, key: str) -> list[int | None] | None:
    """FIBSER's items by name, as newer exports write them; None where they are all absent
    (an older export, or another instrument)."""
    named = [f.integer(k) for k in FIBSER_ITEMS]
    given = [k for k, v in zip(FIBSER_ITEMS, named, strict=True) if v is not None]
    if not given:
        return None
    if key != ins.FIBSER:
        raise f.refuse(given[0], "only FIBSER has frequency, intensity and burden.")
    return named


def _item_answers(f: Fields, key: str) -> list[int]:
    """Every item answered: from `answers`, or FIBSER's named items (the same when both)."""
    listed = f.scores("answers")
    named = _fibser_named(f, key)
    if named is None:
        return ins.check_answers(key, listed or [])
    if listed is not None and listed != named:
        raise f.refuse("answers", "differs from frequency, intensity and burden.")
    try:
        return ins.check_answers(key, named)
    except Invalid as exc:  # the rule names items "item1" … "item3"
        number = int((exc.field or "item1").removeprefix("item"))
        raise f.refuse(FIBSER_ITEMS[number - 1], exc.message) from None


def _scored(f: Fields, key: str) -> dict:
    answers = _item_answers(f, key)
    difficulty = f.integer("difficulty", 0, 3) if key == ins.PHQ9 else None
    if key != ins.PHQ9 and f.integer("difficulty") is not None:
        raise f.refuse("difficulty", "only PHQ-9 asks how difficult the problems made things.")
    item9 = answers[ins.ITEM9 - 1] if key == ins.PHQ9 else None
    total = ins.total(key, answers)
    if f.integer("total", required=True) != total:
        raise f.refuse("total", f"the answers add up to {total}.")
    if f.integer("item9") != item9:
        raise f.refuse("item9", f"the answers give {item9} for PHQ-9 item 9.")
    return {
        "instrument": key,
        "name": f.text("name", 60),
        "answers": ins.join_answers(answers, difficulty),
        "total": total,
        "item9": item9,
    }


def _other(f: Fields) -> dict:
    name = text(f.text("name", 60, required=True), 60, "name")
    for key in ("answers", "difficulty", "item9", *FIBSER_ITEMS):
        if f.item.get(key) is not None:
            raise f.refuse(key, "a score given by name keeps only its total.")
        f.read.add(key)
    total = f.integer("total", 0, ins.OTHER_MAX, required=True)
    return {"instrument": ins.OTHER, "name": name, "answers": None, "total": total, "item9": None}


def questionnaire_response(ctx: Context, f: Fields) -> QuestionnaireResponse:
    key = f.choice("instrument", (*ins.INSTRUMENTS, ins.OTHER)) or ""
    fields = _other(f) if key == ins.OTHER else _scored(f, key)
    return QuestionnaireResponse(**entry_fields(ctx, f), **fields)


LOADERS: dict[str, Loader] = {"questionnaire_responses": questionnaire_response}


PROFILE = (
    ProfileSetting(
        "questionnaire_days",
        dump=lambda user: user.questionnaire_days,
        read=lambda f: f.integer("questionnaire_days", required=True),
        apply=set_cadence,
        cell="number",
    ),
)
