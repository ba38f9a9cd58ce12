"""Questionnaire rules: record and re-answer, other scores, cadence, history, due dates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import select

from tracker import journal
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import TimelineItem
from tracker.questionnaires import instruments as ins
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.timeutils import localize

CADENCE_DAYS = (7, 90)
NOTE_LIMIT = 2000
Response = QuestionnaireResponse


def _checked(key: str, answers: Sequence[int | None], difficulty: int | None) -> list[int]:
    checked = ins.check_answers(key, answers)
    if difficulty is not None and (key != ins.PHQ9 or not 0 <= difficulty <= 3):
        raise Invalid("Choose one of the answers.", "difficulty")
    return checked


def _fill(entry: Response, key: str, answers: list[int], difficulty: int | None) -> None:
    entry.answers = ins.join_answers(answers, difficulty)
    entry.total = ins.total(key, answers)
    entry.item9 = answers[ins.ITEM9 - 1] if key == ins.PHQ9 else None


def record_answers(
    user: User,
    instrument: str,
    answers: Sequence[int | None],
    *,
    difficulty: int | None = None,
    note: str | None = None,
    request_key: str | None = None,
    now: datetime,
) -> Response:
    """Save a completed PHQ-9, GAD-7 or FIBSER, taken now; the same form sent twice saves once."""
    if instrument not in ins.INSTRUMENTS:
        raise Invalid("Choose a questionnaire.", "instrument")
    checked = _checked(instrument, answers, difficulty)
    at, day = journal.entry_time(user.timezone, None, now=now)
    entry = Response(
        user_id=user.id,
        instrument=instrument,
        at=at,
        tz=user.timezone,
        day=day,
        note=journal.text(note, NOTE_LIMIT, "note"),
        created_at=now,
        request_key=request_key or None,
    )
    _fill(entry, instrument, checked, difficulty)
    entry = journal.save_once(user, entry)
    db.session.flush()
    return entry


def update_answers(
    user: User,
    entry: Response,
    answers: Sequence[int | None],
    *,
    difficulty: int | None = None,
    note: str | None = None,
    row_version: int | None,
) -> None:
    """Re-answer the items of a saved questionnaire; it keeps its date."""
    journal.check_version(entry, row_version)
    if entry.instrument not in ins.INSTRUMENTS:
        raise Invalid("This score has no items to answer.", None)
    checked = _checked(entry.instrument, answers, difficulty)
    _fill(entry, entry.instrument, checked, difficulty)
    entry.note = journal.text(note, NOTE_LIMIT, "note")
    db.session.flush()


def _other_fields(
    user: User, name: str | None, total: int | None, taken_on: date | None, now: datetime
) -> tuple[str, int, datetime, date]:
    clean = journal.text(name, 60, "name")
    if not clean:
        raise Invalid("Enter the instrument's name, e.g. ODQ.", "name")
    if total is None:
        raise Invalid("Enter the score.", "total")
    journal.in_range(total, 0, ins.OTHER_MAX, "total")
    if taken_on is None:
        raise Invalid("Enter the date of the score.", "taken_on")
    # A date only: filed at midday that day, or now when midday has not come yet.
    noon = localize(taken_on, time(12), user.timezone)
    try:
        at, day = journal.entry_time(user.timezone, min(noon, now), now=now)
    except Invalid as exc:
        raise Invalid(exc.message, "taken_on") from exc
    if day != taken_on:
        raise Invalid("That date is in the future.", "taken_on")
    return clean, total, at, day


def record_other(
    user: User,
    *,
    name: str | None,
    total: int | None,
    taken_on: date | None,
    note: str | None = None,
    request_key: str | None = None,
    now: datetime,
) -> Response:
    """Save a score a clinician gave on a licensed instrument, entered by its name."""
    clean, total, at, day = _other_fields(user, name, total, taken_on, now)
    entry = Response(
        user_id=user.id,
        instrument=ins.OTHER,
        name=clean,
        answers=None,
        total=total,
        item9=None,
        at=at,
        tz=user.timezone,
        day=day,
        note=journal.text(note, NOTE_LIMIT, "note"),
        created_at=now,
        request_key=request_key or None,
    )
    entry = journal.save_once(user, entry)
    db.session.flush()
    return entry


def update_other(
    user: User,
    entry: Response,
    *,
    name: str | None,
    total: int | None,
    taken_on: date | None,
    note: str | None = None,
    row_version: int | None,
    now: datetime,
) -> None:
    """Correct a clinician-given score: name, score, date, note."""
    journal.check_version(entry, row_version)
    if entry.instrument != ins.OTHER:
        raise Invalid("Re-answer the questions instead.", None)
    entry.name, entry.total, at, day = _other_fields(user, name, total, taken_on, now)
    if day != entry.day:
        entry.at, entry.day, entry.tz = at, day, user.timezone
    entry.note = journal.text(note, NOTE_LIMIT, "note")
    db.session.flush()


def set_cadence(user: User, days: int | None) -> None:
    """How many days after the last PHQ-9 (and GAD-7) the next one falls due."""
    low, high = CADENCE_DAYS
    if days is None:
        raise Invalid(f"Enter a number of days from {low} to {high}.", "questionnaire_days")
    journal.in_range(days, low, high, "questionnaire_days")
    user.questionnaire_days = days
    db.session.flush()


# Reading -------------------------------------------------------------------------------------


def _responses(
    user: User, instrument: str | None = None, first: date | None = None, last: date | None = None
) -> list[Response]:
    query = select(Response).where(Response.user_id == user.id)
    if instrument is not None:
        query = query.where(Response.instrument == instrument)
    if first is not None:
        query = query.where(Response.day >= first)
    if last is not None:
        query = query.where(Response.day <= last)
    return list(db.session.scalars(query.order_by(Response.day, Response.at, Response.id)))


def _baselines(user: User) -> dict[str, Response]:
    """The first PHQ-9 and the first GAD-7 of the user, by instrument."""
    firsts: dict[str, Response] = {}
    for key in ins.TRACKED:
        row = db.session.scalars(
            select(Response)
            .where(Response.user_id == user.id, Response.instrument == key)
            .order_by(Response.day, Response.at, Response.id)
            .limit(1)
        ).first()
        if row is not None:
            firsts[key] = row
    return firsts


@dataclass(frozen=True)
class ItemAnswer:
    number: int
    text: str
    value: int
    label: str


@dataclass(frozen=True)
class Result:
    """One saved questionnaire or score, as the history and the result page show it."""

    id: int
    instrument: str
    title: str
    day: date
    at: datetime
    total: int
    max_total: int | None
    band: str | None
    items: tuple[ItemAnswer, ...]
    difficulty: str | None
    change: ins.Change | None  # None for the first score and for untracked instruments
    is_baseline: bool
    item9: int | None
    flag: str | None
    note: str | None
    row_version: int


def _items(key: str, stored: str | None) -> tuple[tuple[ItemAnswer, ...], str | None]:
    answers, difficulty = ins.split_answers(key, stored)
    if not answers:
        return (), None
    items = ins.instrument(key).items
    rows = tuple(
        ItemAnswer(n, item.text, value, item.label(value))
        for n, (item, value) in enumerate(zip(items, answers, strict=True), start=1)
    )
    label = dict(ins.DIFFICULTY_ANSWERS).get(difficulty) if difficulty is not None else None
    return rows, label


def _result(entry: Response, baseline: Response | None) -> Result:
    items, difficulty = _items(entry.instrument, entry.answers)
    is_baseline = baseline is not None and baseline.id == entry.id
    known = ins.INSTRUMENTS.get(entry.instrument)
    return Result(
        id=entry.id,
        instrument=entry.instrument,
        title=entry.name if entry.instrument == ins.OTHER else ins.TITLES[entry.instrument],
        day=entry.day,
        at=entry.at,
        total=entry.total,
        max_total=known.max_total if known else None,
        band=ins.band(entry.instrument, entry.total),
        items=items,
        difficulty=difficulty,
        change=ins.change(baseline.total, entry.total)
        if baseline is not None and not is_baseline
        else None,
        is_baseline=is_baseline,
        item9=entry.item9,
        flag=ins.item9_flag(entry.item9),
        note=entry.note,
        row_version=entry.row_version,
    )


def result(user: User, entry: Response) -> Result:
    """One entry with its band, item answers and change since the first of its instrument."""
    return _result(entry, _baselines(user).get(entry.instrument))


def history(user: User) -> dict[str, list[Result]]:
    """Every entry, newest first, grouped by instrument (PHQ-9, GAD-7, FIBSER, then others)."""
    return results_between(user, None, None)


def results_between(user: User, first: date | None, last: date | None) -> dict[str, list[Result]]:
    """The entries of local days first..last (None: no bound), newest first, grouped as in
    history(); each still compared with the first of its instrument, however long ago."""
    baselines = _baselines(user)
    grouped: dict[str, list[Result]] = {key: [] for key in (*ins.INSTRUMENTS, ins.OTHER)}
    for entry in reversed(_responses(user, None, first, last)):
        grouped[entry.instrument].append(_result(entry, baselines.get(entry.instrument)))
    return grouped


def all_results(user: User) -> list[Result]:
    """Every entry, oldest first, each compared with the first of its instrument (one read:
    the first of each comes first)."""
    rows = _responses(user)
    baselines: dict[str, Response] = {}
    for entry in rows:
        if entry.instrument in ins.TRACKED:
            baselines.setdefault(entry.instrument, entry)
    return [_result(e, baselines.get(e.instrument)) for e in rows]


def results(user: User, instrument: str | None = None) -> list[Result]:
    """Every entry (of one instrument, or all), newest first, each with its change."""
    baselines = _baselines(user)
    rows = reversed(_responses(user, instrument))
    return [_result(e, baselines.get(e.instrument)) for e in rows]


def baseline_totals(user: User) -> dict[str, int]:
    """The total of the user's first PHQ-9 and first GAD-7: what changes are measured from."""
    return {key: entry.total for key, entry in _baselines(user).items()}


