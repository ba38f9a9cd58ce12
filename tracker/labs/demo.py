"""The demo's lab results: the bloods a prescriber might order around an SSRI and weight gain
(fasting glucose, lipids, TSH, sodium), at the start and again near the end, each with the
range the lab printed; the later LDL is above the lab's range (shown, never judged)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from tracker.auth.models import User
from tracker.cli.demo_journal import Story
from tracker.labs.services import LabFields, record_lab
from tracker.timeutils import localize

# (test, value at the start, value near the end, unit, the lab's low and high ends)
PANEL = (
    ("fasting_glucose", 4.9, 5.4, "mmol/L", 3.9, 5.5),
    ("cholesterol", 4.6, 4.9, "mmol/L", None, 5.0),
    ("ldl", 2.7, 3.4, "mmol/L", None, 3.0),
    ("hdl", 1.4, 1.3, "mmol/L", 1.0, None),
    ("tsh", 2.1, 1.9, "mIU/L", 0.4, 4.0),
    ("sodium", 140, 137, "mmol/L", 135, 145),
)


def _draw(user: User, day: date, rng: random.Random, now: datetime, late: bool) -> None:
    at = localize(day, time(8, rng.randint(10, 50)), user.timezone)
    if at > now:
        return
    for test, first, last, unit, low, high in PANEL:
        fields = LabFields(
            test=test,
            value=last if late else first,
            unit=unit,
            ref_low=low,
            ref_high=high,
            at=at,
            note="Fasting since the evening before." if test == "fasting_glucose" else None,
        )
        record_lab(user, fields, now=now)


def add_demo(user: User, story: Story, rng: random.Random, now: datetime) -> None:
    """A baseline panel in the first week, and the same panel two weeks before today."""
    baseline = story.start + timedelta(days=3)
    _draw(user, baseline, rng, now, late=False)
    recent = story.today - timedelta(days=14)
    if recent > story.increase_on:
        _draw(user, recent, rng, now, late=True)
