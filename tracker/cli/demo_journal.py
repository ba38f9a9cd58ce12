"""The demo account's journal: a story a prescriber would recognise.

Brain fog and numbness rise some days after the sertraline increase and ease after the taper
steps; sleep is worse on nights after alcohol; mood is better on active days; PHQ-9 and GAD-7
every 14 days, FIBSER monthly; weekly CBT with homework."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.auth.models import User
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.sleep.models import SleepEntry
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.therapy.models import TherapySession
from tracker.timeutils import localize


@dataclass(frozen=True)
class Story:
    start: date
    today: date
    increase_on: date
    taper_steps: tuple[date, ...]
    sertraline_id: int


@dataclass
class Day:
    day: date
    fog: float
    numbness: float
    active_minutes: int
    alcohol_units: float  # drunk in the evening of this day
    mood: float
    anxiety: float


def _clamp(value: float, low: int = 0, high: int = 10) -> int:
    return max(low, min(high, round(value)))


def _ramp(day: date, since: date, delay: int, length: int) -> float:
    """0 before since+delay, rising linearly to 1 over `length` days."""
    elapsed = (day - since).days - delay
    return 0.0 if elapsed < 0 else min(1.0, elapsed / length)


def _days(story: Story, rng: random.Random) -> list[Day]:
    out = []
    day = story.start
    while day <= story.today:
        side = 3.2 * _ramp(day, story.increase_on, 6, 10)
        side -= sum(1.4 * _ramp(day, step, 5, 7) for step in story.taper_steps)
        active = rng.randint(20, 60) if rng.random() < 0.45 else 0
        weekend = day.weekday() in (4, 5)
        alcohol = rng.choice((1, 2, 2, 3, 4)) if rng.random() < (0.45 if weekend else 0.1) else 0
        progress = (day - story.start).days / max(1, (story.today - story.start).days)
        mood = 3.8 + 2.2 * progress - 0.25 * side + (1.2 if active else 0) + rng.gauss(0, 0.7)
        anxiety = 6.0 - 2.0 * progress + rng.gauss(0, 0.8)
        out.append(
            Day(
                day,
                1.5 + side + rng.gauss(0, 0.6),
                1.0 + 0.8 * side + rng.gauss(0, 0.5),
                active,
                alcohol,
                mood,
                anxiety,
            )
        )
        day += timedelta(days=1)
    return out


def build_journal(user: User, story: Story, *, now: datetime, seed: int = 11) -> None:
    """Fill every journal kind for the demo period (rows made directly: our own clean data)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    days = _days(story, rng)
    tz = user.timezone
    fog, numb = _symptoms(user)
    previous: Day | None = None
    for d in days:
        at = localize(d.day, time(20, rng.randint(0, 59)), tz)
        if at > now:
            at = now - timedelta(minutes=5)
        base = {"user_id": user.id, "tz": tz, "day": d.day, "created_at": now}
        if rng.random() < 0.88:
            for symptom, value in ((fog, d.fog), (numb, d.numbness)):
                db.session.add(
                    SymptomEntry(
                        **base,
                        at=at,
                        symptom_id=symptom.id,
                        severity=_clamp(value),
                        medication_id=story.sertraline_id if value > 4 else None,
                    )
                )
        _mood(base, d, at, rng, tz)
        _sleep(base, d, previous, rng, tz, now)
        _activity(base, d, at, rng, tz)
        _therapy(base, d, story, rng, tz, now)
        _questionnaires(base, d, story, at, rng)
        previous = d


def _symptoms(user: User) -> tuple[Symptom, Symptom]:
    fog = Symptom(user_id=user.id, key="brain_fog", name="Brain fog", followed=True, position=1)
    numb = Symptom(
        user_id=user.id,
        key="emotional_numbness",
        name="Emotional numbness",
        followed=True,
        position=0,
    )
    db.session.add_all([fog, numb])
    db.session.flush()
    return fog, numb


def _mood(base: dict, d: Day, at: datetime, rng: random.Random, tz: str) -> None:
    if rng.random() > 0.9:
        return
    morning = localize(d.day, time(8, rng.randint(30, 59)), tz)
    for when, shift in ((morning, -0.5), (at, 0.3)):
        if when > at or (when != at and rng.random() < 0.5):
            continue
        db.session.add(
            MoodCheckin(
                **base,
                at=when,
                mood=_clamp(d.mood + shift),
                anxiety=_clamp(d.anxiety - shift),
                irritability=_clamp(2 + d.fog * 0.3 + rng.gauss(0, 1)),
                energy=_clamp(d.mood - 0.5 + (1 if d.active_minutes else 0)),
                focus=_clamp(7 - d.fog * 0.6 + rng.gauss(0, 0.7)),
                note="Walked to work, felt lighter" if d.active_minutes > 50 else None,
            )
        )


