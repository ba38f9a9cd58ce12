"""Questionnaires (PHQ-9, GAD-7, FIBSER) and clinician-given scores; the service scores them.

A PHQ-9 with item 9 (thoughts of self-harm) above 0 carries `flag` and `crisis`, the crisis
resources the pages show at once, on every answer that includes it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, TypeVar

from flask import current_app, url_for
from pydantic import Field

from tracker.api import core
from tracker.api.crud import Create, Crud, Listing, Operation, Resource, Update, crud
from tracker.api.errors import ApiError
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Day,
    PageQuery,
    name,
    one_of,
    page_of,
    text,
    unset,
    whole,
)
from tracker.api.spec import created
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.questionnaires import instruments as ins
from tracker.questionnaires import services
from tracker.questionnaires.models import QuestionnaireResponse

TAG = "questionnaires"
API = Resource({"response_id": QuestionnaireResponse})
ANSWERED = one_of(list(ins.INSTRUMENTS))
ITEM_FIELDS = {"answers", "difficulty"}
SCORE_FIELDS = {"name", "total", "taken_on"}
T = TypeVar("T")


class ItemOut(ApiOut):
    number: int
    text: str
    value: int
    label: str  # the answer's words: "Several days"


class ChangeOut(ApiOut):
    """Against the user's first score of the same instrument (the baseline)."""

    baseline: int
    points: int  # negative: down
    percent: float | None  # of the baseline; null when it was 0
    response: bool  # down by at least half
    remission: bool  # below 5, having started at 5 or more


class ResultOut(ApiOut):
    id: int
    instrument: str  # phq9, gad7, fibser, other
    title: str
    day: date
    at: datetime
    total: int  # FIBSER: the burden item (0-6)
    max_total: int | None
    band: str | None  # severity band (PHQ-9, GAD-7) or FIBSER burden band (what it means)
    items: list[ItemOut]
    difficulty: str | None  # PHQ-9's closing question, never part of the total
    change: ChangeOut | None  # null for the first score and untracked instruments
    is_baseline: bool
    item9: int | None
    flag: str | None  # PHQ-9 item 9 above 0
    crisis: str | None = None  # crisis resources, whenever `flag` is set
    note: str | None
    row_version: int


# Each instrument's own count and range are checked against it (409); these hold for all.
_ITEMS = [i.items for i in ins.INSTRUMENTS.values()]
Answers = Annotated[
    list[whole(0, max(item.top for items in _ITEMS for item in items))],
    Field(min_length=min(map(len, _ITEMS)), max_length=max(map(len, _ITEMS))),
]
Difficulty = whole(0, 3)
Note = text(services.NOTE_LIMIT)
ScoreName = name(60)
Total = whole(0, ins.OTHER_MAX)


class AnswersIn(ApiIn):
    """Every item answered, in order: PHQ-9 and GAD-7 0-3, FIBSER 0-6."""

    instrument: ANSWERED
    answers: Answers
    difficulty: Difficulty | None = None  # PHQ-9 only
    note: Note | None = None


class ScoreIn(ApiIn):
    """A score a clinician gave on a licensed instrument (ODQ, GASS …), by its name."""

    name: ScoreName
    total: Total
    taken_on: Day
    note: Note | None = None


class ResponsePatch(ApiIn):
    """Re-answer items (`answers`, `difficulty`) or correct a score (`name`, `total`,
    `taken_on`), and the note; `row_version` refuses a stale edit with 409."""

    answers: Answers = unset()
    difficulty: Difficulty | None = None
    name: ScoreName = unset()
    total: Total = unset()
    taken_on: Day = unset()
    note: Note | None = None
    row_version: int | None = None


class ResultQuery(PageQuery):
    instrument: one_of([*ins.INSTRUMENTS, ins.OTHER]) = unset(
        description="Only this instrument's entries."
    )


ResultPage = page_of(ResultOut)


def _out(result: services.Result) -> ResultOut:
    out = ResultOut.model_validate(result)
    if result.flag:
        out.crisis = current_app.config["CRISIS_TEXT"]
    return out


def _result(entry: QuestionnaireResponse) -> ResultOut:
    return _out(services.result(core.user(), entry))


def _items(action: Callable[[], T]) -> T:
    """The services name an item "item3"; here it is the third of `answers`."""
    try:
        return action()
    except Invalid as exc:
        field = exc.field or ""
        if field.startswith("item") and field[4:].isdigit():
            raise Invalid(exc.message, f"answers.{int(field[4:]) - 1}") from None
        raise Invalid(exc.message, exc.field or "answers") from None


def _answer(user: User, json: AnswersIn, now: datetime) -> QuestionnaireResponse:
    return _items(
        lambda: services.record_answers(
            user, json.instrument, json.answers, difficulty=json.difficulty, note=json.note, now=now
        )
    )


def _reanswer(user: User, entry: QuestionnaireResponse, json: ResponsePatch) -> None:
    answers, difficulty = ins.split_answers(entry.instrument, entry.answers)
    sent = json.model_fields_set
    services.update_answers(
        user,
        entry,
        json.answers if "answers" in sent else answers,
        difficulty=json.difficulty if "difficulty" in sent else difficulty,
        note=json.note if "note" in sent else entry.note,
        row_version=json.row_version,
    )


def _rescore(user: User, entry: QuestionnaireResponse, json: ResponsePatch, now: datetime) -> None:
    current = {"name": entry.name, "total": entry.total, "taken_on": entry.day, "note": entry.note}
    changes = json.model_dump(include=SCORE_FIELDS | {"note"}, exclude_unset=True)
    services.update_other(
        user, entry, **{**current, **changes}, row_version=json.row_version, now=now
    )


def _update(user: User, entry: QuestionnaireResponse, json: ResponsePatch, now: datetime) -> None:
    sent = json.model_fields_set
    if sent & ITEM_FIELDS and sent & SCORE_FIELDS:
        raise ApiError(409, "Send answers or a score, not both.", code="invalid", field="answers")
    if sent & SCORE_FIELDS or (entry.instrument == ins.OTHER and not sent & ITEM_FIELDS):
        _rescore(user, entry, json, now)
    else:
        _items(lambda: _reanswer(user, entry, json))


crud(
    API,
    Crud(TAG, "/questionnaires", "response_id", QuestionnaireResponse, ResultOut, _result),
    listing=Listing(
        "list_questionnaires",
        "Every questionnaire and score, newest first, each with its band and change.",
        ResultPage,
        lambda user, query: services.results(user, query.instrument),
        _out,
        query=ResultQuery,
    ),
    create=Create(
        "answer_questionnaire",
        "Save a completed PHQ-9, GAD-7 or FIBSER, taken now; the answer carries its score.",
        AnswersIn,
        _answer,
    ),
    read=Operation(
        "get_questionnaire",
        "One questionnaire or score, with its items, band and change since the first.",
    ),
    update=Update(
        "update_questionnaire",
        "Re-answer a questionnaire (it keeps its date), or correct a clinician-given score.",
        ResponsePatch,
        _update,
    ),
    delete=Operation("delete_questionnaire", "Delete a questionnaire or score."),
)


@API.post("/questionnaires/scores", ResultOut, tag=TAG)
def record_score(json: ScoreIn) -> tuple:
    """Save a score a clinician gave, entered by the instrument's name."""
    entry = services.record_other(core.user(), **json.model_dump(), now=core.now())
    return created(_result(entry), url_for("api.get_questionnaire", response_id=entry.id))
