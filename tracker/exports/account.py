"""The whole account read into plain, JSON-ready dicts: a table of kinds, one entry each.

Every format (JSON, CSV, FHIR) is written from this one reading. Rows name each other by
file-local refs (1, 2, 3 … per kind, in the order written), never by database ids, so the
same data gives the same file in any account on any server. Adding a kind is one `Kind` here
and one loader in the importer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select

from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.activity.services import followed_practices
from tracker.auth.models import User
from tracker.checkins.models import MoodCheckin
from tracker.checkins.services import shown_scales
from tracker.exports import values as v
from tracker.extensions import db
from tracker.medications.models import (
    DoseEvent,
    Medication,
    ScheduleDose,
    ScheduleVersion,
    TaperPlan,
)
from tracker.questionnaires import instruments as ins
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.sleep.models import Nap, SleepEntry
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.therapy.models import TherapySession

FORMAT = "tracker-account"
FORMAT_VERSION = 1

Refs = dict[str, dict[int, int]]  # kind name -> database id -> file ref


@dataclass(frozen=True)
class Kind:
    """One kind of record: its JSON key and CSV file, columns, and how a row is written."""

    name: str
    model: type
    columns: tuple[str, ...]
    dump: Callable[[Any, Refs], dict[str, Any]]
    order: Callable[[Any], tuple] = lambda row: (row.id,)
    has_ref: bool = False  # other kinds point at its rows
    private: tuple[str, ...] = ()  # left out of CSV and FHIR (therapy notes)
    query: Callable[[User], Select] | None = None  # default: the model's rows of the user


@dataclass(frozen=True)
class Account:
    profile: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _ref(refs: Refs, kind: str, row_id: int | None) -> int | None:
    return None if row_id is None else refs[kind][row_id]


# Profile and medications ---------------------------------------------------------------------


def profile(user: User) -> dict[str, Any]:
    """The user's settings (never the password hash, the login email or sign-in bookkeeping)."""
    return {
        "display_name": user.display_name,
        "timezone": user.timezone,
        "on_time_window_minutes": user.on_time_window_minutes,
        "followed_practices": followed_practices(user),
        "mood_scales": shown_scales(user),
        "questionnaire_days": user.questionnaire_days,
    }


def _medication(m: Medication, refs: Refs) -> dict[str, Any]:
    return {
        "name": m.name,
        "drug_class": m.drug_class,
        "form": m.form,
        "strength": m.strength,
        "unit": m.unit,
        "as_needed": m.as_needed,
        "purpose": m.purpose,
        "prescriber": m.prescriber,
        "started_on": v.day(m.started_on),
        "stopped_on": v.day(m.stopped_on),
        "stop_reason": m.stop_reason,
        "default_amount": m.default_amount,
        "max_per_24h": m.max_per_24h,
        "min_interval_minutes": m.min_interval_minutes,
        "notes": m.notes,
        "created_at": v.utc(m.created_at),
    }


def _taper(t: TaperPlan, refs: Refs) -> dict[str, Any]:
    return {
        "medication_ref": _ref(refs, "medications", t.medication_id),
        "starts_on": v.day(t.starts_on),
        "start_amount": t.start_amount,
        "step": t.step,
        "interval_days": t.interval_days,
        "end_amount": t.end_amount,
        "ends_in_stop": t.ends_in_stop,
        "at": v.clock(t.at),
        "created_at": v.utc(t.created_at),
    }


def _version(s: ScheduleVersion, refs: Refs) -> dict[str, Any]:
    return {
        "medication_ref": _ref(refs, "medications", s.medication_id),
        "effective_from": v.day(s.effective_from),
        "kind": s.kind,
        "taper_plan_ref": _ref(refs, "taper_plans", s.taper_plan_id),
        "note": s.note,
        "created_at": v.utc(s.created_at),
    }


