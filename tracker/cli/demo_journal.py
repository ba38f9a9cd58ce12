"""The demo account's journal: a story a prescriber would recognise.

Brain fog and numbness build over three to four weeks from about ten days after the sertraline
increase and ease after the taper steps, which bring a week or so of brain zaps; sleep is worse on
nights after alcohol, with a night out every other Saturday; mood is better on active days;
PHQ-9 and GAD-7 every 14 days, FIBSER every 28; weekly CBT with homework."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.auth.models import User
from tracker.checkins.models import MoodCheckin
from tracker.cli.demo_symptoms import (
    add_symptoms,
    clamp,
    log_discontinuation,
    log_fibser,
    log_followed,
)
from tracker.extensions import db
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.sleep.models import SleepEntry
from tracker.therapy.models import TherapySession
from tracker.timeutils import localize


@dataclass(frozen=True)
class Story:
    start: date
    today: date
    increase_on: date
    taper_steps: tuple[date, ...]
    sertraline_id: int
    # Filled once the doses are logged, for the kinds' own demos (tracker/cli/demo.py):
    quetiapine_on: date | None = None
    lithium_on: date | None = None
    lithium_doses: tuple[datetime, ...] = ()  # when each logged lithium dose was taken


@dataclass
class Day:
    day: date
    fog: float
    numbness: float
    active_minutes: int
    alcohol_units: float  # drunk in the evening of this day
    mood: float
    anxiety: float


def _ramp(day: date, since: date, delay: int, length: int) -> float:
    """0 before since+delay, rising linearly to 1 over `length` days."""
    elapsed = (day - since).days - delay
    return 0.0 if elapsed < 0 else min(1.0, elapsed / length)


def night_out(start: date, day: date) -> bool:
    """Every other Saturday: drinks with friends, and often a lorazepam to settle after."""
    return day.weekday() == 5 and (day - start).days // 7 % 2 == 1


# Fog and numbness build gradually (clinically typical: one to six weeks after an increase),
# from 9 days after it over three weeks to a plateau; each taper step lifts part of it within
# about a week and a half, and they are back near their 50 mg level after the second.
RAMP_DELAY, RAMP_DAYS, SIDE_PEAK = 9, 21, 3.0
RELIEF_DELAY, RELIEF_DAYS, STEP_RELIEF = 2, 7, 1.4


def side_effect_load(story: Story, day: date) -> float:
    """How much of the dose-related fog and numbness is present on `day` (0 to SIDE_PEAK)."""
    side = SIDE_PEAK * _ramp(day, story.increase_on, RAMP_DELAY, RAMP_DAYS)
    relief = (_ramp(day, step, RELIEF_DELAY, RELIEF_DAYS) for step in story.taper_steps)
    return max(0.0, side - STEP_RELIEF * sum(relief))


def _alcohol(story: Story, day: date, rng: random.Random) -> float:
    if night_out(story.start, day):
        return rng.choice((3, 4, 5))
    weekend = day.weekday() in (4, 5)
    return rng.choice((1, 2, 2, 3)) if rng.random() < (0.4 if weekend else 0.1) else 0


def _days(story: Story, rng: random.Random) -> list[Day]:
    out = []
    day = story.start
    while day <= story.today:
        side = side_effect_load(story, day)
        active = rng.randint(20, 60) if rng.random() < 0.45 else 0
        alcohol = _alcohol(story, day, rng)
        progress = (day - story.start).days / max(1, (story.today - story.start).days)
        mood = 3.8 + 2.2 * progress - 0.25 * side + (1.2 if active else 0) + rng.gauss(0, 0.7)
        anxiety = 6.0 - 2.0 * progress + rng.gauss(0, 0.8)
        out.append(
            Day(
                day,
                1.5 + side + rng.gauss(0, 0.65),
                1.0 + 0.85 * side + rng.gauss(0, 0.5),
                active,
                alcohol,
                mood,
                anxiety,
            )
        )
        day += timedelta(days=1)
    return out


def build_journal(user: User, story: Story, *, now: datetime, seed: int = 11) -> dict[date, float]:
    """Fill every journal kind for the demo period (rows made directly: our own clean data);
    returns the evenings with alcohol (units by day) for the as-needed doses to follow."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    days = _days(story, rng)
    tz = user.timezone
    symptoms = add_symptoms(user)
    previous: Day | None = None
    for i, d in enumerate(days):
        at = localize(d.day, time(20, rng.randint(0, 59)), tz)
        if at > now:
            at = now - timedelta(minutes=5)
        base = {"user_id": user.id, "tz": tz, "day": d.day, "created_at": now}
        if rng.random() < 0.88:
            log_followed(base, at, symptoms, d.fog, d.numbness, story.sertraline_id)
        log_discontinuation(base, at, symptoms, story.taper_steps, story.sertraline_id, rng)
        _mood(base, d, at, rng, tz)
        _sleep(base, d, previous, rng, tz, now)
        _activity(base, d, at, rng, tz)
        _therapy(base, d, story, rng, tz, now)
        _questionnaires(base, d, story, at, rng)
        if (d.day - story.start).days % 28 == FIBSER_DAY:
            log_fibser(base, at, [w.fog for w in days[max(0, i - 6) : i + 1]])
        previous = d
    return {d.day: d.alcohol_units for d in days if d.alcohol_units}


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
                mood=clamp(d.mood + shift),
                anxiety=clamp(d.anxiety - shift),
                irritability=clamp(2 + d.fog * 0.3 + rng.gauss(0, 1)),
                energy=clamp(d.mood - 0.5 + (1 if d.active_minutes else 0)),
                focus=clamp(7 - d.fog * 0.6 + rng.gauss(0, 0.7)),
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


FIBSER_DAY = 18  # every 28 days from day 18: one falls at the fog's plateau
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
            mood_before=clamp(d.mood - 0.5),
            mood_after=clamp(d.mood + 0.8),
            note="Private: talked about family",
        )
    )


def _questionnaires(base: dict, d: Day, story: Story, at: datetime, rng: random.Random) -> None:
    n = (d.day - story.start).days
    if n % 14 == 0:
        phq = [clamp((7.6 - d.mood) / 2.0 + rng.gauss(0, 0.45), 0, 3) for _ in range(8)]
        item9 = 1 if n == 14 else 0  # once, early on: flagged in the report
        phq.append(item9)
        gad = [clamp((d.anxiety - 1.5) / 2.4 + rng.gauss(0, 0.45), 0, 3) for _ in range(7)]
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
