"""The demo's lab results, each with the range the lab printed: a baseline panel in the first
week (fasting glucose, lipids, TSH, sodium); kidney and thyroid bloods before lithium starts;
serum lithium drawn 12 h after a logged evening dose at one, two and four weeks, then monthly
(0.4–0.8 mmol/L against the lab's 0.4–1.0); and with the second monthly level, the metabolic
panel again after three months of quetiapine, with kidney and thyroid. The later LDL is above
the lab's range (shown, never judged)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from tracker.auth.models import User
from tracker.cli.demo_journal import Story
from tracker.labs.services import LabFields, record_lab
from tracker.timeutils import localize, to_local

# test -> (unit, the lab's low and high ends)
RANGES = {
    "lithium": ("mmol/L", 0.4, 1.0),
    "fasting_glucose": ("mmol/L", 3.9, 5.5),
    "cholesterol": ("mmol/L", None, 5.0),
    "ldl": ("mmol/L", None, 3.0),
    "hdl": ("mmol/L", 1.0, None),
    "tsh": ("mIU/L", 0.4, 4.0),
    "creatinine": ("µmol/L", 59, 104),
    "egfr": ("mL/min/1.73m²", 90, None),
    "sodium": ("mmol/L", 135, 145),
}
BASELINE = {
    "fasting_glucose": 4.9,
    "cholesterol": 4.6,
    "ldl": 2.7,
    "hdl": 1.4,
    "tsh": 2.1,
    "sodium": 140,
}
BEFORE_LITHIUM = {"creatinine": 78, "egfr": 98, "tsh": 2.0, "sodium": 139}
LATER = {
    "fasting_glucose": 5.4,
    "cholesterol": 4.9,
    "ldl": 3.4,
    "hdl": 1.3,
    "tsh": 2.6,
    "creatinine": 84,
    "egfr": 93,
    "sodium": 137,
}
LEVEL_WEEKS = (1, 2, 4, 8, 12, 16)  # one, two and four weeks after the start, then monthly
LEVELS = (0.46, 0.58, 0.64, 0.71)  # rising to steady state; later ones about the last
TROUGH = timedelta(hours=12)
FASTING = "Fasting since the evening before."


def _draw(
    user: User,
    values: dict[str, float],
    at: datetime,
    now: datetime,
    last_dose_at: datetime | None = None,
) -> None:
    if at > now:
        return
    for test, value in values.items():
        unit, low, high = RANGES[test]
        fields = LabFields(
            test=test,
            value=value,
            unit=unit,
            ref_low=low,
            ref_high=high,
            at=at,
            last_dose_at=last_dose_at if test == "lithium" else None,
            note=FASTING if test == "fasting_glucose" else None,
        )
        record_lab(user, fields, now=now)


def _evening_dose(doses: Sequence[datetime], day: date, tz: str) -> datetime | None:
    """The lithium dose taken on time (20:00 to 21:59) the evening before `day`, if logged."""
    for taken in doses:
        local = to_local(taken, tz)
        if local.date() == day - timedelta(days=1) and 20 <= local.hour <= 21:
            return taken
    return None


def _trough(story: Story, planned: date, tz: str) -> tuple[date, datetime] | None:
    """The first day from `planned` (within a week) after an evening dose taken on time: a
    missed or late dose moves the blood test to a later morning."""
    for shift in range(7):
        day = planned + timedelta(days=shift)
        dose = _evening_dose(story.lithium_doses, day, tz)
        if day <= story.today and dose is not None:
            return day, dose
    return None


def add_demo(user: User, story: Story, rng: random.Random, now: datetime) -> None:
    """The baseline panel, the bloods before lithium, its levels, and the later panel."""
    tz = user.timezone
    morning = localize(story.start + timedelta(days=3), time(8, rng.randint(10, 50)), tz)
    _draw(user, BASELINE, morning, now)
    if story.lithium_on is None:
        return
    before = max(story.start + timedelta(days=4), story.lithium_on - timedelta(days=3))
    _draw(user, BEFORE_LITHIUM, localize(before, time(8, rng.randint(10, 50)), tz), now)
    for n, weeks in enumerate(LEVEL_WEEKS):
        found = _trough(story, story.lithium_on + timedelta(weeks=weeks), tz)
        if found is None:
            continue
        _, dose = found
        level = LEVELS[min(n, len(LEVELS) - 1)] + rng.uniform(-0.03, 0.03)
        values = {"lithium": round(level, 2)}
        if weeks == 8:  # with the second monthly level: after three months of quetiapine
            values |= LATER
        _draw(user, values, dose + TROUGH, now, last_dose_at=dose)