def _schedule_dose(d: ScheduleDose, refs: Refs) -> dict[str, Any]:
    return {
        "schedule_version_ref": _ref(refs, "schedule_versions", d.version_id),
        "at": v.clock(d.at),
        "amount": d.amount,
    }


def _dose_event(e: DoseEvent, refs: Refs) -> dict[str, Any]:
    return {
        "medication_ref": _ref(refs, "medications", e.medication_id),
        "scheduled_date": v.day(e.scheduled_date),
        "scheduled_time": v.clock(e.scheduled_time),
        "action": e.action,
        "taken_at": v.instant(e.taken_at, e.tz),
        "tz": e.tz,
        "amount": e.amount,
        "reason": e.reason,
        "note": e.note,
        "helped": e.helped,
        "over_limit": e.over_limit,
        "created_at": v.utc(e.created_at),
    }


def _schedule_doses(user: User) -> Select:
    return (
        select(ScheduleDose)
        .join(ScheduleVersion, ScheduleVersion.id == ScheduleDose.version_id)
        .where(ScheduleVersion.user_id == user.id)
    )


# The journal ---------------------------------------------------------------------------------

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
        "quality": e.quality,
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


QUESTIONNAIRE_FIELDS = ("instrument", "name", "answers", "difficulty", "total", "item9")


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
        },
    )


MEDICATION_COLUMNS = (
    "name",
    "drug_class",
    "form",
    "strength",
    "unit",
    "as_needed",
    "purpose",
    "prescriber",
    "started_on",
    "stopped_on",
    "stop_reason",
    "default_amount",
    "max_per_24h",
    "min_interval_minutes",
    "notes",
    "created_at",
)
TAPER_COLUMNS = (
    "medication_ref",
    "starts_on",
    "start_amount",
    "step",
    "interval_days",
    "end_amount",
    "ends_in_stop",
    "at",
    "created_at",
)
VERSION_COLUMNS = (
    "medication_ref",
    "effective_from",
    "kind",
    "taper_plan_ref",
    "note",
    "created_at",
)
DOSE_EVENT_COLUMNS = (
    "medication_ref",
    "scheduled_date",
    "scheduled_time",
    "action",
    "taken_at",
    "tz",
    "amount",
    "reason",
    "note",
    "helped",
    "over_limit",
    "created_at",
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
    Kind("medications", Medication, MEDICATION_COLUMNS, _medication, has_ref=True),
    Kind("taper_plans", TaperPlan, TAPER_COLUMNS, _taper, has_ref=True),
    Kind("schedule_versions", ScheduleVersion, VERSION_COLUMNS, _version, has_ref=True),
    Kind(
        "schedule_doses",
        ScheduleDose,
        ("schedule_version_ref", "at", "amount"),
        _schedule_dose,
        order=lambda d: (d.version_id, d.at, d.id),
        query=_schedule_doses,
    ),
    Kind("dose_events", DoseEvent, DOSE_EVENT_COLUMNS, _dose_event),
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
BY_NAME = {k.name: k for k in KINDS}


def _rows(user: User, kind: Kind) -> list[Any]:
    query = (
        kind.query(user) if kind.query else select(kind.model).where(kind.model.user_id == user.id)
    )
    return sorted(db.session.scalars(query), key=kind.order)


def read_account(user: User) -> Account:
    """Everything the user owns, kind by kind, as plain dicts in a fixed order."""
    refs: Refs = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        rows = _rows(user, kind)
        if kind.has_ref:
            refs[kind.name] = {row.id: n for n, row in enumerate(rows, start=1)}
        out = []
        for n, row in enumerate(rows, start=1):
            written = kind.dump(row, refs)
            cells = {c: written[c] for c in kind.columns}
            out.append({"ref": n, **cells} if kind.has_ref else cells)
        tables[kind.name] = out
    return Account(profile(user), tables)


def columns(kind: Kind) -> tuple[str, ...]:
    """The columns a kind is written with, its ref first when other kinds point at it."""
    return ("ref", *kind.columns) if kind.has_ref else kind.columns
