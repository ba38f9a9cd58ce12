"""Import loaders for the journal: symptoms and their entries, mood, sleep, naps, activity,
practices, substances, therapy sessions and questionnaires.

Each goes through its domain's own field rules (scales, lists, minutes, amounts, the sleep
diary's order of times, the questionnaires' scoring); a stored total or item 9 that does not
match the answers is refused rather than trusted. FIBSER's items come by name (frequency,
intensity, burden) and in `answers` from newer exports, in `answers` only from older ones.
"""

from __future__ import annotations

from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.activity.services import activity_fields, practice_fields, substance_fields
from tracker.checkins.models import MoodCheckin
from tracker.checkins.services import checked_ratings
from tracker.errors import Invalid
from tracker.exports.context import NOTE_LIMIT, Context, Loader, entry_fields
from tracker.exports.dump_journal import FIBSER_ITEMS, MOOD_SCALES
from tracker.exports.values import Fields
from tracker.journal import text
from tracker.questionnaires import instruments as ins
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.sleep import measures
from tracker.sleep.models import Nap, SleepEntry
from tracker.sleep.naps import MAX_NAP_MINUTES
from tracker.symptoms import catalog as symptom_catalog
from tracker.symptoms.following import NAME_LIMIT
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.therapy.models import TherapySession
from tracker.therapy.services import SessionFields, clean_session
from tracker.timeutils import local_today


def symptom(ctx: Context, f: Fields) -> Symptom:
    key = f.text("key", 40)
    if key is not None and symptom_catalog.lookup(key) is None:
        raise f.refuse("key", f"{key!r} is not a symptom of the catalog.")
    name = " ".join((f.text("name", NAME_LIMIT, required=True) or "").split())
    ctx.once(f, "name", "symptom-name", name, "a second symptom with that name.")
    if key is not None:
        ctx.once(f, "key", "symptom-key", key, "that catalog symptom is listed twice.")
    return Symptom(
        user_id=ctx.user.id,
        key=key,
        name=name,
        followed=f.flag("followed"),
        position=f.integer("position", 0, 1_000_000, required=True),
    )


def symptom_entry(ctx: Context, f: Fields) -> SymptomEntry:
    row = ctx.ref(f, "symptom_ref", "symptoms")
    med = ctx.ref(f, "medication_ref", "medications", required=False)
    return SymptomEntry(
        **entry_fields(ctx, f),
        symptom_id=row.id,
        severity=f.integer("severity", 0, 10, required=True),
        medication_id=med.id if med is not None else None,
    )


def mood_checkin(ctx: Context, f: Fields) -> MoodCheckin:
    ratings = checked_ratings({k: f.integer(k) for k in MOOD_SCALES})
    if all(value is None for value in ratings.values()):
        raise f.refuse("mood", "rate at least one scale.")
    return MoodCheckin(**entry_fields(ctx, f), **ratings)


def sleep_entry(ctx: Context, f: Fields) -> SleepEntry:
    times = measures.NightTimes(
        into_bed=ctx.instant(f, "into_bed_at"),
        tried_to_sleep=ctx.instant(f, "tried_to_sleep_at"),
        final_awakening=ctx.instant(f, "final_awakening_at"),
        out_of_bed=ctx.instant(f, "out_of_bed_at"),
    )
    counts = {  # null: not recorded (a diary may leave them empty)
        "sol": f.integer("sol_minutes"),
        "waso": f.integer("waso_minutes"),
        "awakenings": f.integer("awakenings"),
        "quality": f.integer("quality"),  # null: not rated
    }
    measures.check_night(times, **counts)  # the diary's order of times and its scales
    # Exports from before nights could be known only by their length have no such field.
    times_known = f.flag("times_known", required=False) is not False
    tz, day = f.zone("tz"), f.date("day")
    if local_today(tz, times.final_awakening) != day:
        raise f.refuse("day", f"a night is filed under the morning of its final awakening in {tz}.")
    ctx.once(f, "day", "sleep-day", day, "a second night for the same morning.")
    return SleepEntry(
        user_id=ctx.user.id,
        at=times.into_bed,
        tz=tz,
        day=day,
        tried_to_sleep_at=times.tried_to_sleep,
        final_awakening_at=times.final_awakening,
        out_of_bed_at=times.out_of_bed,
        sol_minutes=counts["sol"],
        awakenings=counts["awakenings"],
        waso_minutes=counts["waso"],
        quality=counts["quality"],
        times_known=times_known,
        note=text(f.text("note", NOTE_LIMIT), NOTE_LIMIT, "note"),
        created_at=ctx.instant(f, "created_at"),
    )


def nap(ctx: Context, f: Fields) -> Nap:
    minutes = f.integer("minutes", 1, MAX_NAP_MINUTES, required=True)
    return Nap(**entry_fields(ctx, f), minutes=minutes)


def activity_entry(ctx: Context, f: Fields) -> ActivityEntry:
    fields = activity_fields(
        f.text("kind", 20) or "",
        f.integer("minutes"),
        f.text("intensity", 10) or "",
        f.integer("steps"),
    )
    return ActivityEntry(**entry_fields(ctx, f), **fields)


def practice_entry(ctx: Context, f: Fields) -> PracticeEntry:
    fields = practice_fields(
        f.text("practice", 20) or "",
        f.integer("minutes"),
        bool(f.flag("done")),
        f.integer("helpful"),
    )
    return PracticeEntry(**entry_fields(ctx, f), **fields)


def substance_entry(ctx: Context, f: Fields) -> SubstanceEntry:
    fields = substance_fields(f.text("substance", 10) or "", f.number("amount"))
    return SubstanceEntry(**entry_fields(ctx, f), **fields)


def therapy_session(ctx: Context, f: Fields) -> TherapySession:
    values = clean_session(
        SessionFields(
            modality=f.text("modality", 20) or "",
            therapist=f.text("therapist", 100),
            duration_minutes=f.integer("duration_minutes", required=True),
            topics=f.text("topics", 2000),
            skills=f.text("skills", 2000),
            homework=f.text("homework", 2000),
            homework_done=f.flag("homework_done", required=False),
            mood_before=f.integer("mood_before"),
            mood_after=f.integer("mood_after"),
            notes=f.text("notes", 5000),
        )
    )
    return TherapySession(**entry_fields(ctx, f, note=False), **values)


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


LOADERS: dict[str, Loader] = {
    "symptoms": symptom,
    "symptom_entries": symptom_entry,
    "mood_checkins": mood_checkin,
    "sleep_entries": sleep_entry,
    "naps": nap,
    "activity_entries": activity_entry,
    "practice_entries": practice_entry,
    "substance_entries": substance_entry,
    "therapy_sessions": therapy_session,
    "questionnaire_responses": questionnaire_response,
}