def _sleep(
    base: dict, d: Day, previous: Day | None, rng: random.Random, tz: str, now: datetime
) -> None:
    """The night before `d.day`; worse after an evening with alcohol."""
    if previous is None or rng.random() < 0.08:
        return
    drank = previous.alcohol_units > 0
    bed = localize(previous.day, time(22, 30), tz) + timedelta(minutes=rng.randint(0, 80))
    tried = bed + timedelta(minutes=rng.randint(5, 20))
    wake = localize(d.day, time(6, 40), tz) + timedelta(minutes=rng.randint(0, 50))
    out = wake + timedelta(minutes=rng.randint(5, 25))
    if out > now:
        return
    sol = rng.randint(8, 30) + (15 if drank else 0)
    waso = rng.randint(5, 35) + (45 if drank else 0)
    quality = max(1, min(5, rng.choice((3, 4, 4)) - (2 if drank else 0)))
    db.session.add(
        SleepEntry(
            **{**base, "at": bed},
            tried_to_sleep_at=tried,
            sol_minutes=sol,
            awakenings=rng.randint(0, 2) + (2 if drank else 0),
            waso_minutes=waso,
            final_awakening_at=wake,
            out_of_bed_at=out,
            quality=quality,
        )
    )


def _activity(base: dict, d: Day, at: datetime, rng: random.Random, tz: str) -> None:
    if d.active_minutes:
        db.session.add(
            ActivityEntry(
                **{**base, "at": localize(d.day, time(7, 15), tz) if at.hour > 7 else at},
                kind=rng.choice(("walking", "walking", "cycling", "yoga", "running")),
                minutes=d.active_minutes,
                intensity=rng.choice(("light", "moderate", "vigorous")),
                steps=d.active_minutes * 110 if rng.random() < 0.6 else None,
            )
        )
    for practice, chance in (("mindfulness", 0.5), ("breathing", 0.35), ("outdoors", 0.6)):
        if rng.random() < chance:
            db.session.add(
                PracticeEntry(
                    **base,
                    at=at,
                    practice=practice,
                    minutes=rng.choice((10, 15, 20, 45)),
                    done=True,
                    helpful=rng.randint(4, 9),
                )
            )
    db.session.add(
        SubstanceEntry(**base, at=at, substance="caffeine", amount=rng.choice((1, 2, 2, 3)))
    )
    if d.alcohol_units:
        db.session.add(SubstanceEntry(**base, at=at, substance="alcohol", amount=d.alcohol_units))


HOMEWORK = (
    "Thought record for one anxious moment a day",
    "Behavioural activation: plan two pleasant activities",
    "Practise the 5-4-3-2-1 grounding exercise",
)


def _therapy(base: dict, d: Day, story: Story, rng: random.Random, tz: str, now: datetime) -> None:
    at = localize(d.day, time(17), tz)
    if d.day.weekday() != 1 or at > now:
        return
    db.session.add(
        TherapySession(
            **{**base, "at": at},
            modality="cbt",
            therapist="Sam Lee",
            duration_minutes=50,
            topics="Low mood after the dose change; sleep" if d.fog > 4 else "Work stress",
            skills="Cognitive restructuring",
            homework=rng.choice(HOMEWORK),
            homework_done=None if (story.today - d.day).days < 7 else rng.random() < 0.7,
            mood_before=_clamp(d.mood - 0.5),
            mood_after=_clamp(d.mood + 0.8),
            note="Private: talked about family",
        )
    )


def _questionnaires(base: dict, d: Day, story: Story, at: datetime, rng: random.Random) -> None:
    n = (d.day - story.start).days
    if n % 14 == 0:
        phq = [_clamp((7.6 - d.mood) / 2.0 + rng.gauss(0, 0.45), 0, 3) for _ in range(8)]
        item9 = 1 if n == 14 else 0  # once, early on: flagged in the report
        phq.append(item9)
        gad = [_clamp((d.anxiety - 1.5) / 2.4 + rng.gauss(0, 0.45), 0, 3) for _ in range(7)]
        for instrument, answers in (("phq9", phq), ("gad7", gad)):
            db.session.add(
                QuestionnaireResponse(
                    **base,
                    at=at,
                    instrument=instrument,
                    answers=",".join(map(str, answers)),
                    total=sum(answers),
                    item9=item9 if instrument == "phq9" else None,
                )
            )
    if n % 28 == 7:
        burden = [_clamp(d.fog * 0.6, 0, 6), _clamp(d.fog * 0.55, 0, 6), _clamp(d.fog * 0.5, 0, 6)]
        db.session.add(
            QuestionnaireResponse(
                **base,
                at=at,
                instrument="fibser",
                answers=",".join(map(str, burden)),
                total=burden[2],
            )
        )
