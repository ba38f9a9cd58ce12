"""The demo's own practice: somatic exercises from the therapist, in minutes, a few evenings a
week from the sertraline increase on (beside the catalog practices of demo_journal)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from tracker.activity.own import add_own_practice
from tracker.activity.services import record_practice
from tracker.auth.models import User
from tracker.cli.demo_journal import Story
from tracker.timeutils import localize


def add_demo(user: User, story: Story, rng: random.Random, now: datetime) -> None:
    """ "Somatic exercises" (minutes, followed), logged on about three days a week."""
    own = add_own_practice(
        user,
        name="Somatic exercises",
        mode="minutes",
        hint="Shaking out, body scan from the therapist's sheet.",
        now=now,
    )
    day = max(story.start, story.increase_on)
    while day <= story.today:
        at = localize(day, time(21, rng.randint(0, 40)), user.timezone)
        if at <= now and rng.random() < 0.45:
            record_practice(
                user,
                own_practice_id=own.id,
                minutes=rng.choice((10, 15, 20)),
                helpful=rng.randint(5, 9),
                at=at,
                now=now,
            )
        day += timedelta(days=1)
