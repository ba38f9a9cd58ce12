"""The demo's vitals: a weekly weigh-in that creeps up after quetiapine is started (about 3 kg
over three months, noisy from week to week, as weight gain on an antipsychotic goes, even at a
low dose for sleep), and a blood pressure with pulse about every four weeks."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from tracker.auth.models import User
from tracker.cli.demo_journal import Story
from tracker.timeutils import localize
from tracker.vitals.services import VitalFields, record_vitals

START_KG = 74.0
GAIN_KG_PER_DAY = 3.0 / 90


def add_demo(user: User, story: Story, rng: random.Random, now: datetime) -> None:
    """Weekly weights from the first day, a blood pressure every fourth week."""
    day, week = story.start, 0
    since = story.quetiapine_on or story.increase_on
    while day <= story.today:
        at = localize(day, time(7, rng.randint(5, 40)), user.timezone)
        gained = max(0, (day - since).days) * GAIN_KG_PER_DAY
        weight = START_KG + gained + rng.uniform(-0.5, 0.5)
        pressure = {}
        if week % 4 == 1:
            systolic = rng.randint(116, 128)
            pressure = {
                "systolic": systolic,
                "diastolic": systolic - rng.randint(38, 46),
                "pulse": rng.randint(62, 78),
            }
        if at <= now and rng.random() < 0.9:  # a weigh-in forgotten now and then
            record_vitals(user, VitalFields(at=at, weight=weight, **pressure), now=now)
        day += timedelta(days=7)
        week += 1
