"""The demo's side effects: fog and numbness building over weeks after the sertraline increase,
discontinuation symptoms in the days after each taper step, and FIBSER ratings of the week."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from tracker.auth.models import User
from tracker.extensions import db
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.symptoms.models import Symptom, SymptomEntry

# Brain zaps last about ten days after a reduction, strongest in the first days.
ZAP_DAYS = 10
DIZZY_DAYS = range(2, 9)


@dataclass(frozen=True)
class Symptoms:
    numbness: Symptom
    fog: Symptom
    zaps: Symptom
    dizziness: Symptom


def add_symptoms(user: User) -> Symptoms:
    """The user's symptom rows: numbness and fog followed daily, the others logged when felt."""
    rows = [
        Symptom(user_id=user.id, key=key, name=name, followed=followed, position=i)
        for i, (key, name, followed) in enumerate(
            (
                ("emotional_numbness", "Emotional numbness", True),
                ("brain_fog", "Brain fog", True),
                ("brain_zaps", "Brain zaps", False),
                ("dizziness", "Dizziness", False),
            )
        )
    ]
    db.session.add_all(rows)
    db.session.flush()
    return Symptoms(*rows)


def clamp(value: float, low: int = 0, high: int = 10) -> int:
    return max(low, min(high, round(value)))


def _entry(base: dict, at: datetime, symptom: Symptom, severity: int, med: int | None) -> None:
    db.session.add(
        SymptomEntry(**base, at=at, symptom_id=symptom.id, severity=severity, medication_id=med)
    )


def log_followed(
    base: dict, at: datetime, s: Symptoms, fog: float, numbness: float, sertraline_id: int
) -> None:
    """The evening's fog and numbness; above 4 the user suspects the sertraline."""
    for symptom, value in ((s.fog, fog), (s.numbness, numbness)):
        _entry(base, at, symptom, clamp(value), sertraline_id if value > 4 else None)


def log_discontinuation(
    base: dict,
    at: datetime,
    s: Symptoms,
    steps: tuple[date, ...],
    sertraline_id: int,
    rng: random.Random,
) -> None:
    """Brain zaps on most days after each step down (severity 5 easing to 2), and some
    dizziness after the first; none before the taper."""
    day: date = base["day"]
    for n, step in enumerate(steps):
        since = (day - step).days
        if 1 <= since <= ZAP_DAYS and rng.random() < (0.85 if since <= 7 else 0.5):
            easing = 5 - 3 * (since - 1) / (ZAP_DAYS - 1)
            _entry(base, at, s.zaps, clamp(easing + rng.gauss(0, 0.4), 2, 5), sertraline_id)
        if n == 0 and since in DIZZY_DAYS and rng.random() < 0.5:
            _entry(base, at, s.dizziness, clamp(3 - since / 4 + rng.gauss(0, 0.4), 1, 3), None)


def log_fibser(base: dict, at: datetime, week_fog: list[float]) -> None:
    """FIBSER for the past week, following the week's mean fog (burden 3-4 at its worst)."""
    fog = sum(week_fog) / len(week_fog)
    answers = [clamp(fog * 0.95, 0, 6), clamp(fog * 0.85, 0, 6), clamp(fog * 0.75, 0, 6)]
    db.session.add(
        QuestionnaireResponse(
            **base,
            at=at,
            instrument="fibser",
            answers=",".join(map(str, answers)),
            total=answers[2],
        )
    )
