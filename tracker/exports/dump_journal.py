"""How the journal is written: symptoms and their entries, mood check-ins, sleep, naps,
activity, practices, substances, therapy sessions and questionnaires. An entry's instant is
written in the zone it was made in, with the zone and the local day it is filed under."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.checkins.models import MoodCheckin
from tracker.exports import values as v
from tracker.exports.kinds import Kind, Refs
from tracker.exports.kinds import ref as _ref
from tracker.questionnaires import instruments as ins
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.sleep.models import Nap, SleepEntry
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.therapy.models import TherapySession

HEAD = ("at", "tz", "day")
TAIL = ("note", "created_at")


def _entry(e: Any, body: dict[str, Any]) -> dict[str, Any]:
    """A journal entry: its instant in its zone, the zone, the local day, fields, note."""
    head = {"at": v.instant(e.at, e.tz), "tz": e.tz, "day": v.day(e.day)}
    return {**head, **body, "note": e.note, "created_at": v.utc(e.created_at)}


def _chronological(row: Any) -> tuple:
    return (row.at, row.id)


def _symptom(s: Symptom, refs: Refs) -> dict[str, Any]:
    return {"key": s.key, "name": s.name, "followed": s.followed, "position": s.position}


def _symptom_entry(e: SymptomEntry, refs: Refs) -> dict[str, Any]:
    return _entry(
        e,
        {
            "symptom_ref": _ref(refs, "symptoms", e.symptom_id),
            "severity": e.severity,
            "medication_ref": _ref(refs, "medications", e.medication_id),
        },
    )


MOOD_SCALES = ("mood", "anxiety", "irritability", "energy", "focus")


def _mood(e: MoodCheckin, refs: Refs) -> dict[str, Any]:
    return _entry(e, {k: getattr(e, k) for k in MOOD_SCALES})


SLEEP_COLUMNS = (
    "into_bed_at",
    "tried_to_sleep_at",
    "final_awakening_at",
    "out_of_bed_at",
    "tz",
    "day",
    "sol_minutes",
    "awakenings",
    "waso_minutes",
    "quality",
    "times_known",
    *TAIL,
)


def _sleep(e: SleepEntry, refs: Refs) -> dict[str, Any]:
    return {
        "into_bed_at": v.instant(e.at, e.tz),
        "tried_to_sleep_at": v.instant(e.tried_to_sleep_at, e.tz),
        "final_awakening_at": v.instant(e.final_awakening_at, e.tz),
        "out_of_bed_at": v.instant(e.out_of_bed_at, e.tz),
        "tz": e.tz,
        "day": v.day(e.day),
        "sol_minutes": e.sol_minutes,
        "awakenings": e.awakenings,
        "waso_minutes": e.waso_minutes,
        "quality": e.quality,  # null: not rated
        # false: a night known only by its length; its four times are placed, not recorded.
        "times_known": e.times_known,
        "note": e.note,
        "created_at": v.utc(e.created_at),
    }


def _fields(*names: str) -> Callable[[Any, Refs], dict[str, Any]]:
    """A journal kind written as its own columns between the shared head and tail."""
    return lambda e, refs: _entry(e, {n: getattr(e, n) for n in names})


THERAPY_FIELDS = (
    "modality",
    "therapist",
    "duration_minutes",
    "topics",
    "skills",
    "homework",
    "homework_done",
    "mood_before",
    "mood_after",
)


def _therapy(e: TherapySession, refs: Refs) -> dict[str, Any]:
    body = _entry(e, {n: getattr(e, n) for n in THERAPY_FIELDS})
    body["notes"] = body.pop("note")  # the private notes: in the JSON file, never in CSV or FHIR
    return body


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
    return _entry(
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


ACTIVITY_FIELDS = ("kind", "minutes", "intensity", "steps")
PRACTICE_FIELDS = ("practice", "minutes", "done", "helpful")
SUBSTANCE_FIELDS = ("substance", "amount")
NAP_FIELDS = ("minutes",)


def _journal(name: str, model: type, body: tuple[str, ...], dump: Any = None, **kw: Any) -> Kind:
    return Kind(
        name,
        model,
        (*HEAD, *body, *TAIL),
        dump or _fields(*body),
        order=_chronological,
        **kw,
    )


KINDS: tuple[Kind, ...] = (
    Kind("symptoms", Symptom, ("key", "name", "followed", "position"), _symptom, has_ref=True),
    _journal(
        "symptom_entries",
        SymptomEntry,
        ("symptom_ref", "severity", "medication_ref"),
        _symptom_entry,
    ),
    _journal("mood_checkins", MoodCheckin, MOOD_SCALES),
    Kind("sleep_entries", SleepEntry, SLEEP_COLUMNS, _sleep, order=_chronological),
    _journal("naps", Nap, NAP_FIELDS),
    _journal("activity_entries", ActivityEntry, ACTIVITY_FIELDS),
    _journal("practice_entries", PracticeEntry, PRACTICE_FIELDS),
    _journal("substance_entries", SubstanceEntry, SUBSTANCE_FIELDS),
    Kind(
        "therapy_sessions",
        TherapySession,
        (*HEAD, *THERAPY_FIELDS, "notes", "created_at"),
        _therapy,
        order=_chronological,
        private=("notes",),
    ),
    _journal(
        "questionnaire_responses", QuestionnaireResponse, QUESTIONNAIRE_FIELDS, _questionnaire
    ),
)