class Score(NamedTuple):
    day: date
    total: int
    band: str | None
    item9: int | None


def scores(user: User, instrument: str, first: date, last: date) -> list[Score]:
    """An instrument's scores in a range, oldest first, for charts and the report."""
    return [
        Score(e.day, e.total, ins.band(e.instrument, e.total), e.item9)
        for e in _responses(user, instrument, first, last)
    ]


class Item9Flag(NamedTuple):
    day: date
    answer: int  # 1 several days, 2 more than half the days, 3 nearly every day

    @property
    def label(self) -> str:
        return ins.item9_label(self.answer)


def item9_flags(user: User, first: date, last: date) -> list[Item9Flag]:
    """Each PHQ-9 in the range with item 9 (thoughts of self-harm) above 0, oldest first."""
    return [
        Item9Flag(e.day, e.item9)
        for e in _responses(user, ins.PHQ9, first, last)
        if e.item9 is not None and e.item9 > 0
    ]


def timeline_items(user: User, first: date, last: date) -> list[TimelineItem]:
    """Every questionnaire and score in the range, for the timeline."""
    baselines = _baselines(user)
    items = []
    for entry in _responses(user, first=first, last=last):
        r = _result(entry, baselines.get(entry.instrument))
        detail = f"{r.total} of {r.max_total}" if r.max_total else f"Score {r.total}"
        if entry.instrument == ins.FIBSER:
            detail = f"Side-effect burden {r.total} of 6"
        if r.band:
            detail += f" ({r.band})"
        items.append(
            TimelineItem(
                kind="questionnaire",
                at=entry.at,
                day=entry.day,
                title=r.title,
                detail=detail,
                entry_id=entry.id,
                edit_endpoint="questionnaires.edit",
                delete_endpoint="questionnaires.delete",
                flag=r.flag,
            )
        )
    return items


def next_due(user: User, today: date) -> dict[str, date]:
    """When PHQ-9 and GAD-7 fall due: the cadence after the last one, or today if never taken."""
    cadence = timedelta(days=user.questionnaire_days)
    out = {}
    for key in ins.TRACKED:
        last = db.session.scalar(
            select(db.func.max(Response.day)).where(
                Response.user_id == user.id, Response.instrument == key, Response.day <= today
            )
        )
        out[key] = today if last is None else last + cadence
    return out


def due(user: User, today: date) -> list[str]:
    """The instruments due on `today` (phq9, gad7), in that order."""
    return [key for key, on in next_due(user, today).items() if on <= today]


def recent_item9(user: User, today: date, days: int = 14) -> list[Item9Flag]:
    """PHQ-9s of the last `days` days (today included) with item 9 above 0."""
    return item9_flags(user, today - timedelta(days=days - 1), today)


def all_scores(user: User, instrument: str) -> list[Score]:
    """Every score of an instrument the user ever gave, oldest first (the report reads the
    whole PHQ-9 history so a positive item 9 before its range is never hidden)."""
    return [
        Score(e.day, e.total, ins.band(e.instrument, e.total), e.item9)
        for e in _responses(user, instrument)
    ]
